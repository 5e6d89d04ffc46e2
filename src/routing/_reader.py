"""Read a workbook's cells, keeping where each value came from: calamine's values for the sheets
``_plain_sheets`` proves it reads as openpyxl does, openpyxl's read-only mode for the others.

Knows nothing of rules.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from routing._errors import Location, Problem, WorkbookError
from routing._file_guards import check_file, check_zip, unreadable
from routing._layout import SheetLayout, Span, column_letter, read_layouts
from routing._openpyxl_read import (
    DAMAGED_SHEET_ERRORS,
    OPENPYXL_TYPE_ERRORS,
    damaged_file,
    damaged_sheet,
    formula_problems,
    loaded,
)
from routing._plain_sheets import plain_sheets

if TYPE_CHECKING:
    import contextlib
    from pathlib import Path

    from openpyxl.workbook.workbook import Workbook

    from routing._plain_sheets import PlainBook

#: Limits on one sheet: the rows and columns actually read (the declared <dimension> is ignored).
#: A decision table may hold MAX_RULE_ROWS rules; its title, meta, blank and header rows come on top.
MAX_RULE_ROWS = 100_000
MAX_ROWS = MAX_RULE_ROWS + 1_000
MAX_COLUMNS = 500
#: Limits on the whole workbook, counting real cells and their text, not the declared dimension:
#: room for a table of MAX_RULE_ROWS rules 30 columns wide, and the book's other sheets.
MAX_CELLS = MAX_RULE_ROWS * 30 + 100_000
MAX_TEXT_BYTES = 64 * 1024 * 1024
#: Excel's own limit on the text of one cell.
MAX_CELL_CHARACTERS = 32_767
CellValue = str | int | Decimal | bool | dt.datetime | dt.date | dt.time | None


@attrs.frozen
class RawSheet:
    """The values of one sheet, row by row; ``rows[0]`` is Excel row 1.

    Each merged range's value is in every cell it covers (what Excel shows); ``merged`` lists the
    ranges, and ``hidden_rows``/``hidden_columns`` the rows and columns hidden in Excel.
    """

    name: str
    rows: tuple[tuple[CellValue, ...], ...]
    hidden: bool = False
    merged: tuple[Span, ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()

    def value(self, row: int, column: int) -> CellValue:
        """The value at a 1-based row and column, ``None`` when outside the data."""
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column - 1] if 0 < column <= len(values) else None


@attrs.frozen
class RawWorkbook:
    """The sheets of one workbook, and the name used in messages (the file name)."""

    name: str
    sheets: tuple[RawSheet, ...]

    def sheet(self, *names: str) -> RawSheet | None:
        return next((s for s in self.sheets if s.name.strip() in names), None)

    def location(self, sheet: str, row: int | None = None, column: int | None = None) -> Location:
        if row is not None and column is not None:
            return Location(self.name, sheet, f"{column_letter(column)}{row}")
        return Location(self.name, sheet, row=row)


def _number(value: float) -> int | Decimal:
    # Excel stores numbers as doubles; the shortest repr is what the user typed (200000.01).
    return int(value) if value.is_integer() else Decimal(repr(value))


def _cell_value(value: object) -> CellValue:
    if isinstance(value, float):
        return _number(value)
    if (
        isinstance(value, str | int | bool | dt.datetime | dt.date | dt.time | Decimal)
        or value is None
    ):
        return value
    return str(value)


def open_workbook(path: Path) -> contextlib.AbstractContextManager[Workbook]:
    """Open a workbook read-only with cached formula values; refuse what is not an .xlsx."""
    check_workbook_file(path)
    return loaded(path, data_only=True)


def check_workbook_file(path: Path) -> None:
    """Refuse what is not an .xlsx (or a zip bomb) before any of its XML is read."""
    check_file(path)
    if path.suffix.lower() == ".ods":
        # A LibreOffice user is told the steps in LibreOffice's own menu words.
        raise unreadable(
            path,
            "不支持 .ods 文件,请另存为 .xlsx:在 LibreOffice Calc 中选「文件 › 另存为」,"
            "「文件类型」选「Excel 2007-365 (.xlsx)」,再选「使用 Excel 2007-365!」",
            ".ods files are not supported; in LibreOffice Calc choose File › Save As, set "
            "File type to Excel 2007-365 (.xlsx), then choose Use Excel 2007-365!",
            "workbook.format",
        )
    if path.suffix.lower() in {".xls", ".csv", ".et"}:
        raise unreadable(
            path,
            f"不支持 {path.suffix} 文件,请在 Excel 中另存为 .xlsx",
            f"{path.suffix} files are not supported; save the workbook as .xlsx in Excel",
            "workbook.format",
        )
    if not zipfile.is_zipfile(path):
        raise unreadable(
            path,
            "不是 .xlsx 工作簿(可能已加密、损坏或是旧版 .xls);请在 Excel 中取消密码并另存为 .xlsx",
            "not an .xlsx workbook (it may be password-protected, damaged, or an old .xls); "
            "remove the password and save it as .xlsx",
            "workbook.format",
        )
    check_zip(path)


def read_workbook(path: Path) -> RawWorkbook:
    """Every sheet's values, with the file name for messages: calamine's for the plain sheets
    (``_plain_sheets``), openpyxl's for the rest."""
    check_workbook_file(path)
    budget = _Budget(path.name)
    plain = plain_sheets(
        path,
        _number,
        budget.spend_rows,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_cells=MAX_CELLS,
    )
    with warnings.catch_warnings():
        # openpyxl warns about what it drops (data-validation extensions, a missing stylesheet);
        # none of it is a value, and a warning line is no help to the clerk.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        if plain is not None and plain.complete:
            raw = RawWorkbook(
                path.name,
                tuple(
                    RawSheet(title, sheet.rows, hidden=sheet.hidden)
                    for title, sheet in plain.sheets.items()
                ),
            )
        else:
            with loaded(path, data_only=True) as workbook:
                raw = raw_from_openpyxl(workbook, path.name, plain, budget)
        # A workbook with plain sheets holds no formula (``plain_sheets`` looked).
        problems = [] if plain is not None else formula_problems(path, raw)
    if problems:
        raise WorkbookError(problems)
    layouts = read_layouts(path, MAX_COLUMNS)
    if not layouts:
        return raw
    return attrs.evolve(
        raw,
        sheets=tuple(
            with_layout(path.name, sheet, layouts[sheet.name]) if sheet.name in layouts else sheet
            for sheet in raw.sheets
        ),
    )


