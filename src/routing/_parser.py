"""Turn a workbook's raw cells into a ``RuleBook``, collecting every problem with its cell.

The workbook language (v1) is described in ``docs/workbook.md``. The work is split along the data
flow: ``_headers`` (sheets, header rows), ``_vocabulary`` (说明, 机构, 事项, 测试), ``_tables``
(decision-table sheets) and ``_cells`` (the grammar of one cell).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._book import RuleBook
from routing._deadline_sheets import parse_deadline_sheets
from routing._errors import Location, Problem, WorkbookError
from routing._headers import Collector
from routing._layout_checks import is_table_sheet, merged_problems
from routing._tables import parse_table
from routing._vocabulary import parse_about, parse_bodies, parse_matters, parse_tests

if TYPE_CHECKING:
    from routing._model import DecisionTable
    from routing._reader import RawWorkbook


def parse_workbook(raw: RawWorkbook) -> RuleBook:
    """Build the rule book; raise ``WorkbookError`` listing every problem found."""
    found = Collector(raw)
    found.problems.extend(merged_problems(raw))
    about = parse_about(found)
    bodies = parse_bodies(found)
    matters = {m.id: m for m in parse_matters(found)}
    tables: list[DecisionTable] = []
    for sheet in raw.sheets:
        if is_table_sheet(sheet):
            table = parse_table(found, sheet, matters, bodies)
            if table is None:
                continue
            if any(t.matter.id == table.matter.id for t in tables):
                found.report(
                    "table.duplicate",
                    f"事项 {table.matter.id} 已有决策表",
                    f"the matter {table.matter.id} already has a table",
                    table.location,
                )
            tables.append(table)
    tests = parse_tests(found)
    deadlines, holidays, deadline_problems = parse_deadline_sheets(raw)
    found.problems.extend(deadline_problems)
    meeting_ids = {body.id for body in bodies}
    for rule in deadlines:
        for meeting in rule.meetings:
            if meeting not in meeting_ids:
                found.report(
                    "deadline.meeting_unknown",
                    f"「时限」{rule.id} 的适用会议「{meeting}」不是「机构」表中的编号",
                    f"deadline row {rule.id}: the meeting {meeting!r} is not a body id",
                    rule.location,
                )
    if found.problems or about is None:
        raise WorkbookError(
            found.problems
            or [Problem("workbook.invalid", "工作簿无效", "invalid workbook", Location(raw.name))]
        )
    return RuleBook(
        about,
        tuple(bodies),
        tuple(matters.values()),
        tuple(tables),
        raw.name,
        tuple(tests),
        deadlines,
        holidays,
    )
