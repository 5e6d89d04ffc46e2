"""Time ``routing.verify`` on one-input tables of 1,000, 10,000 and 100,000 rules, then ``routing
check`` of the same tables written as real .xlsx workbooks, end to end (a fresh process each).

Run: ``python bench/bench_verify.py [--no-check]``. Prints seconds per size, the growth exponent
(the log-log slope between sizes: 1 is linear, n log n from 10^4 to 10^5 is ≈ 1.10), and the ratio
to sorting the same breakpoints in the same process (a reference for n log n).
"""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

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


BODY_NAMES = ("县长", "县人民政府常务会议", "县人民政府党组会议", "办公室主任", "分管副县长")


def write_workbook(path: Path, n: int, seed: int = 1) -> Path:
    """The table of ``make_book`` as a workbook people would write (openpyxl's normal mode, as Excel
    and ``routing new`` do: a declared dimension and shared strings), with the test suite's sheets."""
    from openpyxl import Workbook  # only the end-to-end run writes

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest import BODIES, MATTERS, about  # the suite's standard sheets

    rng = random.Random(seed)
    rows = []
    for i in range(n):
        low, high = i * 1000, i * 1000 + 1000 + rng.choice((-10, 0, 0, 0, 10))
        body = BODY_NAMES[min(4, i * 5 // n)]
        rows.append([f"R{i}", f"[{low}..{high})", body, "第一条", "原文", "", ""])
    rng.shuffle(rows)
    header = ["编号", "金额", "决策机构", "条款", "原文", "说明", "依据"]
    table = [["事项", "fund_adjustment"], ["命中策略", "首条"], [], header, *rows]
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, content in {
        "说明": about(),
        "机构": BODIES,
        "事项": MATTERS,
        "资金调整": table,
    }.items():
        sheet = workbook.create_sheet(name)
        for row in content:
            sheet.append(row)
    workbook.save(path)
    return path


def exponent(n0: int, t0: float, n1: int, t1: float) -> float:
    """The log-log slope between two sizes: t ∝ n^k."""
    return math.log(t1 / t0) / math.log(n1 / n0)


def time_check(path: Path) -> float:
    """Seconds of ``routing check PATH`` in a fresh process, cache off (exit 0: warnings only)."""
    routing = Path(sys.executable).with_name("routing")
    env = {**os.environ, "ROUTING_NO_CACHE": "1"}
    start = time.perf_counter()
    done = subprocess.run(  # our own CLI, our own temporary file
        [str(routing), "check", str(path)], env=env, capture_output=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"routing check exited {done.returncode}: {done.stdout[-400:]!r}")
    return seconds


def timed(func: object, *args: object) -> float:
    start = time.perf_counter()
    func(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    sizes = (1_000, 10_000, 100_000)
    times: dict[int, float] = {}
    for n in sizes:
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
        previous = times.get(n // 10)
        growth = f", exponent {exponent(n // 10, previous, n, seconds):.2f}" if previous else ""
        print(
            f"{n:>7} rules: verify {seconds:.3f} s; sort breakpoints {reference * 1000:.2f} ms; "
            f"ratio {seconds / reference:.0f}{growth}",
            flush=True,
        )
        times[n] = seconds
    if "--no-check" in sys.argv:
        return
    checks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes[1:]:
            path = write_workbook(Path(folder) / f"rules{n}.xlsx", n)
            checks[n] = time_check(path)
            previous = checks.get(n // 10)
            growth = (
                f", exponent {exponent(n // 10, previous, n, checks[n]):.2f}" if previous else ""
            )
            size = path.stat().st_size / 1e6
            print(
                f"{n:>7} rules: routing check of a {size:.1f} MB workbook {checks[n]:.2f} s, "
                f"{checks[n] / times[n]:.1f}x verify alone{growth}",
                flush=True,
            )


if __name__ == "__main__":
    main()
