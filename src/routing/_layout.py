"""What a sheet's values alone do not show: merged ranges, hidden rows and hidden columns.

openpyxl's read-only mode, which the reader uses for speed and bounded memory, exposes neither
merged ranges nor row and column flags. They are read here from the sheet XML in the zip, with
``defusedxml`` (no DTDs, no entities), and only for sheets whose XML mentions ``mergeCell`` or
``hidden`` at all. ``docs/workbook.md`` says what the parser makes of them.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError as XmlParseError

import attrs
import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from routing._errors import Location, Problem, WorkbookError

if TYPE_CHECKING:
    from pathlib import Path
    from xml.etree.ElementTree import Element

#: At most this many merged ranges in one sheet (a rule table has a few dozen at most).
MAX_MERGED = 10_000

_CELL_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")
_TRUE = frozenset({"1", "true"})


@attrs.frozen
class Span:
    """A merged range, 1-based and inclusive: ``C5:C7`` is rows 5-7 of column 3."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def ref(self) -> str:
        first = f"{column_letter(self.min_col)}{self.min_row}"
        last = f"{column_letter(self.max_col)}{self.max_row}"
        return first if first == last else f"{first}:{last}"


@attrs.frozen
class SheetLayout:
    """The merged ranges and the hidden rows and columns of one sheet."""

    merged: tuple[Span, ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def parse_span(ref: str) -> Span | None:
    """``C5:C7`` (or ``C5``) as a ``Span``; ``None`` when it is not a cell range."""
    match = _CELL_RANGE.match(ref.strip().upper())
    if match is None:
        return None
    first_col, first_row = _column_number(match[1]), int(match[2])
    last_col = _column_number(match[3]) if match[3] else first_col
    last_row = int(match[4]) if match[4] else first_row
    if min(first_col, first_row, last_col, last_row) < 1:
        return None
    return Span(
        min(first_row, last_row), min(first_col, last_col),
        max(first_row, last_row), max(first_col, last_col),
    )  # fmt: skip


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attribute(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (``r:id``)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _part(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    return SafeET.fromstring(archive.read(name), forbid_dtd=True)


def workbook_part(archive: zipfile.ZipFile) -> str:
    """The zip member holding the workbook XML (its sheets, its date system), as the package says."""
    package = _xml(archive, "_rels/.rels")
    return next(
        _part("", rel.get("Target", ""))
        for rel in package.iter()
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith("/officeDocument")
    )


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's title and the zip member holding its XML, as the package's relations say."""
    workbook = workbook_part(archive)
    folder, _, name = workbook.rpartition("/")
    relations = _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    targets = {
        rel.get("Id", ""): _part(folder, rel.get("Target", ""))
        for rel in relations.iter()
        if _local(rel.tag) == "Relationship"
    }
    parts = {}
    for sheet in _xml(archive, workbook).iter():
        if _local(sheet.tag) == "sheet":
            target = targets.get(_attribute(sheet, "id") or "")
            if target is not None:
                parts[sheet.get("name", "")] = target
    return parts


def _sheet_layout(data: bytes, max_columns: int) -> SheetLayout:
    merged: list[Span] = []
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    row_number = 0
    for _, element in SafeET.iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
        tag = _local(element.tag)
        if tag == "row":
            number = element.get("r")
            row_number = int(number) if number and number.isdigit() else row_number + 1
            if (element.get("hidden") or "").lower() in _TRUE:
                hidden_rows.add(row_number)
            element.clear()
        elif tag == "col" and (element.get("hidden") or "").lower() in _TRUE:
            first, last = element.get("min", ""), element.get("max", "")
            if first.isdigit() and last.isdigit():
                hidden_columns.update(range(int(first), min(int(last), max_columns) + 1))
        elif tag == "mergeCell":
            span = parse_span(element.get("ref", ""))
            if span is None:
                raise ValueError(f"invalid merged range {element.get('ref')!r}")
            merged.append(span)
            if len(merged) > MAX_MERGED:
                raise OverflowError
    return SheetLayout(tuple(merged), frozenset(hidden_rows), frozenset(hidden_columns))


def read_layouts(path: Path, max_columns: int) -> dict[str, SheetLayout]:
    """The layout of every sheet that has merged ranges or hidden rows or columns, by title."""
    layouts: dict[str, SheetLayout] = {}
    sheet = None
    try:
        with zipfile.ZipFile(path) as archive:
            for title, part in sheet_parts(archive).items():
                sheet = title
                data = archive.read(part)
                if b"mergeCell" in data or b"hidden" in data:
                    layouts[title] = _sheet_layout(data, max_columns)
    except OverflowError:
        raise WorkbookError(
            [
                Problem(
                    "workbook.too_large",
                    f"合并单元格过多(超过 {MAX_MERGED} 处),已拒绝读取;见 docs/limits.md",
                    f"too many merged ranges (over {MAX_MERGED}); refused, see docs/limits.md",
                    Location(path.name, sheet),
                )
            ]
        ) from None
    except (
        KeyError,
        StopIteration,
        ValueError,
        XmlParseError,
        DefusedXmlException,
        zipfile.BadZipFile,
        OSError,
    ) as error:
        raise WorkbookError(
            [
                Problem(
                    "workbook.unreadable",
                    f"无法读取工作表的合并单元格或隐藏行:{error}",
                    f"cannot read the merged cells or hidden rows of the sheet: {error}",
                    Location(path.name, sheet),
                )
            ]
        ) from None
    return layouts
