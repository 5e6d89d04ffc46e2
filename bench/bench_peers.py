"""routing against its peers on Mengla's fund table, in one process, on the same amounts.

    bash bench/run-peers [N]                  # one command: .venv, the `bench` extra, this script
    .venv/bin/python bench/bench_peers.py [N] # with the extra already installed

Generates N amounts (default 100,000; seeded) over every stretch of the fund_adjustment table,
with each threshold and one fen either side, then times, per decision:

- the floor: ``bisect`` over the table's thresholds into a list of body ids;
- routing: ``book.route`` per call, and ``book.route_batch`` (many cases of one matter);
- GoRules zen-engine: ``ZenEngine.evaluate(key, …)`` and ``ZenDecision.evaluate(…)`` per call,
  and ``ZenEngine.evaluate_batch`` (all cases in one call);
- pyDMNrules: ``DMN.decide`` per call.

The peers' models are generated from the loaded rule book into a temporary folder at run time: a
JDM decision graph (JSON) for zen, a "rules as rows" workbook for pyDMNrules. Both use the FIRST hit
policy, with the rows in the order routing's own policy resolves an overlap (PRIORITY: the higher
body first), so exactly 1000万 goes to the party group everywhere. Every engine's answers are
checked against the floor's before the table is printed. Fast engines get the best of five
interleaved rounds (other processes share the machine); one slower than 20 µs a decision runs once.
Inputs are prepared outside the timed loop in each engine's own form (Decimal for routing, JSON
numbers for zen, Python floats for pyDMNrules); reading the body id from the answer is inside it.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from _jdm import jdm_graph

import routing
from routing import AmountCondition, BooleanCondition, HitPolicy, NoRuleError

try:
    import pyDMNrules
    import zen
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side
except ImportError as missing:
    sys.exit(
        f"bench_peers needs the optional peers ({missing.name} is missing): run\n"
        "    bash bench/run-peers\n"
        "or install them into the venv with\n"
        "    .venv/bin/python -m pip install -e '.[bench]'"
    )

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing import DecisionTable, Rule

MATTER = "fund_adjustment"
NO_RULE = "no_rule"
FEN = Decimal("0.01")
ROUNDS = 5
SLOW_US = 20.0


def first_order(table: DecisionTable) -> list[Rule]:
    """The rows in an order where the FIRST match is the rule routing's hit policy chooses.

    Under every policy but UNIQUE/ANY/FIRST a stated rule beats a declared gap, so gaps go last;
    PRIORITY and OUTPUT ORDER sort the stated rules by ``DecisionTable.priority`` (stable), RULE
    ORDER keeps row order (its first hit is the answer, the others are alternatives).
    """
    if table.hit_policy is HitPolicy.FIRST:
        return list(table.rules)
    stated = [r for r in table.rules if not r.is_gap]
    gaps = [r for r in table.rules if r.is_gap]
    if table.hit_policy in {HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER}:
        stated.sort(key=lambda r: -table.priority(r))
    elif table.hit_policy is not HitPolicy.RULE_ORDER:
        sys.exit(f"bench_peers: hit policy {table.hit_policy.name} has no FIRST equivalent here")
    return stated + gaps


def number(value: Decimal) -> str:
    return format(value, "f")


def amount_test(condition: AmountCondition, *, any_text: str) -> str:
    """A FEEL unary test for an interval: ``<= 200000``, ``(200000..10000000]``, ``>= 10000000``."""
    interval = condition.interval
    low, high = interval.low, interval.high
    if low is None and high is None:
        return any_text
    if low is None:
        return f"{'<=' if interval.high_closed else '<'} {number(high)}"  # type: ignore[arg-type]
    if high is None:
        return f"{'>=' if interval.low_closed else '>'} {number(low)}"
    return (
        f"{'[' if interval.low_closed else '('}{number(low)}..{number(high)}"
        f"{']' if interval.high_closed else ')'}"
    )


def tests_of(rule: Rule, inputs: list[str], *, any_text: str) -> list[str]:
    """One unary test per input column (``any_text`` where the rule does not care)."""
    cells = []
    for input_id in inputs:
        condition = rule.condition(input_id)
        if condition is None:
            cells.append(any_text)
        elif isinstance(condition, AmountCondition):
            cells.append(amount_test(condition, any_text=any_text))
        elif isinstance(condition, BooleanCondition):
            cells.append("true" if condition.value else "false")
        else:
            sys.exit(f"bench_peers: {type(condition).__name__} is not translated for the peers")
    return cells


def body_of(rule: Rule) -> str:
    return rule.body.id if rule.body is not None else NO_RULE


def zen_model(table: DecisionTable) -> dict[str, object]:
    """The table as a JDM graph: request → decision table (FIRST) → response."""
    inputs = [i.id for i in table.matter.inputs]
    rules = []
    for number_, rule in enumerate(first_order(table), 1):
        cells = dict(zip(inputs, tests_of(rule, inputs, any_text=""), strict=True))
        rules.append({"_id": f"r{number_}", **cells, "body": json.dumps(body_of(rule))})
    return jdm_graph(table.matter.id, inputs, "body", rules, "first")


def feel_name(input_id: str) -> str:
    """pyDMNrules variable names: ``sanzhong_yida`` → ``SanzhongYida``."""
    return "".join(part.capitalize() for part in input_id.split("_"))


def dmn_workbook(table: DecisionTable, path: Path) -> Path:
    """The table as a pyDMNrules "rules as rows" sheet: name, then hit policy and headings, inputs
    and outputs split by a double border, one numbered row per rule."""
    inputs = [i.id for i in table.matter.inputs]
    rows: list[list[object]] = [["F", *(feel_name(i) for i in inputs), "Body"]]
    for number_, rule in enumerate(first_order(table), 1):
        rows.append([number_, *tests_of(rule, inputs, any_text="-"), json.dumps(body_of(rule))])
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "FundAdjustment"
    sheet["A1"] = "FundAdjustment"
    thin, double = Side(style="thin"), Side(style="double")
    for row_number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.border = Border(
                left=thin,
                top=thin,
                right=double if column == len(inputs) + 1 else thin,
                bottom=double if row_number == 2 else thin,
            )
    workbook.save(path)
    return path


def stretches(breakpoints: list[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """The open stretches between thresholds, and one above the last as wide as all below it."""
    edges = [Decimal(0), *breakpoints, breakpoints[-1] * 3 if breakpoints else Decimal(10**8)]
    return [(low, high) for low, high in itertools.pairwise(edges) if low < high]


def generate(count: int, breakpoints: list[Decimal], seed: int = 7) -> list[Decimal]:
    """``count`` amounts: every threshold and one fen either side, then uniform over the stretches
    (each stretch equally often, in fen), shuffled. The Decimals are made after the shuffle, so
    they lie in memory in the order they are read, as in any freshly read input."""
    rng = random.Random(seed)
    specials = {int((p + d) * 100) for p in breakpoints for d in (-FEN, Decimal(0), FEN)} | {0}
    cents = sorted(c for c in specials if c >= 0)
    spans = stretches(breakpoints)
    while len(cents) < count:
        low, high = rng.choice(spans)
        cents.append(rng.randrange(int(low * 100), int(high * 100)))
    rng.shuffle(cents)
    return [Decimal(c) / 100 for c in cents[:count]]


def floor_function(table: DecisionTable, breakpoints: list[Decimal]) -> Callable[[Decimal], str]:
    """Bare bisect: the FIRST rule matching each region (amount given alone), looked up by index."""
    points = [breakpoints[0] - 1] if breakpoints else [Decimal(0)]
    for index, point in enumerate(breakpoints):
        following = breakpoints[index + 1] if index + 1 < len(breakpoints) else point + 2
        points += [point, (point + following) / 2]
    ordered = first_order(table)
    bodies = []
    for point in points:
        values: dict[str, object] = {"amount": point}
        rule = next(
            (r for r in ordered if all(c.matches(values.get(c.input)) for c in r.conditions)), None
        )
        bodies.append(NO_RULE if rule is None else body_of(rule))
    left, right = bisect.bisect_left, bisect.bisect_right

    def floor(amount: Decimal) -> str:
        return bodies[left(breakpoints, amount) + right(breakpoints, amount)]

    return floor


def timed(engines: dict[str, Callable[[], list[str]]]) -> dict[str, tuple[float, list[str]]]:
    """Best seconds of ROUNDS interleaved runs of each engine (one run if it is slow), with its
    answers: interleaving spreads the noise of other processes over all engines alike."""
    results: dict[str, tuple[float, list[str]]] = {}
    for round_ in range(ROUNDS):
        for name, run in engines.items():
            if round_ and results[name][0] / max(len(results[name][1]), 1) * 1e6 > SLOW_US:
                continue
            print(f"  round {round_ + 1}: {name} …", file=sys.stderr, flush=True)
            start = time.perf_counter()
            answers = run()
            seconds = time.perf_counter() - start
            if name not in results or seconds < results[name][0]:
                results[name] = (seconds, answers)
    return results


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    book = routing.load("mengla")
    table = book.table(MATTER)
    assert table is not None
    primary = book.router.space(MATTER).primary
    assert primary is not None
    breakpoints = [p for p in primary.breakpoints if p > 0]
    amounts = generate(count, breakpoints)
    floor = floor_function(table, breakpoints)
    with tempfile.TemporaryDirectory() as folder:
        key = f"{MATTER}.json"
        (Path(folder) / key).write_text(json.dumps(zen_model(table)), encoding="utf-8")
        engine = zen.ZenEngine({"loader": {"type": "fs", "path": folder}})
        decision = engine.get_decision(key)
        dmn = pyDMNrules.DMN()
        status = dmn.load(str(dmn_workbook(table, Path(folder) / f"{MATTER}.xlsx")))
        if "errors" in status:
            sys.exit(f"bench_peers: pyDMNrules refused the generated workbook: {status['errors']}")

        # Each engine's input in its own form, built before the clock starts.
        route = book.route
        cases = [{"amount": a} for a in amounts]
        agenda = [(MATTER, a) for a in amounts]
        contexts = [{"amount": float(a)} for a in amounts]  # JSON numbers; all have two places
        requests = [{"key": key, "context": c} for c in contexts]
        dmn_inputs = [{"Amount": float(a)} for a in amounts]

        def batch_answers(results: list[routing.Decision | routing.RoutingError]) -> list[str]:
            return [NO_RULE if isinstance(r, NoRuleError) else r.body.id for r in results]  # type: ignore[union-attr]

        engines: dict[str, Callable[[], list[str]]] = {
            "bisect floor": lambda: [floor(a) for a in amounts],
            "routing book.route": lambda: [route(MATTER, amount=a).body.id for a in amounts],
            "routing book.route_batch": lambda: batch_answers(book.route_batch(MATTER, cases)),
            "routing book.route_many (agenda rows)": lambda: [
                r.decision.body.id if r.decision else NO_RULE
                for r in book.route_many(("事项", "金额"), agenda)
            ],
            "zen ZenEngine.evaluate": lambda: [
                engine.evaluate(key, c)["result"].get("body", NO_RULE) for c in contexts
            ],
            "zen ZenDecision.evaluate": lambda: [
                decision.evaluate(c)["result"].get("body", NO_RULE) for c in contexts
            ],
            "pyDMNrules DMN.decide": lambda: [
                dmn.decide(i)[1]["Result"]["Body"] or NO_RULE for i in dmn_inputs
            ],
        }
        if hasattr(engine, "evaluate_batch"):  # zen-engine's Python binding has it since 0.3x
            engines["zen ZenEngine.evaluate_batch"] = lambda: [
                r["data"]["result"].get("body", NO_RULE) for r in engine.evaluate_batch(requests)
            ]
        results = timed(engines)

    reference = results["bisect floor"][1]
    wrong = {
        n: sum(a != b for a, b in zip(r[1], reference, strict=True)) for n, r in results.items()
    }
    report(count, {n: r[0] / count * 1e6 for n, r in results.items()}, breakpoints)
    if any(wrong.values()):
        sys.exit(f"engines disagree with the floor (wrong answers): {wrong}")
    print(f"\nAll {len(engines)} engines gave the same {count:,} answers.")


PEERS = {
    "zen ZenEngine.evaluate": "zen evaluate",
    "zen ZenDecision.evaluate": "zen Decision",
    "zen ZenEngine.evaluate_batch": "zen batch",
    "pyDMNrules DMN.decide": "pyDMNrules",
}


def report(count: int, us: dict[str, float], breakpoints: list[Decimal]) -> None:
    from importlib.metadata import version  # only for the header

    print(
        f"{count:,} amounts over Mengla fund_adjustment (thresholds {[number(b) for b in breakpoints]},"
        f" each ±0.01); Python {sys.version.split()[0]}, zen-engine {version('zen-engine')},"
        f" pyDMNrules {version('pyDMNrules')}\n"
    )
    peers = {name: short for name, short in PEERS.items() if name in us}
    header = ["engine", "µs/decision", "× floor", *(f"{p} ÷ this" for p in peers.values())]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---", *["---:"] * (len(header) - 1)]) + "|")
    floor = us["bisect floor"]
    for name, value in us.items():
        ratios = [f"{us[peer] / value:,.1f}" for peer in peers]
        print(f"| {name} | {value:,.2f} | {value / floor:,.1f} | " + " | ".join(ratios) + " |")
    per_call, batch = us["routing book.route"], us["routing book.route_batch"]
    print("\nTargets:")
    print(
        f"- book.route within 10x the floor: {per_call / floor:,.1f}x: {verdict(per_call / floor <= 10)}"
    )
    for mine, peer, goal in (
        ("book.route", "zen ZenEngine.evaluate", 100),
        ("book.route", "zen ZenDecision.evaluate", 100),
        ("route_batch", "zen ZenEngine.evaluate_batch", 10),
    ):
        if peer in us:
            ratio = us[peer] / (per_call if mine == "book.route" else batch)
            print(
                f"- {mine} vs {peer}: {ratio:,.1f}x faster (target >= {goal}x): {verdict(ratio >= goal)}"
            )


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    main()
