"""Semantic diff of two rule books: where the routing changed, not which cells moved.

For each matter in both books, the amount axis is cut at the union of both tables' breakpoints;
each region is routed by the old and the new table, for every combination of the other inputs'
values (booleans, enum choices, and "not given" for optional inputs). Adjacent regions with the
same change are merged, so raising the head's limit from 20万 to 50万 is one change:
``20万 < 金额 ≤ 50万: 常务会议 → 县长``. Rules are matched by content, so moving rows changes
nothing; rules added, removed or changed, citations changed and bodies renamed are listed too.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from routing._amounts import format_amount
from routing._errors import HitPolicyViolation, NoRuleError
from routing._model import InputKind, OutcomeKind
from routing._ranges import Interval
from routing._router import CompiledTable, outcome_key, region_representatives

if TYPE_CHECKING:
    from decimal import Decimal

    from routing._deadlines import DeadlineRule
    from routing._model import DecisionTable, Input, Rule, RuleBook

MAX_COMBINATIONS = 4096


@attrs.frozen
class ChangedRegion:
    """A stretch of the amount axis (for some values of the other inputs) whose outcome changed."""

    matter: str
    interval: Interval
    span: str
    old: str
    new: str
    when: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"({';'.join(self.when)})" if self.when else ""
        return f"{self.matter} {self.span}{where}: {self.old} → {self.new}"


@attrs.frozen
class RuleChange:
    """A rule added, removed or changed (same id, other content), or whose citation changed."""

    matter: str
    kind: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.matter} {self.kind} {self.rule}: {self.detail}"


@attrs.frozen
class BookDiff:
    """Everything that differs between two books; ``changed`` is false when they say the same."""

    old: str
    new: str
    regions: tuple[ChangedRegion, ...] = ()
    rules: tuple[RuleChange, ...] = ()
    matters_added: tuple[str, ...] = ()
    matters_removed: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    truncated: tuple[str, ...] = ()
    deadlines: tuple[RuleChange, ...] = ()
    """时限 rows and 节假日 dates that changed: they move due dates, not who decides."""

    @property
    def routing_changed(self) -> bool:
        return bool(self.regions or self.matters_added or self.matters_removed)

    @property
    def changed(self) -> bool:
        return self.routing_changed or bool(self.rules or self.bodies or self.deadlines)


def _values(input_: Input) -> list[object]:
    """The values worth trying for a non-amount input; ``None`` stands for "not given"."""
    values: list[object]
    if input_.kind is InputKind.BOOLEAN:
        values = [True, False]
    elif input_.kind is InputKind.ENUM:
        values = [c.id for c in input_.choices]
    elif input_.kind is InputKind.SET:
        values = [frozenset((c.id,)) for c in input_.choices]
    else:
        values = []
    if not input_.required or not values:
        values.append(None)
    return values


def _shown(value: object) -> str:
    if value is None:
        return "未填"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, frozenset):
        return "、".join(sorted(value))
    return str(value)


def outcome_text(rule: Rule) -> str:
    """What a rule says happens, in words: the chain, or the kind and its result."""
    if rule.kind is OutcomeKind.DECISION and rule.chain is not None:
        return str(rule.chain)
    words = "".join(
        part for part in (rule.kind.value, f":{rule.result}" if rule.result else "") if part
    )
    return f"{words} {rule.chain}" if rule.chain is not None else words


def _outcome(table: CompiledTable, values: dict[str, object]) -> tuple[tuple[object, ...], str]:
    try:
        decision = table.decide(values)
    except (NoRuleError, HitPolicyViolation) as error:
        return (("error", error.code),), f"无结果({error.code})"
    return outcome_key(decision.rule), outcome_text(decision.rule)


def _region_interval(breakpoints: list[Decimal], index: int) -> Interval:
    position = index // 2
    if index % 2:
        point = breakpoints[position]
        return Interval(point, point, low_closed=True, high_closed=True)
    low = breakpoints[position - 1] if position > 0 else None
    high = breakpoints[position] if position < len(breakpoints) else None
    return Interval(low, high)


def _span(label: str, interval: Interval) -> str:
    low, high = interval.low, interval.high
    if low is None and high is None:
        return f"任意{label}"
    if low is not None and low == high:
        return f"{label} = {format_amount(low)}"
    if high is None and low is not None:
        return f"{label} {'≥' if interval.low_closed else '>'} {format_amount(low)}"
    left = "" if low is None else f"{format_amount(low)} {'≤' if interval.low_closed else '<'} "
    right = "" if high is None else f" {'≤' if interval.high_closed else '<'} {format_amount(high)}"
    return f"{left}{label}{right}"


def _merge(first: Interval, last: Interval) -> Interval:
    return Interval(first.low, last.high, low_closed=first.low_closed, high_closed=last.high_closed)


def diff_tables(old: DecisionTable, new: DecisionTable) -> tuple[list[ChangedRegion], bool]:
    """The changed regions of one matter, and whether the combinations had to be cut short."""
    before, after = CompiledTable(old), CompiledTable(new)
    amount = before.index_input or after.index_input
    breakpoints = sorted(set(before.breakpoints) | set(after.breakpoints))
    points: list[Decimal | None] = list(region_representatives(breakpoints)) if amount else [None]
    inputs = {i.id: i for i in (*old.matter.inputs, *new.matter.inputs) if i.id != amount}
    others = [i for i in inputs.values() if i.kind is not InputKind.AMOUNT]
    product = list(
        itertools.islice(itertools.product(*(_values(i) for i in others)), MAX_COMBINATIONS + 1)
    )
    truncated = len(product) > MAX_COMBINATIONS
    found = (new.matter.input(amount) or old.matter.input(amount)) if amount else None
    label = found.label if found else ""
    grouped: dict[tuple[Interval, str, str], list[str]] = {}
    for combo in product[:MAX_COMBINATIONS]:
        given = {i.id: v for i, v in zip(others, combo, strict=True) if v is not None}
        when = "、".join(f"{i.label} = {_shown(v)}" for i, v in zip(others, combo, strict=True))
        run: tuple[int, str, str] | None = None
        for index, point in enumerate([*points, None] if amount else points):
            if amount and index == len(points):
                change = None
            else:
                values: dict[str, object] = dict(given)
                if amount and point is not None:
                    values[amount] = point
                (old_key, old_text), (new_key, new_text) = (
                    _outcome(before, values),
                    _outcome(after, values),
                )
                change = None if old_key == new_key else (old_text, new_text)
            if run is not None and (change is None or change != run[1:]):
                interval = _merge(
                    _region_interval(breakpoints, run[0]), _region_interval(breakpoints, index - 1)
                )
                grouped.setdefault((interval, run[1], run[2]), []).append(when)
                run = None
            if change is not None and run is None:
                run = (index, *change)
        if run is not None and not amount:
            grouped.setdefault((Interval(), run[1], run[2]), []).append(when)
    regions = []
    for (interval, was, becomes), whens in grouped.items():
        shown = (
            () if len(whens) == len(product[:MAX_COMBINATIONS]) else tuple(w for w in whens if w)
        )
        span = _span(label, interval) if amount else "任意输入"
        regions.append(ChangedRegion(new.matter.id, interval, span, was, becomes, shown))
    return regions, truncated


def _rule_key(rule: Rule) -> tuple[object, ...]:
    # Conditions compare as a set of values: their order in the row, and the order of a
    # frozenset inside one (which varies between processes), never count as a change.
    return (frozenset(rule.conditions), outcome_key(rule))


def _describe_rule(rule: Rule) -> str:
    conditions = "; ".join(str(c) for c in rule.conditions)
    return f"{conditions or '-'} → {outcome_text(rule)} [{rule.citation.clause}]"


def diff_rules(old: DecisionTable, new: DecisionTable) -> list[RuleChange]:
    """Rules added, removed or changed, matched by content so that moving rows changes nothing."""
    matter = new.matter.id
    left = list(old.rules)
    changes: list[RuleChange] = []
    unmatched: list[Rule] = []
    for rule in new.rules:
        twin = next((r for r in left if _rule_key(r) == _rule_key(rule)), None)
        if twin is None:
            unmatched.append(rule)
            continue
        left.remove(twin)
        if twin.citation != rule.citation:
            was, now = twin.citation, rule.citation
            detail = f"{was.clause}「{was.quote}」→ {now.clause}「{now.quote}」"
            changes.append(RuleChange(matter, "citation", rule.id, detail))
    for rule in unmatched:
        twin = next((r for r in left if r.id == rule.id), None)
        if twin is None:
            changes.append(RuleChange(matter, "added", rule.id, _describe_rule(rule)))
        else:
            left.remove(twin)
            detail = f"{_describe_rule(twin)} ⇒ {_describe_rule(rule)}"
            changes.append(RuleChange(matter, "changed", rule.id, detail))
    changes.extend(RuleChange(matter, "removed", r.id, _describe_rule(r)) for r in left)
    return changes


def _describe_deadline(rule: DeadlineRule) -> str:
    conditions = rule.conditions_text or "-"
    meetings = f" 适用会议 {'、'.join(rule.meetings)}" if rule.meetings else ""
    consequence = f" 后果 {rule.consequence}" if rule.consequence else ""
    return f"{rule.matter} {conditions}: {rule.period}{meetings}{consequence} [{rule.clause}]"


def diff_deadlines(old: RuleBook, new: RuleBook) -> list[RuleChange]:
    """时限 rows added, removed or changed (matched by their 编号), and 节假日 dates changed."""
    before = {r.id: r for r in old.deadlines}
    after = {r.id: r for r in new.deadlines}
    changes = [
        RuleChange(rule.matter, "added", key, _describe_deadline(rule))
        for key, rule in after.items()
        if key not in before
    ]
    changes += [
        RuleChange(rule.matter, "removed", key, _describe_deadline(rule))
        for key, rule in before.items()
        if key not in after
    ]
    for key, rule in after.items():
        was = before.get(key)
        if was is not None and _describe_deadline(was) != _describe_deadline(rule):
            detail = f"{_describe_deadline(was)} ⇒ {_describe_deadline(rule)}"
            changes.append(RuleChange(rule.matter, "changed", key, detail))
        elif was is not None and was.quote != rule.quote:
            detail = f"{was.clause}「{was.quote}」→ {rule.clause}「{rule.quote}」"
            changes.append(RuleChange(rule.matter, "citation", key, detail))
    days_before = {e.date: e.working for e in old.holidays}
    days_after = {e.date: e.working for e in new.holidays}

    def kind(working: bool | None) -> str:
        return "未列" if working is None else ("调休上班" if working else "假日")

    for day in sorted(days_before.keys() | days_after.keys()):
        was_working, now_working = days_before.get(day), days_after.get(day)
        if was_working != now_working:
            detail = f"{kind(was_working)} → {kind(now_working)}"
            changes.append(RuleChange("节假日", "calendar", day.isoformat(), detail))
    return changes


def diff_books(old: RuleBook, new: RuleBook) -> BookDiff:
    """Compare two books matter by matter; see the module docstring."""
    old_tables = {t.matter.id: t for t in old.tables}
    new_tables = {t.matter.id: t for t in new.tables}
    regions: list[ChangedRegion] = []
    rules: list[RuleChange] = []
    truncated: list[str] = []
    for matter in (m for m in new_tables if m in old_tables):
        changed, cut = diff_tables(old_tables[matter], new_tables[matter])
        regions.extend(changed)
        rules.extend(diff_rules(old_tables[matter], new_tables[matter]))
        if cut:
            truncated.append(matter)
    old_bodies = {b.id: b for b in old.bodies}
    new_bodies = {b.id: b for b in new.bodies}
    bodies = [
        f"{i}: {old_bodies[i].name} → {b.name}"
        for i, b in new_bodies.items()
        if i in old_bodies and (old_bodies[i].name, old_bodies[i].name_en) != (b.name, b.name_en)
    ]
    bodies += [f"+ {i}: {b.name}" for i, b in new_bodies.items() if i not in old_bodies]
    bodies += [f"- {i}: {b.name}" for i, b in old_bodies.items() if i not in new_bodies]
    return BookDiff(
        old=old.source,
        new=new.source,
        regions=tuple(regions),
        rules=tuple(rules),
        matters_added=tuple(m for m in new_tables if m not in old_tables),
        matters_removed=tuple(m for m in old_tables if m not in new_tables),
        bodies=tuple(bodies),
        truncated=tuple(truncated),
        deadlines=tuple(diff_deadlines(old, new)),
    )
