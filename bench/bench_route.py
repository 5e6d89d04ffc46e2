"""Routing speed on Mengla's fund table against a bare bisect floor, in one process.

    .venv/bin/python bench/bench_route.py [N]

Times, on the same N generated amounts (default 100,000): ``book.route`` (inputs checked and coerced,
per call), the compiled table's ``decide`` (values already Decimal), and ``bisect`` over the same
thresholds returning a body id (the floor). Checks they agree and prints µs per decision and ratios.
"""

from __future__ import annotations

import bisect
import random
import sys
import time
from decimal import Decimal

import routing


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(7)
    amounts = [Decimal(rng.randrange(0, 3_000_000_000)) / 100 for _ in range(count)]
    amounts[:4] = [Decimal(200_000), Decimal(10_000_000), Decimal("200000.01"), Decimal(0)]
    book = routing.load("mengla")
    space = book.router.space("fund_adjustment")

    # The floor: closed upper bounds 20万 (head) and 1000万 (standing meeting; 1000万 itself goes up).
    bounds = [Decimal(200_000), Decimal(10_000_000)]
    bodies = ["head", "standing_meeting", "party_group"]

    def floor(amount: Decimal) -> str:
        index = bisect.bisect_left(bounds, amount)
        if index == 1 and amount == bounds[1]:
            index = 2
        return bodies[index]

    results: dict[str, tuple[float, list[str]]] = {}
    for name, call in (
        ("bisect floor", floor),
        ("space decide", lambda a: space.decide({"amount": a}).rule.chain.deciders[0].id),
        ("book.route", lambda a: book.route("fund_adjustment", amount=a).body.id),
        (
            "book.route (text '1500万')",
            lambda _: book.route("fund_adjustment", amount="1500万").body.id,
        ),
    ):
        start = time.perf_counter()
        answers = [call(a) for a in amounts]
        results[name] = (time.perf_counter() - start, answers)
    reference = results["bisect floor"][1]
    for name in ("space decide", "book.route"):
        assert results[name][1] == reference, f"{name} disagrees with the floor"
    base = results["bisect floor"][0]
    print(f"{count:,} decisions, Mengla fund_adjustment")
    print(f"{'engine':30} {'µs/decision':>12} {'× floor':>9}")
    for name, (seconds, _) in results.items():
        print(f"{name:30} {seconds / count * 1e6:12.2f} {seconds / base:9.1f}")


if __name__ == "__main__":
    main()
