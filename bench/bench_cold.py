"""Cold start of ``routing route mengla fund_adjustment amount=1500万``: fresh processes, median.

    .venv/bin/python bench/bench_cold.py [RUNS]

Runs the command RUNS times (default 30) in new processes with the rule-book cache warm (a cache
folder of its own, filled by one run first), then with ``ROUTING_NO_CACHE=1`` (openpyxl reads the
workbook every time), and prints median and min in ms. Uses ``hyperfine`` when it is installed
(``apt-get install hyperfine``), else a loop of subprocesses timed with ``perf_counter``. Then
prints the slowest top-level imports of one cached run, from ``python -X importtime``.

To time another checkout with the same interpreter, put its ``src`` and ``cli`` first on
``PYTHONPATH``: ``PYTHONPATH=../old/src:../old/cli .venv/bin/python bench/bench_cold.py``.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUTE = ["route", "mengla", "fund_adjustment", "amount=1500万"]
COMMAND = [sys.executable, "-c", "from routing_cli import main; main()", *ROUTE]


def timed_runs(env: dict[str, str], runs: int) -> list[float]:
    """Seconds per run of COMMAND."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report.json"
            subprocess.run(  # our own command line, no shell
                [
                    hyperfine,
                    "--shell=none",
                    "--warmup=3",
                    f"--runs={runs}",
                    "--style=none",
                    f"--export-json={report}",
                    shlex.join(COMMAND),
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # its outlier warnings: the machine is shared, we know
            )
            return list(json.loads(report.read_text())["results"][0]["times"])
    times = []
    for _ in range(runs + 3):
        start = time.perf_counter()
        subprocess.run(COMMAND, env=env, stdout=subprocess.DEVNULL, check=True)  # as above
        times.append(time.perf_counter() - start)
    return times[3:]


def top_imports(env: dict[str, str], count: int = 12) -> list[tuple[str, float]]:
    """The top-level imports of one run by cumulative time (ms), largest first."""
    result = subprocess.run(  # as above
        [sys.executable, "-X", "importtime", *COMMAND[1:]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # top level: imported by the command itself
            rows.append((name.strip(), int(cumulative) / 1000))
    return sorted(rows, key=lambda row: -row[1])[:count]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    tool = "hyperfine" if shutil.which("hyperfine") else "subprocess loop"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ROUTING_CACHE_DIR": cache}
        env.pop("ROUTING_NO_CACHE", None)
        subprocess.run(COMMAND, env=env, check=True, stdout=subprocess.DEVNULL)  # fills the cache
        print(f"routing {shlex.join(ROUTE)}: {runs} fresh processes each, {tool}")
        for label, extra in (("cached", {}), ("uncached", {"ROUTING_NO_CACHE": "1"})):
            times = timed_runs({**env, **extra}, runs)
            print(
                f"  {label:9} median {statistics.median(times) * 1000:6.1f} ms"
                f"   min {min(times) * 1000:6.1f} ms"
            )
        print("top-level imports of one cached run (cumulative ms):")
        for name, ms in top_imports(env):
            print(f"  {name:32} {ms:6.1f}")


if __name__ == "__main__":
    main()
