"""The cost of an .xlsx or .ods agenda counted before calamine reads it.

calamine builds the first sheet as one dense grid from its top-left to its bottom-right cell: one
cell at XFD1048576 asks for 17 billion cells and aborts the process. So the sheet's XML is scanned
first (streamed, after ``_reader``'s zip-bomb gate): the cells it really has, and the grid they
span. Either over ``MAX_AGENDA_CELLS`` is refused with the file named. An .ods declares repeats
(``number-rows-repeated``, ``number-columns-repeated``): calamine copies a repeated cell that holds
a value into every place, so a 1 KB file can ask for gigabytes; repeats are counted as cells.
Empty repeated cells (LibreOffice pads every sheet with them to row 1,048,576) cost nothing.
"""

from __future__ import annotations

import re
import struct
import zipfile
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from xml.etree.ElementTree import Element

MAX_AGENDA_CELLS = 5_000_000
"""Cells of the grid calamine builds (32 bytes each: 160 MB); beyond it, CSV or Parquet."""
MAX_AGENDA_COLUMNS = 500
_CHUNK = 1 << 20
_REFERENCE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_CELLS = frozenset({f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"})
_ODS_ROW = f"{{{_TABLE}}}table-row"
_ODS_TABLE = f"{{{_TABLE}}}table"


def too_large(path: Path, what: str, what_en: str, sheet: str | None = None) -> InputError:
    where = "第一个工作表" if sheet is None else f"工作表「{sheet}」"
    where_en = "the first sheet" if sheet is None else f"the sheet {sheet!r}"
    return InputError(
        "batch.too_large",
        f"{path.name} 的{where}{what},超过议程上限(见 docs/limits.md);请另存为 CSV",
        f"{where_en} of {path.name} {what_en}, over the agenda limit (see docs/limits.md); "
        "save it as CSV",
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def first_sheet_part(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet, from workbook.xml and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    sheet = workbook.find(f"{{{_MAIN}}}sheets/{{{_MAIN}}}sheet")
    if sheet is None:
        return None
    target = next(
        (
            rel.get("Target", "")
            for rel in rels.iter(f"{{{_RELS}}}Relationship")
            if rel.get("Id") == sheet.get(f"{{{_DOC_RELS}}}id")
        ),
        "",
    )
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def check_agenda_sheet(path: Path) -> int:
    """Refuse a first sheet whose grid or real cells exceed the limit; its last row number."""
    with zipfile.ZipFile(path) as archive:
        part = first_sheet_part(archive)
        if part is None or part not in archive.namelist():
            return 0  # calamine will name what is missing
        cells = last_row = last_column = 0
        tail = b""
        with archive.open(part) as sheet:
            while chunk := sheet.read(_CHUNK):
                data = tail + chunk
                # A reference cut by the chunk's end is read whole with the next chunk.
                cut = data.rfind(b"<c")
                data, tail = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
                cells += data.count(b"<c ") + data.count(b"<c>")
                for letters, digits in _REFERENCE.findall(data):
                    last_column = max(last_column, _column_number(letters))
                    last_row = max(last_row, int(digits))
            cells += tail.count(b"<c ") + tail.count(b"<c>")
            for letters, digits in _REFERENCE.findall(tail):
                last_column = max(last_column, _column_number(letters))
                last_row = max(last_row, int(digits))
    _refuse_grid(path, cells, last_row, last_column)
    return last_row


def _repeat(element: Element, name: str) -> int:
    text = element.get(f"{{{_TABLE}}}number-{name}-repeated", "1")
    return int(text) if text.isdigit() else 1


def _refuse_grid(  # private: the four counts of one sheet
    path: Path, cells: int, rows: int, columns: int, sheet: str | None = None
) -> None:
    if columns > MAX_AGENDA_COLUMNS:
        raise too_large(path, f"有 {columns} 列", f"has {columns} columns", sheet)
    if cells > MAX_AGENDA_CELLS or rows * max(columns, 1) > MAX_AGENDA_CELLS:
        raise too_large(
            path, f"跨越 {rows} 行 × {columns} 列", f"spans {rows} rows × {columns} columns", sheet
        )


def check_ods_sheet(path: Path) -> int:
    """Refuse an .ods whose first table's grid or real cells (repeats counted) exceed the limit,
    as soon as they do; its last row number with a value."""
    cells = last_row = last_column = row = 0
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            return 0  # calamine will name what is missing
        with archive.open("content.xml") as content:
            events = ElementTree.iterparse(content, events=("start", "end"))
            open_elements: list[Element] = []
            try:
                for event, element in events:
                    if event == "start":
                        open_elements.append(element)
                        continue
                    open_elements.pop()
                    if element.tag == _ODS_ROW:
                        repeat = _repeat(element, "rows")
                        column = filled = rightmost = 0
                        for cell in element:
                            if cell.tag not in _ODS_CELLS:
                                continue
                            span = _repeat(cell, "columns")
                            if cell.get(f"{{{_OFFICE}}}value-type") or len(cell):
                                filled += span
                                rightmost = column + span
                            column += span
                        if filled:
                            cells += filled * repeat
                            last_row = row + repeat
                            last_column = max(last_column, rightmost)
                            _refuse_grid(path, cells, last_row, last_column)
                        row += repeat
                        open_elements[-1].remove(element)  # done: memory stays flat in rows
                    elif element.tag == _ODS_TABLE:
                        break  # the first table is the agenda calamine reads
            except ElementTree.ParseError:
                return 0  # calamine names the damage
    return last_row


# BIFF5/8 records (MS-XLS 2.3): the sheet list of the workbook globals, the end of a substream,
# and the records that put a value in a cell (row and column first). Blank cells (BLANK,
# MULBLANK: formatted, empty) are not in calamine's grid and are not counted.
_BOUNDSHEET, _EOF, _MULRK = 0x0085, 0x000A, 0x00BD
_VALUE_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})


def _records(data: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """The records of the substream at ``start``, up to its EOF record."""
    position = start
    while position + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, position)
        body = data[position + 4 : position + 4 + size]
        position += 4 + size
        if kind == _EOF:
            return
        yield kind, body


def _sheet_name(body: bytes) -> str:
    count, flags = body[6], body[7] if len(body) > 7 else 0
    if flags & 1:  # BIFF8 UTF-16
        return body[8 : 8 + 2 * count].decode("utf-16-le", "replace")
    return body[8 : 8 + count].decode("latin-1") if len(body) > 8 else ""


def check_xls_sheets(path: Path, max_bytes: int) -> None:
    """Refuse an .xls with a worksheet whose grid or value cells exceed the limit (calamine
    builds a sheet's grid from its first to its last value cell), or whose workbook stream is
    over ``max_bytes``; a file that is no OLE2 workbook is left for calamine to name."""
    import olefile  # noqa: PLC0415  # only .xls agendas need it

    if not olefile.isOleFile(str(path)):
        return
    with olefile.OleFileIO(str(path)) as ole:
        stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
        if stream is None:
            return
        if ole.get_size(stream) > max_bytes:
            raise too_large(path, "的数据过大", "holds too much data")
        data = ole.openstream(stream).read()
    sheets = [
        (struct.unpack_from("<I", body)[0], _sheet_name(body))
        for kind, body in _records(data, 0)
        if kind == _BOUNDSHEET and len(body) >= 8 and body[5] == 0  # a worksheet
    ]
    for start, name in sheets[:1]:  # calamine reads the first sheet; it builds no other
        cells = last_row = last_column = 0
        for kind, body in _records(data, start):
            if kind in _VALUE_RECORDS and len(body) >= 4:
                row, column = struct.unpack_from("<HH", body)
                cells += 1
            elif kind == _MULRK and len(body) >= 6:
                row, column = struct.unpack_from("<HH", body)
                last = struct.unpack_from("<H", body, len(body) - 2)[0]
                cells += max(last - column + 1, 0)
                column = max(column, last)
            else:
                continue
            last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
        _refuse_grid(path, cells, last_row, last_column, name)
