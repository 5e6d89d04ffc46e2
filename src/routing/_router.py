"""Compile decision tables once, then route matters by lookup.

Each table is indexed on its amount input: the interval bounds of all rules become sorted
breakpoints, which cut the amount axis into regions (open stretches and the breakpoints themselves).
Every region knows the rules that can match in it, and its outcome when the amount is the only
input (or the table has no other conditions) is computed at compile time. Each matter also gets a
precompiled route (``fast_route``) on its first call: a call is then a type check, two bisects and a
list index, or a dict lookup keyed by the region and the other inputs.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from routing._amounts import format_yuan
from routing._coerce import COERCE, EXACT, LARGEST, MICRO, ZERO, parse_amount_text
from routing._errors import (
    HitPolicyViolation,
    InputError,
    NoRuleError,
    ParseError,
    RoutingError,
)
from routing._model import (
    AmountCondition,
    Decision,
    DecisionTable,
    HitPolicy,
    InputKind,
    Matter,
    Rule,
    RuleBook,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

Outcome = Decision | NoRuleError | HitPolicyViolation
_MEMO_SIZE = 4096  # outcomes kept per matter for (region, other inputs); the rest are computed


def outcome_key(rule: Rule) -> tuple[object, ...]:
    """What a rule says happens, for comparing outcomes: kind, result and chain (by body ids)."""
    chain = rule.chain
    steps = (
        ()
        if chain is None
        else tuple((tuple(b.id for b in s.bodies), s.action, s.mode) for s in chain.steps)
    )
    return (rule.kind, rule.result, steps)


def region_representatives(breakpoints: Sequence[Decimal]) -> list[Decimal]:
    """One amount inside each region: below the first breakpoint, at it, between it and the next…"""
    if not breakpoints:
        return [Decimal(0)]
    points = [breakpoints[0] - 1]
    for index, point in enumerate(breakpoints):
        points.append(point)
        following = breakpoints[index + 1] if index + 1 < len(breakpoints) else point + 2
        points.append((point + following) / 2)
    return points


def region_index(breakpoints: Sequence[Decimal], value: Decimal) -> int:
    """The region of ``value``: even indices are open stretches, odd ones the breakpoints."""
    position = bisect.bisect_left(breakpoints, value)
    if position < len(breakpoints) and breakpoints[position] == value:
        return 2 * position + 1
    return 2 * position


def _describe(matter: Matter, values: Mapping[str, object]) -> str:
    parts = []
    for input_ in matter.inputs:
        value = values.get(input_.id)
        if value is None:
            continue
        shown = (
            format_yuan(value)
            if isinstance(value, Decimal)
            else ("、".join(sorted(value)) if isinstance(value, frozenset) else str(value))
        )
        parts.append(f"{input_.label} = {shown}")
    return ",".join(parts) or "(无输入)"


class CompiledTable:
    """One decision table, indexed for lookup."""

    def __init__(self, table: DecisionTable) -> None:
        self.table = table
        self.index_input = next(
            (c.input for r in table.rules for c in r.conditions if isinstance(c, AmountCondition)),
            None,
        )
        bounds: set[Decimal] = set()
        for rule in table.rules:
            condition = rule.condition(self.index_input) if self.index_input else None
            if isinstance(condition, AmountCondition):
                bounds.update(
                    b for b in (condition.interval.low, condition.interval.high) if b is not None
                )
        self.breakpoints = sorted(bounds)
        self.regions: list[tuple[Rule, ...]] = []
        for point in region_representatives(self.breakpoints):
            self.regions.append(tuple(r for r in table.rules if self._index_matches(r, point)))
        self.unindexed = tuple(r for r in table.rules if self._index_matches(r, None))
        self.static = all(
            all(c.input == self.index_input for c in rule.conditions) for rule in table.rules
        )
        self.memo: dict[tuple[int, ...], Outcome] = {}
        # The outcome of each region when the amount is the only input given (for a static table,
        # whatever the other inputs are): routing is then a bisect and a list index.
        self.outcomes: list[Outcome] = [
            self._resolve(rules, None) if self.static else self.outcome_of(rules, {})
            for rules in self.regions
        ]

    def _index_matches(self, rule: Rule, value: Decimal | None) -> bool:
        condition = rule.condition(self.index_input) if self.index_input else None
        if condition is None:
            return True
        return value is not None and condition.matches(value)

    def decide(self, values: Mapping[str, object]) -> Decision:
        amount = values.get(self.index_input) if self.index_input else None
        if isinstance(amount, Decimal):
            region = region_index(self.breakpoints, amount)
            # Static tables ignore the other inputs; otherwise only the amount was given.
            if self.static or len(values) == 1:
                outcome = self.outcomes[region]
                if isinstance(outcome, Decision):
                    return outcome
                raise self.with_values(outcome, values)
            candidates = self.regions[region]
        else:
            candidates = self.unindexed if self.index_input else self.table.rules
        outcome = self.outcome_of(candidates, values)
        if isinstance(outcome, Decision):
            return outcome
        raise self.with_values(outcome, values)

    def outcome_of(self, candidates: Sequence[Rule], values: Mapping[str, object]) -> Outcome:
        """The outcome among ``candidates`` (a region's rules) for these values, without the values
        in its messages (``with_values`` adds them when it is raised)."""
        matched = [
            r
            for r in candidates
            if all(
                c.matches(values.get(c.input)) for c in r.conditions if c.input != self.index_input
            )
        ]
        # Outcomes depend only on which rules matched: resolve each set once, then look it up.
        # Rows are unique within a sheet; rules built in code without a row are not memoised.
        key = tuple(r.location.row or -1 for r in matched)
        known = self.memo.get(key) if -1 not in key else None
        outcome = known if known is not None else self._resolve(tuple(matched), None)
        self.memo[key] = outcome
        return outcome

    def with_values(
        self, error: NoRuleError | HitPolicyViolation, values: Mapping[str, object]
    ) -> NoRuleError | HitPolicyViolation:
        described = _describe(self.table.matter, values)
        return type(error)(
            error.code,
            f"{described}:{error.message}",
            f"{described}: {error.message_en}",
            location=error.location,
        )

    def _resolve(self, matched: tuple[Rule, ...], values: Mapping[str, object] | None) -> Outcome:
        """Apply the hit policy. A declared gap (无规则 row) takes part like any row under UNIQUE,
        ANY and FIRST (so a FIRST table may end in a catch-all gap); under the other policies a
        real rule always beats it."""
        table = self.table
        policy = table.hit_policy
        prefix = "" if values is None else f"{_describe(table.matter, values)}:"
        prefix_en = "" if values is None else f"{_describe(table.matter, values)}: "
        real = [r for r in matched if not r.is_gap]
        if policy in {HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER}:
            # sorted() is stable: equal priorities keep their row order.
            real.sort(key=lambda r: -table.priority(r))
        strict = policy in {HitPolicy.UNIQUE, HitPolicy.ANY, HitPolicy.FIRST}
        considered = list(matched) if strict else real
        if len(considered) > 1 and (
            policy is HitPolicy.UNIQUE
            or (policy is HitPolicy.ANY and len({outcome_key(r) for r in considered}) > 1)
        ):
            names = "、".join(f"{r.id}({r.location})" for r in considered)
            return HitPolicyViolation(
                f"hit_policy.{policy.name.lower()}",
                f"{prefix}命中策略为{policy.chinese},却有多条规则同时适用:{names}",
                f"{prefix_en}the hit policy is {policy.name} but several rules match: "
                + ", ".join(f"{r.id} ({r.location})" for r in considered),
                location=considered[0].location,
            )
        first = considered[0] if considered else next(iter(matched), None)
        if first is None or first.is_gap:
            if first is not None:
                note = f"。{first.citation.note}" if first.citation.note else ""
                return NoRuleError(
                    "no_rule.declared",
                    f"{prefix}文本未规定由谁决定({first.citation.clause}{note})",
                    f"{prefix_en}the text names no body for this ({first.citation.clause}; "
                    f"declared gap at {first.location})",
                    location=first.location,
                )
            return NoRuleError(
                "no_rule.gap",
                f"{prefix}没有规则覆盖这一情形(事项 {table.matter.id})",
                f"{prefix_en}no rule of {table.matter.id} covers these inputs",
                location=table.location,
            )
        others = tuple(r for r in considered if r is not first and not r.is_gap)
        return Decision(
            matter=table.matter,
            rule=first,
            hit_policy=policy,
            alternatives=others,
            hits=(first, *others) if not policy.single_hit else (first,),
        )


def fast_route(
    compiled: CompiledTable, checked: Callable[[Mapping[str, Any]], Decision]
) -> Callable[[Mapping[str, Any]], Decision] | None:
    """A route for one matter that does only what the common call needs: inputs given by id, the
    amount a Decimal or text (parsed once per text), then a bisect and an outcome computed once per
    region and other-input values. Anything else (a Chinese input name, a missing or unknown
    input, a bad value) goes to ``checked``, the full path, which gives the same answers and the
    errors. ``None`` for a table without an amount to index."""
    index = compiled.index_input
    matter = compiled.table.matter
    # The ids ``Matter.input`` resolves to their own input (not to another's Chinese label).
    ids = frozenset(i.id for i in matter.inputs if matter.input(i.id) is i)
    if index not in ids or matter.input(index).kind is not InputKind.AMOUNT:  # type: ignore[union-attr]  # in ids
        return None
    others = tuple(i for i in matter.inputs if i.id != index)
    required = tuple(i.id for i in others if i.required)
    breakpoints = compiled.breakpoints
    alone = (
        None if required else [o if isinstance(o, Decision) else None for o in compiled.outcomes]
    )
    regions = compiled.regions
    memo: dict[tuple[object, ...], Outcome] = {}
    left, right = bisect.bisect_left, bisect.bisect_right
    add = EXACT.add

    def route(inputs: Mapping[str, Any]) -> Decision:
        amount = inputs.get(index)
        # exact_amount, inlined: this is the line every call takes.
        if not (
            type(amount) is Decimal
            and amount.is_finite()
            and ZERO <= amount < LARGEST
            and add(amount, MICRO).same_quantum(MICRO)
        ):
            if type(amount) is not str:
                return checked(inputs)
            try:
                amount = parse_amount_text(amount)
            except ParseError:
                return checked(inputs)
        # region_index in one expression: the two bisects differ exactly at a breakpoint.
        region = left(breakpoints, amount) + right(breakpoints, amount)
        if alone is not None and len(inputs) == 1:
            decision = alone[region]
            if decision is not None:
                return decision
            raise compiled.with_values(compiled.outcomes[region], {index: amount})  # type: ignore[arg-type]  # not a Decision here
        if not inputs.keys() <= ids or any(inputs.get(i) is None for i in required):
            return checked(inputs)
        values: dict[str, object] = {index: amount}
        try:
            for input_ in others:
                raw = inputs.get(input_.id)
                if raw is not None:
                    values[input_.id] = COERCE[input_.kind](raw, input_)
        except ParseError:
            return checked(inputs)
        key = (region, *(values.get(i.id) for i in others))
        known = memo.get(key)
        if known is None:
            known = compiled.outcome_of(regions[region], values)
            if len(memo) < _MEMO_SIZE:
                memo[key] = known
        if isinstance(known, Decision):
            return known
        raise compiled.with_values(known, values)

    return route


class CompiledTables(Mapping[str, CompiledTable]):
    """Each table compiled on first use: a run that routes one matter compiles one table."""

    def __init__(self, tables: Mapping[str, DecisionTable]) -> None:
        self.tables = tables
        self.done: dict[str, CompiledTable] = {}

    def __getitem__(self, matter_id: str) -> CompiledTable:
        compiled = self.done.get(matter_id)
        if compiled is None:
            compiled = self.done[matter_id] = CompiledTable(self.tables[matter_id])
        return compiled

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)


class Router:
    """All tables of a rule book, compiled on first use; ``route`` answers one matter."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.tables = {table.matter.id: table for table in book.tables}
        self.compiled = CompiledTables(self.tables)
        self.by_name = {table.matter.name: table.matter.id for table in book.tables}
        # The precompiled route of each matter routed so far (``fast_route``), under its id and
        # its Chinese name; an id always means its own matter, as in ``matter``.
        self.fast: dict[str, Callable[[Mapping[str, Any]], Decision]] = {}
        self.slow: set[str] = set()  # matters without one

    def matter(self, name: str) -> Matter:
        matter_id = name if name in self.tables else self.by_name.get(name)
        if matter_id is None:
            known = "、".join(f"{t.matter.id}({t.matter.name})" for t in self.book.tables)
            raise InputError(
                "matter.unknown",
                f"{self.book.jurisdiction} 没有事项「{name}」,可用:{known}",
                f"{self.book.jurisdiction} has no matter {name!r}; known matters: "
                + ", ".join(t.matter.id for t in self.book.tables),
            )
        return self.tables[matter_id].matter

    def coerce(self, name: str, inputs: Mapping[str, Any]) -> dict[str, object]:
        matter = self.matter(name)
        values: dict[str, object] = {}
        for key, raw in inputs.items():
            input_ = matter.input(key)
            if input_ is None:
                known = "、".join(f"{i.id}({i.label})" for i in matter.inputs)
                raise InputError(
                    "input.unknown",
                    f"事项 {matter.id} 没有输入「{key}」,可用:{known}",
                    f"{matter.id} has no input {key!r}; its inputs are: "
                    + ", ".join(i.id for i in matter.inputs),
                )
            if raw is None:
                continue
            try:
                values[input_.id] = COERCE[input_.kind](raw, input_)
            except ParseError as error:
                raise InputError.from_parse(error, input_.id) from None
        missing = [i for i in matter.inputs if i.required and i.id not in values]
        if missing:
            raise InputError(
                "input.missing",
                f"事项 {matter.id} 缺少必填输入:"
                + "、".join(f"{i.id}({i.label})" for i in missing),
                f"{matter.id} needs the inputs: " + ", ".join(i.id for i in missing),
            )
        return values

    def route(self, name: str, inputs: Mapping[str, Any]) -> Decision:
        fast = self.fast.get(name)
        if fast is not None:
            return fast(inputs)
        return self.route_checked(name, inputs)

    def route_checked(self, name: str, inputs: Mapping[str, Any]) -> Decision:
        """The full path: every input checked and coerced, then the compiled table decides. The
        first call for a matter also installs its fast route for the calls after it."""
        matter = self.matter(name)
        compiled = self.compiled[matter.id]
        if matter.id not in self.fast and matter.id not in self.slow:
            route = fast_route(compiled, functools.partial(self.route_checked, matter.id))
            if route is None:
                self.slow.add(matter.id)
            else:
                self.fast[matter.id] = route
                if matter.name not in self.tables:
                    self.fast[matter.name] = route
        return compiled.decide(self.coerce(matter.id, inputs))

    def route_batch(
        self, name: str, inputs: Iterable[Mapping[str, Any]]
    ) -> list[Decision | RoutingError]:
        """Route many cases of one matter: each gets its decision or its error, in order, and one
        bad case never stops the rest (like ``evaluate_batch`` of rules engines). An unknown matter
        raises, as it concerns every case."""
        matter_id = self.matter(name).id
        results: list[Decision | RoutingError] = []
        for values in inputs:
            route = self.fast.get(matter_id)  # installed by the first call
            try:
                results.append(route(values) if route else self.route_checked(matter_id, values))
            except RoutingError as error:
                results.append(error)
        return results
