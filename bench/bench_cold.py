"""Cold start of ``routing route mengla fund_adjustment amount=1500万``: fresh processes, median.

    .venv/bin/python bench/bench_cold.py [RUNS]

Times four commands in one hyperfine run (RUNS each, default 30, after 3 warm-ups), so that their
ratios compare on a shared machine: ``python -c pass``; the route with the rule-book cache warm (a
cache folder of its own, filled by one run first), its answer written to a pipe as plain lines;
the same drawn by rich as on a terminal (``TTY_COMPATIBLE=1``: hyperfine gives no terminal); and
the route with ``ROUTING_NO_CACHE=1`` (openpyxl reads the workbook every time). Prints median and min in ms. Without ``hyperfine``
(``apt-get install hyperfine``), a loop of subprocesses timed with ``perf_counter``, interleaved.
Then prints the slowest top-level imports of one cached run, from ``python -X importtime``.

First it byte-compiles ``routing`` and ``routing_cli`` (``compileall``, into their
``__pycache__``), as installing a wheel does. An editable checkout in an environment with
``PYTHONDONTWRITEBYTECODE=1`` (this container's) never gets ``.pyc`` files, and compiling the
~60 modules from source on every start costs ~70 ms: that is not what an installed routing pays.

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
UNCACHED = [
    sys.executable,
    "-c",
    "import os; os.environ['ROUTING_NO_CACHE'] = '1'; from routing_cli import main; main()",
    *ROUTE,
]
TERMINAL = [
    sys.executable,
    "-c",
    "import os; os.environ['TTY_COMPATIBLE'] = '1'; from routing_cli import main; main()",
    *ROUTE,
]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "cached": COMMAND,
    "cached, rich": TERMINAL,
    "uncached": UNCACHED,
}


COMPILE = """\
import compileall, os, routing, routing_cli
for module in (routing, routing_cli):
    compileall.compile_dir(os.path.dirname(module.__file__), quiet=1)
"""


def byte_compile(env: dict[str, str]) -> None:
    """Compile the routing and routing_cli found with ``env`` into their ``__pycache__``."""
    subprocess.run(  # our own command line
        [
            sys.executable,
            "-c",
            COMPILE,
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed_runs(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Seconds per run of each of COMMANDS, all in one hyperfine run."""
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
                    *(shlex.join(command) for command in COMMANDS.values()),
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # its outlier warnings: the machine is shared, we know
            )
            results = json.loads(report.read_text())["results"]
            return {label: list(r["times"]) for label, r in zip(COMMANDS, results, strict=True)}
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(runs + 3):
        for label, command in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)  # as above
            times[label].append(time.perf_counter() - start)
    return {label: values[3:] for label, values in times.items()}


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
        byte_compile(env)
        subprocess.run(COMMAND, env=env, check=True, stdout=subprocess.DEVNULL)  # fills the cache
        print(f"routing {shlex.join(ROUTE)}: {runs} fresh processes each, {tool}")
        for label, times in timed_runs(env, runs).items():
            print(
                f"  {label:14} median {statistics.median(times) * 1000:6.1f} ms"
                f"   min {min(times) * 1000:6.1f} ms"
            )
        print("top-level imports of one cached run (cumulative ms):")
        for name, ms in top_imports(env):
            print(f"  {name:32} {ms:6.1f}")


if __name__ == "__main__":
    main()
