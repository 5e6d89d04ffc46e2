"""The axes of a decision space: each input some rule conditions on, cut into classes of values.

An amount input is cut at every bound of every rule: the point ``0``, each bound, and the open
stretches between (inputs are ``0 ≤ x < 10^18`` with at most six places, so a stretch too narrow to
hold one is unreachable). A yes/no input has 是 and 否, an enum its choices, a multi-select input one
cell per distinct way of meeting the rules' conditions (the empty set included), a text input the
literals the rules name plus "any other text"; an optional input also has "not given". Every value a
caller can give falls in exactly one cell and every rule matches all of a cell or none of it, so
routing one representative routes the whole cell. ``locate`` finds a value's cell.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

import attrs

from routing._amounts import format_amount
from routing._model import AmountCondition, EnumCondition, InputKind
from routing._ranges import Interval

if TYPE_CHECKING:
    from collections.abc import Sequence

    from routing._model import Condition, Input, Rule

ZERO = Decimal(0)
LARGEST = Decimal(10) ** 18
PLACES = Decimal("0.000001")
MAX_SET_CLASSES = 1024
"""At most this many classes of one multi-select input are told apart."""
OTHER_TEXT = "\u2063其他"
"""The representative of "any other text": no rule can name it (it starts with an invisible mark)."""


@attrs.frozen
class Cell:
    """One class of values of one input: a representative value, how people read it, and for an
    amount the interval it covers. ``reachable`` is false for a stretch holding no valid amount."""

    value: object
    label: str
    interval: Interval | None = None
    reachable: bool = True
    text: str = ""
    """The value alone in words (``是``, ``财政预算``, ``未填``), to list several cells of one input."""


def _point(value: Decimal) -> Interval:
    return Interval(value, value, low_closed=True, high_closed=True)


def inside(low: Decimal, high: Decimal | None) -> Decimal | None:
    """An amount strictly between ``low`` and ``high`` with at most six places, round where it can
    be (the midpoint, one fen above ``low``, one millionth above); ``None`` when there is none."""
    if high is None:
        return low + 1 if low + 1 < LARGEST else None
    for candidate in ((low + high) / 2, low + Decimal("0.01")):
        if low < candidate < high and candidate == candidate.quantize(PLACES):
            return candidate
    above = low.quantize(PLACES, rounding=ROUND_FLOOR) + PLACES
    return above if low < above < high else None


def _conditions(input_id: str, rules: Sequence[Rule]) -> list[Condition]:
    return [c for r in rules if (c := r.condition(input_id)) is not None]


class Axis:
    """One input's cells, and per cell a bit mask of the rules (bit ``i``: ``rules[i]``) matching
    it; a rule without a condition on the input matches every cell."""

    def __init__(self, input_: Input, cells: Sequence[Cell], rules: Sequence[Rule]) -> None:
        self.input = input_
        self.cells = tuple(cells)
        self.rules = tuple(rules)
        self._index = {_key(c.value): n for n, c in enumerate(self.cells)}

    @property
    def masks(self) -> tuple[int, ...]:
        masks = self.__dict__.get("_masks")
        if masks is None:
            masks = tuple(self._mask(cell) for cell in self.cells)
            self.__dict__["_masks"] = masks
        return masks

    def _mask(self, cell: Cell) -> int:
        mask = 0
        for index, rule in enumerate(self.rules):
            condition = rule.condition(self.input.id)
            if condition is None or condition.matches(cell.value):
                mask |= 1 << index
        return mask

    def locate(self, value: object) -> int:
        """The cell of a coerced value (``None``: not given)."""
        return self._index[_key(value)]


def _key(value: object) -> object:
    # True == 1 in a dict: keep booleans apart from anything else that equals them.
    return (bool, value) if isinstance(value, bool) else value


class AmountAxis(Axis):
    """An amount input cut at the rules' bounds; ``locate`` is two bisects. ``members[c]`` lists the
    rules matching cell ``c`` by index, computed by one sweep (a large table is n log n)."""

    def __init__(
        self, input_: Input, conditions: Sequence[Condition], rules: Sequence[Rule]
    ) -> None:
        points = {ZERO}
        for condition in conditions:
            if isinstance(condition, AmountCondition):
                interval = condition.interval
                points.update(b for b in (interval.low, interval.high) if b is not None)
        self.breakpoints = tuple(sorted(p for p in points if ZERO <= p < LARGEST))
        cells = []
        label = input_.label
        words = [format_amount(point) for point in self.breakpoints]  # once per breakpoint
        for index, low in enumerate(self.breakpoints):
            cells.append(Cell(low, f"{label} = {words[index]}", _point(low), text=words[index]))
            high = self.breakpoints[index + 1] if index + 1 < len(self.breakpoints) else None
            value = inside(low, high)
            text = f"{words[index]} < {label}"
            text += "" if high is None else f" < {words[index + 1]}"
            cells.append(
                Cell(value, text, Interval(low, high), reachable=value is not None, text=text)
            )
        self.given = len(cells)
        if not input_.required:
            cells.append(Cell(None, f"{label}未填", text="未填"))
        super().__init__(input_, cells, rules)
        self.members = self._sweep()

    def locate(self, value: object) -> int:
        if not isinstance(value, Decimal):
            return self.given  # "not given" (only optional inputs are ever missing)
        points = self.breakpoints
        return bisect.bisect_left(points, value) + bisect.bisect_right(points, value) - 1

    def span(self, interval: Interval) -> tuple[int, int]:
        """The first and last cell an interval covers (first > last: none)."""
        points, last = self.breakpoints, self.given - 1
        low, high = interval.low, interval.high
        if low is None or low < ZERO:
            start = 0
        elif low >= LARGEST:
            return 1, 0
        else:
            start = 2 * bisect.bisect_left(points, low) + (0 if interval.low_closed else 1)
        if high is None or high >= LARGEST:
            end = last
        elif high < ZERO:
            return 1, 0
        else:
            end = 2 * bisect.bisect_left(points, high) - (0 if interval.high_closed else 1)
        return start, end

    def _sweep(self) -> tuple[tuple[int, ...], ...]:
        starts: dict[int, list[int]] = {}
        ends: dict[int, list[int]] = {}
        always: list[int] = []
        for index, rule in enumerate(self.rules):
            condition = rule.condition(self.input.id)
            if not isinstance(condition, AmountCondition):
                always.append(index)
                continue
            first, last = self.span(condition.interval)
            if first <= last:
                starts.setdefault(first, []).append(index)
                ends.setdefault(last, []).append(index)
        active: set[int] = set(always)
        shared: dict[tuple[int, ...], tuple[int, ...]] = {}
        members: list[tuple[int, ...]] = []
        for cell in range(self.given):
            active.update(starts.get(cell, ()))
            found = tuple(sorted(active))
            members.append(shared.setdefault(found, found))
            active.difference_update(ends.get(cell, ()))
        if self.given < len(self.cells):
            members.append(tuple(always))
        return tuple(members)

    @property
    def masks(self) -> tuple[int, ...]:
        masks = self.__dict__.get("_masks")
        if masks is None:
            masks = tuple(sum(1 << rule for rule in found) for found in self.members)
            self.__dict__["_masks"] = masks
        return masks


def _choice_label(input_: Input, choice_id: str) -> str:
    choice = next((c for c in input_.choices if c.id == choice_id), None)
    return (choice.label or choice.id) if choice else choice_id


class SetAxis(Axis):
    """A multi-select input: sets of choices are alike when they meet the same conditions."""

    def __init__(
        self, input_: Input, conditions: Sequence[Condition], rules: Sequence[Rule]
    ) -> None:
        self.value_sets = [c.values for c in conditions if isinstance(c, EnumCondition)]
        kinds: dict[tuple[bool, ...], str] = {}
        for choice in input_.choices:
            kinds.setdefault(self._signature(frozenset((choice.id,))), choice.id)
        cells: list[Cell] = []
        self.by_signature: dict[tuple[bool, ...], int] = {}
        members = list(kinds.items())
        for size in range(len(members) + 1):
            for combo in itertools.combinations(members, size):
                value = frozenset(choice for _, choice in combo)
                signature = self._signature(value)
                if signature in self.by_signature or len(cells) >= MAX_SET_CLASSES:
                    continue
                self.by_signature[signature] = len(cells)
                shown = "、".join(_choice_label(input_, c) for c in sorted(value)) or "(空)"
                cells.append(Cell(value, f"{input_.label} = {shown}", text=shown))
        if not input_.required:
            cells.append(Cell(None, f"{input_.label}未填", text="未填"))
        super().__init__(input_, cells, rules)

    def _signature(self, value: frozenset[str]) -> tuple[bool, ...]:
        return tuple(bool(value & values) for values in self.value_sets)

    def locate(self, value: object) -> int:
        if not isinstance(value, frozenset):
            return len(self.cells) - 1
        return self.by_signature[self._signature(value)]


class TextAxis(Axis):
    """A text input: the literals the rules name, and any other text."""

    def locate(self, value: object) -> int:
        found = self._index.get(_key(value))
        return self._index[OTHER_TEXT] if found is None else found


def make_axis(input_: Input, rules: Sequence[Rule], seen: Sequence[Rule] = ()) -> Axis:
    """The axis of one input for ``rules``, cut also where the rules ``seen`` (another table
    compared with this one) put conditions, so that two tables share one partition."""
    conditions = _conditions(input_.id, (*rules, *seen))
    label = input_.label
    if input_.kind is InputKind.AMOUNT or any(isinstance(c, AmountCondition) for c in conditions):
        return AmountAxis(input_, conditions, rules)
    if input_.kind is InputKind.SET:
        return SetAxis(input_, conditions, rules)
    cells: list[Cell]
    if input_.kind is InputKind.BOOLEAN:
        cells = [
            Cell(value=True, label=f"{label} = 是", text="是"),
            Cell(value=False, label=f"{label} = 否", text="否"),
        ]
    elif input_.kind is InputKind.ENUM:
        cells = [
            Cell(c.id, f"{label} = {c.label or c.id}", text=c.label or c.id) for c in input_.choices
        ]
    else:
        literals = sorted({v for c in conditions if isinstance(c, EnumCondition) for v in c.values})
        cells = [Cell(text, f"{label} = {text}", text=text) for text in literals]
        cells.append(Cell(OTHER_TEXT, f"{label} = 其他文本", text="其他文本"))
    if not input_.required:
        cells.append(Cell(None, f"{label}未填", text="未填"))
    axis_class = TextAxis if input_.kind is InputKind.TEXT else Axis
    return axis_class(input_, cells, rules)


def span_text(axis: AmountAxis, first: int, last: int) -> str:
    """Cells ``first``…``last`` of an amount axis in the user's units: ``20万 < 金额 ≤ 30万``."""
    if first == last:
        return axis.cells[first].label
    label = axis.input.label
    interval = merged_interval(axis, first, last)
    low, high = interval.low, interval.high
    left = ""
    if low is not None and not (low == ZERO and interval.low_closed):
        left = f"{format_amount(low)} {'≤' if interval.low_closed else '<'} "
    if high is None:
        if not left:
            return f"任意{label}"
        return f"{label} {'≥' if interval.low_closed else '>'} {format_amount(low or ZERO)}"
    return f"{left}{label} {'≤' if interval.high_closed else '<'} {format_amount(high)}"


def merged_interval(axis: AmountAxis, first: int, last: int) -> Interval:
    """The interval cells ``first``…``last`` of an amount axis cover together."""
    low, high = axis.cells[first].interval, axis.cells[last].interval
    if low is None or high is None:
        return Interval()
    return Interval(low.low, high.high, low_closed=low.low_closed, high_closed=high.high_closed)


def any_value(input_: Input) -> object:
    """A valid value of an input no rule looks at, to complete a witness."""
    if input_.kind is InputKind.AMOUNT:
        return ZERO
    if input_.kind is InputKind.BOOLEAN:
        return False
    if input_.kind is InputKind.ENUM:
        return input_.choices[0].id if input_.choices else ""
    if input_.kind is InputKind.SET:
        return frozenset()
    if input_.kind is InputKind.DATE:
        return dt.date(2026, 1, 1)
    return "-"
