"""What the parser makes of merged cells and of hidden sheets, rows and columns.

- A merged range spanning several rows of one column is read as that value in each row (the reader
  fills it in): merging a 条款 or 决策机构 cell over three rules means each of the three has it.
- A merged range spanning several columns of a sheet that routing reads as rows (decision tables,
  机构, 事项, 测试, 时限, 节假日) is refused: one value cannot belong to two different columns.
- Hidden sheets, rows and columns are read like visible ones (hiding is a way of viewing a sheet,
  not of deleting rules), and ``routing check`` warns about each one that holds something.

See "What the reader forgives and what it refuses" in ``docs/workbook.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._errors import Location, Problem
from routing._headers import (
    ABOUT_SHEETS,
    BODY_SHEETS,
    DEADLINE_SHEETS,
    HOLIDAY_SHEETS,
    MATTER_SHEETS,
    TABLE_MARKS,
    TEST_SHEETS,
    key_of,
    text_of,
)
from routing._layout import column_letter

if TYPE_CHECKING:
    from routing._reader import RawSheet, RawWorkbook

_ROW_SHEETS = BODY_SHEETS + MATTER_SHEETS + TEST_SHEETS + DEADLINE_SHEETS + HOLIDAY_SHEETS


def is_table_sheet(sheet: RawSheet) -> bool:
    """A decision table: not a reserved sheet, and 事项 in its first cell."""
    reserved = ABOUT_SHEETS + _ROW_SHEETS
    return sheet.name.strip() not in reserved and key_of(sheet.value(1, 1)) in TABLE_MARKS


def _read_as_rows(sheet: RawSheet) -> bool:
    return sheet.name.strip() in _ROW_SHEETS or is_table_sheet(sheet)


def _read(sheet: RawSheet) -> bool:
    return sheet.name.strip() in ABOUT_SHEETS or _read_as_rows(sheet)


def merged_problems(raw: RawWorkbook) -> list[Problem]:
    """One problem for each merged range across columns in a sheet read as rows."""
    return [
        Problem(
            "cell.merged",
            f"合并单元格 {span.ref} 跨越多列,无法判断该值属于哪一列;请取消合并,把值填入各自的列",
            f"the merged cells {span.ref} span several columns, so the value belongs to no one "
            "column; unmerge them and type each value in its own column",
            raw.location(sheet.name, span.min_row, span.min_col),
        )
        for sheet in raw.sheets
        if _read_as_rows(sheet)
        for span in sheet.merged
        if span.max_col > span.min_col and sheet.value(span.min_row, span.min_col) is not None
    ]


def hidden_warnings(raw: RawWorkbook) -> list[Problem]:
    """Hidden sheets, rows and columns that routing reads and that hold something."""
    warnings = []
    for sheet in raw.sheets:
        if not _read(sheet) or not sheet.rows:
            continue
        if sheet.hidden:
            warnings.append(
                Problem(
                    "sheet.hidden",
                    "工作表在 Excel 中被隐藏,但仍然有效;如已废止请删除,否则请取消隐藏",
                    "the sheet is hidden in Excel but still read; delete it if it no longer "
                    "applies, or unhide it",
                    Location(raw.name, sheet.name),
                )
            )
        warnings.extend(
            Problem(
                "row.hidden",
                f"第{row}行在 Excel 中被隐藏,但仍然有效;如已废止请删除该行,否则请取消隐藏",
                f"row {row} is hidden in Excel but still read; delete it if it no longer "
                "applies, or unhide it",
                raw.location(sheet.name, row),
            )
            for row in sorted(sheet.hidden_rows)
            if row <= len(sheet.rows) and any(text_of(value) for value in sheet.rows[row - 1])
        )
        for column in sorted(sheet.hidden_columns):
            if any(text_of(sheet.value(row, column)) for row in range(1, len(sheet.rows) + 1)):
                letter = column_letter(column)
                warnings.append(
                    Problem(
                        "column.hidden",
                        f"{letter}列在 Excel 中被隐藏,但仍然有效;如不再使用请删除该列,否则请取消隐藏",
                        f"column {letter} is hidden in Excel but still read; delete it if it is "
                        "not used, or unhide it",
                        Location(raw.name, sheet.name, f"{letter}列"),
                    )
                )
    return warnings
