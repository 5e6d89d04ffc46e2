"""Time and peak memory of loading each hostile workbook of issue 11, once each, in fresh processes.

    .venv/bin/python bench/bench_hostile.py

Builds the files with the helpers of tests/test_security.py (a 14 KB workbook whose sheets hold one
cell at SF100000, 190 sheets showing a shared 1 MiB string, one cell at XFD1048576), then runs
``routing.load`` on each with the cache off and prints wall time, peak RSS and the outcome. The
figures go into docs/limits.md; tests never assert on time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_security import _far_cell_book, shared_string_book  # noqa: E402

PROBE = """
import resource, sys, time
start = time.perf_counter()
import routing
try:
    routing.load(sys.argv[1])
    outcome = "loaded"
except routing.RoutingError as error:
    outcome = error.code
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:6.2f} s  {peak:6.0f} MB  {outcome}")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        files = {
            "5 sheets, one cell at SF100000 each": _far_cell_book(
                base / "far.xlsx", "SF100000", sheets=5
            ),
            "190 sheets showing one shared 1 MiB string": shared_string_book(
                base / "strings.xlsx", sheets=190
            ),
            "one cell at XFD1048576": _far_cell_book(base / "xfd.xlsx", "XFD1048576"),
        }
        env = {**os.environ, "ROUTING_NO_CACHE": "1"}
        for label, path in files.items():
            result = subprocess.run(  # our own interpreter and probe
                [sys.executable, "-c", PROBE, str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            size = path.stat().st_size / 1024
            print(f"{label:45} {size:6.0f} KB  {result.stdout.strip() or result.stderr[-300:]}")


if __name__ == "__main__":
    main()
