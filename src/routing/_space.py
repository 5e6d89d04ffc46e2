"""The decision space of one table, compiled once: the router answers from it, ``check`` walks it,
``diff`` compares two, ``show`` draws one.

The input space is the product of the table's axes (``_axes``): the amount axis (the *primary* one,
indexed by bisection) and one axis per other input some rule conditions on. A *region* is a cell of
every other axis and a run of amount cells where the same rules match; its outcome is what the hit
policy makes of those rules (``resolve``, the one place hit policies are applied). A region's
witness — one representative value per input — routes like every point of the region.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import attrs

from routing._axes import AmountAxis, Axis, any_value, make_axis, merged_interval, span_text
from routing._book import Decision
from routing._cells import boundary_hint
from routing._errors import HitPolicyViolation, NoRuleError
from routing._model import HitPolicy, InputKind, Rule
from routing._words import outcome_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from routing._model import DecisionTable, Input
    from routing._ranges import Interval

Outcome = Decision | NoRuleError | HitPolicyViolation
MAX_CONTEXTS = 200_000
"""At most this many combinations of the inputs other than the amount are walked; beyond, the walk
is cut short and says so (``truncated``)."""
_MEMO_SIZE = 65_536


def outcome_key(rule: Rule) -> tuple[object, ...]:
    """What a rule says happens, for comparing outcomes: kind, result and chain (by body ids)."""
    chain = rule.chain
    steps = (
        ()
        if chain is None
        else tuple((tuple(b.id for b in s.bodies), s.action, s.mode) for s in chain.steps)
    )
    return (rule.kind, rule.result, steps)


def outcome_words(outcome: Outcome) -> tuple[tuple[object, ...], str]:
    """An outcome as a comparable key and in words: the rule's, or why nothing decides."""
    if isinstance(outcome, Decision):
        return outcome_key(outcome.rule), outcome_text(outcome.rule)
    return ("error", outcome.code), f"无结果({outcome.code})"


def resolve(table: DecisionTable, matched: Sequence[Rule]) -> Outcome:
    """Apply the table's hit policy to the rules that match (in row order).

    A declared gap (无规则 row) takes part like any row under UNIQUE, ANY and FIRST (so a FIRST table
    may end in a catch-all gap); under the other policies a stated rule always beats it. PRIORITY and
    OUTPUT ORDER sort by ``DecisionTable.priority`` (stable: equal priorities keep row order);
    COLLECT, RULE ORDER and OUTPUT ORDER return every stated hit.
    """
    policy = table.hit_policy
    stated = [r for r in matched if not r.is_gap]
    if policy in {HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER}:
        stated.sort(key=lambda r: -table.priority(r))
    strict = policy in {HitPolicy.UNIQUE, HitPolicy.ANY, HitPolicy.FIRST}
    considered = list(matched) if strict else stated
    if len(considered) > 1 and (
        policy is HitPolicy.UNIQUE
        or (policy is HitPolicy.ANY and len({outcome_key(r) for r in considered}) > 1)
    ):
        names = "、".join(f"{r.id}({r.location})" for r in considered)
        hint, hint_en = boundary_hint(considered)
        return HitPolicyViolation(
            f"hit_policy.{policy.name.lower()}",
            f"命中策略为{policy.chinese},却有多条规则同时适用:{names}{hint}",
            f"the hit policy is {policy.name} but several rules match: "
            + ", ".join(f"{r.id} ({r.location})" for r in considered)
            + hint_en,
            location=considered[0].location,
        )
    first = considered[0] if considered else next(iter(matched), None)
    if first is None:
        return NoRuleError(
            "no_rule.gap",
            f"没有规则覆盖这一情形(事项 {table.matter.id})",
            f"no rule of {table.matter.id} covers these inputs",
            location=table.location,
        )
    if first.is_gap:
        note = f"。{first.citation.note}" if first.citation.note else ""
        return NoRuleError(
            "no_rule.declared",
            f"文本未规定由谁决定({first.citation.clause}{note})",
            f"the text names no body for this ({first.citation.clause}; "
            f"declared gap at {first.location})",
            location=first.location,
            citation=first.citation,
        )
    others = tuple(r for r in considered if r is not first and not r.is_gap)
    return Decision(
        matter=table.matter,
        rule=first,
        hit_policy=policy,
        alternatives=others,
        hits=(first, *others) if not policy.single_hit else (first,),
    )


