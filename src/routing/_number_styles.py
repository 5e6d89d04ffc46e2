"""The cell styles openpyxl reads numbers in as dates, and the dates it reads there.

openpyxl decides by cell style (its ``Stylesheet``'s ``date_formats`` and ``timedelta_formats``,
by its own test of each style's number format), and converts a number in a date style with its
``from_excel``. Importing its stylesheet costs ~80 ms of a cold start (all of openpyxl, and numpy
where installed), so the stylesheet is first read here, with expat, and openpyxl is asked only
when a style's format is not one of the few whose reading is known:

- a format with none of the letters openpyxl's test looks for (``dmhys``, either case) is no date
  and no duration (``0``, ``#,##0.00``, ``@``, General: built-in 0-13 and 37-49);
- ``_DATE_BUILTINS`` and ``_DATE_CODES`` are dates and not durations (Excel's short date, the
  ``yyyy-mm-dd`` openpyxl writes for a date, the Chinese forms);
- anything else (times, durations, other codes, a stylesheet with a DTD, namespace prefixes or a
  shape openpyxl reads its own way) goes to openpyxl's ``Stylesheet`` as before.

``tests/test_number_styles.py`` holds each of these to openpyxl's own reading. As before this
module existed, a stylesheet openpyxl is not asked about is not checked for damage elsewhere (a
font with a bad size): only number formats change values.

A number in a date style is read here only as openpyxl reads a whole serial from 61 on in the
1900 date system: midnight of that day (``_EPOCH`` + serial days; below 61 openpyxl shifts for
Excel's 29 February 1900, and a fraction is a time to the millisecond). Every other cell in a
date style, or a workbook in the 1904 date system, leaves the sheet to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.parsers.expat
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STYLED_NUMBER_FORMAT = re.compile(rb'numFmtId="(?!0")')
_DATE_LETTERS = re.compile("[dmhysDMHYS]")
#: Built-in formats openpyxl reads as dates and not durations: 14 is Excel's short date.
_DATE_BUILTINS = frozenset({14})
#: Built-in formats openpyxl reads as dates, times or durations, other than _DATE_BUILTINS.
_TIME_BUILTINS = frozenset({*range(15, 23), 45, 46, 47})
#: Custom formats openpyxl reads as dates and not durations.
_DATE_CODES = frozenset({"yyyy-mm-dd", "yyyy/m/d", "yyyy/mm/dd", 'yyyy"年"m"月"d"日"'})
_NAMES = frozenset({"styleSheet", "numFmts", "numFmt", "cellXfs", "xf"})
_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001  # openpyxl's WINDOWS_EPOCH: naive, as it reads
#: The whole serials read here: from 1 March 1900 to 31 December 9999.
FIRST_SERIAL, LAST_SERIAL = 61, 2_958_465
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})" s="([0-9]{1,9})"(?: t="n")?'
    rb"(?:><v>([0-9]{1,7})</v></c>|\s?/>)"
)


@attrs.frozen
class NumberStyles:
    """Cell styles by index into ``cellXfs``: ``dates`` openpyxl reads a number in as a date (and
    not a duration), ``others`` as something else calamine does not read alike (a duration, or a
    date where this module does not read it)."""

    dates: frozenset[int] = frozenset()
    others: frozenset[int] = frozenset()


class _OpenpyxlNeededError(Exception):
    """The stylesheet holds what only openpyxl's own reading can tell."""


def number_styles(archive: zipfile.ZipFile) -> NumberStyles | None:
    """The styles in which openpyxl reads numbers as dates or durations; ``None`` when openpyxl
    cannot read the stylesheet."""
    try:
        styles = archive.read("xl/styles.xml")  # openpyxl reads this part, and only this one
    except KeyError:
        return NumberStyles()
    if not _STYLED_NUMBER_FORMAT.search(styles):
        return NumberStyles()  # every style shows numbers as General
    try:
        return _read_styles(styles)
    except _OpenpyxlNeededError:
        return _openpyxl_styles(styles)