def with_layout(name: str, sheet: RawSheet, layout: SheetLayout) -> RawSheet:
    """The sheet with its layout, each merged range's value copied into every cell it covers.

    Ranges are clipped to the cells read: beyond the last row with a value nothing is a rule.
    Excel never overlaps merged ranges; overlapping ones (more cells than the sheet) are refused.
    """
    width = max((len(row) for row in sheet.rows), default=0)
    covered = sum(
        max(0, min(s.max_row, len(sheet.rows)) - s.min_row + 1)
        * max(0, min(s.max_col, width) - s.min_col + 1)
        for s in layout.merged
    )
    if covered > len(sheet.rows) * width:
        raise WorkbookError(
            [
                Problem(
                    "workbook.unreadable",
                    "工作表的合并单元格区域互相重叠(文件可能已损坏);请在 Excel 中取消合并后另存",
                    "the sheet's merged ranges overlap (the file may be damaged); unmerge them in "
                    "Excel and save again",
                    Location(name, sheet.name),
                )
            ]
        )
    if covered > MAX_CELLS:
        raise _too_much_text(name, sheet.name)
    # Only the rows a range covers grow, and only as far as it reaches: no padding of the rest.
    rows = [list(row) for row in sheet.rows]
    for span in layout.merged:
        value = sheet.value(span.min_row, span.min_col)
        last_column = min(span.max_col, width)
        for row in range(span.min_row, min(span.max_row, len(rows)) + 1):
            cells = rows[row - 1]
            cells.extend([None] * (last_column - len(cells)))
            for column in range(span.min_col, last_column + 1):
                cells[column - 1] = value
    return attrs.evolve(
        sheet,
        rows=tuple(tuple(row) for row in rows),
        merged=layout.merged,
        hidden_rows=layout.hidden_rows,
        hidden_columns=layout.hidden_columns,
    )


