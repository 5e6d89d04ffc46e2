"""calamine reads a sheet only where its values are exactly openpyxl's (``routing._plain_sheets``).

Every workbook here is read twice: as ``read_workbook`` reads it (calamine for the plain sheets)
and by openpyxl alone (``plain_sheets`` switched off), and the two must agree: the same sheets,
values of the same type and digits, the same problems. Rows are compared without their trailing
empty cells (openpyxl keeps styled empty cells at the end of a row, calamine does not; a missing
cell and an empty one read the same everywhere).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import write_xlsx
from routing import _plain_sheets, _reader
from routing._plain_sheets import plain_sheets

if TYPE_CHECKING:
    from pathlib import Path


def _rows(sheet: _reader.RawSheet) -> tuple[tuple[Any, ...], ...]:
    rows = []
    for row in sheet.rows:
        cells = [None if value == "" else value for value in row]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(tuple((type(value), value) for value in cells))
    return tuple(rows)


def _read(path: Path) -> object:
    """What a read gives, comparable: each sheet's name, hidden flag, layout and typed values, or
    the problems (code, place, message)."""
    try:
        raw = _reader.read_workbook(path)
    except routing.WorkbookError as error:
        return [(p.code, str(p.location), p.message) for p in error.problems]
    return [
        (s.name, s.hidden, s.merged, s.hidden_rows, s.hidden_columns, _rows(s)) for s in raw.sheets
    ]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _read(path)
    with monkeypatch.context() as patch:
        patch.setattr(_reader, "plain_sheets", lambda *_, **__: None)
        reference = _read(path)
    return fast, reference


def _plain(path: Path) -> set[str]:
    book = plain_sheets(
        path, float, lambda *_: None, max_rows=10_000, max_columns=100, max_cells=100_000
    )
    return set() if book is None else set(book.sheets)


# Cell values as people type them: text (CJK, spaces at either end, new lines, things that look
# like escapes), amounts to the fen and to six decimals, whole numbers up to and beyond 2**53,
# yes/no, dates, and empty cells.
_TEXT = st.lists(
    st.sampled_from([*"ab 中文金额万元[)&<", "\u3000", "\n", "\t", "_x000D_", ".."]), max_size=8
).map("".join)
_NUMBERS = st.one_of(
    st.integers(-(2**60), 2**60),
    st.decimals("-1e9", "1e9", places=6, allow_nan=False).map(float),
    st.sampled_from([200000.01, 0.1, 1e20, -0.0, 1.5e-7, 123456789.123456, 2.0**53]),
)
_CELLS = st.one_of(
    st.none(),
    _TEXT,
    _NUMBERS,
    st.booleans(),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0)
    ),
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
)
_SHEETS = st.dictionaries(
    st.sampled_from(["说明", "机构", "资金调整", "Sheet 2"]),
    st.lists(st.lists(_CELLS, max_size=6), max_size=8),
    min_size=1,
    max_size=3,
)


@given(sheets=_SHEETS, hide=st.booleans(), merge=st.booleans())
def test_calamine_reads_what_openpyxl_reads(
    tmp_path_factory: pytest.TempPathFactory,
    sheets: dict[str, list[list[Any]]],
    hide: bool,
    merge: bool,
) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path_factory.mktemp("plain") / "book.xlsx", sheets)
    if hide or merge:
        workbook = load_workbook(path)
        first = workbook.worksheets[0]
        if hide and len(workbook.worksheets) > 1:
            first.sheet_state = "hidden"
        if merge:
            first.merge_cells("A1:B2")
        workbook.save(path)
    with pytest.MonkeyPatch.context() as patch:
        fast, reference = _both(path, patch)
    assert fast == reference


def _variant(
    tmp_path: Path,
    cells: bytes,
    strings: bytes | None = None,
    styles: bytes = b"",
    *,
    tail: bytes = b"",
    formats: bytes = b"",
    date1904: bool = False,
) -> Path:
    """A one-sheet workbook whose sheet data is ``cells`` as written (and ``tail`` after it), with
    a shared-string table, a second cell style (its ``numFmtId``), custom number formats
    (``<numFmt>`` elements) and the 1904 date system when given."""
    base = write_xlsx(tmp_path / "base.xlsx", {"S": [["x"]]})
    path = tmp_path / "variant.xlsx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"<sheetData>.*</sheetData>",
                    lambda _: b"<sheetData>%s</sheetData>%s" % (cells, tail),
                    data,
                )
            elif item.filename == "xl/styles.xml" and styles:
                xfs = b'<xf numFmtId="0"/><xf numFmtId="%s" applyNumberFormat="1"/>' % styles
                data = re.sub(
                    rb"<cellXfs[^>]*>.*?</cellXfs>",
                    lambda _, xfs=xfs: b'<cellXfs count="2">%s</cellXfs>' % xfs,
                    data,
                    flags=re.DOTALL,
                )
                if formats:
                    data = re.sub(
                        rb"<numFmts[^>]*/>",
                        lambda _: b"<numFmts>%s</numFmts>" % formats,
                        data,
                    )
            elif item.filename == "xl/workbook.xml" and date1904:
                data = data.replace(b"<workbookPr />", b'<workbookPr date1904="1" />')
            elif strings is not None and item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif strings is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item, data)
        if strings is not None:
            target.writestr(
                "xl/sharedStrings.xml",
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + strings
                + b"</sst>",
            )
    return path


_S = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


@pytest.mark.parametrize(
    ("cells", "strings", "styles"),
    [
        # Each one is a cell calamine reads otherwise than openpyxl; the sheet goes to openpyxl.
        (_S, b"<si><r><t>a </t></r><r><t> b</t></r></si>", b""),  # calamine: "ab"
        (_S, b"<si><t>  a  </t></si>", b""),  # calamine trims without xml:space="preserve"
        (b'<row r="1"><c r="A1" t="inlineStr"><is><t>\ta</t></is></c></row>', None, b""),
        (_S, b"<si><t>a_x000D_b</t></si>", b""),  # calamine unescapes, openpyxl does not
        (b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>', None, b""),  # calamine: empty
        (b'<row r="1"><c r="A1"><v>123456789012345678901</v></c></row>', None, b""),  # digits
        (b'<row r="1"><c r="A1"><v> 5</v></c></row>', None, b""),  # calamine: text " 5"
        (b'<row r="1"><c r="A1"><v>1_000</v></c></row>', None, b""),  # openpyxl: 1000
        (b'<row r="1"><c r="A1"><v>inf</v></c></row>', None, b""),  # openpyxl: damaged
        (b'<row r="1"><c r="A1" s="1"><v>45000.5</v></c></row>', None, b"14"),  # and a time
        (b'<row r="1"><c r="A1" s="1"><v>60</v></c></row>', None, b"14"),  # 29 February 1900
        (b'<row r="1"><c r="A1" s="1"><v>45000.5</v></c></row>', None, b"22"),  # date and time
        (b'<row r="1"><c r="A1" s="1"><v>1.5</v></c></row>', None, b"46"),  # a duration
        (b'<row r="1"><c r="A1" t="d"><v>2024-01-02</v></c></row>', None, b""),
        (b'<row r="1"><c r="A1" t="b"><v>true</v></c></row>', None, b""),  # openpyxl: damaged
        (b"<row><c><v>1</v></c><c><v>2</v></c></row>", None, b""),  # no references
        (b'<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_</t></is></c></row>', None, b""),
        (b'<row r="1"><c r="A1" t="e"><v>0</v></c></row>', None, b""),  # openpyxl: "0"
        (b'<row r="1"><c r="A1" t="d"><v>200000</v></c></row>', None, b""),  # openpyxl: damaged
        (b'<row r="1"><c r="A1" s="1"><v>45000</v></c></row>', None, b"31"),  # calamine: a date
    ],
    ids=[
        "rich-text-runs-with-spaces",
        "shared-text-spaces",
        "inline-text-tab",
        "escape",
        "error-cell",
        "integer-beyond-2**53",
        "number-with-space",
        "number-with-underscore",
        "number-inf",
        "date-style-with-a-fraction",
        "date-style-before-march-1900",
        "datetime-style",
        "duration-style",
        "iso-date-cell",
        "boolean-true",
        "no-references",
        "inline-escape",
        "error-cell-with-a-number",
        "iso-date-cell-with-a-number",
        "cjk-date-style",
    ],
)
def test_cells_calamine_reads_otherwise_are_openpyxls(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cells: bytes,
    strings: bytes | None,
    styles: bytes,
) -> None:
    path = _variant(tmp_path, cells, strings, styles)
    fast, reference = _both(path, monkeypatch)
    assert fast == reference
    assert "S" not in _plain(path)


_DATE = b'<row r="1"><c r="A1" s="1"><v>44642</v></c><c r="B1" s="1"/></row>'
_YYYY_MM_DD = b'<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
_CHINESE_DATE = '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'.encode()


@pytest.mark.parametrize(
    ("cells", "styles", "formats"),
    [
        (_DATE, b"14", b""),  # Excel's short date
        (_DATE, b"164", _YYYY_MM_DD),  # the date format openpyxl writes
        (_DATE, b"164", _CHINESE_DATE),
        (_DATE, b"22", b""),  # a date and time: openpyxl's stylesheet says so
        (b'<row r="1"><c r="A1" s="1"><v>2958465</v></c></row>', b"14", b""),  # 9999-12-31
    ],
    ids=["short-date", "yyyy-mm-dd", "chinese-date", "date-and-time", "last-day"],
)
def test_whole_dates_go_to_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: bytes, styles: bytes, formats: bytes
) -> None:
    """A whole serial in a date style is openpyxl's datetime at midnight, the sheet calamine's."""
    path = _variant(tmp_path, cells, styles=styles, formats=formats)
    assert _plain(path) == {"S"}
    fast, reference = _both(path, monkeypatch)
    assert fast == reference


def test_dates_of_the_1904_system_are_openpyxls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _variant(tmp_path, _DATE, styles=b"14", date1904=True)
    assert "S" not in _plain(path)
    with monkeypatch.context() as patch:  # not only because calamine reads another day
        patch.setattr(_plain_sheets, "calamine_agrees", lambda *_: True)
        assert "S" not in _plain(path)
    fast, reference = _both(path, monkeypatch)
    assert fast == reference
    first = _reader.read_workbook(path).sheets[0].rows[0][0]
    assert first == dt.datetime(2026, 3, 23)


def test_plain_numbers_and_text_go_to_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cells as Excel writes them (shared strings, numbers, booleans, a General style) are read by
    calamine, with the reference's values: 200000.01 is Decimal('200000.01'), 3 is 3."""
    path = _variant(
        tmp_path,
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>200000.01</v></c>'
        b'<c r="C1"><v>3</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="s"><v>1</v></c></row>',
        '<si><t xml:space="preserve"> 金额 </t></si>'
        '<si><r><t>a</t></r><r><t xml:space="preserve"> b</t></r></si>'.encode(),
        b"4",
    )
    assert _plain(path) == {"S"}
    fast, reference = _both(path, monkeypatch)
    assert fast == reference
    assert _reader.read_workbook(path).sheets[0].rows == (
        (" 金额 ", Decimal("200000.01"), 3, True, "a b"),
    )


