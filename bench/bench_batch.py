"""Batch routing speed and memory: generated agendas routed end to end (read + route + write).

    .venv/bin/python bench/bench_batch.py [ROWS]        # 100,000 by default; ~2 minutes
    .venv/bin/python bench/bench_batch.py --memory      # only the peak-RSS runs
    .venv/bin/python bench/bench_batch.py --only frame [ROWS] [ROUNDS]  # only route_frame (10^6, 5)

Each case is timed next to a bare read + write of the same cells with the same reader and writer
(no routing) in the same run, and reported as a ratio. Peak RSS is measured in fresh processes
(CSV → CSV at 10^5 and 10^6 rows, CSV → Parquet at 10^6). ``route_frame`` routes a 10^6-row
pandas frame, in interleaved rounds next to a bare pandas ``factorize`` of the same three columns
and a ``take`` of ten result columns by its codes (what any vectorised route_frame has to do).
Needs the ``parquet`` and ``frames`` extras for their rows (skipped otherwise).
"""

from __future__ import annotations

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import routing
from routing._frames import route_frame

AMOUNTS = ["10万", "20万", "20万元", "150万", "1000万", "1500万", "2亿", "200000.01", "abc"]
AMOUNTS += [str(random.Random(3).randint(1, 10**8)) for _ in range(200)]  # some variety
HEADER = ["辖区", "事项", "金额", "备注"]


def agenda_rows(rows: int) -> list[list[str]]:
    rng = random.Random(7)
    return [
        ["mengla", "fund_adjustment", rng.choice(AMOUNTS), f"议题{number}"]
        for number in range(rows)
    ]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(agenda_rows(rows))


def write_xlsx(path: Path, rows: int) -> None:
    import rustpy_xlsxwriter

    records = (dict(zip(HEADER, cells, strict=True)) for cells in agenda_rows(rows))
    rustpy_xlsxwriter.write_worksheet(records, str(path), sheet_name="议程")


def typical_results() -> tuple[str, ...]:
    """The result cells of one real decision: the bare writer writes as many characters."""
    decision = routing.load("mengla").route("fund_adjustment", amount="1500万")
    from routing._batch_cells import result_cells

    return result_cells(decision)


def bare(source: Path, target: Path) -> None:
    """Read every row and write it with the result cells of one decision: the batch's I/O."""
    from routing._batch_output import open_writer, output_kind

    results = typical_results()
    columns = [*HEADER, *(f"c{i}" for i in range(len(results)))]

    def rows():
        if source.suffix == ".csv":
            with source.open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                for row in reader:
                    yield row, results
        else:
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(source))
            cells = book.get_sheet_by_index(0).iter_rows()
            next(cells)
            for row in cells:
                yield row, results
            book.close()

    with open_writer(output_kind(target), target, columns) as out:
        out.write_rows(rows(), lambda: routing.BatchSummary(0, 0, (), (), ()))


def timed(source: Path, target: Path, rows: int) -> None:
    """Wall and CPU time of the batch and of the bare I/O. On a shared machine the CPU time of
    this process is the fair figure (wall time counts the other jobs' turns too)."""
    label = f"{source.suffix[1:]} → {target.suffix[1:]}"
    wall, cpu = time.perf_counter(), time.process_time()
    bare(source, target.with_name("bare" + target.suffix))
    plain_wall, plain = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    summary = routing.run_batch(source, target, jurisdiction="mengla")
    routed_wall, routed = time.perf_counter() - wall, time.process_time() - cpu
    assert summary.rows == rows
    print(
        f"{label:14} {rows:>9,} rows  batch {routed:6.2f}s cpu = {rows / routed:>9,.0f} rows/s "
        f"(wall {routed_wall:.1f}s)   bare I/O {plain:6.2f}s cpu = {rows / plain:>9,.0f} rows/s "
        f"(wall {plain_wall:.1f}s)   ratio {routed / plain:.2f}x"
    )


