"""Every shipped matter against zen-engine, per call and per batch, decided and error cases.

    .venv/bin/python bench/bench_matters.py [CALLS]     # 2,000 calls per case list; ~4 minutes
    .venv/bin/python bench/bench_matters.py --slowest 15
    .venv/bin/python bench/bench_matters.py 1000 --only mengla,wolong.leave

Needs the ``bench`` extra (``zen-engine``; ``pip install -e '.[bench]'``). For each matter of each
shipped rule book, the table is translated into a JDM decision table (one row per rule, in the
order routing's hit policy resolves an overlap; FIRST for single-hit tables, COLLECT for
multi-hit ones; the output is the rule id), and the cases are drawn from the compiled decision
space: every combination of each input's cells (an amount's breakpoints and the stretches between,
each choice, yes/no, not given), sampled down to 256 when there are more. The cases routing decides
are the *decided* list; those it answers with an error (a gap, a missing input), plus one bad value
per input (``未知值``, ``abc``), the *error* list. Every decided case is checked: zen's first (or
collected) rule id is the rule routing chose.

Timed, best of ``ROUNDS`` passes over every matter (a slow moment of the machine, which here lasts
seconds, falls on one pass of a matter, not on all of them), each list repeated to ``CALLS`` calls:
``book.route(matter, **case)`` against ``ZenEngine.evaluate(key, context)``, and
``book.route_batch(matter, cases)`` against ``ZenEngine.evaluate_batch(requests)``. Targets
(issue 16): route ≥ 2× zen evaluate, route_batch ≥ 10× zen evaluate_batch, for every matter.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from _jdm import jdm_graph

import routing
from routing import AmountCondition, BooleanCondition, EnumCondition, HitPolicy
from routing._api import shipped_jurisdictions

try:
    import zen
except ImportError:
    sys.exit("bench_matters needs zen-engine: .venv/bin/python -m pip install -e '.[bench]'")

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing import DecisionTable, Rule

ROUNDS = 5
MAX_CASES = 256
SAMPLE_VALUES = {
    "enum": "government",
    "set": ["fiscal_tax"],
    "date": "2026-10-09",
    "text": "议题",
    "number": 1,
    "amount": Decimal(1),
    "boolean": True,
}
BAD_VALUES = {"amount": "abc", "number": "abc", "boolean": "也许", "date": "2026-13-01"}


def ordered_rules(table: DecisionTable) -> list[Rule]:
    """The rows in the order routing resolves an overlap: as written under FIRST; else a stated
    rule before a declared gap, and under PRIORITY / OUTPUT ORDER the higher body first."""
    if table.hit_policy is HitPolicy.FIRST:
        return list(table.rules)
    real = [r for r in table.rules if not r.is_gap]
    if table.hit_policy in {HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER}:
        real.sort(key=lambda r: -table.priority(r))
    return real + [r for r in table.rules if r.is_gap]


def number(value: Decimal) -> str:
    return format(value, "f")


def feel(condition: object, *, is_set: bool) -> str:
    """A zen expression cell (``$`` is the input) for one condition; a missing input never
    matches, as in routing. A set input (a list) matches when any member is listed."""
    if isinstance(condition, BooleanCondition):
        return f"$ == {'true' if condition.value else 'false'}"
    if isinstance(condition, EnumCondition):
        values = json.dumps(sorted(condition.values), ensure_ascii=False)
        test = f"some($, # in {values})" if is_set else f"$ in {values}"
        return f"$ != null and not({test})" if condition.negated else f"$ != null and {test}"
    assert isinstance(condition, AmountCondition)
    interval = condition.interval
    parts = ["$ != null"]
    if interval.low is not None:
        parts.append(f"$ {'>=' if interval.low_closed else '>'} {number(interval.low)}")
    if interval.high is not None:
        parts.append(f"$ {'<=' if interval.high_closed else '<'} {number(interval.high)}")
    return " and ".join(parts)


def zen_model(table: DecisionTable) -> dict[str, object]:
    inputs = [i.id for i in table.matter.inputs]
    sets = {i.id for i in table.matter.inputs if i.kind.value == "set"}
    rules = []
    for rule in ordered_rules(table):
        cells = dict.fromkeys(inputs, "")
        for condition in rule.conditions:
            cells[condition.input] = feel(condition, is_set=condition.input in sets)
        rules.append({"_id": rule.id, **cells, "rule": json.dumps(rule.id)})
    single = table.hit_policy.single_hit
    return jdm_graph(table.matter.id, inputs, "rule", rules, "first" if single else "collect")


def raw(value: object) -> object:
    """A cell's value as a caller passes it (a set as a list of ids)."""
    return sorted(value) if isinstance(value, frozenset) else value


