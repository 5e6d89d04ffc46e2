"""Read a workbook's cells with openpyxl, keeping where each value came from.

Knows nothing of rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import warnings
import zipfile
import zlib
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from routing._errors import Location, Problem, WorkbookError
from routing._file_guards import check_file, check_zip, unreadable
from routing._layout import SheetLayout, Span, column_letter, read_layouts

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from openpyxl.workbook.workbook import Workbook

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
#: What openpyxl raises, while it reads a sheet lazily, on XML it cannot make sense of: bad numbers,
#: coordinates and dates (ValueError, OverflowError), missing shared strings or styles (IndexError,
#: KeyError), malformed XML (ParseError is a SyntaxError), a damaged zip member (zlib.error, EOFError).
#: Only openpyxl's own calls are guarded with it. TypeError and AttributeError are not in it: raised
#: by our code they are bugs and must surface as such. openpyxl raises them on damaged XML too (its
#: descriptors check types), so those two are caught only when raised inside openpyxl: see
#: ``damaged_file``.
DAMAGED_SHEET_ERRORS = (
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    SyntaxError,
    EOFError,
    OSError,
    zlib.error,
    zipfile.BadZipFile,
)

_OPENPYXL_TYPE_ERRORS = (TypeError, AttributeError)


def damaged_file(error: BaseException) -> bool:
    """Whether ``error`` says the file is damaged: one of ``DAMAGED_SHEET_ERRORS``, or a TypeError
    or AttributeError whose innermost frame is openpyxl's own code (never ours)."""
    if isinstance(error, DAMAGED_SHEET_ERRORS):
        return True
    if not isinstance(error, _OPENPYXL_TYPE_ERRORS):
        return False
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and f"{os.sep}openpyxl{os.sep}" in frame.tb_frame.f_code.co_filename


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


def _cell_value(value: object) -> CellValue:
    # Excel stores numbers as doubles; the shortest repr is what the user typed (200000.01).
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if (
        isinstance(value, str | int | bool | dt.datetime | dt.date | dt.time | Decimal)
        or value is None
    ):
        return value
    return str(value)


def open_workbook(path: Path) -> contextlib.AbstractContextManager[Workbook]:
    """Open a workbook read-only with cached formula values; refuse what is not an .xlsx."""
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
    return _loaded(path, data_only=True)


@contextlib.contextmanager
def _loaded(path: Path, *, data_only: bool) -> Iterator[Workbook]:
    """openpyxl's read-only workbook over a file this function opens, and closes even when
    openpyxl fails half-way (it would leave its own file open)."""
    import openpyxl  # noqa: PLC0415  # imported lazily: it is the slowest import of a cold start
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
        except (InvalidFileException, *DAMAGED_SHEET_ERRORS, *_OPENPYXL_TYPE_ERRORS) as error:
            if not isinstance(error, InvalidFileException) and not damaged_file(error):
                raise
            raise unreadable(
                path, f"无法读取工作簿:{error}", f"cannot read the workbook: {error}"
            ) from None
        try:
            yield workbook
        finally:
            workbook.close()


def read_workbook(path: Path) -> RawWorkbook:
    """Every sheet's values, with the file name for messages."""
    with warnings.catch_warnings():
        # openpyxl warns about what it drops (data-validation extensions, a missing stylesheet);
        # none of it is a value, and a warning line is no help to the clerk.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        with open_workbook(path) as workbook:
            raw = raw_from_openpyxl(workbook, path.name)
        problems = formula_problems(path, raw)
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


_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
"""A real ``<f>`` element (``<f>``, ``<f t="shared" …/>``, ``<x:f>``), not ``<formula1>`` of a dropdown."""


def _has_formulas(path: Path) -> bool:
    # Cheap test on the sheet XML (sizes already bounded by check_zip): is there any <f> element?
    with zipfile.ZipFile(path) as archive:
        return any(
            name.startswith("xl/worksheets/") and _FORMULA_ELEMENT.search(archive.read(name))
            for name in archive.namelist()
        )


def formula_problems(path: Path, raw: RawWorkbook) -> list[Problem]:
    """Formula cells whose cached value is missing (read as empty otherwise): one problem each.

    Only when the sheet XML holds formulas at all is the workbook read a second time, with formulas.
    """
    if not _has_formulas(path):
        return []
    problems = []
    with _loaded(path, data_only=False) as workbook:
        for worksheet, sheet in zip(workbook.worksheets, raw.sheets, strict=False):
            try:
                rows = list(worksheet.iter_rows(values_only=True))
            except (*DAMAGED_SHEET_ERRORS, *_OPENPYXL_TYPE_ERRORS) as error:
                if not damaged_file(error):
                    raise
                raise _damaged_sheet(raw.name, sheet.name, error) from None
            for row, values in enumerate(rows, start=1):
                for column, value in enumerate(values, start=1):
                    if (
                        isinstance(value, str)
                        and value.startswith("=")
                        and sheet.value(row, column) is None
                    ):
                        problems.append(
                            Problem(
                                "cell.formula_uncached",
                                f"公式 {value} 没有保存计算结果;"
                                "请在 Excel 中打开并保存,或改为填写数值",
                                f"the formula {value} has no saved result; open and save the "
                                "workbook in Excel, or type the value",
                                raw.location(sheet.name, row, column),
                            )
                        )
    return problems


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


def _damaged_sheet(name: str, sheet: str, error: Exception) -> WorkbookError:
    return WorkbookError(
        [
            Problem(
                "workbook.unreadable",
                f"无法读取工作表(文件可能已损坏):{error};请在 Excel 中打开并另存",
                f"cannot read the sheet (the file may be damaged): {error}; open it in Excel "
                "and save it again",
                Location(name, sheet),
            )
        ]
    )


def raw_from_openpyxl(workbook: Workbook, name: str) -> RawWorkbook:
    """Take the values out of an open openpyxl workbook (read-only or not)."""
    budget = _Budget(name)
    sheets = []
    for worksheet in workbook.worksheets:
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
            except (*DAMAGED_SHEET_ERRORS, *_OPENPYXL_TYPE_ERRORS) as error:
                if not damaged_file(error):
                    raise
                raise _damaged_sheet(name, worksheet.title, error) from None
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
        sheets.append(
            RawSheet(worksheet.title, tuple(rows), hidden=worksheet.sheet_state != "visible")
        )
    return RawWorkbook(name, tuple(sheets))


@attrs.define
class _Budget:
    """The real cells and text bytes read so far from one workbook, against the limits."""

    name: str
    cells: int = 0
    text_bytes: int = 0

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
