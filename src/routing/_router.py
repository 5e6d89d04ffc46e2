"""Route matters by lookup in their compiled decision spaces (``_space``).

A matter's space is compiled on its first call, together with a *fast route* for the calls after
it: inputs given by id, each raw value mapped to its cell once (``"是"``, ``"1500万"``, a Decimal),
then one dict lookup keyed by the cells (a table with only an amount: two bisects and a list
index). Anything else — a Chinese input name, a missing, unknown or bad input — goes to the full
path, which checks and coerces every input and gives the same answers and the errors. Errors are
returned, not raised, until the caller's edge, so a batch keeps no tracebacks.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from routing._amounts import format_amount
from routing._book import Decision
from routing._coerce import (
    COERCE,
    EXACT,
    LARGEST,
    MICRO,
    ZERO,
    coerce_count,
    exact_amount,
    read_amount_text,
    read_count,
)
from routing._errors import HitPolicyViolation, InputError, NoRuleError, ParseError, RoutingError
from routing._model import InputKind
from routing._names import close_matches, did_you_mean
from routing._space import DecisionSpace

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from routing._axes import AmountAxis
    from routing._book import RuleBook
    from routing._model import Input, Matter

Answer = Decision | RoutingError
_MEMO_SIZE = 65_536  # outcomes kept per matter, by cells; past it they are computed each time
_RAW_MEMO_SIZE = 4_096  # raw values kept per input with their cell


def describe(matter: Matter, values: Mapping[str, object]) -> str:
    """Input values in the workbook's words: ``金额 = 20万,三重一大 = 是``."""
    parts = []
    for input_ in matter.inputs:
        value = values.get(input_.id)
        if value is None:
            continue
        if isinstance(value, bool):
            shown = "是" if value else "否"
        elif isinstance(value, Decimal):
            shown = format_amount(value)
        elif isinstance(value, frozenset):
            shown = "、".join(_label(input_, v) for v in sorted(value)) or "(空)"
        else:
            shown = _label(input_, str(value))
        parts.append(f"{input_.label} = {shown}")
    return ",".join(parts) or "(无输入)"


def _label(input_: Input, value: str) -> str:
    choice = input_.choice(value) if input_.choices else None
    return (choice.label or choice.id) if choice is not None else value


def with_values(
    error: NoRuleError | HitPolicyViolation, matter: Matter, values: Mapping[str, object]
) -> NoRuleError | HitPolicyViolation:
    """The outcome's error, its messages prefixed with the inputs that led to it."""
    described = describe(matter, values)
    message, message_en = f"{described}:{error.message}", f"{described}: {error.message_en}"
    if isinstance(error, NoRuleError):
        return NoRuleError(
            error.code, message, message_en, location=error.location, citation=error.citation
        )
    return HitPolicyViolation(error.code, message, message_en, location=error.location)