def peak_rss(kind: str, rows: int, folder: Path) -> None:
    """Route in a fresh process; print its peak RSS."""
    source = folder / f"rss{rows}.csv"
    if not source.exists():
        write_csv(source, rows)
    target = folder / f"rss{rows}.out.{kind}"
    target.unlink(missing_ok=True)
    code = (
        "import resource, sys, time, routing\n"
        "from pathlib import Path\n"
        "t = time.process_time()\n"
        f"s = routing.run_batch(Path({str(source)!r}), Path({str(target)!r}), jurisdiction='mengla')\n"
        "e = time.process_time() - t\n"
        # ru_maxrss survives exec (it would report the parent's size): read this mm's high water.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(s.rows, round(e, 2), int(hwm) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    done, seconds, megabytes = int(out[0]), float(out[1]), int(out[2])
    print(
        f"csv → {kind:8} {done:>9,} rows  {seconds:6.2f}s cpu = {done / seconds:>9,.0f} rows/s   "
        f"peak RSS {megabytes} MB (fresh process)"
    )


def bare_frame(table, results: tuple[str, ...]):
    """The frame's part without routing: the used columns factorized, ten columns taken by codes."""
    import pandas as pd

    factorized = [pd.factorize(table[name]) for name in HEADER[:3]]
    codes, uniques = factorized[2]  # the amounts; 辖区 and 事项 are one value each
    added = {
        f"c{i}": pd.Series([cell] * len(uniques)).array.take(codes)
        for i, cell in enumerate(results)
    }
    return table.assign(**added)


def frame(rows: int, rounds: int = 3) -> None:
    """``route_frame`` and the bare factorize + take, interleaved; CPU time, best of ``rounds``."""
    try:
        import pandas as pd
    except ImportError:
        print("route_frame: pandas not installed (pip install 'routing[frames]')")
        return
    table = pd.DataFrame(agenda_rows(rows), columns=HEADER)
    book = routing.load("mengla")
    results = typical_results()
    route_frame(book, table.head(1_000))  # imports and the plan's first routes
    routed_times, bare_times = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        routed = route_frame(book, table)
        routed_times.append((time.process_time() - cpu, time.perf_counter() - wall))
        cpu = time.process_time()
        plain = bare_frame(table, results)
        bare_times.append(time.process_time() - cpu)
        assert len(routed) == len(plain) == rows
    seconds, wall = min(routed_times)
    plain = min(bare_times)
    each = " / ".join(f"{rows / cpu:,.0f}" for cpu, _ in routed_times)
    print(
        f"route_frame    {rows:>9,} rows  {seconds:6.2f}s cpu = {rows / seconds:>9,.0f} rows/s "
        f"(wall {wall:.1f}s; rounds {each})   bare factorize + take {plain:6.2f}s cpu = "
        f"{rows / plain:>9,.0f} rows/s   ratio {seconds / plain:.2f}x"
    )


def memory_only() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for kind, rows in (("csv", 100_000), ("csv", 1_000_000), ("parquet", 1_000_000)):
            peak_rss(kind, rows, folder)


def main() -> None:
    if sys.argv[1:] == ["--memory"]:
        memory_only()
        return
    if sys.argv[1:3] == ["--only", "frame"]:
        numbers = [int(arg) for arg in sys.argv[3:]]
        print(f"load average {os.getloadavg()[0]:.2f} at start")
        frame(*(numbers or [1_000_000, 5]))
        print(f"load average {os.getloadavg()[0]:.2f} at end")
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"load average {os.getloadavg()[0]:.2f} at start")
    routing.load("mengla")  # warm the cache and imports, so both timings start equal
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source_csv = folder / "agenda.csv"
        source_xlsx = folder / "agenda.xlsx"
        write_csv(source_csv, rows)
        write_xlsx(source_xlsx, rows)
        timed(source_csv, folder / "routed.xlsx", rows)
        timed(source_csv, folder / "routed.csv", rows)
        timed(source_xlsx, folder / "routed2.xlsx", rows)
        peak_rss("csv", 100_000, folder)
        peak_rss("csv", 1_000_000, folder)
        try:
            import pyarrow as pa  # noqa: F401  # only its presence is tested
        except ImportError:
            print("csv → parquet: pyarrow not installed (pip install 'routing[parquet]')")
        else:
            peak_rss("parquet", 1_000_000, folder)
        frame(1_000_000)
    print(
        f"load average {os.getloadavg()[0]:.2f} at end; "
        f"this process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
