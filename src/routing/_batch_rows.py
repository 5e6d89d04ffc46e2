"""The row path of a batch: each agenda row to its outcome, with as little work per row as can be.

The columns are mapped to input ids once per (jurisdiction, matter) the agenda names, not per
cell; a row is then a tuple of its input cells, looked up in a memo of outcomes (agendas repeat
themselves), and only a new tuple is routed, through the public ``book.route``. An outcome holds
its result cells, formatted once per distinct decision, and is shared by every row with the same
inputs, so the writer appends them as they are. Errors are kept as code and message, never with
their traceback.
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from routing._agenda import JURISDICTION_COLUMNS, MATTER_COLUMNS, MEETING_DATE_COLUMNS, RowProblem
from routing._batch_cells import DECISION_CELLS, result_cells, time_limits_cell
from routing._book import Decision
from routing._errors import InputError, ParseError, RoutingError
from routing._model import InputKind

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from routing._jurisdiction import Jurisdiction
    from routing._model import Matter

MEMO_SIZE = 50_000
"""Distinct input tuples kept; past it the memo starts again (memory stays flat)."""
MAX_JURISDICTION_CHARS = 64
UNKNOWN_MATTER = "未识别事项 unknown matter"
_TEXT_CELLS = frozenset({str, type(None)})
# Equal values whose messages differ: Decimal("-1") and Decimal("-1.00"). (Equal floats are
# spelled alike but for -0.0, which routes as 0.)
_SPELLED_APART = frozenset({Decimal})
_PLAIN_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,2})?")


@attrs.frozen(eq=False)  # hashed by identity: the summary counts rows per shared outcome
class Outcome:
    """What every row with the same jurisdiction, matter and inputs gets."""

    decision: Decision | None
    error_code: str
    error: str
    cells: tuple[str, ...]
    """The result columns as written (with the 时限 cell when the agenda has meeting dates)."""
    matter_group: str
    body_groups: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.error_code


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value).strip()


def _value(value: object, kind: InputKind) -> object:
    """A cell as an input: numbers exact, text stripped, plain amounts parsed on a fast path."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if not isinstance(value, str):
        return value
    text = value.strip()
    if kind is InputKind.AMOUNT and _PLAIN_AMOUNT.fullmatch(text):
        return Decimal(text)  # what the amount grammar reads, without the grammar
    return text


def deciders(decision: Decision) -> tuple[str, ...]:
    """The summary groups of a decision's final bodies: each decider counts the row, marked
    with the mode when several share it (``县人民政府全体会议(plenary) · 或``)."""
    bodies = decision.deciders
    mark = "" if len(bodies) < 2 else (" · 或 any" if decision.mode == "any" else " · 共同 all")
    return tuple(f"{body.name}({body.id}){mark}" for body in bodies)


class _Plan:
    """One (jurisdiction, matter) of the agenda: which columns feed which inputs.

    A plain class: the batch sits below the façade, which it names for type checkers only."""

    __slots__ = ("book", "inputs", "matter", "memo", "pick")

    def __init__(
        self,
        book: Jurisdiction,
        matter: Matter,
        pick: Callable[[Sequence[Any]], Any],
        inputs: tuple[tuple[str, InputKind], ...],
    ) -> None:
        self.book = book
        self.matter = matter
        self.pick = pick
        self.inputs = inputs
        self.memo: dict[Any, Outcome] = {}


