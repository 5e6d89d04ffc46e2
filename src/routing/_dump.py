"""A stable plain-text rendering of a workbook, for ``git diff`` (textconv) and for review.

Every sheet is printed row by row with its Excel row number and the non-empty cells joined by
`` | ``; then, when the workbook parses, each decision table's rules with their conditions,
chain, clause and the sheet row they come from. The output depends only on cell values, never on
formatting, column widths or the order in which Excel saved the parts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from routing._errors import WorkbookError
from routing._model import OutcomeKind
from routing._parser import parse_workbook
from routing._reader import read_workbook

if TYPE_CHECKING:
    from pathlib import Path

    from routing._book import RuleBook
    from routing._reader import CellValue, RawWorkbook


def _cell(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n")


def dump_sheets(raw: RawWorkbook) -> list[str]:
    """The cells of every sheet, one line per non-empty row."""
    lines: list[str] = []
    for sheet in raw.sheets:
        lines.append(f"== {sheet.name}{' (隐藏 hidden)' if sheet.hidden else ''} ==")
        for number, row in enumerate(sheet.rows, 1):
            cells = [_cell(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append(f"{number:>4}: {' | '.join(cells)}")
        lines.append("")
    return lines


def dump_rules(book: RuleBook) -> list[str]:
    """Each table's rules: conditions, chain (by body id), clause and the row they come from."""
    lines: list[str] = []
    for table in book.tables:
        header = f"{table.matter.id} {table.matter.name} · {table.hit_policy.name}"
        lines.append(f"== 规则 rules: {header} ==")
        for rule in table.rules:
            conditions = "; ".join(str(c) for c in rule.conditions) or "-"
            chain = (
                ""
                if rule.chain is None
                else " → ".join(
                    ("或" if step.mode == "any" else "、").join(b.id for b in step.bodies)
                    for step in rule.chain.steps
                )
            )
            if rule.is_gap:
                chain = "(未规定 silent)"
            elif rule.kind is not OutcomeKind.DECISION:
                said = f"{rule.kind.value}:{rule.result}" if rule.result else rule.kind.value
                chain = f"{said} {chain}".strip()
            where = rule.location.cell or rule.location.row or ""
            lines.append(
                f"{rule.id} [{rule.location.sheet}!{where}] {conditions} ⇒ {chain}"
                f" · {rule.citation.clause}{' (推断)' if rule.inferred else ''}"
            )
        lines.append("")
    return lines


def dump_path(path: Path) -> str:
    """The whole text of a workbook: sheets, then rules (or the problems that stop it parsing)."""
    raw = read_workbook(path)
    lines = [f"# {raw.name}", "", *dump_sheets(raw)]
    try:
        lines.extend(dump_rules(parse_workbook(raw)))
    except WorkbookError as error:
        lines.append("== 问题 problems ==")
        lines.extend(str(problem) for problem in error.problems)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
