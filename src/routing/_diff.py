"""Semantic diff of two rule books: where the routing changed, not which cells moved.

For each matter in both books, both tables are compiled on one partition of the input space (their
decision spaces, cut where either puts a bound) and each region is decided by both. Adjacent regions
with the same change are merged, so raising the head's limit from 20万 to 50万 is one change:
``20万 < 金额 ≤ 50万: 常务会议 → 县长``. Rules are matched by content, so moving rows changes
nothing; rules added, removed or changed, citations changed and bodies renamed are listed too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from routing._axes import merged_interval, span_text
from routing._ranges import Interval
from routing._space import DecisionSpace, outcome_key, outcome_words
from routing._words import outcome_text

if TYPE_CHECKING:
    from routing._book import RuleBook
    from routing._deadlines import DeadlineRule
    from routing._model import DecisionTable, Rule


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


def diff_tables(old: DecisionTable, new: DecisionTable) -> tuple[list[ChangedRegion], bool]:
    """The changed regions of one matter, and whether the combinations had to be cut short.

    Both versions are compiled on one partition (``DecisionSpace.pair``); each region is decided
    by both, and runs of amounts with the same change are merged. A change that holds whatever
    the other inputs are has no ``when``; otherwise ``when`` says for which values, summarised.
    """
    before, after = DecisionSpace.pair(old, new)
    primary = after.primary
    found: dict[tuple[int, int, str, str], list[tuple[int, ...]]] = {}
    contexts = 0
    for context, mask in after.contexts():
        contexts += 1
        was_mask = before.context_mask(context)
        run: tuple[int, int, tuple[str, str]] | None = None
        for cell in after.reachable_cells():
            was_key, was = outcome_words(before.outcome_of(before.matching(cell, was_mask)))
            now_key, now = outcome_words(after.outcome_of(after.matching(cell, mask)))
            change = None if was_key == now_key else (was, now)
            if run is not None and change == run[2]:
                run = (run[0], cell, run[2])
                continue
            if run is not None:
                found.setdefault((run[0], run[1], *run[2]), []).append(context)
            run = None if change is None else (cell, cell, change)
        if run is not None:
            found.setdefault((run[0], run[1], *run[2]), []).append(context)
    regions = []
    for (first, last, was, becomes), where in found.items():
        when = () if len(where) == contexts else tuple(after.summarize(where))
        if primary is not None and first < primary.given:
            interval, span = merged_interval(primary, first, last), span_text(primary, first, last)
        elif primary is not None:
            interval, span = Interval(), primary.cells[first].label
        else:
            interval, span = Interval(), "任意输入"
        regions.append(ChangedRegion(new.matter.id, interval, span, was, becomes, when))
    return regions, after.truncated


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
