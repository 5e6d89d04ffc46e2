"""Build tables/<id>.xlsx from tables/src/<id>.toml, or check that they agree.

    python tools/build_tables.py            # rebuild every shipped workbook
    python tools/build_tables.py --check    # exit 1 if a workbook differs from its source

It also writes ``tables/names.json`` (id → 辖区名称), so that ``routing route 勐腊县 …`` finds the
workbook without opening every one.

The TOML files hold the cells of each workbook as reviewable text; the workbooks are what ships and
what office staff open. A test runs --check so the two never drift apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

from routing._reader import read_workbook
from routing._template import INSTRUCTION_ROWS, INSTRUCTIONS_SHEET
from routing._writer import SheetSpec, write_workbook

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tables"
COMPANIONS = ("deadlines", "meetings")  # <id>.<kind>.toml: appended to <id>.xlsx in this order
NAMES = TABLES / "names.json"


def names_index(sources: list[Path]) -> str:
    """``tables/names.json``: each shipped id and the 辖区名称 of its 说明 sheet."""
    names = {}
    for source in sources:
        for spec in specs_from_toml(source):
            for row in spec.rows:
                if spec.name == "说明" and len(row) > 1 and row[0] == "辖区名称":
                    names[source.stem] = row[1]
    return json.dumps(names, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def specs_from_toml(path: Path) -> list[SheetSpec]:
    """The sheets of one source file, then those of its ``<id>.deadlines.toml`` and
    ``<id>.meetings.toml`` companions.

    The clerk's instructions (填写说明, the same as in ``routing new``'s template) follow 说明
    unless the source has its own.
    """
    specs = []
    companions = (f"{path.stem}.{kind}.toml" for kind in COMPANIONS)
    for part in (path, *(path.with_name(name) for name in companions)):
        if part.exists():
            data = tomllib.loads(part.read_text(encoding="utf-8"))
            specs += [
                SheetSpec(sheet["name"], tuple(tuple(row) for row in sheet["rows"]))
                for sheet in data["sheet"]
            ]
    if all(spec.name != INSTRUCTIONS_SHEET for spec in specs):
        specs.insert(1, SheetSpec(INSTRUCTIONS_SHEET, INSTRUCTION_ROWS))
    return specs


def _comparable(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    if value == "":
        return None
    return value


def differences(source: Path, workbook: Path) -> list[str]:
    """Where the built workbook differs from its source ([] when they agree)."""
    if not workbook.exists():
        return [f"{workbook.name}: missing"]
    raw = read_workbook(workbook)
    expected = specs_from_toml(source)
    found: list[str] = []
    if [s.name for s in raw.sheets] != [s.name for s in expected]:
        found.append(
            f"{workbook.name}: sheets {[s.name for s in raw.sheets]} != {[s.name for s in expected]}"
        )
        return found
    for spec, sheet in zip(expected, raw.sheets, strict=True):
        for row_number, row in enumerate(spec.rows, 1):
            for column, value in enumerate(row, 1):
                actual = sheet.value(row_number, column)
                if _comparable(actual) != _comparable(value):
                    found.append(
                        f"{workbook.name} › {spec.name} › row {row_number} col {column}: "
                        f"{actual!r} != {value!r}"
                    )
        found += _extra_cells(workbook.name, spec, sheet.rows)
    return found


def _extra_cells(name: str, spec: SheetSpec, rows: tuple[tuple[object, ...], ...]) -> list[str]:
    """Cells the workbook has beyond its source: a row or cell deleted from the TOML."""
    found = []
    for row_number, values in enumerate(rows, 1):
        width = len(spec.rows[row_number - 1]) if row_number <= len(spec.rows) else 0
        for column, value in enumerate(values[width:], width + 1):
            if _comparable(value) is not None:
                found.append(
                    f"{name} › {spec.name} › row {row_number} col {column}: "
                    f"{value!r} is not in the source"
                )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument(
        "--force",
        action="store_true",
        help="rewrite every workbook, e.g. after a change to the writer's styling or dropdowns",
    )
    args = parser.parse_args()
    problems: list[str] = []
    for source in sorted((TABLES / "src").glob("*.toml")):
        if source.name.endswith(tuple(f".{kind}.toml" for kind in COMPANIONS)):
            continue  # appended to its workbook by specs_from_toml
        target = TABLES / f"{source.stem}.xlsx"
        if args.check:
            problems.extend(differences(source, target))
        elif args.force or not target.exists() or differences(source, target):
            # Unchanged workbooks are left alone: a rewrite changes their bytes (zip timestamps)
            # and would show up as a spurious edit in version control.
            write_workbook(specs_from_toml(source), target, force=True)
            print(f"wrote {target.relative_to(ROOT)}")
    sources = [
        s for s in sorted((TABLES / "src").glob("*.toml")) if not s.name.endswith(".deadlines.toml")
    ]
    index = names_index(sources)
    current = NAMES.read_text(encoding="utf-8") if NAMES.exists() else ""
    if args.check and current != index:
        problems.append(f"{NAMES.name}: differs from the 辖区名称 of tables/src (rebuild)")
    elif not args.check and current != index:
        NAMES.write_text(index, encoding="utf-8")
        print(f"wrote {NAMES.relative_to(ROOT)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
