"""Time ``routing.verify`` on one-input tables of 1,000, 10,000 and 100,000 rules.

Run: ``python bench/bench_verify.py``. Prints seconds per size, the growth ratio, and the ratio to
sorting the same breakpoints in the same process (a reference for n log n).
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from routing import (
    About,
    AmountCondition,
    Body,
    Chain,
    Citation,
    DecisionTable,
    HitPolicy,
    Input,
    InputKind,
    Interval,
    Location,
    Matter,
    Rule,
    RuleBook,
    Step,
    verify,
)


def make_book(n: int, seed: int = 1) -> RuleBook:
    """Adjacent bands with a sprinkling of overlaps and gaps, in random order, under FIRST."""
    rng = random.Random(seed)
    bodies = tuple(Body(f"b{i}", f"机构{i}", rank=i) for i in range(5))
    matter = Matter("fund", "资金", (Input("amount", "金额", InputKind.AMOUNT),))
    rules = []
    for i in range(n):
        low = Decimal(i * 1000)
        high = Decimal(i * 1000 + 1000 + rng.choice((-10, 0, 0, 0, 10)))
        interval = Interval(low, high, low_closed=True, high_closed=False)
        chain = Chain((Step((bodies[min(4, i * 5 // n)],)),))
        rules.append(
            Rule(
                f"R{i}",
                (AmountCondition("amount", interval),),
                chain,
                Citation("第一条", ""),
                Location("bench.xlsx", "资金", row=i + 2),
            )
        )
    rng.shuffle(rules)
    table = DecisionTable(matter, HitPolicy.FIRST, tuple(rules), Location("bench.xlsx", "资金"))
    return RuleBook(About("bench"), bodies, (matter,), (table,), "bench.xlsx")


def timed(func: object, *args: object) -> float:
    start = time.perf_counter()
    func(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    previous = None
    for n in (1_000, 10_000, 100_000):
        book = make_book(n)
        points = [
            b
            for r in book.tables[0].rules
            for c in r.conditions
            if isinstance(c, AmountCondition)
            for b in (c.interval.low, c.interval.high)
        ]
        reference = min(timed(sorted, points) for _ in range(3))
        seconds = timed(verify, book)
        growth = f", x{seconds / previous:.1f} vs previous" if previous else ""
        print(
            f"{n:>7} rules: verify {seconds:.3f} s; sort breakpoints {reference * 1000:.2f} ms; "
            f"ratio {seconds / reference:.0f}{growth}"
        )
        previous = seconds


if __name__ == "__main__":
    main()
