"""Sheet values through python-calamine where they are exactly what openpyxl reads.

openpyxl's read-only mode parses a 100,000-rule sheet in 7-8 s (Python objects for every XML
element); calamine reads the same cells in about half a second. But the two differ on some cells,
so a sheet goes to calamine only when its XML holds none of them (byte patterns, searched in C),
and a sheet that holds any is left to openpyxl, which ``_reader`` keeps as the reference
(``tests/test_plain_sheets.py`` reads every case both ways):

- formulas anywhere in the workbook (cached values and the uncached-formula check stay
  openpyxl's), and numbers in a style openpyxl reads as a date or a duration, except a whole
  serial in a date style, which ``_number_styles`` reads as openpyxl does (a midnight datetime);
- text calamine trims or unescapes and openpyxl does not: a ``<t>`` with leading or trailing
  XML whitespace and no ``xml:space="preserve"`` (calamine trims each run: ``a `` + `` b`` is
  ``ab``), and ``_x000D_``-style escapes;
- error cells (``t="e"``: openpyxl reads ``#N/A``, calamine nothing) and ISO date cells
  (``t="d"``), and a ``<v>`` that is not a plain number: calamine reads `` 5`` or ``1_000`` as
  text where openpyxl reads 5 and 1000, or names the damage;
- cells or rows without a leading ``r=`` reference or with one openpyxl reads its own way
  (``ZZZZ5``, ``5.5``), namespace prefixes on the cell elements, a part that is not well-formed
  XML (calamine stops at the end of the cells), a DTD;
- a grid over the limits (calamine builds one dense grid from A1 to the last cell: refused
  sheets keep openpyxl's message), and merged ranges (their clipping needs openpyxl's widths,
  which count styled empty cells).

After calamine has read a sheet, a value no openpyxl read gives sends it back too: a date or
time (calamine also reads the CJK built-in formats 27-36 and 50-58 as dates), a number that is
not finite, a whole number at or beyond 2**53 (openpyxl reads the digits exactly). calamine's
empty cells are ``None``; its floats are the nearest double of the XML text, as openpyxl's are,
and ``_reader`` turns both into int or Decimal by the same function. Anything calamine refuses
goes to openpyxl, which names the damage as before.

One difference is kept on purpose: rows or cells out of order (no spreadsheet program writes
them). openpyxl's read-only mode drops or moves such cells; calamine puts each value at its own
reference, where Excel shows it.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.parsers.expat
import zipfile
from typing import TYPE_CHECKING, Any

import attrs

from routing._layout import sheet_parts, workbook_part
from routing._number_styles import NumberStyles, calamine_agrees, date_cells, number_styles

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
"""A real ``<f>`` element (``<f>``, ``<f t="shared" …/>``, ``<x:f>``), not ``<formula1>`` of a dropdown."""
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:sheetData|row|c|v|is|si|r|t)[\s>/]")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_TRIMMED_TEXT = re.compile(
    rb'<t(?:\s(?![^>]*xml:space="preserve")[^>]*)?>(?:[ \t\r\n]|[^<]*[ \t\r\n]</t>)'
)
_NOT_A_NUMBER = re.compile(rb"<v>(?![-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[Ee][-+]?[0-9]+)?</v>)")
_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[1-9][0-9]{0,6}"')
_ROWS = re.compile(rb'<row r="([1-9][0-9]{0,6})"')
_FAR_CELL_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')
_EXACT_INTEGERS = 2**53


@attrs.frozen
class PlainSheet:
    """One sheet's values as calamine read them: rows from A1, trailing empties dropped, numbers
    through the reader's own ``number``."""

    rows: tuple[tuple[Any, ...], ...]  # the reader's CellValue: str, bool, ``number``'s, None
    hidden: bool


@attrs.frozen
class PlainBook:
    """The plain sheets by title, in workbook order; ``complete`` when every sheet is plain."""

    sheets: dict[str, PlainSheet]
    complete: bool


@attrs.frozen
class _Limits:
    rows: int
    columns: int
    cells: int


def has_formulas(path: Path) -> bool:
    """Whether any sheet XML holds an ``<f>`` element (sizes already bounded by check_zip)."""
    with zipfile.ZipFile(path) as archive:
        return _formula_in(archive, {})


def _formula_in(archive: zipfile.ZipFile, sheets: dict[str, bytes]) -> bool:
    """Whether any sheet XML holds a formula; each sheet's XML is kept in ``sheets`` by part."""
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            data = sheets[name] = archive.read(name)
            if _FORMULA_ELEMENT.search(data):
                return True
    return False