class Router:
    """All tables of a rule book, each compiled on first use; ``route`` answers one matter."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.tables = {table.matter.id: table for table in book.tables}
        self.by_name = {table.matter.name: table.matter.id for table in book.tables}
        self.spaces: dict[str, DecisionSpace] = {}
        # The fast route of each matter answered so far, under its id and its Chinese name.
        self.fast: dict[str, Callable[[Mapping[str, Any]], Answer]] = {}

    def space(self, matter_id: str) -> DecisionSpace:
        """The compiled decision space of a matter (by id)."""
        found = self.spaces.get(matter_id)
        if found is None:
            found = self.spaces[matter_id] = DecisionSpace(self.tables[matter_id])
        return found

    def matter(self, name: str) -> Matter:
        matter_id = name if name in self.tables else self.by_name.get(name)
        if matter_id is None:
            known = "、".join(t.matter.shown for t in self.book.tables)
            near = close_matches(name, {t.matter.id: t.matter.name for t in self.book.tables})
            hint, hint_en = did_you_mean(near)
            raise InputError(
                "matter.unknown",
                f"{self.book.jurisdiction} 没有事项「{name}」{hint};可用:{known}",
                f"{self.book.jurisdiction} has no matter {name!r}{hint_en}; known matters: "
                + ", ".join(t.matter.shown for t in self.book.tables),
            )
        return self.tables[matter_id].matter

    def coerce(self, name: str, inputs: Mapping[Any, Any] | object) -> dict[str, object]:
        """Check every input and convert it to its typed value; ``InputError`` names what is wrong."""
        matter = self.matter(name)
        values: dict[str, object] = {}
        if not isinstance(inputs, Mapping):  # route_batch(m, [None]), route(["x"]) from Python
            raise InputError(
                "input.invalid",
                "输入应为 名称=值 的映射",
                f"the inputs must be a mapping of names to values, not {type(inputs).__name__}",
            )
        for key, raw in inputs.items():
            input_ = matter.input(key) if isinstance(key, str) else None
            if input_ is None:
                near = close_matches(str(key), {i.id: i.label for i in matter.inputs})
                hint, hint_en = did_you_mean(near)
                known = "、".join(i.shown for i in matter.inputs)
                raise InputError(
                    "input.unknown",
                    f"事项 {matter.shown} 没有输入「{key}」{hint};可用:{known}",
                    f"{matter.shown} has no input {key!r}{hint_en}; its inputs are: "
                    + ", ".join(i.shown for i in matter.inputs),
                )
            if raw is None:
                continue
            try:
                values[input_.id] = COERCE[input_.kind](raw, input_)
            except ParseError as error:
                raise InputError.from_parse(error, input_.shown) from None
        missing = [i for i in matter.inputs if i.required and i.id not in values]
        if missing:
            raise InputError(
                "input.missing",
                f"事项 {matter.shown} 缺少必填输入:" + "、".join(i.shown for i in missing),
                f"{matter.shown} needs the inputs: " + ", ".join(i.shown for i in missing),
            )
        return values

    def route(self, name: str, inputs: Mapping[str, Any]) -> Decision:
        """The decision for ``inputs``; the outcome's error (``NoRuleError``, …) is raised."""
        fast = self.fast.get(name)
        answer = fast(inputs) if fast is not None else self.answer(name, inputs)
        if isinstance(answer, Decision):
            return answer
        raise answer

    def answer(self, name: str, inputs: Mapping[str, Any]) -> Answer:
        """The full path: every input checked and coerced, then the space decides. The first call
        for a matter also installs its fast route."""
        try:
            matter = self.matter(name)
            space = self.space(matter.id)
            if matter.id not in self.fast:
                self.fast[matter.id] = fast_route(space, matter, self.answer)
                if matter.name not in self.tables:
                    self.fast[matter.name] = self.fast[matter.id]
            values = self.coerce(matter.id, inputs)
        except RoutingError as error:
            error.__traceback__ = None
            return error
        outcome = space.decide(values)
        return outcome if isinstance(outcome, Decision) else with_values(outcome, matter, values)

    def route_batch(
        self, name: str, inputs: Iterable[Mapping[str, Any]]
    ) -> list[Decision | RoutingError]:
        """Route many cases of one matter: each gets its decision or its error, in order, and one
        bad case never stops the rest. An unknown matter raises, as it concerns every case."""
        matter_id = self.matter(name).id
        results: list[Decision | RoutingError] = []
        for values in inputs:
            route = self.fast.get(matter_id)
            results.append(route(values) if route else self.answer(matter_id, values))
        return results


_BAD = object()  # an amount the fast path cannot read: the full path says why


def _amount(value: object) -> object:
    """A Decimal as ``parse_amount`` would give it, ``None`` when not given, else ``_BAD``."""
    if value is None or (type(value) is Decimal and exact_amount(value)):
        return value
    if type(value) is not str:
        return _BAD
    found = read_amount_text(value)
    return found if type(found) is Decimal else _BAD


def _count(value: object) -> object:
    """A count as ``parse_count`` would give it, ``None`` when not given, else ``_BAD``."""
    if value is None:
        return value
    if type(value) is str or type(value) is int:
        found = read_count(value)  # cached, good or bad: no error raised and caught per call
        return found if type(found) is Decimal else _BAD
    if type(value) is not Decimal:
        return _BAD
    try:
        return coerce_count(value)
    except ParseError:
        return _BAD


def reader(input_: Input) -> Callable[[object], object]:
    """What the fast route reads the primary (amount or count) input with."""
    return _amount if input_.kind is InputKind.AMOUNT else _count


