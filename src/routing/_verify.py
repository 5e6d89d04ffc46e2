"""Verification: overlaps, gaps, shadowed rules, duplicates and broken invariants, exactly.

Each table's amount axis is cut at every rule's bounds into regions (a breakpoint, or the open
stretch between two); the other inputs are enumerated (yes/no, each choice plus "other"). A sweep
over the sorted regions keeps the set of active rules, so a one-input table costs n log n.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from routing._amounts import format_yuan
from routing._api import expand_folders, resolve_source
from routing._errors import WorkbookError
from routing._findings import SEVERITY_ORDER, CheckReport, Collector, Finding
from routing._layout_checks import hidden_warnings
from routing._model import (
    AmountCondition,
    BooleanCondition,
    DecisionTable,
    EnumCondition,
    HitPolicy,
    InputKind,
    Rule,
    RuleBook,
)
from routing._parser import parse_workbook
from routing._ranges import Interval
from routing._reader import read_workbook
from routing._verify_deadlines import verify_deadlines

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path


@attrs.frozen
class _Region:
    low: Decimal
    high: Decimal | None  # None: unbounded above; == low: a single point

    @property
    def witness(self) -> Decimal:
        if self.high is None:
            return self.low + 1
        return self.low if self.high == self.low else (self.low + self.high) / 2

    def text(self) -> str:
        if self.high == self.low:
            return f"金额 = {format_yuan(self.low)}"
        upper = "∞" if self.high is None else format_yuan(self.high)
        return f"{format_yuan(self.low)} < 金额 < {upper}"


def _span_text(regions: Sequence[_Region], first: int, last: int) -> str:
    if first == last:
        return regions[first].text()
    low, high = regions[first], regions[last]
    left = f"{format_yuan(low.low)} {'≤' if low.high == low.low else '<'} 金额"
    if high.high is None:
        return left
    right = f"{'≤' if high.high == high.low else '<'} {format_yuan(high.high)}"
    return f"{left} {right}"


def _witness(axis: str | None, amount: Decimal, ctx: dict[str, object]) -> dict[str, object]:
    """The concrete inputs of a finding; tables with no amount input get no amount."""
    return {axis: amount, **ctx} if axis else dict(ctx)


def _context_text(ctx: dict[str, object]) -> str:
    return ",".join(f"{k} = {v}" for k, v in ctx.items()) or "任意输入"


def _regions(breaks: list[Decimal]) -> list[_Region]:
    out: list[_Region] = []
    for i, point in enumerate(breaks):
        out.append(_Region(point, point))
        out.append(_Region(point, breaks[i + 1] if i + 1 < len(breaks) else None))
    return out


def _span(interval: Interval, breaks: list[Decimal]) -> tuple[int, int]:
    """The first and last region the interval covers (first > last: it covers no amount ≥ 0)."""
    if interval.low is None or interval.low < 0:
        start = 0
    else:
        start = 2 * bisect.bisect_left(breaks, interval.low) + (0 if interval.low_closed else 1)
    if interval.high is None:
        end = 2 * len(breaks) - 1
    elif interval.high < 0:
        end = -1
    else:
        end = 2 * bisect.bisect_left(breaks, interval.high) - (0 if interval.high_closed else 1)
    return start, end


def _contexts(table: DecisionTable) -> list[dict[str, object]]:
    axes: list[list[tuple[str, object]]] = []
    for item in table.matter.inputs:
        if all(r.condition(item.id) is None for r in table.rules):
            continue
        if item.kind is InputKind.BOOLEAN:
            axes.append([(item.id, True), (item.id, False)])
        elif item.kind in {InputKind.ENUM, InputKind.SET}:
            values: list[object] = [c.id for c in item.choices]
            if not item.required or not item.choices:
                values.append(None)
            axes.append([(item.id, value) for value in values])
    return [dict(combo) for combo in itertools.product(*axes)]


def _fits(rule: Rule, context: dict[str, object]) -> bool:
    for cond in rule.conditions:
        if isinstance(cond, BooleanCondition) and cond.input in context:
            if context[cond.input] is not cond.value:
                return False
        elif (
            isinstance(cond, EnumCondition)
            and cond.input in context
            and not cond.matches(context[cond.input])
        ):
            return False
    return True


def _amount_interval(rule: Rule, axis: str | None) -> Interval:
    cond = rule.condition(axis) if axis else None
    return cond.interval if isinstance(cond, AmountCondition) else Interval()


def _names(rules: Iterable[Rule]) -> str:
    return "、".join(f"{r.id}({r.location})" for r in rules)


def _winner(table: DecisionTable, active: Sequence[Rule]) -> tuple[Rule, str]:
    if table.hit_policy is HitPolicy.PRIORITY:
        real = [r for r in active if r.body is not None]
        best = max(real, key=table.priority)
        return best, "优先(级别高者决定) PRIORITY: the highest-priority body decides"
    return active[0], "首条(先列者决定) FIRST: the earlier row decides"


def _report_overlap(out: Collector, active: list[Rule], wit: dict[str, object], where: str) -> None:
    table = out.table
    real = [r for r in active if r.chain is not None]
    declared = [r for r in active if r.chain is None]
    key = ("overlap", tuple(r.id for r in active), where, tuple(wit.items()))
    policy = table.hit_policy
    if declared and real and policy is HitPolicy.FIRST:
        winner = active[0]
        verdict = (
            "声明无规则" if winner.chain is None else (winner.body.name if winner.body else "")
        )
        out.add(
            key,
            Finding(
                "overlap",
                "info",
                f"「{table.matter.name}」声明无规则的行与规则重叠({where}),按首条由 {winner.id} 决定:{verdict};"
                f"{_names(active)}",
                f"{table.matter.id}: a declared gap overlaps rules ({where}); FIRST: {winner.id} decides",
                tuple(active),
                wit,
            ),
        )
        return
    if declared and real and policy in {HitPolicy.UNIQUE, HitPolicy.ANY}:
        out.add(
            key,
            Finding(
                "overlap",
                "error",
                f"「{table.matter.name}」声明无规则的行与规则重叠({where}):{_names(active)}",
                f"{table.matter.id}: a declared gap overlaps rules ({where})",
                tuple(active),
                wit,
            ),
        )
        return
    if not real:
        return
    outputs = {str(r.chain) for r in real}
    if policy is HitPolicy.UNIQUE or (policy is HitPolicy.ANY and len(outputs) > 1):
        out.add(
            key,
            Finding(
                "overlap",
                "error",
                f"「{table.matter.name}」{policy.chinese}表中多条规则同时适用({where}):{_names(real)}",
                f"{table.matter.id}: rules overlap under {policy.name} ({where})",
                tuple(real),
                wit,
            ),
        )
        return
    if policy in {HitPolicy.FIRST, HitPolicy.PRIORITY}:
        best, why = _winner(table, real)
        clauses = ";".join(f"{r.citation.clause}「{r.citation.quote}」" for r in real)
        name = best.body.name if best.body else ""
        out.add(
            key,
            Finding(
                "overlap",
                "info",
                f"「{table.matter.name}」规则重叠({where}),由{name}决定,依据 {why};条款:{clauses}",
                f"{table.matter.id}: rules overlap ({where}); {best.id} wins — {why}",
                tuple(real),
                wit,
            ),
        )


def _verify_table(table: DecisionTable) -> list[Finding]:  # noqa: PLR0915  # one sweep, read top to bottom
    out = Collector(table)
    axis = next((i.id for i in table.matter.inputs if i.kind is InputKind.AMOUNT), None)
    intervals = [_amount_interval(r, axis) for r in table.rules]
    breaks = sorted(
        {Decimal(0)} | {b for i in intervals for b in (i.low, i.high) if b is not None and b >= 0}
    )
    regions = _regions(breaks)
    spans = [_span(i, breaks) for i in intervals]
    for rule, interval, (first, last) in zip(table.rules, intervals, spans, strict=True):
        if first > last:
            out.add(
                ("empty", rule.id),
                Finding(
                    "empty_condition",
                    "warning",
                    f"「{table.matter.name}」规则 {rule.id} 的金额条件为空"
                    f"({interval.to_feel()}),永远不会适用",
                    f"{table.matter.id}: rule {rule.id} has an empty amount condition",
                    (rule,),
                    location=rule.location,
                ),
            )
    groups: dict[tuple[object, ...], list[Rule]] = {}
    for rule in table.rules:
        groups.setdefault((frozenset(rule.conditions), str(rule.chain)), []).append(rule)
    for same in groups.values():
        if len(same) > 1:
            out.add(
                ("dup", same[0].id),
                Finding(
                    "duplicate",
                    "warning",
                    f"「{table.matter.name}」重复的规则:{_names(same)}",
                    f"{table.matter.id}: duplicate rules {', '.join(r.id for r in same)}",
                    tuple(same),
                ),
            )
    fired: set[int] = set()
    monotone = "rank_monotone" in table.invariants
    for context in _contexts(table):
        members = [k for k, rule in enumerate(table.rules) if _fits(rule, context)]
        starts: dict[int, list[int]] = {}
        for k in members:
            if spans[k][0] <= spans[k][1]:
                starts.setdefault(spans[k][0], []).append(k)
        active: set[int] = set()
        heap: list[int] = []
        ends: list[tuple[int, int]] = []
        top: tuple[int, Rule, int] | None = None  # rank, rule, region of the highest so far
        ctx = {k: v for k, v in context.items() if v is not None}
        states: list[tuple[tuple[int, ...], int]] = []  # active rules, first region of the run
        for index, region in enumerate(regions):
            for k in starts.get(index, ()):
                active.add(k)
                heapq.heappush(heap, k)
                heapq.heappush(ends, (spans[k][1], k))
            while ends and ends[0][0] < index:
                active.discard(heapq.heappop(ends)[1])
            while heap and heap[0] not in active:
                heapq.heappop(heap)
            ordered = tuple(sorted(active)) if len(active) > 1 else tuple(heap[:1])
            if heap:
                fired.add(heap[0])
            if not states or states[-1][0] != ordered:
                states.append((ordered, index))
            rules = [table.rules[k] for k in ordered]
            if monotone and table.hit_policy.single_hit and any(r.body for r in rules):
                real = [r for r in rules if r.body is not None]
                rule = _winner(table, real)[0] if len(real) > 1 else real[0]
                rank = rule.body.rank if rule.body else 0
                if top is not None and rank < top[0]:
                    before = top[1]
                    out.add(
                        ("mono", before.id, rule.id, tuple(ctx.items())),
                        Finding(
                            "invariant.rank_monotone",
                            "error",
                            f"「{table.matter.name}」违反不变式「级别随金额不降」:"
                            f"{regions[top[2]].text()} 由"
                            f"{before.body.name if before.body else ''}决定,"
                            f"而更高的 {region.text()} 由"
                            f"{rule.body.name if rule.body else ''}决定",
                            f"{table.matter.id}: rank falls from {before.id} to {rule.id} "
                            "as the amount rises",
                            (before, rule),
                            _witness(axis, region.witness, ctx),
                        ),
                    )
                if top is None or rank > top[0]:
                    top = (rank, rule, index)
        for n, (ordered, first) in enumerate(states):
            last = states[n + 1][1] - 1 if n + 1 < len(states) else len(regions) - 1
            where = _span_text(regions, first, last) if axis else _context_text(ctx)
            wit = _witness(axis, regions[first].witness, ctx)
            rules = [table.rules[k] for k in ordered]
            key = (ordered, first, tuple(ctx.items()))
            if not rules:
                out.add(
                    ("gap", *key),
                    Finding(
                        "gap",
                        "warning",
                        f"「{table.matter.name}」没有规则适用:{where}",
                        f"{table.matter.id}: no rule covers {where}",
                        (),
                        wit,
                        table.location,
                    ),
                )
            elif all(r.chain is None for r in rules):
                out.add(
                    ("declared", *key),
                    Finding(
                        "gap.declared",
                        "info",
                        f"「{table.matter.name}」文件未规定(声明无规则):{where}",
                        f"{table.matter.id}: declared gap, the text is silent: {where}",
                        tuple(rules),
                        wit,
                    ),
                )
            elif len(rules) > 1:
                _report_overlap(out, rules, wit, where)
    if table.hit_policy is HitPolicy.FIRST:
        for k, rule in enumerate(table.rules):
            if k not in fired and spans[k][0] <= spans[k][1]:
                out.add(
                    ("shadow", rule.id),
                    Finding(
                        "shadowed",
                        "warning",
                        f"「{table.matter.name}」规则 {rule.id} 永远不会适用:"
                        "前面的规则已覆盖它的全部范围",
                        f"{table.matter.id}: rule {rule.id} never fires; earlier rules cover it",
                        (rule,),
                        location=rule.location,
                    ),
                )
    return out.close()


def verify(book: RuleBook) -> list[Finding]:
    """Every finding for every table of ``book``, errors first."""
    findings = [f for table in book.tables for f in _verify_table(table)]
    findings.extend(verify_deadlines(book))
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def check(sources: Iterable[str | Path]) -> CheckReport:
    """Verify workbooks, folders of them, or shipped jurisdictions.

    A workbook that cannot be opened raises ``WorkbookError`` (exit 2); one that breaks the
    workbook language is reported as error findings.
    """
    names: list[str] = []
    findings: list[Finding] = []
    for source in expand_folders(sources):
        raw = read_workbook(resolve_source(source))
        names.append(str(source))
        findings.extend(
            Finding(p.code, "warning", p.message, p.message_en, location=p.location)
            for p in hidden_warnings(raw)
        )
        try:
            book = parse_workbook(raw)
        except WorkbookError as error:
            findings.extend(
                Finding(p.code, "error", p.message, p.message_en, location=p.location)
                for p in error.problems
            )
            continue
        findings.extend(verify(book))
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return CheckReport(tuple(names), tuple(findings))