def _read_styles(styles: bytes) -> NumberStyles:
    """The date styles as openpyxl reads them, read without it; ``_OpenpyxlNeededError`` where it is needed."""
    if b"<!DOCTYPE" in styles or b"<!ENTITY" in styles:
        raise _OpenpyxlNeededError
    formats: dict[int, str] = {}
    xfs: list[int] = []
    path: list[str] = []
    seen: set[str] = set()

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        path.append(local)
        if (local in _NAMES and namespace != _MAIN) or (len(path) == 1) != (local == "styleSheet"):
            raise _OpenpyxlNeededError  # openpyxl reads each child by its local name, under any root
        where = tuple(path)
        if where in {("styleSheet", "numFmts"), ("styleSheet", "cellXfs")}:
            if local in seen:
                raise _OpenpyxlNeededError
            seen.add(local)
        elif where == ("styleSheet", "numFmts", "numFmt"):
            number = _number(attributes.get("numFmtId"))
            code = attributes.get("formatCode")
            if code is None or number in formats:
                raise _OpenpyxlNeededError
            formats[number] = code
        elif where == ("styleSheet", "cellXfs", "xf"):
            xfs.append(_number(attributes.get("numFmtId")))

    def end(_: str) -> None:
        path.pop()

    def refuse(*_: object) -> None:  # a DTD in any encoding (the bytes test sees only UTF-8)
        raise _OpenpyxlNeededError

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(styles, True)  # noqa: FBT003  # expat's signature
    except (xml.parsers.expat.ExpatError, ValueError):  # ValueError: an encoding expat lacks
        raise _OpenpyxlNeededError from None
    return NumberStyles(
        frozenset(index for index, number in enumerate(xfs) if _is_date(number, formats))
    )


def _number(text: str | None) -> int:
    if text is None or not text.isascii() or not text.isdigit():
        raise _OpenpyxlNeededError
    return int(text)


def _is_date(number: int, formats: dict[int, str]) -> bool:
    """Whether openpyxl reads a number in this format as a date (and not a duration)."""
    code = formats.get(number)
    if code is None:  # a built-in format (openpyxl: none for an id it does not know)
        if number in _TIME_BUILTINS:
            raise _OpenpyxlNeededError
        return number in _DATE_BUILTINS
    if code in _DATE_CODES:
        return True
    if _DATE_LETTERS.search(code):
        raise _OpenpyxlNeededError
    return False


def _openpyxl_styles(styles: bytes) -> NumberStyles | None:
    from openpyxl.styles.stylesheet import Stylesheet  # noqa: PLC0415  # only for other styles
    from openpyxl.xml.functions import fromstring  # noqa: PLC0415  # defusedxml when installed

    try:
        stylesheet = Stylesheet.from_tree(fromstring(styles))  # type: ignore[arg-type]  # stubs
    except (ValueError, TypeError, KeyError, AttributeError, SyntaxError):
        return None
    # Set by openpyxl's own Stylesheet (``_normalise_numbers``); not in its type stubs.
    dates: set[int] = stylesheet.date_formats  # type: ignore[attr-defined]
    durations: set[int] = stylesheet.timedelta_formats  # type: ignore[attr-defined]
    return NumberStyles(frozenset(dates - durations), frozenset(durations))


def date_cells(
    data: bytes, styles: NumberStyles, *, date1904: bool
) -> dict[tuple[int, int], dt.datetime] | None:
    """openpyxl's value of each number in a date style of one sheet's XML, by 0-based row and
    column; ``None`` when a cell in such a style is one it reads otherwise than here."""
    refused = styles.others | styles.dates if date1904 else styles.others
    if 0 in styles.others | styles.dates:
        return None  # style 0 is also every cell without an ``s``
    if refused and re.search(_style_pattern(refused), data):
        return None
    if not styles.dates or date1904:
        return {}
    wanted = len(re.findall(_style_pattern(styles.dates), data))
    if not wanted:
        return {}
    found: dict[tuple[int, int], dt.datetime] = {}
    empty = 0
    for letters, row, style, serial in _CELL.findall(data):
        if int(style) not in styles.dates:
            continue
        if not serial:
            empty += 1  # an empty cell in a date style: empty for both
            continue
        days = int(serial)
        place = (int(row) - 1, _column_number(letters) - 1)
        if not FIRST_SERIAL <= days <= LAST_SERIAL or place in found:
            return None
        found[place] = _EPOCH + dt.timedelta(days=days)
    return found if len(found) + empty == wanted else None


def _style_pattern(styles: frozenset[int]) -> bytes:
    """Any ``s`` attribute naming one of ``styles`` (``s="4"``, ``s = '04'``: openpyxl's int())."""
    return rb"""\ss\s*=\s*["']0*(?:%s)["']""" % b"|".join(b"%d" % s for s in sorted(styles))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def calamine_agrees(read: object, value: dt.datetime) -> bool:
    """Whether calamine's reading of a cell is openpyxl's date ``value`` (calamine reads a date
    format as a date, a date and time format as a datetime, a format it does not know as the
    serial)."""
    kind = type(read)
    if kind is dt.date:
        return read == value.date()
    if kind is dt.datetime:
        return read == value
    return kind is float and read == (value - _EPOCH).days