def json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def cases_of(book: routing.RuleBook, matter_id: str) -> list[dict[str, Any]]:
    space = book.router.space(matter_id)
    matter = book.router.matter(matter_id)
    axes = ([space.primary] if space.primary is not None else []) + list(space.others)
    on_axes = {axis.input.id for axis in axes}
    fixed = {
        i.id: SAMPLE_VALUES[i.kind.value]
        for i in matter.inputs
        if i.required and i.id not in on_axes
    }
    for i in matter.inputs:  # a required enum off the axes gets its own first choice
        if i.id in fixed and i.choices:
            fixed[i.id] = i.choices[0].id
    ids = [axis.input.id for axis in axes]
    combos = list(itertools.product(*([c.value for c in axis.cells] for axis in axes)))
    if len(combos) > MAX_CASES:
        combos = random.Random(7).sample(combos, MAX_CASES)
    cases = []
    for combo in combos:
        case = dict(fixed)
        case.update({k: raw(v) for k, v in zip(ids, combo, strict=True) if v is not None})
        cases.append(case)
    return cases


def bad_cases(book: routing.RuleBook, matter_id: str, good: dict[str, Any]) -> list[dict[str, Any]]:
    matter = book.router.matter(matter_id)
    bad = []
    for input_ in matter.inputs:
        value = "未知值" if input_.choices else BAD_VALUES.get(input_.kind.value)
        if value is not None:
            bad.append({**good, input_.id: value})
    return bad


def timed(runs: list[Callable[[], object]], calls: int) -> list[float]:
    """µs per call of each run, one after the other (routing and zen in turn)."""
    times = []
    for run in runs:
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) / calls * 1e6)
    return times


