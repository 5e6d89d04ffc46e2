"""The fast route of one matter: the common call answered without the full path's checks.

Inputs given by id, each raw value mapped to its cell once (``"是"``, ``"1500万"``, a Decimal),
then one dict lookup keyed by the cells; a table whose only required input is its amount: two
bisects and a list index. Anything else goes to the router's full path (``Router.answer``), which
answers the same and gives the errors.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._described import described_once, with_inputs
from routing._errors import HitPolicyViolation, InputError, NoRuleError, RoutingError
from routing._fast_amount import amount_route
from routing._fast_batch import rows_batch
from routing._model import InputKind
from routing._raw_values import (
    KEYED,
    PLAIN,
    REFUSED,
    ROW_KEYED,
    amount_cell,
    raw_token,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing._model import Input, Matter
    from routing._router import Router
    from routing._space import DecisionSpace, Outcome

    Answer = Decision | RoutingError
    Route = Callable[[Mapping[str, Any]], Answer]
    Batch = Callable[[Iterable[Mapping[str, Any]]], list[Answer]]

_MEMO_SIZE = 65_536  # outcomes (and rows of raw values) kept per matter; past it, computed again
_RAW_MEMO_SIZE = 4_096  # raw values kept per input with their cell


def fast_route(space: DecisionSpace, matter: Matter, router: Router) -> tuple[Route, Batch]:
    """The route of one matter for the common call (see the module docstring), and its batch
    (``list(map(route, cases))``, faster); they answer exactly as the router's full path
    (``Router.answer``), to which every other call goes."""

    primary = space.primary
    on_axes = {axis.input.id for axis in space.others}
    if primary is not None:
        on_axes.add(primary.input.id)
    lookup = _Lookup(space, matter, router, on_axes)
    # The bound method, not the instance: calling an instance looks ``__call__`` up each time.
    route: Route = lookup.__call__
    others = [i for i in matter.inputs if primary is None or i.id != primary.input.id]
    if primary is not None and not any(i.required for i in others):
        route = amount_route(space, primary, matter, router, route)
    # The batch's own loop, where a row holds all a case gives but the amount: a whole table's,
    # or a table that looks at every input and at two or more besides the amount. A set's value
    # (a list) is never kept in a row: such a table's batch goes case by case.
    rows = lookup.by_row and (lookup.whole or not lookup.unlooked)
    if rows and all(i.kind is not InputKind.SET for i in matter.inputs):
        return route, lookup.batch
    return route, functools.partial(_each, route)


def _each(route: Route, cases: Iterable[Mapping[str, Any]]) -> list[Answer]:
    return list(map(route, cases))


class _Lookup:
    """Every other table: the raw values of a case's looked-at inputs mapped to their cells once
    (a row of text, yes/no and whole numbers by its values, anything else value by value), then
    one dict lookup."""

    def __init__(
        self, space: DecisionSpace, matter: Matter, router: Router, on_axes: set[str]
    ) -> None:
        self.space, self.matter, self.router = space, matter, router
        primary = space.primary
        # The amount's (or count's) id and the cell of its raw value, "not given" included.
        self.primary = (
            None if primary is None else (primary.input.id, amount_cell(primary, primary.given))
        )
        # Ids that ``Matter.input`` resolves to their own input (not to another's Chinese label).
        self.ids = frozenset(i.id for i in matter.inputs if matter.input(i.id) is i)
        self.known = self.ids.issuperset  # every key one of them (cheaper than a keys view)
        self.required = tuple(i.id for i in matter.inputs if i.required)
        # Per axis, its input, its locate and each raw value's cell or the error it gives.
        self.lookups: tuple[_AxisLookup, ...] = tuple(
            (axis.input, axis.locate, {}) for axis in space.others
        )
        self.names = tuple(axis.input.id for axis in space.others)
        # Inputs no rule looks at are still checked (the router keeps each raw value's coercion).
        self.unlooked = tuple(i for i in matter.inputs if i.id not in on_axes)
        # A "whole" table (no amount, no set input that no rule looks at): a row of the raw
        # values of all its inputs says all a case gave, so the row keeps its decision, or the
        # error of its gap (described once for all its cases) or of its one refused value. A
        # count is held in the row, its value first: equal counts (5, 5.0) are the same count,
        # where equal amounts are not (15000000.0000000 has too many places).
        count = primary is not None and primary.input.kind is InputKind.NUMBER
        self.whole = (primary is None or count) and all(
            i.kind is not InputKind.SET for i in self.unlooked
        )
        self.counted = int(count and self.whole)  # 1: a whole table's row starts with its count
        counted = (primary.input.id,) if primary is not None and self.counted else ()
        self.row_names = counted + self.names + tuple(i.id for i in self.unlooked if self.whole)
        self.by_row = len(self.names) >= 2 or self.whole  # one value alone: faster by its value
        self.unlooked_by_id = {i.id: i for i in self.unlooked}
        self.by_id = {i.id: i for i in matter.inputs}
        # Where a row may hold a Decimal: a count's place (see ROW_KEYED).
        self.counts = tuple(self.by_id[name].kind is InputKind.NUMBER for name in self.row_names)
        # Per tuple of the raw values' types, the rows seen with them (None: types a row cannot
        # hold, as a list): a row's cells, its refusals, or (a whole table's) its decision or
        # its gap; for a row with a Decimal that is refused, the names refused (see ROW_KEYED).
        self.rows: dict[tuple[type, ...], dict[tuple[object, ...], _Kept] | None] = {}
        self.kept = 0  # rows kept, of every type
        self.seen: set[tuple[object, ...]] = set()  # rows seen once, not made yet
        # The rows of text and "not given" only, also under all their types at once (a value equal
        # to a text is one, where True == 1 == Decimal(1)): what a batch looks up first, for a
        # table that takes no yes/no and no count (whose callers give True or a Decimal).
        numbers = {InputKind.BOOLEAN, InputKind.NUMBER}
        plain = all(self.by_id[name].kind not in numbers for name in self.row_names)
        self.texts: dict[tuple[object, ...], _Row] | None = {} if plain else None
        self.memo: dict[tuple[int, ...], Outcome] = {}

    def full(self, inputs: Mapping[str, Any]) -> Answer:
        return self.router.answer(self.matter.id, inputs)

    def __call__(self, inputs: Mapping[str, Any]) -> Answer:
        if type(inputs) is not dict or not self.known(inputs):
            return self.full(inputs)
        for name in self.required:  # a loop, not any(): no generator built per call
            if inputs.get(name) is None:
                return self.full(inputs)
        key = self._row(inputs) if self.by_row else None
        if isinstance(key, Decision):  # a whole table's row, decided
            return key
        checked = key is not None and self.whole  # the row held the unlooked inputs' values
        if key is None:
            key = self._key(inputs)
            if key is None:
                return self.full(inputs)  # dates, floats, …: the full path coerces them
        if not isinstance(key, tuple):
            if isinstance(key, RoutingError):  # a whole table's row: its gap or its one refusal
                return key.copy()
            return self._refused(inputs, key)
        if self.unlooked and not checked:
            refused = self._unlooked_refused(inputs)
            if refused is None:
                return self.full(inputs)
            if refused:
                return self._refused(inputs, _LOOKED_UP_GOOD)
        outcome = self.memo.get(key)
        if outcome is None:
            outcome = self._outcome(key)
        if isinstance(outcome, Decision):
            return outcome
        return with_inputs(outcome, self.matter, inputs, self.router.checked_values)

    batch = rows_batch  # the batch's own loop (``_fast_batch``), as a method of the lookup

    def _outcome(self, key: tuple[int, ...]) -> Outcome:
        """The outcome of a key not seen before, then kept."""
        space = self.space
        cell, context = (key[0], key[1:]) if space.primary is not None else (0, key)
        outcome = space.outcome_of(space.matching(cell, space.context_mask(context)))
        if len(self.memo) < _MEMO_SIZE:
            self.memo[key] = outcome
        return outcome

    def _refused(self, inputs: Mapping[str, Any], refusals: _Refusals) -> Answer:
        """A case with a value its input refuses: the full path's error (the first refused value
        in the caller's order, each read through the router's memo), without its lookups."""
        # The amount refused (``_SOME_REFUSED``): every value read, as the full path does.
        every = refusals is _SOME_REFUSED
        coerced, unlooked, by_id = self.router.coerced, self.unlooked_by_id, self.by_id
        for name, raw in inputs.items():
            refusal = refusals.get(name)
            if refusal is None and raw is not None and (every or name in unlooked):
                found = coerced(by_id[name], raw)
                refusal = found if type(found) is InputError else None
            if refusal is not None:
                return refusal.copy()
        return self.full(inputs)  # nothing refused after all: the full path says what is wrong

    def _row(self, inputs: Mapping[str, Any]) -> _Row | None:
        """The case's key from its row of raw values, when they are all text, yes/no, whole
        numbers, Decimals or not given (the row seen before: one lookup); else ``None``."""
        raws = tuple(map(inputs.get, self.row_names))
        texts = self.texts  # text and not given only: no types to look up (see __init__)
        try:
            row = None if texts is None else texts.get(raws)
        except TypeError:  # a list, Decimal("sNaN"): as below
            row = None
        if row is None:
            row = self._typed_row(inputs, raws)
            if row is None:
                return None
        if self.primary is None or self.counted or isinstance(row, _ANSWERS):
            return row
        return self._with_primary(row, inputs)

    def _typed_row(self, inputs: Mapping[str, Any], raws: tuple[object, ...]) -> _Row | None:
        """The row of these raw values under their types (made when seen again); ``None`` when
        it is not kept (types a row cannot hold, seen once, no room)."""
        rows = self.rows.get(kinds := tuple(map(type, raws)), _UNSEEN_ROWS)
        if rows is _UNSEEN_ROWS:
            rows = {} if self._holds(kinds) else None
            if len(self.rows) < _RAW_MEMO_SIZE:
                self.rows[kinds] = rows
        if rows is None:
            return None
        try:
            row = rows.get(raws)
        except TypeError:  # Decimal("sNaN") has no hash: the values one by one
            return None
        if row is None:
            # A row is made when seen again, while there is room to keep it: a batch of distinct
            # counts (every document's word count) is read value by value, the cheaper way.
            if self.kept >= _MEMO_SIZE or self._first_seen(raws):
                return None
            found = self._new_row(raws)
            if found is None:  # a count the fast route does not read
                return None
            one = self.whole and type(found) is dict and len(found) == 1  # the same in any order
            row = next(iter(found.values())) if one else found  # type: ignore[union-attr]
            # A refused Decimal is quoted as given: kept as the names of the inputs refused.
            rows[raws] = frozenset(found) if Decimal in kinds and type(found) is dict else row
            if self.texts is not None and _TEXTS.issuperset(kinds):
                self.texts[raws] = row
            self.kept += 1
        elif isinstance(row, frozenset):
            row = self.quoted(inputs, row)
        return row

    def _first_seen(self, raws: tuple[object, ...]) -> bool:
        """Whether a row of raw values is seen for the first time (then noted)."""
        seen = self.seen
        if raws in seen:
            return False
        if len(seen) >= _MEMO_SIZE:
            seen.clear()  # the rows seen once long ago: a row seen again later is made then
        seen.add(raws)
        return True

    def quoted(self, inputs: Mapping[str, Any], names: frozenset[str]) -> _Refusals | InputError:
        """The errors of a row's refused values, each quoting the value as this case gives it (a
        whole table's one error: the same in any order)."""
        coerced, by_id = self.router.coerced, self.by_id
        if self.whole and len(names) == 1:
            (name,) = names
            return coerced(by_id[name], inputs[name])  # type: ignore[return-value]  # refused
        return {name: coerced(by_id[name], inputs[name]) for name in names}  # type: ignore[misc]

    def _holds(self, kinds: tuple[type, ...]) -> bool:
        """Whether rows of raw values of these types are kept (a Decimal: see ROW_KEYED)."""
        counts = zip(kinds, self.counts)  # noqa: B905  # one type per name
        return ROW_KEYED.issuperset(kinds) and all(k is not Decimal or n for k, n in counts)

    def _new_row(self, raws: tuple[object, ...]) -> _Row | None:
        """A row of plain values not seen before: its cells or its refusals; for a whole table,
        its decision, or the error of the gap it falls in (its inputs put in words once, when
        first read, for every case that gives the row) or of its one refused value (the same in
        any order); ``None`` for a count the fast route does not read (yes/no, NaN)."""
        counted = self.counted  # 1: the row starts with the count's raw value
        key = self._cells(raws[counted:])
        assert key is not None  # noqa: S101  # plain values are always read
        if not self.whole:
            return key
        refusals = {} if isinstance(key, tuple) else dict(key)
        if counted:
            assert self.primary is not None  # noqa: S101  # a count is the primary input
            name, cell_of = self.primary
            cell = cell_of(raws[0])
            if type(cell) is int:
                key = (cell, *key) if type(key) is tuple else key
            elif cell is REFUSED:
                refused = self.router.coerced(self.by_id[name], raws[0])
                assert type(refused) is InputError  # noqa: S101  # what the reader refused
                refusals = {name: refused, **refusals}
            else:  # yes/no, NaN: the full path says why not
                return None
        rest = raws[counted + len(self.lookups) :]
        for input_, raw in zip(self.unlooked, rest):  # noqa: B905  # one raw value per input
            if raw is not None and type(found := self.router.coerced(input_, raw)) is InputError:
                refusals[input_.id] = found
        if refusals:
            return refusals
        assert isinstance(key, tuple)  # noqa: S101  # no refusals: the cells
        outcome = self.memo.get(key)
        if outcome is None:
            outcome = self._outcome(key)
        if isinstance(outcome, Decision):
            return outcome
        given = dict(zip(self.row_names, raws))  # noqa: B905  # one raw value per name
        return outcome.in_context(described_once(self.matter, given, self.router.checked_values))

    def _key(self, inputs: Mapping[str, Any]) -> _Key | None:
        """The case's cells value by value; what is refused, by input (``_SOME_REFUSED`` for the
        amount), or ``None`` when the full path must look (a date, a float, …)."""
        # The loop of ``_cells`` and the read of ``_with_primary``, written out: composed, they
        # cost a table with an amount and one other input 0.35-0.6 µs more a call (session 7).
        key: list[int] = []
        if self.primary is not None:
            name, cell_of = self.primary
            cell = cell_of(inputs.get(name))
            if type(cell) is not int:
                return _SOME_REFUSED if cell is REFUSED else None
            key.append(cell)
        refusals: dict[str, InputError] | None = None
        for lookup in self.lookups:
            raw = inputs.get(lookup[0].id)
            token = (type(raw), raw) if type(raw) in KEYED else raw_token(raw)
            cell = None if token is None else lookup[2].get(token)
            if cell is None:
                if token is None:
                    return None
                cell = self._new_cell(lookup, raw, token)
            if isinstance(cell, int):
                key.append(cell)
            else:  # every refused value, for the caller's first of them
                refusals = refusals or {}
                refusals[lookup[0].id] = cell
        return refusals or tuple(key)

    def _with_primary(self, row: _Key, inputs: Mapping[str, Any]) -> _Key | None:
        """``row``'s key, with the amount's (or count's) cell first, as ``_key`` gives it."""
        assert self.primary is not None  # noqa: S101  # called only for a table that has one
        name, cell_of = self.primary
        cell = cell_of(inputs.get(name))
        if type(cell) is not int:
            return _SOME_REFUSED if cell is REFUSED else None
        return (cell, *row) if type(row) is tuple else row

    def _cells(self, raws: tuple[object, ...]) -> _Key | None:
        """The cells of a row of raw values; by input, what is refused when a value is; ``None``
        when the full path must look (only for a value that is not plain)."""
        cells: list[int] = []
        refusals: dict[str, InputError] = {}
        for lookup, raw in zip(self.lookups, raws):  # noqa: B905  # one raw value per lookup
            token = (type(raw), raw) if type(raw) in KEYED else raw_token(raw)
            if token is None:
                return None
            cell = lookup[2].get(token)
            if cell is None:
                cell = self._new_cell(lookup, raw, token)
            if isinstance(cell, int):
                cells.append(cell)
            else:
                refusals[lookup[0].id] = cell
        return refusals or tuple(cells)

    def _new_cell(
        self, lookup: _AxisLookup, raw: object, token: tuple[type, object]
    ) -> int | InputError:
        """The cell of a raw value not seen before, or the error it gives; then kept."""
        input_, locate, known = lookup
        value = None if raw is None else self.router.coerced(input_, raw)
        cell = value if type(value) is InputError else locate(value)
        if len(known) < _RAW_MEMO_SIZE:
            known[token] = cell
        return cell

    def _unlooked_refused(self, inputs: Mapping[str, Any]) -> bool | None:
        """Whether an input no rule looks at refuses its value (through the router's one memo
        of coerced values); ``None`` when the full path must read one (not plain, a set). A
        whole table's row holds these values, so this is for the other tables' cases."""
        for input_ in self.unlooked:
            raw = inputs.get(input_.id)
            if raw is None:
                continue
            if type(raw) not in PLAIN or input_.kind is InputKind.SET:
                return None
            if type(self.router.coerced(input_, raw)) is InputError:
                return True
        return False


# Per axis, its input, its cells and each raw value's cell (or the error the value gives).
_AxisLookup = tuple[
    "Input", "Callable[[object], int]", dict[tuple[type, object], "int | InputError"]
]
_Refusals = Mapping[str, "InputError"]  # by input id, the error its refused value gives
_Key = tuple[int, ...] | _Refusals  # a case's cells, or what it refuses
# A whole table's row may be kept as its decision, its gap or its one refused value's error; a
# row with a refused Decimal, as the names of the inputs refused (each case quoted as given).
_Row = tuple[int, ...] | _Refusals | Decision | InputError | NoRuleError | HitPolicyViolation
_Kept = _Row | frozenset[str]
_ANSWERS = (Decision, RoutingError)  # a row kept as its answer (a tuple: no union built a call)
_SOME_REFUSED: _Refusals = MappingProxyType({})  # the amount is refused: the full path's order
_LOOKED_UP_GOOD: _Refusals = MappingProxyType({})  # only inputs no rule looks at may refuse
_TEXTS = frozenset({str, type(None)})
_UNSEEN_ROWS: dict[tuple[object, ...], _Kept] = {}  # never filled: "these types not seen yet"
