"""Agendas read as offices write them: .xlsx/.xls/.ods (values through python-calamine), CSV
(streamed, UTF-8 or GBK) and Parquet (through pyarrow, the ``routing[parquet]`` extra).

The header is the first row that has a 事项/matter column, so a title row or several above it
(``2026年第10次常务会议议题``) are passed over. Rows come as lists of cell values in source order,
each with its row number as the clerk sees it; a row the reader could not take whole (a CSV
field over the csv module's limit, a control character in a cell) comes as a ``RowProblem``
with its number, and the rows after it are read on.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from routing._agenda_csv import count_lines, csv_reader
from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

JURISDICTION_COLUMNS = frozenset({"辖区", "jurisdiction", "辖区编号"})
MATTER_COLUMNS = frozenset({"事项", "matter", "事项编号"})
MEETING_DATE_COLUMNS = frozenset({"会议日期", "meeting_date"})
HEADER_SEARCH_ROWS = 20
"""Rows looked at for the header: title rows above it are few."""
SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@attrs.frozen
class RowProblem:
    """A row that could not be read as cells: its number and what was wrong."""

    number: int
    code: str
    message: str
    message_en: str


@attrs.frozen
class Agenda:
    """The header and the rows after it (``(number, cells)`` or a ``RowProblem``)."""

    name: str
    header: tuple[str, ...]
    rows: Iterator[tuple[int, list[Any]] | RowProblem]
    total: int | None
    """Data rows expected (for the progress bar), when the source tells cheaply."""


def header_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def is_header(cells: Iterable[object]) -> bool:
    return any(header_text(v).lower() in MATTER_COLUMNS for v in cells)


def _control_problem(number: int, cells: list[Any]) -> RowProblem | None:
    try:
        text = "".join(cells)  # a CSV row: text only, joined in C
    except TypeError:
        text = "".join(v for v in cells if type(v) is str)
    if text.isprintable():  # one C pass; every control character is unprintable
        return None
    found = _CONTROL.search(text)
    if found is None:
        return None
    return RowProblem(
        number,
        "cell.control_character",
        f"第{number}行有控制字符 U+{ord(found.group()):04X},已跳过该行",
        f"row {number} contains the control character U+{ord(found.group()):04X}; row skipped",
    )


def _no_header(name: str) -> InputError:
    return InputError(
        "batch.no_matter_column",
        f"{name} 的前 {HEADER_SEARCH_ROWS} 行中没有「事项」列(事项/matter)",
        f"{name} has no matter column (事项/matter) in its first {HEADER_SEARCH_ROWS} rows",
    )


def _with_header(
    name: str,
    numbered: Iterator[tuple[int, list[Any]] | RowProblem],
    total: int | None,
    *,
    checked: bool = False,
) -> Agenda:
    """Skip title rows up to the header; keep the rest of the stream as it comes (its rows
    checked for control characters, unless the reader did it: ``checked``)."""
    for _ in range(HEADER_SEARCH_ROWS):
        item = next(numbered, None)
        if item is None:
            break
        if isinstance(item, RowProblem):
            continue
        number, cells = item
        if is_header(cells):
            header = tuple(header_text(v) for v in cells)
            while header and not header[-1]:
                header = header[:-1]
            remaining = None if total is None else max(total - number, 0)
            return Agenda(name, header, numbered if checked else _checked(numbered), remaining)
    raise _no_header(name)


def _checked(
    numbered: Iterator[tuple[int, list[Any]] | RowProblem],
) -> Iterator[tuple[int, list[Any]] | RowProblem]:
    for item in numbered:
        if isinstance(item, RowProblem):
            yield item
            continue
        number, cells = item
        yield _control_problem(number, cells) or item


@contextlib.contextmanager
def open_agenda(path: Path) -> Iterator[Agenda]:
    """The agenda at ``path``, by its suffix; anything else is refused with the file named."""
    if not path.is_file():
        raise InputError(
            "batch.input_missing",
            f"找不到输入文件 {path}(或它不是普通文件)",
            f"no input file {path} (or it is not a regular file)",
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield _with_header(path.name, _csv_rows(path), count_lines(path), checked=True)
    elif suffix in SPREADSHEETS:
        with _spreadsheet_rows(path) as (rows, total):
            yield _with_header(path.name, rows, total)
    elif suffix == ".parquet":
        from routing._agenda_parquet import parquet_rows  # noqa: PLC0415  # optional pyarrow

        rows, total = parquet_rows(path)
        yield _with_header(path.name, rows, total)
    else:
        raise InputError(
            "batch.format",
            f"不支持 {path.suffix or '无后缀'} 文件;议程应为 .xlsx、.xls、.ods、.csv 或 .parquet",
            f"{path.suffix or 'files without a suffix'} not supported; "
            "an agenda is .xlsx, .xls, .ods, .csv or .parquet",
        )


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]] | RowProblem]:
    """Each non-empty record, numbered, checked for control characters here (one generator
    less per row of the largest agendas)."""
    reader = csv_reader(path)
    number = 0
    while True:
        try:
            for record in reader:  # leaves only at the end or on a record csv refuses
                number += 1
                if any(record):
                    if "".join(record).isprintable():  # no control character: the common case
                        yield number, record
                    else:
                        yield _control_problem(number, record) or (number, record)
        except csv.Error as error:
            number += 1
            yield RowProblem(
                number,
                "cell.too_long",
                f"第{number}行无法读取:{error}(单元格最长 131072 字符)",
                f"row {number} cannot be read: {error} (cells hold 131,072 characters)",
            )
        else:
            return


@contextlib.contextmanager
def _spreadsheet_rows(
    path: Path,
) -> Iterator[tuple[Iterator[tuple[int, list[Any]] | RowProblem], int | None]]:
    from python_calamine import CalamineError, CalamineWorkbook  # noqa: PLC0415  # lazy

    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from routing._agenda_gate import check_agenda_sheet  # noqa: PLC0415
        from routing._reader import open_workbook  # noqa: PLC0415  # the format and zip gate

        with open_workbook(path):
            pass
        check_agenda_sheet(path)
    elif path.suffix.lower() == ".ods":
        from routing._agenda_gate import check_ods_sheet  # noqa: PLC0415
        from routing._file_guards import check_zip  # noqa: PLC0415  # an .ods is a zip too

        check_zip(path)
        check_ods_sheet(path)
    elif path.suffix.lower() == ".xls":
        from routing._agenda_gate import check_xls_sheets  # noqa: PLC0415
        from routing._file_guards import MAX_UNCOMPRESSED_BYTES  # noqa: PLC0415

        check_xls_sheets(path, MAX_UNCOMPRESSED_BYTES)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(
            "batch.unreadable",
            f"无法读取 {path.name} 的工作表:{error}",
            f"cannot read the sheet of {path.name}: {error}",
        ) from None
    try:
        start = sheet.start
        first = 1 if start is None else start[0] + 1
        rows = (
            (number, cells)
            for number, cells in enumerate(sheet.iter_rows(), first)
            if cells.count("") != len(cells)  # not an empty row (counted in C)
        )
        yield rows, (first - 1 + sheet.height if start is not None else 0)
    finally:
        workbook.close()