def runs_of(
    book: routing.RuleBook,
    engine: Any,
    key: str,
    matter_id: str,
    *,
    cases: list[dict[str, Any]],
    calls: int,
) -> list[Callable[[], object]]:
    """The four timed runs of one list of cases: route, zen evaluate, route_batch, zen batch."""
    repeated = (cases * (calls // len(cases) + 1))[:calls]
    contexts = [{k: json_value(v) for k, v in c.items()} for c in repeated]
    requests = [{"key": key, "context": c} for c in contexts]
    route, evaluate = book.route, engine.evaluate
    error = routing.RoutingError

    def per_call() -> None:
        for case in repeated:
            try:  # noqa: SIM105  # a timed loop: suppress() would add a context manager per call
                route(matter_id, **case)
            except error:
                pass

    def zen_per_call() -> None:
        for context in contexts:
            try:  # noqa: SIM105  # a timed loop, as above
                evaluate(key, context)
            except RuntimeError:  # a value zen cannot compare ("abc" for an amount)
                pass

    return [
        per_call,
        zen_per_call,
        lambda: book.route_batch(matter_id, repeated),
        lambda: engine.evaluate_batch(requests),
    ]


def zen_engine(key: str, model: dict[str, object]) -> Any:
    """An engine holding one model in memory (zen's static loader): its fastest ``evaluate``.
    An ``fs`` loader engine made before its folder's files were written answers about 8 times
    slower per call (zen-engine 2.1.3, measured 2026-12-02), which this bench did until then."""
    return zen.ZenEngine({"loader": {"type": "static", "content": {key: model}}})


def check(
    book: routing.RuleBook, engine: Any, key: str, matter_id: str, decided: list[dict[str, Any]]
) -> int:
    """Decided cases where zen's rule is not routing's."""
    wrong = 0
    for case in decided:
        decision = book.route(matter_id, **case)
        result = engine.evaluate(key, {k: json_value(v) for k, v in case.items()})["result"]
        rules = [r["rule"] for r in result] if isinstance(result, list) else [result.get("rule")]
        wrong += decision.rule.id not in rules[:1] and decision.rule.id not in rules
    return wrong


def main() -> None:
    args = sys.argv[1:]
    slowest = 10
    if "--slowest" in args:
        at = args.index("--slowest")
        slowest = int(args[at + 1])
        del args[at : at + 2]
    only = None
    if "--only" in args:  # e.g. --only mengla or --only mengla.fund_adjustment,wolong
        at = args.index("--only")
        only = args[at + 1].split(",")
        del args[at : at + 2]
    calls = int(args[0]) if args else 2_000
    prepared = []
    for place in shipped_jurisdictions():
        book = routing.load(place)
        for table in book.tables:
            matter_id = table.matter.id
            if only is not None and not {place, f"{place}.{matter_id}"} & set(only):
                continue
            key = f"{place}.{matter_id}"
            engine = zen_engine(key, zen_model(table))
            decided, errors = [], []
            for case in cases_of(book, matter_id):
                try:
                    book.route(matter_id, **case)
                except routing.RoutingError:
                    errors.append(case)
                else:
                    decided.append(case)
            errors += bad_cases(book, matter_id, decided[0] if decided else {})
            wrong = check(book, engine, key, matter_id, decided)
            for label, cases in (("decided", decided), ("error", errors)):
                if cases:
                    runs = runs_of(book, engine, key, matter_id, cases=cases, calls=calls)
                    prepared.append(((place, matter_id, label, len(cases), wrong), runs))
    best = [[float("inf")] * 4 for _ in prepared]
    for _ in range(ROUNDS):
        for (_, runs), fastest in zip(prepared, best, strict=True):
            fastest[:] = map(min, fastest, timed(runs, calls))
    rows = [(*about, *fastest) for (about, _), fastest in zip(prepared, best, strict=True)]
    report(rows, slowest)


def report(rows: list[tuple[Any, ...]], slowest: int) -> None:
    header = (
        "| matter | cases | route µs | zen evaluate µs | zen ÷ route | route_batch µs "
        "| zen batch µs | zen batch ÷ route_batch |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|"
    for label in ("decided", "error"):
        chosen = [r for r in rows if r[2] == label]
        if not chosen:
            continue
        per_call = sorted(chosen, key=lambda r: r[6] / r[5])
        batch = sorted(chosen, key=lambda r: r[8] / r[7])
        for by, ordered in (("zen ÷ route", per_call), ("zen batch ÷ route_batch", batch)):
            print(f"\n{label} cases: {len(chosen)} matters; slowest {slowest} by {by}")
            print(header + "\n" + rule)
            for place, matter, _, count, _, route, zen_one, many, zen_many in ordered[:slowest]:
                print(
                    f"| {place} {matter} | {count} | {route:.2f} | {zen_one:.2f} | "
                    f"{zen_one / route:.1f} | {many:.2f} | {zen_many:.2f} | {zen_many / many:.1f} |"
                )
        low_call = per_call[0][6] / per_call[0][5]
        low_batch = batch[0][8] / batch[0][7]
        calls_met = sum(r[6] / r[5] >= 2 for r in chosen)
        batches_met = sum(r[8] / r[7] >= 10 for r in chosen)
        middle = len(chosen) // 2
        print(
            f"{calls_met} of {len(chosen)} matters ≥ 2× per call (median "
            f"{per_call[middle][6] / per_call[middle][5]:.1f}×), {batches_met} ≥ 10× per batch "
            f"(median {batch[middle][8] / batch[middle][7]:.1f}×)"
        )
        print(
            f"lowest zen ÷ route {low_call:.1f}x ({per_call[0][0]} {per_call[0][1]}; target ≥ 2): "
            f"{'met' if low_call >= 2 else 'NOT met'}; lowest zen batch ÷ route_batch "
            f"{low_batch:.1f}x ({batch[0][0]} {batch[0][1]}; target ≥ 10): "
            f"{'met' if low_batch >= 10 else 'NOT met'}"
        )
    wrong = sum(r[4] for r in rows if r[2] == "decided")
    checked = sum(r[3] for r in rows if r[2] == "decided")
    print(f"\n{checked:,} decided cases checked against zen: {wrong} disagree")
    if wrong:
        for r in rows:
            if r[2] == "decided" and r[4]:
                print(f"  {r[0]} {r[1]}: {r[4]} of {r[3]}")


if __name__ == "__main__":
    main()
