"""Batch routing speed: a generated agenda routed end to end (read + route + write).

    .venv/bin/python bench/bench_batch.py [ROWS]

Prints the time and rows/second, and a same-process reference (reading and writing the same rows
with openpyxl, without routing) as a ratio: how much routing costs on top of the I/O.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

import routing

AMOUNTS = ["10万", "20万", "20万元", "150万", "1000万", "1500万", "2亿", "200000.01", "abc"]


def generate(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("议程")
    sheet.append(["辖区", "事项", "金额", "备注"])
    rng = random.Random(7)
    for number in range(rows):
        sheet.append(["mengla", "fund_adjustment", rng.choice(AMOUNTS), f"议题{number}"])
    workbook.save(path)


def reference(source: Path, target: Path) -> None:
    """Read every row and write it to a new workbook: the I/O batch does, without routing."""
    book = load_workbook(source, read_only=True, data_only=True)
    out = Workbook(write_only=True)
    sheet = out.create_sheet("结果")
    for row in book.worksheets[0].iter_rows(values_only=True):
        sheet.append([*row, "", "", "", "", "", "", "", ""])
    book.close()
    out.save(target)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "agenda.xlsx"
        generate(source, rows)
        routing.load("mengla")  # warm imports, so both timings start equal
        start = time.perf_counter()
        reference(source, Path(folder) / "reference.xlsx")
        plain = time.perf_counter() - start
        start = time.perf_counter()
        summary = routing.run_batch(source, Path(folder) / "routed.xlsx")
        routed = time.perf_counter() - start
    assert summary.rows == rows
    print(
        f"batch: {rows} rows in {routed:.2f}s = {rows / routed:,.0f} rows/s "
        f"({summary.routed} routed, {summary.errors} errors)"
    )
    print(f"reference (read + write, no routing): {plain:.2f}s = {rows / plain:,.0f} rows/s")
    print(f"ratio batch/reference: {routed / plain:.2f}x")


if __name__ == "__main__":
    main()
