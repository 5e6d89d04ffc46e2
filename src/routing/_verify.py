"""Verification: overlaps, gaps, shadowed and duplicate rules, broken invariants — by walking each
table's decision space (``_space``), the same regions the router answers from.

- Under UNIQUE and ANY an overlap that changes the answer is an error (the router would refuse it).
- Under FIRST, PRIORITY, RULE ORDER and OUTPUT ORDER the hit policy settles an overlap, but silently
  keeping a neighbour's old limit is the commonest wrong edit; so an overlap that changes the answer
  is a warning unless one of the two rows declares it (允许重叠), and a declaration that no longer
  overlaps anything is a warning too. Overlaps that change nothing, and declared ones, are infos.
- A region no rule covers is a gap (warning); one only 无规则 rows cover is a declared gap (info).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from routing._book import Decision
from routing._cells import boundary_hint
from routing._findings import SEVERITY_ORDER, Collector, Finding
from routing._model import ALL_RULES, HitPolicy
from routing._space import DecisionSpace, Region, outcome_key
from routing._words import outcome_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from routing._book import RuleBook
    from routing._model import DecisionTable, Rule

_SETTLED = frozenset(
    {HitPolicy.FIRST, HitPolicy.PRIORITY, HitPolicy.RULE_ORDER, HitPolicy.OUTPUT_ORDER}
)
_POLICY_WHY = {
    HitPolicy.FIRST: ("按首条(先列者)", "FIRST: the earlier row"),
    HitPolicy.PRIORITY: ("按优先(级别高者)", "PRIORITY: the highest-ranked body"),
    HitPolicy.RULE_ORDER: ("按规则顺序", "RULE ORDER: the earlier row"),
    HitPolicy.OUTPUT_ORDER: ("按输出顺序", "OUTPUT ORDER: the declared order"),
    HitPolicy.COLLECT: ("汇总", "COLLECT: every hit"),
}


def _names(rules: Iterable[Rule]) -> str:
    return "、".join(f"{r.id}({r.location})" for r in rules)


def _violated(region: Region) -> bool:
    outcome = region.outcome
    return not isinstance(outcome, Decision) and outcome.code.startswith("hit_policy")


def _more(regions: Sequence[Region]) -> str:
    return f",另有 {len(regions) - 1} 处" if len(regions) > 1 else ""


def _winner(region: Region) -> Rule | None:
    """The row the hit policy picks in a region (a 无规则 row when it is the answer)."""
    outcome = region.outcome
    if isinstance(outcome, Decision):
        return outcome.rule
    return next((r for r in region.rules if r.location == outcome.location), None)


class _TableCheck:
    """One walk over a table's space, collecting its findings."""

    def __init__(self, table: DecisionTable) -> None:
        self.table = table
        self.space = DecisionSpace(table)
        self.out = Collector(table)
        self.won: set[str] = set()
        self.together: dict[str, set[str]] = {r.id: set() for r in table.rules}
        # (winner, loser) → the regions where the winner silently overrides the loser
        self.overrides: dict[tuple[str, str], list[Region]] = {}
        self.declared: dict[tuple[str, str], list[Region]] = {}
        self.violations: dict[tuple[str, ...], list[Region]] = {}
        self.alike: dict[tuple[str, ...], list[Region]] = {}

    def where(self, region: Region, rules: Sequence[Rule] = ()) -> str:
        """The region in the workbook's words; with ``rules``, only the inputs they look at."""
        axes = self.space.others
        looked = {c.input for r in rules for c in r.conditions}
        only = [n for n, axis in enumerate(axes) if axis.input.id in looked] if rules else None
        return ",".join(self.space.where(region, only=only)) or "任意输入"

    def finding(  # noqa: PLR0917  # a Finding's fields, in its order
        self,
        code: str,
        severity: str,
        message: str,
        message_en: str,
        region: Region,
        rules: Sequence[Rule],
        more: Sequence[Region] = (),
    ) -> Finding:
        spans = (self.space.interval(r) for r in (region, *more))
        # An overlap on one amount is most often a bare 以下 beside a neighbour's (含)以上.
        hint, hint_en = boundary_hint(rules) if code == "overlap" else ("", "")
        return Finding(
            code,
            severity,
            message + hint,
            message_en + hint_en,
            tuple(rules),
            self.space.witness(region),
            None if rules else self.table.location,
            where=self.where(region, rules),
            interval=self.space.interval(region),
            intervals=tuple(span for span in spans if span is not None),
        )

    def run(self) -> list[Finding]:
        table = self.table
        context: tuple[int, ...] | None = None
        top: tuple[int, Rule, Region] | None = None
        monotone = "rank_monotone" in table.invariants
        for region in self.space.regions():
            if region.context != context:
                context, top = region.context, None
            rules = region.rules
            for rule in rules:
                self.together[rule.id].update(r.id for r in rules if r is not rule)
            winner = _winner(region)
            if winner is not None:
                self.won.add(winner.id)
            if not rules:
                key = ("gap", region.context, region.first)
                self.out.add_built(key, "gap", functools.partial(self.gap, region))
            elif all(r.is_gap for r in rules) and not _violated(region):
                key = ("declared", region.context, region.first)
                self.out.add_built(
                    key, "gap.declared", functools.partial(self.declared_gap, region)
                )
            elif len(rules) > 1:
                self.overlap(region, winner)
            if monotone and table.hit_policy.single_hit and isinstance(region.outcome, Decision):
                top = self.monotone(region, top)
        self.after_walk()
        return self.out.close()

    def gap(self, region: Region) -> Finding:
        name, matter = self.table.matter.name, self.table.matter.id
        where = self.where(region)
        message = f"「{name}」没有规则适用:{where}"
        return self.finding(
            "gap", "warning", message, f"{matter}: no rule covers {where}", region, ()
        )

    def declared_gap(self, region: Region) -> Finding:
        name, matter = self.table.matter.name, self.table.matter.id
        where = self.where(region)
        return self.finding(
            "gap.declared",
            "info",
            f"「{name}」文件未规定(声明无规则):{where}",
            f"{matter}: declared gap, the text is silent: {where}",
            region,
            region.rules,
        )

    def overlap(self, region: Region, winner: Rule | None) -> None:
        rules, policy = region.rules, self.table.hit_policy
        ids = tuple(r.id for r in rules)
        if not isinstance(region.outcome, Decision) and region.outcome.code.startswith(
            "hit_policy"
        ):
            self.violations.setdefault(ids, []).append(region)
            return
        if winner is None or policy not in _SETTLED:
            self.alike.setdefault(ids, []).append(region)
            return
        changed = False
        for loser in rules:
            if loser is winner or outcome_key(loser) == outcome_key(winner):
                continue
            changed = True
            pair = (winner.id, loser.id)
            declared = winner.declares_overlap(loser, self.space.interval(region))
            target = self.declared if declared else self.overrides
            target.setdefault(pair, []).append(region)
        if not changed:
            self.alike.setdefault(ids, []).append(region)

    def report_overlaps(self) -> None:
        """The overlaps the walk found, one finding per set of rules, covering all its regions."""
        table, name, policy = self.table, self.table.matter.name, self.table.hit_policy
        by_id = {r.id: r for r in table.rules}
        zh, en = _POLICY_WHY.get(policy, ("", ""))
        for ids, regions in self.violations.items():
            rules = [by_id[i] for i in ids]
            where = self.where(regions[0], rules)
            self.out.add(
                ("overlap", ids),
                self.finding(
                    "overlap",
                    "error",
                    f"「{name}」{policy.chinese}表中多条规则同时适用({where}{_more(regions)}):"
                    f"{_names(rules)}",
                    f"{table.matter.id}: rules overlap under {policy.name} ({where})",
                    regions[0],
                    rules,
                    regions[1:],
                ),
            )
        for ids, regions in self.alike.items():
            rules = [by_id[i] for i in ids]
            where = self.where(regions[0], rules)
            self.out.add(
                ("alike", ids),
                self.finding(
                    "overlap",
                    "info",
                    f"「{name}」规则重叠({where}{_more(regions)}),结果相同或{zh}:{_names(rules)}",
                    f"{table.matter.id}: rules overlap ({where}) with the same outcome, or {en}",
                    regions[0],
                    rules,
                    regions[1:],
                ),
            )

    def monotone(
        self, region: Region, top: tuple[int, Rule, Region] | None
    ) -> tuple[int, Rule, Region] | None:
        outcome = region.outcome
        assert isinstance(outcome, Decision)  # noqa: S101  # the caller checked
        if not outcome.deciders:
            return top
        rank = max(b.rank for b in outcome.deciders)
        rule = outcome.rule
        if top is not None and rank < top[0]:
            before = top[1]
            name = self.table.matter.name
            self.out.add(
                ("mono", before.id, rule.id, region.context),
                self.finding(
                    "invariant.rank_monotone",
                    "error",
                    f"「{name}」违反不变式「级别随金额不降」:{self.where(top[2])} 由"
                    f"{outcome_text(before)}决定,而更高的 {self.where(region)} 由"
                    f"{outcome_text(rule)}决定",
                    f"{self.table.matter.id}: rank falls from {before.id} to {rule.id} "
                    "as the amount rises",
                    region,
                    (before, rule),
                ),
            )
        if top is None or rank > top[0]:
            return (rank, rule, region)
        return top

    def after_walk(self) -> None:
        self.report_overlaps()
        table = self.table
        by_id = {r.id: r for r in table.rules}
        name = table.matter.name
        zh, en = _POLICY_WHY.get(table.hit_policy, ("", ""))
        for (won, lost), regions in self.overrides.items():
            winner, loser, first = by_id[won], by_id[lost], regions[0]
            more = _more(regions)
            where = self.where(first, (winner, loser))
            self.out.add(
                ("override", won, lost),
                self.finding(
                    "overlap",
                    "warning",
                    f"「{name}」{winner.id} 与 {loser.id} 都适用({where}{more}),{zh}由"
                    f"「{outcome_text(winner)}」决定,{loser.id} 的「{outcome_text(loser)}」不起作用",
                    f"{table.matter.id}: {winner.id} and {loser.id} both apply at {where}; "
                    f"{en} decides ({outcome_text(winner)}), {loser.id} is overridden",
                    first,
                    (winner, loser),
                    regions[1:],
                ),
            )
        for (won, lost), regions in self.declared.items():
            winner, loser = by_id[won], by_id[lost]
            self.out.add(
                ("declared_overlap", won, lost),
                self.finding(
                    "overlap.declared",
                    "info",
                    f"「{name}」声明的重叠:{winner.id} 与 {loser.id}({self.where(regions[0], (winner, loser))}),"
                    f"{zh}由「{outcome_text(winner)}」决定",
                    f"{table.matter.id}: declared overlap of {winner.id} and {loser.id}; {en} decides",
                    regions[0],
                    (winner, loser),
                    regions[1:],
                ),
            )
        self.stale_and_dead(by_id)

    def stale_and_dead(self, by_id: dict[str, Rule]) -> None:
        table, name = self.table, self.table.matter.name
        complete = not self.space.truncated
        for rule in table.rules:
            together = self.together[rule.id]
            for other in rule.overlaps:
                if (other == ALL_RULES and together) or other in together or not complete:
                    continue
                shown = "其他任何规则" if other == ALL_RULES else other
                self.out.add(
                    ("stale", rule.id, other),
                    Finding(
                        "overlap.stale",
                        "warning",
                        f"「{name}」{rule.id} 声明与 {shown} 重叠,但两者已不再同时适用;"
                        "请删除「允许重叠」中的这一项",
                        f"{table.matter.id}: {rule.id} declares an overlap with {other}, which no "
                        "longer occurs; remove it from 允许重叠",
                        (rule,) if other == ALL_RULES else (rule, by_id[other]),
                        location=rule.location,
                    ),
                )
            if not complete:
                continue
            live = bool(together) or rule.id in self.won
            if not live:
                self.out.add(
                    ("empty", rule.id),
                    Finding(
                        "empty_condition",
                        "warning",
                        f"「{name}」规则 {rule.id} 的条件不可能同时满足,永远不会适用",
                        f"{table.matter.id}: rule {rule.id} can never apply (its conditions are empty)",
                        (rule,),
                        location=rule.location,
                    ),
                )
            elif (
                table.hit_policy in {HitPolicy.FIRST, HitPolicy.PRIORITY}
                and rule.id not in self.won
            ):
                self.out.add(
                    ("shadow", rule.id),
                    Finding(
                        "shadowed",
                        "warning",
                        f"「{name}」规则 {rule.id} 永远不会适用:凡它适用之处都由别的规则决定",
                        f"{table.matter.id}: rule {rule.id} never decides; other rules win "
                        "wherever it applies",
                        (rule,),
                        location=rule.location,
                    ),
                )
        self.duplicates()

    def duplicates(self) -> None:
        table = self.table
        groups: dict[tuple[object, ...], list[Rule]] = {}
        for rule in table.rules:
            groups.setdefault((frozenset(rule.conditions), outcome_key(rule)), []).append(rule)
        for same in groups.values():
            if len(same) > 1:
                self.out.add(
                    ("dup", same[0].id),
                    Finding(
                        "duplicate",
                        "warning",
                        f"「{table.matter.name}」重复的规则:{_names(same)}",
                        f"{table.matter.id}: duplicate rules {', '.join(r.id for r in same)}",
                        tuple(same),
                    ),
                )


def verify_table(table: DecisionTable) -> list[Finding]:
    """Every finding of one decision table."""
    return _TableCheck(table).run()


def verify(book: RuleBook) -> list[Finding]:
    """Every finding for every table of ``book``, errors first."""
    from routing._verify_deadlines import verify_deadlines  # noqa: PLC0415  # 时限 rows

    findings = [f for table in book.tables for f in verify_table(table)]
    findings.extend(verify_deadlines(book))
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