@attrs.frozen
class Region:
    """Where the same rules match: one cell of every other axis (``context``) and the amount cells
    ``first``…``last`` (both 0 in a table without an amount)."""

    context: tuple[int, ...]
    first: int
    last: int
    rules: tuple[Rule, ...]
    outcome: Outcome = attrs.field(eq=False)


def _axis_inputs(table: DecisionTable, compared: DecisionTable | None) -> list[Input]:
    # The first input of an id wins, as in ``Matter.input`` (which the parser and router use).
    inputs: dict[str, Input] = {}
    for item in table.matter.inputs:
        inputs.setdefault(item.id, item)
    if compared is not None:
        for item in compared.matter.inputs:
            inputs.setdefault(item.id, item)
    rules = (*table.rules, *(compared.rules if compared else ()))
    return [i for i in inputs.values() if any(r.condition(i.id) for r in rules)]


class DecisionSpace:
    """The regions of one table. With ``compared`` (another version of the table, for ``diff``) the
    axes are cut where either table puts a bound, so both spaces share one partition."""

    def __init__(
        self,
        table: DecisionTable,
        compared: DecisionTable | None = None,
        *,
        inputs: Sequence[Input] | None = None,
    ) -> None:
        self.table = table
        rules = table.rules
        seen = compared.rules if compared is not None else ()
        chosen = _axis_inputs(table, compared) if inputs is None else inputs
        axes = [make_axis(i, rules, seen) for i in chosen]
        amounts = [a for a in axes if isinstance(a, AmountAxis)]
        primary = next((a for a in amounts if a.input.kind is InputKind.AMOUNT), None)
        self.primary: AmountAxis | None = primary or next(iter(amounts), None)
        self.others: tuple[Axis, ...] = tuple(a for a in axes if a is not self.primary)
        self.full = (1 << len(rules)) - 1
        self.truncated = False
        self._outcomes: dict[tuple[int, ...], Outcome] = {}

    @classmethod
    def pair(cls, old: DecisionTable, new: DecisionTable) -> tuple[DecisionSpace, DecisionSpace]:
        """Spaces of two versions of a table on one partition: the same axes, cut where either
        puts a bound, each input as the new version declares it."""
        inputs = _axis_inputs(new, old)
        return cls(old, new, inputs=inputs), cls(new, old, inputs=inputs)

    # -- looking up ------------------------------------------------------------------------
    def matching(self, cell: int, context_mask: int) -> tuple[int, ...]:
        """The indices of the rules matching amount cell ``cell`` within a context's rules."""
        if self.primary is None:
            return tuple(i for i in range(len(self.table.rules)) if context_mask >> i & 1)
        members = self.primary.members[cell]
        if context_mask == self.full:
            return members
        return tuple(i for i in members if context_mask >> i & 1)

    def outcome_of(self, indices: tuple[int, ...]) -> Outcome:
        """The outcome when exactly these rules match; each set is resolved once."""
        known = self._outcomes.get(indices)
        if known is None:
            known = resolve(self.table, [self.table.rules[i] for i in indices])
            if len(self._outcomes) < _MEMO_SIZE:
                self._outcomes[indices] = known
        return known

    def context_mask(self, context: Sequence[int]) -> int:
        mask = self.full
        for axis, cell in zip(self.others, context, strict=True):
            mask &= axis.masks[cell]
        return mask

    def locate(self, values: Mapping[str, object]) -> tuple[int, tuple[int, ...]]:
        """The amount cell and the other axes' cells of coerced input values."""
        cell = 0 if self.primary is None else self.primary.locate(values.get(self.primary.input.id))
        return cell, tuple(axis.locate(values.get(axis.input.id)) for axis in self.others)

    def decide(self, values: Mapping[str, object]) -> Outcome:
        """The outcome for coerced input values (inputs no rule looks at are ignored)."""
        cell, context = self.locate(values)
        return self.outcome_of(self.matching(cell, self.context_mask(context)))

    # -- walking ---------------------------------------------------------------------------
    def contexts(self) -> Iterator[tuple[tuple[int, ...], int]]:
        """Every combination of the other axes' cells, with the mask of the rules it admits."""
        product = itertools.product(*(range(len(axis.cells)) for axis in self.others))
        for count, context in enumerate(product):
            if count >= MAX_CONTEXTS:
                self.truncated = True
                return
            yield context, self.context_mask(context)

    def regions(self, context: tuple[int, ...] | None = None) -> Iterator[Region]:
        """The regions of the space (or of one context), amount runs merged where the same rules
        match; unreachable amount stretches (no valid amount inside) are skipped."""
        contexts = (
            self.contexts() if context is None else iter([(context, self.context_mask(context))])
        )
        for ctx, mask in contexts:
            run: tuple[int, int, tuple[int, ...]] | None = None
            for cell in self.reachable_cells():
                found = self.matching(cell, mask)
                if run is not None and run[2] == found:
                    run = (run[0], cell, found)
                    continue
                if run is not None:
                    yield self._region(ctx, *run)
                run = (cell, cell, found)
            if run is not None:
                yield self._region(ctx, *run)

    def _region(
        self, context: tuple[int, ...], first: int, last: int, found: tuple[int, ...]
    ) -> Region:
        rules = tuple(self.table.rules[i] for i in found)
        return Region(context, first, last, rules, self.outcome_of(found))

    def reachable_cells(self) -> list[int]:
        if self.primary is None:
            return [0]
        cached = self.__dict__.get("_reachable")
        if cached is None:
            cached = [n for n, c in enumerate(self.primary.cells) if c.reachable]
            self.__dict__["_reachable"] = cached
        return cached

    # -- describing ------------------------------------------------------------------------
    def interval(self, region: Region) -> Interval | None:
        """The amounts a region covers; ``None`` without an amount axis or when not given."""
        if self.primary is None or region.first >= self.primary.given:
            return None
        return merged_interval(self.primary, region.first, region.last)

    def where(self, region: Region, *, only: Sequence[int] | None = None) -> list[str]:
        """The region in the workbook's words, one part per axis: ``20万 < 金额 ≤ 30万``,
        ``三重一大 = 是``. ``only`` keeps the other axes by position (all by default)."""
        parts = []
        if self.primary is not None:
            parts.append(
                self.primary.cells[region.first].label
                if region.first >= self.primary.given
                else span_text(self.primary, region.first, region.last)
            )
        for position, (axis, cell) in enumerate(zip(self.others, region.context, strict=True)):
            if only is None or position in only:
                parts.append(axis.cells[cell].label)
        return parts

    def summarize(self, contexts: Iterable[tuple[int, ...]]) -> list[str]:
        """Contexts described as few conjunctions in the workbook's words; an input whose every
        value occurs is left out (``["事项类别 = 财政预算、重大规划"]``; ``["任意输入"]`` for all)."""
        return [", ".join(parts) or "任意输入" for parts in self._cover(sorted(set(contexts)), 0)]

    def _cover(self, contexts: list[tuple[int, ...]], position: int) -> list[list[str]]:
        if position == len(self.others) or not contexts:
            return [[]]
        groups: dict[int, list[tuple[int, ...]]] = {}
        for context in contexts:
            groups.setdefault(context[position], []).append(context)
        alike: dict[tuple[tuple[str, ...], ...], list[int]] = {}
        for cell, members in groups.items():
            described = tuple(tuple(part) for part in self._cover(members, position + 1))
            alike.setdefault(described, []).append(cell)
        axis = self.others[position]
        out: list[list[str]] = []
        for described, cells in alike.items():
            if len(cells) == len(axis.cells):
                head: list[str] = []
            elif len(cells) == 1:
                head = [axis.cells[cells[0]].label]
            else:
                values = "、".join(axis.cells[c].text for c in sorted(cells))
                head = [f"{axis.input.label} = {values}"]
            out.extend([*head, *part] for part in described)
        return out

    def witness(self, region: Region) -> dict[str, object]:
        """One input value per axis that routes like the whole region (not-given inputs left out)."""
        values: dict[str, object] = {}
        if self.primary is not None:
            value = self.primary.cells[region.first].value
            if value is not None:
                values[self.primary.input.id] = value
        for axis, cell in zip(self.others, region.context, strict=True):
            value = axis.cells[cell].value
            if value is not None:
                values[axis.input.id] = value
        for input_ in self.table.matter.inputs:
            if input_.required and input_.id not in values:
                values[input_.id] = any_value(input_)  # no rule looks at it: any value will do
        return values
