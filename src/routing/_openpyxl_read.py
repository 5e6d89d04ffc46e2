"""openpyxl's side of reading: the workbook opened read-only, what openpyxl raises on a damaged
file, and the second, formula-reading pass that finds formulas without a saved result.

Knows nothing of rules.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
import zlib
from typing import TYPE_CHECKING

from routing._errors import Location, Problem, WorkbookError
from routing._file_guards import unreadable
from routing._plain_sheets import has_formulas

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from openpyxl.workbook.workbook import Workbook

    from routing._reader import RawWorkbook

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

OPENPYXL_TYPE_ERRORS = (TypeError, AttributeError)


def damaged_file(error: BaseException) -> bool:
    """Whether ``error`` says the file is damaged: one of ``DAMAGED_SHEET_ERRORS``, or a TypeError
    or AttributeError whose innermost frame is openpyxl's own code (never ours)."""
    if isinstance(error, DAMAGED_SHEET_ERRORS):
        return True
    if not isinstance(error, OPENPYXL_TYPE_ERRORS):
        return False
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and f"{os.sep}openpyxl{os.sep}" in frame.tb_frame.f_code.co_filename


@contextlib.contextmanager
def loaded(path: Path, *, data_only: bool) -> Iterator[Workbook]:
    """openpyxl's read-only workbook over a file this function opens, and closes even when
    openpyxl fails half-way (it would leave its own file open)."""
    import openpyxl  # noqa: PLC0415  # imported lazily: it is the slowest import of a cold start
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
        except (InvalidFileException, *DAMAGED_SHEET_ERRORS, *OPENPYXL_TYPE_ERRORS) as error:
            if not isinstance(error, InvalidFileException) and not damaged_file(error):
                raise
            raise unreadable(
                path, f"无法读取工作簿:{error}", f"cannot read the workbook: {error}"
            ) from None
        try:
            yield workbook
        finally:
            workbook.close()


def formula_problems(path: Path, raw: RawWorkbook) -> list[Problem]:
    """Formula cells whose cached value is missing (read as empty otherwise): one problem each.

    Only when the sheet XML holds formulas at all is the workbook read a second time, with formulas.
    """
    if not has_formulas(path):
        return []
    problems = []
    with loaded(path, data_only=False) as workbook:
        for worksheet, sheet in zip(workbook.worksheets, raw.sheets, strict=False):
            try:
                rows = list(worksheet.iter_rows(values_only=True))
            except (*DAMAGED_SHEET_ERRORS, *OPENPYXL_TYPE_ERRORS) as error:
                if not damaged_file(error):
                    raise
                raise damaged_sheet(raw.name, sheet.name, error) from None
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


def damaged_sheet(name: str, sheet: str, error: Exception) -> WorkbookError:
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
