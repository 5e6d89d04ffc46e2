"""The fast route of one matter: the common call answered without the full path's checks.

Inputs given by id, each raw value mapped to its cell once (``"是"``, ``"1500万"``, a Decimal),
then one dict lookup keyed by the cells; a table whose only required input is its amount: two
bisects and a list index. Anything else goes to the router's full path (``Router.answer``), which
answers the same and gives the errors.
"""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._coerce import (
    EXACT,
    LARGEST,
    MICRO,
    ZERO,
    exact_amount,
    read_amount_text,
    read_count,
)
from routing._described import with_values
from routing._errors import ParseError
from routing._model import InputKind

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from routing._axes import AmountAxis
    from routing._errors import RoutingError
    from routing._model import Input, Matter
    from routing._router import Router
    from routing._space import DecisionSpace, Outcome

    Answer = Decision | RoutingError

_MEMO_SIZE = 65_536  # outcomes kept per matter, by cells; past it they are computed each time
_RAW_MEMO_SIZE = 4_096  # raw values kept per input with their cell

_UNREAD = object()  # a value the fast path cannot read: the full path takes it or says why
_REFUSED_VALUE = object()  # a value the input refuses, as the full path would: it says why


def _amount(value: object) -> object:
    """A Decimal as ``parse_amount`` would give it, ``None`` when not given, ``_REFUSED_VALUE``
    for a text it refuses, else ``_UNREAD``."""
    if value is None or (type(value) is Decimal and exact_amount(value)):
        return value
    if type(value) is not str:
        return _UNREAD
    found = read_amount_text(value)
    return found if type(found) is Decimal else _REFUSED_VALUE


def _count(value: object) -> object:
    """A count as ``parse_count`` would give it, ``None`` when not given, ``_REFUSED_VALUE`` for
    a value it refuses, ``_UNREAD`` for one of another type."""
    if value is None:
        return value
    if type(value) is str or type(value) is int or (type(value) is Decimal and value.is_finite()):
        # Cached, good or bad: no error raised and caught per call. Equal Decimals (2, 2.0) give
        # the same count; a refused one goes to the full path, whose message quotes it as given.
        found = read_count(value)
        return found if type(found) is Decimal else _REFUSED_VALUE
    return _UNREAD


def reader(input_: Input) -> Callable[[object], object]:
    """What the fast route reads the primary (amount or count) input with."""
    return _amount if input_.kind is InputKind.AMOUNT else _count


def fast_route(
    space: DecisionSpace, matter: Matter, router: Router
) -> Callable[[Mapping[str, Any]], Answer]:
    """The route of one matter for the common call (see the module docstring); it answers exactly
    as the router's full path (``Router.answer``), to which every other call goes."""

    primary = space.primary
    on_axes = {axis.input.id for axis in space.others}
    if primary is not None:
        on_axes.add(primary.input.id)
    lookup = _Lookup(space, matter, router, on_axes)
    others = [i for i in matter.inputs if primary is None or i.id != primary.input.id]
    if primary is None or any(i.required for i in others):
        return lookup
    return _amount_route(space, primary, matter, lookup)


def _amount_route(
    space: DecisionSpace,
    primary: AmountAxis,
    matter: Matter,
    full: Callable[[Mapping[str, Any]], Answer],
) -> Callable[[Mapping[str, Any]], Answer]:
    """The call that gives only the amount: two bisects and a list index (every other input is
    optional, so not given); any other call goes to ``full``."""
    amount = primary.input.id
    read = reader(primary.input)
    money = primary.input.kind is InputKind.AMOUNT  # a count takes no places: not inlined
    context = tuple(axis.locate(None) for axis in space.others)
    mask = space.context_mask(context)
    outcomes = [space.outcome_of(space.matching(cell, mask)) for cell in range(len(primary.cells))]
    left, right = bisect.bisect_left, bisect.bisect_right
    points = primary.breakpoints
    add = EXACT.add

    def route(inputs: Mapping[str, Any]) -> Answer:
        if type(inputs) is not dict or len(inputs) != 1:
            return full(inputs)
        value = inputs.get(amount)
        # exact_amount and locate, inlined: this is the line every call takes.
        if not (
            money
            and type(value) is Decimal
            and value.is_finite()
            and ZERO <= value < LARGEST
            and add(value, MICRO).same_quantum(MICRO)
        ):
            value = read(value)
            if type(value) is not Decimal:  # not given, refused or unread: ``full`` says which
                return full(inputs)
        outcome = outcomes[left(points, value) + right(points, value) - 1]
        if isinstance(outcome, Decision):
            return outcome
        return with_values(outcome, matter, {amount: value})

    return route