def fast_route(
    space: DecisionSpace, matter: Matter, checked: Callable[[str, Mapping[str, Any]], Answer]
) -> Callable[[Mapping[str, Any]], Answer]:
    """The route of one matter for the common call (see the module docstring); it answers exactly
    as ``checked`` (the full path), to which every other call goes."""

    def full(inputs: Mapping[str, Any]) -> Answer:
        return checked(matter.id, inputs)

    primary = space.primary
    on_axes = {axis.input.id for axis in space.others}
    if primary is not None:
        on_axes.add(primary.input.id)
    lookup = _Lookup(space, matter, full, on_axes)
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
            if value is None or value is _BAD:
                return full(inputs)
        assert isinstance(value, Decimal)  # noqa: S101  # narrowed above
        outcome = outcomes[left(points, value) + right(points, value) - 1]
        if isinstance(outcome, Decision):
            return outcome
        return with_values(outcome, matter, {amount: value})

    return route


class _Lookup:
    """Every other table: each raw value mapped to its cell once, then one dict lookup."""

    def __init__(
        self,
        space: DecisionSpace,
        matter: Matter,
        full: Callable[[Mapping[str, Any]], Answer],
        on_axes: set[str],
    ) -> None:
        self.space, self.full = space, full
        self.read = _amount if space.primary is None else reader(space.primary.input)
        # Ids that ``Matter.input`` resolves to their own input (not to another's Chinese label).
        self.ids = frozenset(i.id for i in matter.inputs if matter.input(i.id) is i)
        self.required = tuple(i.id for i in matter.inputs if i.required)
        self.axes = space.others
        self.cells: list[dict[tuple[type, object], int]] = [{} for _ in self.axes]
        # Inputs no rule looks at are still checked, once per raw value.
        self.unlooked = tuple(i for i in matter.inputs if i.id not in on_axes)
        self.valid: list[set[tuple[type, object]]] = [set() for _ in self.unlooked]
        self.memo: dict[tuple[int, ...], Decision] = {}

    def __call__(self, inputs: Mapping[str, Any]) -> Answer:
        if type(inputs) is not dict or not inputs.keys() <= self.ids:
            return self.full(inputs)
        if any(inputs.get(name) is None for name in self.required):
            return self.full(inputs)
        key = self._key(inputs)
        if key is None or not self._unlooked_valid(inputs):
            return self.full(inputs)
        answer = self.memo.get(key)
        if answer is None:
            space = self.space
            cell, context = (key[0], key[1:]) if space.primary is not None else (0, key)
            outcome = space.outcome_of(space.matching(cell, space.context_mask(context)))
            if not isinstance(outcome, Decision):
                return self.full(inputs)  # the error names the inputs as the caller gave them
            answer = outcome
            if len(self.memo) < _MEMO_SIZE:
                self.memo[key] = answer
        return answer

    def _key(self, inputs: Mapping[str, Any]) -> tuple[int, ...] | None:
        key: list[int] = []
        primary = self.space.primary
        if primary is not None:
            value = self.read(inputs.get(primary.input.id))
            if value is _BAD:
                return None
            key.append(primary.locate(value))
        for axis, known in zip(self.axes, self.cells, strict=True):
            raw = inputs.get(axis.input.id)
            token = (type(raw), raw) if type(raw) in _PLAIN else _token(raw)
            cell = None if token is None else known.get(token)
            if cell is None:
                if token is None and raw is not None:
                    return None  # dates, floats, …: the full path coerces them
                try:
                    value = None if raw is None else COERCE[axis.input.kind](raw, axis.input)
                except ParseError:
                    return None
                cell = axis.locate(value)
                if token is not None and len(known) < _RAW_MEMO_SIZE:
                    known[token] = cell
            key.append(cell)
        return tuple(key)

    def _unlooked_valid(self, inputs: Mapping[str, Any]) -> bool:
        for input_, seen in zip(self.unlooked, self.valid, strict=True):
            raw = inputs.get(input_.id)
            if raw is None:
                continue
            if type(raw) not in _PLAIN or input_.kind is InputKind.SET:
                return False
            if (type(raw), raw) in seen:
                continue
            try:
                COERCE[input_.kind](raw, input_)
            except ParseError:
                return False
            if len(seen) < _RAW_MEMO_SIZE:
                seen.add((type(raw), raw))
        return True


_PLAIN = frozenset({str, bool, int})


def _token(raw: object) -> tuple[type, object] | None:
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