def _too_many_cells(name: str, sheet: str) -> WorkbookError:
    return WorkbookError(
        [
            Problem(
                "workbook.too_large",
                f"工作表过大(超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列),已拒绝读取;见 docs/limits.md",
                f"the sheet is too large (over {MAX_ROWS} rows or {MAX_COLUMNS} columns); "
                "refused, see docs/limits.md",
                Location(name, sheet),
            )
        ]
    )


def raw_from_openpyxl(
    workbook: Workbook, name: str, plain: PlainBook | None = None, budget: _Budget | None = None
) -> RawWorkbook:
    """Take the values out of an open openpyxl workbook (read-only or not); the sheets in
    ``plain`` (already counted in ``budget``) are taken from there instead."""
    budget = budget or _Budget(name)
    sheets = []
    for worksheet in workbook.worksheets:
        done = None if plain is None else plain.sheets.get(worksheet.title)
        if done is not None:
            hidden = worksheet.sheet_state != "visible"
            sheets.append(RawSheet(worksheet.title, done.rows, hidden=hidden))
        else:
            sheets.append(_read_sheet(budget, name, worksheet))
    return RawWorkbook(name, tuple(sheets))


def _read_sheet(budget: _Budget, name: str, worksheet: Any) -> RawSheet:
    reset = getattr(worksheet, "reset_dimensions", None)
    if reset is not None:
        # Read-only mode pads every row to the declared <dimension> (A1:SF100000 with one far
        # cell is 50 million cells); without it each row is as long as its last real cell.
        reset()
    rows: list[tuple[CellValue, ...]] = []
    # openpyxl's read-only mode parses the sheet XML lazily, in next(): a damaged sheet
    # (a row numbered "abc", a shared string that is not there) fails there, and only there.
    values_of_rows = iter(worksheet.iter_rows(min_row=1, min_col=1, values_only=True))
    while True:
        try:
            values = next(values_of_rows, None)
        except (*DAMAGED_SHEET_ERRORS, *OPENPYXL_TYPE_ERRORS) as error:
            if not damaged_file(error):
                raise
            raise damaged_sheet(name, worksheet.title, error) from None
        if values is None:
            break
        if len(rows) >= MAX_ROWS or len(values) > MAX_COLUMNS:
            raise _too_many_cells(name, worksheet.title)
        if not values:  # a row with no cells (openpyxl fills gaps with them): nothing to do
            rows.append(())
            continue
        row = tuple(_cell_value(value) for value in values)
        budget.spend(worksheet.title, row)
        rows.append(row)
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return RawSheet(worksheet.title, tuple(rows), hidden=worksheet.sheet_state != "visible")


@attrs.define
class _Budget:
    """The real cells and text bytes read so far from one workbook, against the limits."""

    name: str
    cells: int = 0
    text_bytes: int = 0

    def spend_rows(self, sheet: str, rows: tuple[tuple[CellValue, ...], ...]) -> None:
        for row in rows:
            self.spend(sheet, row)

    def spend(self, sheet: str, row: tuple[CellValue, ...]) -> None:
        for value in row:
            if value is None:
                continue
            self.cells += 1
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARACTERS:
                    raise _too_much_text(self.name, sheet)
                self.text_bytes += len(value.encode("utf-8", "surrogatepass"))
        if self.cells > MAX_CELLS or self.text_bytes > MAX_TEXT_BYTES:
            raise _too_much_text(self.name, sheet)


def _too_much_text(name: str, sheet: str) -> WorkbookError:
    return WorkbookError(
        [
            Problem(
                "workbook.too_large",
                f"工作簿内容过多(单元格超过 {MAX_CELL_CHARACTERS} 字,或共超过 {MAX_CELLS} 个单元格、"
                f"{MAX_TEXT_BYTES // (1024 * 1024)} MiB 文字),已拒绝读取;见 docs/limits.md",
                f"the workbook holds too much (a cell over {MAX_CELL_CHARACTERS} characters, or "
                f"over {MAX_CELLS} cells or {MAX_TEXT_BYTES // (1024 * 1024)} MiB of text in all); "
                "refused, see docs/limits.md",
                Location(name, sheet),
            )
        ]
    )
