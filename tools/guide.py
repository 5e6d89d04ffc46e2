"""Run the commands of docs/使用说明.md and write their real output into it, or check it is current.

    python tools/guide.py            # rewrite the output under every command
    python tools/guide.py --check    # exit 1, with a diff, if any output shown differs

A command is a line ``$ routing …`` at the top of a ```console block; the rest of the block is its
output. ``# 只显示前 N 行`` (``最后 N 行``) after a command shows only the first (last) N lines of
its output, with ``…`` for the rest.
The commands run one after another, at 80 columns, in a fresh folder that holds what the guide
talks about: a copy of the Mengla workbook, the same with a threshold changed by a clerk, the same
with a mistake, and a short agenda — so that files one command writes, the next may read.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import shutil
import sys
import tempfile
from contextlib import chdir
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "使用说明.md"
_BLOCK = re.compile(r"^```console\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_LIMIT = re.compile(r"\s+#\s*只显示(?P<end>前|最后)\s*(?P<n>\d+)\s*行\s*$")
WORKBOOK = "勐腊县工作规则.xlsx"


def _edited(source: Path, target: Path, cells: dict[str, str]) -> None:
    """What a clerk does in Excel: change cells of the 资金调整 sheet, save under a new name."""
    import openpyxl  # noqa: PLC0415  # only the guide's fixtures need it

    book = openpyxl.load_workbook(source)
    for cell, value in cells.items():
        book["资金调整"][cell] = value
    book.save(target)


def prepare(folder: Path) -> None:
    """The files the guide's commands use."""
    import openpyxl  # noqa: PLC0415  # see above

    original = folder / WORKBOOK
    shutil.copyfile(ROOT / "tables" / "mengla.xlsx", original)
    _edited(
        original,
        folder / "勐腊县-修改.xlsx",
        {"B6": "30万元及以下", "B7": "30万元(不含)至1000万元(含)"},
    )
    _edited(original, folder / "勐腊县-有误.xlsx", {"B6": "不满20万元"})
    agenda = openpyxl.Workbook()
    sheet = agenda.active
    assert sheet is not None  # noqa: S101  # a new workbook has a sheet
    for row in (
        ("辖区", "事项", "金额"),
        ("勐腊县", "资金调整", "15万元"),
        ("勐腊县", "资金调整", "贰佰万元整"),
        ("勐腊县", "资金调整", "1000万元"),
        ("勐腊县", "资金调整", "二十万元钱"),
    ):
        sheet.append(row)
    agenda.save(folder / "议程.xlsx")


def run(command: str) -> str:
    """The text ``routing …`` prints (stdout and stderr, as on a terminal), and its exit code."""
    from click.testing import CliRunner  # noqa: PLC0415  # the tool's only use of click

    from routing_cli import cli  # noqa: PLC0415

    args = shlex.split(command)[1:]
    # A terminal of 80 columns, as a clerk has one (off a terminal `routing route` writes plain
    # lines); TERM=dumb: rich draws its layout without colour codes.
    terminal = {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "TERM": "dumb"}
    result = CliRunner().invoke(cli, args, env=terminal, catch_exceptions=False)
    text = result.output.rstrip("\n")
    if result.exit_code:
        text += f"\n(退出码 exit {result.exit_code})"
    return text


def render(guide: str) -> str:
    """The guide with the real output under each command."""

    def block(match: re.Match[str]) -> str:
        first = match["body"].split("\n", 1)[0]
        if not first.startswith("$ routing "):
            return match[0]
        command = first.removeprefix("$ ")
        limit = _LIMIT.search(command)
        output = run(_LIMIT.sub("", command))
        lines = output.split("\n")
        if limit and len(lines) > int(limit["n"]):
            count = int(limit["n"])
            shown = [*lines[:count], "…"] if limit["end"] == "前" else ["…", *lines[-count:]]
            output = "\n".join(shown)
        return f"```console\n{first}\n{output}\n```"

    with tempfile.TemporaryDirectory() as folder:
        prepare(Path(folder))
        with chdir(folder):
            os.environ.setdefault("ROUTING_CACHE_DIR", str(Path(folder) / "cache"))
            return _BLOCK.sub(block, guide)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    current = GUIDE.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    "docs/使用说明.md (shown)",
                    "docs/使用说明.md (real output)",
                )
            )
            print(
                "\n输出已变化,请运行 python tools/guide.py — run it to regenerate", file=sys.stderr
            )
            return 1
        return 0
    if fresh != current:
        GUIDE.write_text(fresh, encoding="utf-8")
        print(f"wrote {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