class _Lookup:
    """Every other table: each raw value mapped to its cell once, then one dict lookup."""

    def __init__(
        self, space: DecisionSpace, matter: Matter, router: Router, on_axes: set[str]
    ) -> None:
        self.space, self.matter, self.router = space, matter, router
        primary = space.primary
        self.read = _amount if primary is None else reader(primary.input)
        self.primary = None if primary is None else (primary.input.id, primary.locate)
        # Ids that ``Matter.input`` resolves to their own input (not to another's Chinese label).
        self.ids = frozenset(i.id for i in matter.inputs if matter.input(i.id) is i)
        self.required = tuple(i.id for i in matter.inputs if i.required)
        # Per axis, its input and each raw value's cell (_REFUSED_CELL: a value the input refuses).
        self.lookups: tuple[_AxisLookup, ...] = tuple(
            (axis.input, axis.locate, {}) for axis in space.others
        )
        # Inputs no rule looks at are still checked (the router keeps each raw value's coercion).
        self.unlooked = tuple(i for i in matter.inputs if i.id not in on_axes)
        self.memo: dict[tuple[int, ...], Outcome] = {}

    def full(self, inputs: Mapping[str, Any]) -> Answer:
        return self.router.answer(self.matter.id, inputs)

    def __call__(self, inputs: Mapping[str, Any]) -> Answer:
        if type(inputs) is not dict or not inputs.keys() <= self.ids:
            return self.full(inputs)
        for name in self.required:  # a loop, not any(): no generator built per call
            if inputs.get(name) is None:
                return self.full(inputs)
        key = self._key(inputs)
        if key is _REFUSED:
            return self._refused(inputs)
        if key is None or not self._unlooked_valid(inputs):
            return self.full(inputs)
        outcome = self.memo.get(key)
        if outcome is None:
            space = self.space
            cell, context = (key[0], key[1:]) if space.primary is not None else (0, key)
            outcome = space.outcome_of(space.matching(cell, space.context_mask(context)))
            if len(self.memo) < _MEMO_SIZE:
                self.memo[key] = outcome
        if isinstance(outcome, Decision):
            return outcome
        return with_values(outcome, self.matter, self._given(inputs))

    def _given(self, inputs: Mapping[str, Any]) -> Callable[[], Mapping[str, object]]:
        """The case's values as the full path gives them, for its error's message: the inputs
        are taken now (the caller may reuse the dict), coerced when the message is read."""
        given, matter, checked = dict(inputs), self.matter, self.router.checked_values

        def values() -> Mapping[str, object]:
            found = checked(matter, given)
            assert isinstance(found, dict)  # noqa: S101  # the fast route took every value
            return found

        return values

    def _refused(self, inputs: Mapping[str, Any]) -> Answer:
        """A case with a value its input refuses: the full path's error, without its lookups."""
        values = self.router.checked_values(self.matter, inputs)
        return values if not isinstance(values, dict) else self.full(inputs)

    def _key(self, inputs: Mapping[str, Any]) -> tuple[int, ...] | None:
        """The case's cells; ``_REFUSED`` when a value is refused, ``None`` when the full path
        must look (a date, a float, …)."""
        key: list[int] = []
        if self.primary is not None:
            name, where = self.primary
            raw = inputs.get(name)
            value = self.read(raw)
            if value is _REFUSED_VALUE:
                return _REFUSED
            if value is _UNREAD:
                return None
            key.append(where(value))
        for input_, locate, known in self.lookups:
            raw = inputs.get(input_.id)
            token = (type(raw), raw) if type(raw) in PLAIN else raw_token(raw)
            cell = None if token is None else known.get(token)
            if cell is None:
                if token is None and raw is not None:
                    return None  # dates, floats, …: the full path coerces them
                value = None if raw is None else self.router.coerced(input_, raw)
                cell = _REFUSED_CELL if type(value) is ParseError else locate(value)
                if token is not None and len(known) < _RAW_MEMO_SIZE:
                    known[token] = cell
            if cell == _REFUSED_CELL:
                return _REFUSED
            key.append(cell)
        return tuple(key)

    def _unlooked_valid(self, inputs: Mapping[str, Any]) -> bool:
        for input_ in self.unlooked:
            raw = inputs.get(input_.id)
            if raw is None:
                continue
            if type(raw) not in PLAIN or input_.kind is InputKind.SET:
                return False
            if type(self.router.coerced(input_, raw)) is ParseError:
                return False
        return True


_AxisLookup = tuple["Input", "Callable[[object], int]", dict[tuple[type, object], int]]
_REFUSED_CELL = -1
_REFUSED: tuple[int, ...] = (_REFUSED_CELL,)


PLAIN = frozenset({str, bool, int})


def raw_token(raw: object) -> tuple[type, object] | None:
    """A key for a raw value that is not plain, when its coercion depends on the key alone: a
    Decimal by its exact text (``2`` and ``2.0`` apart), a list, tuple or frozenset of text by
    its members; ``None`` for anything else (the full path coerces it)."""
    kind = type(raw)
    if kind is Decimal:
        return (kind, str(raw))
    if (
        isinstance(raw, list | tuple | frozenset)
        and kind in {list, tuple, frozenset}
        and all(type(member) is str for member in raw)
    ):
        return (kind, raw if isinstance(raw, frozenset) else tuple(raw))
    return None