def plain_sheets(
    path: Path,
    number: Callable[[float], object],
    spend: Callable[[str, tuple[tuple[Any, ...], ...]], None],
    *,
    max_rows: int,
    max_columns: int,
    max_cells: int,
) -> PlainBook | None:
    """calamine's values of every plain sheet, by title in workbook order; ``None`` when no sheet
    is plain, or the workbook is not for calamine at all (formulas, a chart sheet, odd text,
    damage). Not ``None`` also says the workbook holds no formula. Each sheet's rows are counted
    with ``spend`` as soon as they are read, which may refuse the workbook before the next."""
    from python_calamine import (  # noqa: PLC0415  # imported on use
        CalamineError,
        CalamineWorkbook,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

    limits = _Limits(max_rows, max_columns, max_cells)
    xml: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            if _formula_in(archive, xml):
                return None
            parts = sheet_parts(archive)
            styles = number_styles(archive)
            if styles is None or not _plain_text(archive, set(parts.values())):
                return None
            date1904 = bool(styles.dates) and b"date1904" in archive.read(workbook_part(archive))
            chosen = {}
            for title, part in parts.items():
                data = xml.get(part) or archive.read(part)
                dates = _plain_sheet(data, styles, limits, date1904=date1904)
                if dates is not None:
                    chosen[title] = dates
    except (KeyError, StopIteration, ValueError, SyntaxError, zipfile.BadZipFile, OSError):
        return None  # openpyxl names the damage
    del xml
    if not chosen:
        return None
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            metadata = workbook.sheets_metadata
            if sorted(m.name for m in metadata) != sorted(parts) or any(
                m.typ is not SheetTypeEnum.WorkSheet for m in metadata
            ):
                return None
            sheets = {}
            for sheet in metadata:
                if sheet.name in chosen:
                    grid = workbook.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
                    rows = _exact_rows(grid, number, chosen[sheet.name])
                    if rows is not None:
                        spend(sheet.name, rows)
                        hidden = sheet.visible is not SheetVisibleEnum.Visible
                        sheets[sheet.name] = PlainSheet(rows, hidden)
    except (CalamineError, OSError, ValueError):
        return None
    return PlainBook(sheets, len(sheets) == len(metadata)) if sheets else None


def _plain_text(archive: zipfile.ZipFile, sheets: set[str]) -> bool:
    """No part other than the sheets (the shared strings) holds text calamine reads differently."""
    for name in archive.namelist():
        if name in sheets or not name.endswith(".xml"):
            continue
        data = archive.read(name)
        if (b"<sst" in data or b":sst" in data) and (
            _PREFIXED.search(data)
            or _ESCAPE.search(data)
            or _TRIMMED_TEXT.search(data)
            or not _well_formed(data)
        ):
            return False
    return True


def _well_formed(data: bytes) -> bool:
    """Whether the part is well-formed XML without a DTD (calamine stops reading at the end of the
    cells; openpyxl reads to the end and names the damage)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return False
    try:
        xml.parsers.expat.ParserCreate().Parse(data, True)  # noqa: FBT003  # expat's signature; no handlers: a well-formedness test
    except xml.parsers.expat.ExpatError:
        return False
    return True


def _plain_sheet(
    data: bytes, styles: NumberStyles, limits: _Limits, *, date1904: bool
) -> dict[tuple[int, int], dt.datetime] | None:
    """Whether calamine reads the sheet as openpyxl does (``None`` when not), and openpyxl's
    value of each of its numbers in a date style, by 0-based row and column."""
    if (
        b"mergeCell" in data
        or b' t="e"' in data
        or b' t="d"' in data
        or b"<c>" in data
        or b"<row>" in data
        or data.count(b"<c ") != data.count(b'<c r="')
        or data.count(b"<row ") != data.count(b'<row r="')
        or _PREFIXED.search(data)
        or _ESCAPE.search(data)
        or _TRIMMED_TEXT.search(data)
        or _NOT_A_NUMBER.search(data)
        or not _well_formed(data)
    ):
        return None
    dates = date_cells(data, styles, date1904=date1904)
    if dates is None:
        return None
    cells, row_numbers = _COLUMNS.findall(data), _ROWS.findall(data)
    if len(cells) != data.count(b'<c r="') or len(row_numbers) != data.count(b'<row r="'):
        return None  # a reference openpyxl refuses or reads its own way (ZZZZ5, 5.5)
    columns = max((_column_number(c) for c in set(cells)), default=0)
    rows = max(
        max(map(int, row_numbers), default=0),
        max(map(int, _FAR_CELL_ROWS.findall(data)), default=0),
    )
    if rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells:
        return dates
    return None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


@attrs.frozen
class _Known:
    """A cell's value as openpyxl reads it, in place of calamine's."""

    value: dt.datetime


def _known_dates(grid: Sequence[list[Any]], dates: dict[tuple[int, int], dt.datetime]) -> bool:
    """Put openpyxl's ``dates`` in the grid, each where calamine read the same day."""
    for (row, column), date in dates.items():
        line = grid[row] if row < len(grid) else []
        if column >= len(line) or not calamine_agrees(line[column], date):
            return False
        line[column] = _Known(date)
    return True


def _exact_rows(
    grid: Sequence[list[Any]],
    number: Callable[[float], object],
    dates: dict[tuple[int, int], dt.datetime],
) -> tuple[tuple[Any, ...], ...] | None:
    """calamine's grid with empty cells as ``None``, trailing ones dropped, each float through
    ``number`` and openpyxl's ``dates`` in their places; ``None`` when a value is one openpyxl
    would read otherwise (any other date or time, a number not finite or at or beyond 2**53,
    where openpyxl reads the digits exactly), or calamine's reading of a date is not that date."""
    if dates and not _known_dates(grid, dates):
        return None
    rows: list[tuple[object, ...]] = []
    for cells in grid:
        row: list[object] = []
        for value in cells:
            kind = type(value)
            if kind is str:
                row.append(value or None)
            elif kind is float:
                # Every double at or beyond 2**53 is whole; below it a whole one is its digits.
                if not abs(value) < _EXACT_INTEGERS:  # also NaN, inf
                    return None
                row.append(number(value))  # a float, tested above
            elif kind is bool or kind is int:
                row.append(value)
            elif kind is _Known:
                row.append(value.value)  # a _Known, tested above
            else:
                return None  # a date, a time or a duration: openpyxl's reading is its own
        while row and row[-1] is None:
            row.pop()
        rows.append(tuple(row))
    while rows and not rows[-1]:
        rows.pop()
    return tuple(rows)
