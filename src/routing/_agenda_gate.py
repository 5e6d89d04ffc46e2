"""The cost of an .xlsx agenda counted before calamine reads it.

calamine builds the first sheet as one dense grid from its top-left to its bottom-right cell: one
cell at XFD1048576 asks for 17 billion cells and aborts the process. So the sheet's XML is scanned
first (streamed, after ``_reader``'s format and zip-bomb gate): the cells it really has, and the
grid they span. Either over ``MAX_AGENDA_CELLS`` is refused with the file named.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

from defusedxml import ElementTree

from routing._errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

MAX_AGENDA_CELLS = 5_000_000
"""Cells of the grid calamine builds (32 bytes each: 160 MB); beyond it, CSV or Parquet."""
MAX_AGENDA_COLUMNS = 500
_CHUNK = 1 << 20
_REFERENCE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def too_large(path: Path, what: str, what_en: str) -> InputError:
    return InputError(
        "batch.too_large",
        f"{path.name} 的第一个工作表{what},超过议程上限(见 docs/limits.md);请另存为 CSV",
        f"the first sheet of {path.name} {what_en}, over the agenda limit (see docs/limits.md); "
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
    if last_column > MAX_AGENDA_COLUMNS:
        raise too_large(path, f"有 {last_column} 列", f"has {last_column} columns")
    if cells > MAX_AGENDA_CELLS or last_row * max(last_column, 1) > MAX_AGENDA_CELLS:
        raise too_large(
            path,
            f"跨越 {last_row} 行 × {last_column} 列",
            f"spans {last_row} rows × {last_column} columns",
        )
    return last_row
