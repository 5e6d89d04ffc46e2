"""A brute-force oracle: the definition of every hit policy, applied by scanning every rule.

Written from the DMN definitions (and docs/workbook.md), not from ``routing._space``, so that the
router, check and diff can each be compared with it. Candidate points are built from the table's
own bounds and values, independently of the decision space's axes.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from routing import HitPolicy, InputKind

MICRO = Decimal("0.000001")
FEN = Decimal("0.01")


def matched(table, values):
    """The rules whose every condition holds, in row order."""
    return [r for r in table.rules if all(c.matches(values.get(c.input)) for c in r.conditions)]


def _chain_key(rule):
    chain = rule.chain
    steps = (
        () if chain is None else tuple((tuple(b.id for b in s.bodies), s.mode) for s in chain.steps)
    )
    return (rule.kind, rule.result, steps)


def _priority(table, rule):
    if not rule.deciders:
        return -2
    if table.output_order:
        order = table.output_order
        return max(len(order) - order.index(b.id) if b.id in order else -1 for b in rule.deciders)
    return max(b.rank for b in rule.deciders)


def oracle(table, values):
    """``("violation",)``, ``("gap",)``, ``("declared", rule id)`` or ``("rule", id, hits)``."""
    hits = matched(table, values)
    policy = table.hit_policy
    stated = [r for r in hits if not r.is_gap]
    if policy is HitPolicy.UNIQUE:
        if len(hits) > 1:
            return ("violation",)
        considered = hits
    elif policy is HitPolicy.ANY:
        if len({_chain_key(r) for r in hits}) > 1:
            return ("violation",)
        considered = hits
    elif policy is HitPolicy.FIRST:
        considered = hits
    elif policy in {HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER}:
        # Stable: equal priorities keep their row order.
        considered = sorted(stated, key=lambda r: -_priority(table, r)) or hits
    else:  # COLLECT, RULE ORDER: every stated hit in row order
        considered = stated or hits
    if not considered:
        return ("gap",)
    first = considered[0]
    if first.is_gap:
        return ("declared", first.id)
    multi = policy in {HitPolicy.COLLECT, HitPolicy.RULE_ORDER, HitPolicy.OUTPUT_ORDER}
    others = tuple(r.id for r in considered[1:] if not r.is_gap) if multi else ()
    return ("rule", first.id, (first.id, *others))


def observed(table, decide):
    """What a call of the library gives, in the oracle's terms."""
    from routing import HitPolicyViolation, NoRuleError

    try:
        decision = decide()
    except HitPolicyViolation:
        return ("violation",)
    except NoRuleError as error:
        if error.code == "no_rule.gap":
            return ("gap",)
        return ("declared", next(r.id for r in table.rules if r.location == error.location))
    return ("rule", decision.rule.id, tuple(r.id for r in decision.hits))


def candidate_amounts(table, input_id="amount"):
    """Every bound, a millionth and a fen either side, midpoints, 0 and far above."""
    bounds = {Decimal(0)}
    for rule in table.rules:
        condition = rule.condition(input_id)
        interval = getattr(condition, "interval", None)
        if interval is not None:
            bounds.update(b for b in (interval.low, interval.high) if b is not None and b >= 0)
    points = set()
    for b in bounds:
        points.update({b, b + MICRO, b + FEN, b - MICRO, b - FEN})
    ordered = sorted(bounds)
    points.update(((a + b) / 2).quantize(MICRO) for a, b in itertools.pairwise(ordered))
    points.add(ordered[-1] + 1)
    return sorted(p for p in points if p >= 0)


def candidate_values(table):
    """Every combination of candidate values of the table's inputs (None: not given)."""
    axes = []
    for input_ in table.matter.inputs:
        if input_.kind is InputKind.AMOUNT:
            values = list(candidate_amounts(table, input_.id))
        elif input_.kind is InputKind.BOOLEAN:
            values = [True, False]
        elif input_.kind is InputKind.ENUM:
            values = [c.id for c in input_.choices]
        elif input_.kind is InputKind.SET:
            ids = [c.id for c in input_.choices]
            values = [
                frozenset(s) for n in range(len(ids) + 1) for s in itertools.combinations(ids, n)
            ]
        else:
            literals = {
                v
                for r in table.rules
                for c in r.conditions
                if c.input == input_.id
                for v in c.values
            }
            values = [*sorted(literals), "其他的话"]
        if not input_.required:
            values.append(None)
        axes.append([(input_.id, v) for v in values])
    for combo in itertools.product(*axes):
        yield {k: v for k, v in combo if v is not None}