class RowRouter:
    """Routes rows of one header; books are loaded once per jurisdiction cell."""

    def __init__(
        self,
        header: Sequence[str],
        *,
        jurisdiction: str | None,
        loader: Callable[[str], Jurisdiction],
        book: Jurisdiction | None = None,
    ) -> None:
        keys = [h.strip() for h in header]
        lowered = [k.lower() for k in keys]
        self.where = next((i for i, k in enumerate(lowered) if k in JURISDICTION_COLUMNS), None)
        what = next((i for i, k in enumerate(lowered) if k in MATTER_COLUMNS), None)
        self.when = next((i for i, k in enumerate(lowered) if k in MEETING_DATE_COLUMNS), None)
        if what is None:
            raise InputError(
                "batch.no_matter_column",
                "输入缺少「事项」列(事项/matter)",
                "the input has no matter column (事项/matter)",
            )
        if self.where is None and jurisdiction is None and book is None:
            raise InputError(
                "batch.no_jurisdiction",
                "输入缺少「辖区」列,请加上该列或使用 --jurisdiction",
                "the input has no jurisdiction column; add one or pass --jurisdiction",
            )
        self.what = what
        self.keys = keys
        self.width = len(keys)
        self.dated = self.when is not None
        # The header of the 会议日期 column: it names the 起算 input it feeds (see time_limits_cell).
        self.date_column = "" if self.when is None else lowered[self.when]
        self.default = jurisdiction or ""
        self.loader = loader
        self.book = book
        self.books: dict[str, Jurisdiction | RoutingError] = {}
        self.plans: dict[tuple[object, object], _Plan | Outcome] = {}
        self.cells_of: dict[int, tuple[Decision, tuple[str, ...]]] = {}
        self.remembered = 0
        # The (辖区, 事项) cells of a row; without a 辖区 column, the 事项 cell twice.
        self.key_of = operator.itemgetter(what if self.where is None else self.where, what)
        self.outcome = self._outcome_function()

    def _outcome_function(self) -> Callable[[Sequence[Any]], Outcome]:
        """``outcome``: the plan of the row's (辖区, 事项) cells, then its memo of input cells;
        a closure over the two dicts, so a repeated row is a few C calls and two lookups."""
        key_of = self.key_of
        plans = self.plans

        def outcome(cells: Sequence[Any]) -> Outcome:
            """The outcome of one row (``cells`` as long as the header at least)."""
            key = key_of(cells)
            plan = plans.get(key)
            if plan is None:
                plan = self._plan(key)
            if type(plan) is Outcome:
                return plan
            assert isinstance(plan, _Plan)  # noqa: S101  # narrows for mypy; the type check above
            values = plan.pick(cells)
            found = plan.memo.get(values)
            return self._typed(plan, values) if found is None else found

        return outcome

    def routed(self, cells: Sequence[Any]) -> Outcome:
        """The outcome of a row routed afresh, neither read from the memo nor kept in it: for
        rows already distinct by type and spelling (``route_frame``'s)."""
        key = self.key_of(cells)
        plan = self.plans.get(key)
        if plan is None:
            plan = self._plan(key)
        if type(plan) is Outcome:
            return plan
        assert isinstance(plan, _Plan)  # noqa: S101  # narrows for mypy; the type check above
        return self._route(plan, plan.pick(cells), None)

    def problem(self, problem: RowProblem) -> Outcome:
        return self._error(problem.code, problem.message, problem.message_en, UNKNOWN_MATTER)

    def _error(self, code: str, message: str, message_en: str, matter: str) -> Outcome:
        text = f"{message} — {message_en}"
        cells = ("",) * DECISION_CELLS + (code, text) + (("",) if self.dated else ())
        return Outcome(None, code, text, cells, matter)

    def _failed(self, error: RoutingError, matter: str = UNKNOWN_MATTER) -> Outcome:
        return self._error(error.code, error.message, error.message_en, matter)

    def _load(self, place: str) -> Jurisdiction:
        if self.book is not None:
            book = self.book
            if place and place not in {book.jurisdiction, book.about.name}:
                raise InputError(
                    "jurisdiction.other",
                    f"这一行的辖区是「{place}」,规则书是 {book.jurisdiction}({book.about.name})",
                    f"this row is for {place!r}; the rule book is {book.jurisdiction}",
                )
            return book
        if len(place) > MAX_JURISDICTION_CHARS or any(c in place for c in "/\\") or not place:
            raise InputError(
                "jurisdiction.invalid",
                f"辖区「{place[:MAX_JURISDICTION_CHARS]}…」不是辖区名称(最长 {MAX_JURISDICTION_CHARS} 字,不能是路径)",
                f"the jurisdiction cell is not a jurisdiction name (at most "
                f"{MAX_JURISDICTION_CHARS} characters, not a path)",
            )
        if place not in self.books:
            if len(self.books) > 1_000:
                self.books = {k: v for k, v in self.books.items() if not isinstance(v, Exception)}
            try:
                self.books[place] = self.loader(place)
            except RoutingError as error:
                self.books[place] = error
        loaded = self.books[place]
        if isinstance(loaded, RoutingError):
            raise loaded
        return loaded

    def _plan(self, key: tuple[object, object]) -> _Plan | Outcome:
        if len(self.plans) > 10_000:
            self.plans.clear()
        place = (None if self.where is None else _text(key[0])) or self.default
        matter_text = _text(key[1])
        plan: _Plan | Outcome
        try:
            book = self._load(place)
            matter = book.matter(matter_text)
            skip = {self.where, self.what, self.when}
            columns = [
                (index, found)
                for index, key_text in enumerate(self.keys)
                if index not in skip and (found := matter.input(key_text)) is not None
            ]
            indices = [index for index, _ in columns]
            if self.when is not None:
                indices.append(self.when)
            # Always a tuple and always in C: one column (or none: the matter's) is taken
            # twice, and the extra value is ignored (inputs are zipped, the date is the last).
            picked = indices or [self.what]
            if len(picked) == 1:
                picked *= 2
            pick = operator.itemgetter(*picked)
            inputs = tuple((found.id, found.kind) for _, found in columns)
            plan = _Plan(book, matter, pick, inputs)
        except RoutingError as error:
            plan = self._failed(error)
        if _TEXT_CELLS.issuperset(map(type, key)):  # ``1`` and ``True`` name no matter alike
            self.plans[key] = plan
        return plan

    def _typed(self, plan: _Plan, values: tuple[Any, ...]) -> Outcome:
        """A row not found by its cells. Rows of text (CSV's, most of an xlsx's) are kept by
        their cells; any other row by its cells' types too (and a Decimal by its spelling),
        since ``1``, ``1.0`` and ``True`` are equal keys in Python (and ``Decimal("1.0")`` and
        ``Decimal("1.00")``) while ``amount=True`` is refused and each bad amount's message
        quotes its own cell. A text row is never equal to a row with a cell of another type: it
        cannot find one."""
        kinds = tuple(map(type, values))
        if _TEXT_CELLS.issuperset(kinds):
            return self._route(plan, values, values)
        spelled = values if _SPELLED_APART.isdisjoint(kinds) else tuple(map(repr, values))
        key = (kinds, spelled)
        found = plan.memo.get(key)
        return self._route(plan, values, key) if found is None else found

    def _route(self, plan: _Plan, values: tuple[Any, ...], key: object | None) -> Outcome:
        """Route a new row, its outcome kept under ``key`` (``None``: not kept)."""
        if self.remembered > MEMO_SIZE:
            for known in self.plans.values():
                if isinstance(known, _Plan):
                    known.memo.clear()
            self.cells_of.clear()
            self.remembered = 0
        matter = plan.matter
        group = f"{matter.name}({matter.id})"
        inputs = {
            input_id: _value(value, kind)
            for (input_id, kind), value in zip(plan.inputs, values, strict=False)
            if value is not None and value != "" and not (type(value) is str and not value.strip())
        }
        try:
            decision = plan.book.route(matter.id, **inputs)
        except RoutingError as error:
            outcome = self._failed(error, group)
        else:
            outcome = self._decided(plan, decision, values[-1] if self.dated else None, group)
        if key is not None:
            plan.memo[key] = outcome
        self.remembered += 1
        return outcome

    def _decided(
        self, plan: _Plan, decision: Decision, meeting_date: object, group: str
    ) -> Outcome:
        seen = self.cells_of.get(id(decision))
        cells = seen[1] if seen is not None and seen[0] is decision else None
        if cells is None:
            cells = result_cells(decision)
            self.cells_of[id(decision)] = (decision, cells)
        bodies = deciders(decision)
        if not self.dated:
            return Outcome(decision, "", "", cells, group, bodies)
        try:
            limits = time_limits_cell(plan.book, decision, meeting_date, self.date_column)
        except (ParseError, RoutingError) as error:
            code = error.code
            message = f"{error.message} — {error.message_en}"
            return Outcome(
                decision, code, message, (*cells[:DECISION_CELLS], code, message, ""), group, bodies
            )
        return Outcome(decision, "", "", (*cells, limits), group, bodies)