def test_the_suites_workbooks_go_to_calamine(make_book: Any) -> None:
    """The workbooks the other tests write (openpyxl, as ``routing new`` does) take the calamine
    path, so the whole suite runs through it."""
    path = make_book([["R1", "[0..200000)", "县长", "第一条", "原文", "", ""]])
    assert _plain(path) == {"说明", "机构", "事项", "资金调整"}


def test_merged_ranges_are_openpyxls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's row widths count styled empty cells (B1, C1 of a merged A1:C1); calamine's do
    not, so the merged value would reach fewer cells."""
    path = _variant(
        tmp_path,
        b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="0"/><c r="C1" s="0"/></row>',
        tail=b'<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>',
    )
    fast, reference = _both(path, monkeypatch)
    assert fast == reference
    assert _reader.read_workbook(path).sheets[0].rows == ((1, 1, 1),)


def test_a_style_openpyxl_reads_as_a_date_is_openpyxls() -> None:
    """A number in a style openpyxl reads as a duration goes to openpyxl even where calamine would
    read a number (no built-in or custom format found differs that way today: a guard); in a date
    style, a whole serial is openpyxl's date."""
    from routing._number_styles import NumberStyles
    from routing._plain_sheets import _Limits, _plain_sheet

    sheet = b'<sheetData><row r="1"><c r="A1" s="7"><v>45000</v></c></row></sheetData>'
    limits = _Limits(rows=10, columns=10, cells=100)
    assert _plain_sheet(sheet, NumberStyles(others=frozenset({3})), limits, date1904=False) == {}
    assert (
        _plain_sheet(sheet, NumberStyles(others=frozenset({3, 7})), limits, date1904=False) is None
    )
    assert _plain_sheet(sheet, NumberStyles(frozenset({7})), limits, date1904=False) == {
        (0, 0): dt.datetime(2023, 3, 15)
    }
    assert _plain_sheet(sheet, NumberStyles(frozenset({7})), limits, date1904=True) is None


def test_calamine_must_read_the_date_openpyxl_reads(tmp_path: Path) -> None:
    """Where calamine's reading of a date cell is another day (or not there), the sheet goes to
    openpyxl: a guard on calamine, which reads the styles its own way."""
    path = _variant(tmp_path, _DATE, styles=b"14")
    assert _plain(path) == {"S"}
    wrong = {(0, 0): dt.datetime(2022, 3, 23)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_plain_sheets, "date_cells", lambda *_, **__: wrong)
        assert _plain(path) == set()
        patch.setattr(_plain_sheets, "date_cells", lambda *_, **__: {(5, 5): wrong[(0, 0)]})
        assert _plain(path) == set()
