"""The date styles read without openpyxl are openpyxl's own (``routing._number_styles``).

Each stylesheet here is read both ways: by ``_read_styles`` (expat, no openpyxl), which may say it
cannot tell (``_OpenpyxlNeededError``), and by openpyxl's ``Stylesheet``. Where the first answers, the two
must agree. The workbook-level comparison of the values (calamine and these dates against
openpyxl's whole reading) is in ``tests/test_plain_sheets.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing._number_styles import (
    _DATE_BUILTINS,
    _DATE_CODES,
    _TIME_BUILTINS,
    FIRST_SERIAL,
    LAST_SERIAL,
    NumberStyles,
    _openpyxl_styles,
    _OpenpyxlNeededError,
    _read_styles,
    calamine_agrees,
    date_cells,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _stylesheet(formats: dict[int, str], xfs: list[int], named: Sequence[int] = ()) -> bytes:
    custom = "".join(
        f"<numFmt numFmtId={quoteattr(str(n))} formatCode={quoteattr(code)}/>"
        for n, code in formats.items()
    )
    named_xfs = "".join(f'<xf numFmtId="{n}"/>' for n in named)
    cell_xfs = "".join(f'<xf numFmtId="{n}"/>' for n in xfs)
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(formats)}">{custom}</numFmts>'
        f"<cellStyleXfs>{named_xfs}</cellStyleXfs><cellXfs>{cell_xfs}</cellXfs></styleSheet>"
    ).encode()


def _agree(styles: bytes) -> bool:
    """Whether the read without openpyxl answered; when it did, it is openpyxl's."""
    try:
        fast = _read_styles(styles)
    except _OpenpyxlNeededError:
        return False
    assert fast == _openpyxl_styles(styles)
    return True


# Format codes: the known dates, codes with and without date letters, quoted and bracketed text.
_CODES = st.one_of(
    st.sampled_from(sorted(_DATE_CODES)),
    st.sampled_from(["0", "0.00", "#,##0", "0%", "@", "General", '"元"#,##0', "[Red]0.0"]),
    st.sampled_from([*"dmhysDMHYS"]).map(lambda letter: f"0{letter}0"),  # each letter alone
    st.lists(st.sampled_from([*'0#,.%@;[]"_\\ Eedmhys元年', "yyyy"]), max_size=8).map("".join),
)


@st.composite
def _stylesheets(draw: st.DrawFn) -> bytes:
    """Custom formats under new and built-in ids, cell styles using them and built-in ones."""
    formats = draw(st.dictionaries(st.sampled_from([2, 14, 22, 164, 165, 166]), _CODES, max_size=3))
    ids = st.sampled_from([*formats, 0, 1, 14, 22, 31, 49, 167])
    xfs = draw(st.lists(ids, max_size=5))
    named = draw(st.lists(ids, max_size=2))
    return _stylesheet(formats, xfs, named)


@given(styles=_stylesheets())
def test_styles_read_without_openpyxl_are_openpyxls(styles: bytes) -> None:
    _agree(styles)


@pytest.mark.parametrize("number", range(164))
def test_builtin_formats_are_openpyxls(number: int) -> None:
    """Every built-in format id but the times and durations is answered, as openpyxl reads it."""
    answered = _agree(_stylesheet({}, [0, number]))
    assert answered == (number not in _TIME_BUILTINS)


@pytest.mark.parametrize("letter", "dmhysDMHYS")
def test_each_date_letter_goes_to_openpyxl(letter: str) -> None:
    """A format with any letter openpyxl's test looks for is openpyxl's to read (``0y0`` is a
    date for it)."""
    styles = _stylesheet({164: f"0{letter}0"}, [0, 164])
    assert not _agree(styles)
    assert _openpyxl_styles(styles) != NumberStyles()


@pytest.mark.parametrize("code", sorted(_DATE_CODES))
def test_known_date_codes_are_dates_for_openpyxl(code: str) -> None:
    styles = _stylesheet({164: code}, [0, 164])
    assert _agree(styles)
    assert _read_styles(styles) == NumberStyles(frozenset({1}))


_ROOT = f'<styleSheet xmlns="{MAIN}">'


@pytest.mark.parametrize(
    "styles",
    [
        # A number format elsewhere than in the cell styles' list (a conditional format's).
        pytest.param(
            _ROOT + '<cellXfs><xf numFmtId="0"/></cellXfs>'
            '<dxfs><dxf><numFmt numFmtId="14" formatCode="0"/></dxf></dxfs></styleSheet>',
            id="dxf-format",
        ),
        # A custom format under a built-in date's id: openpyxl reads the custom one.
        pytest.param(
            _ROOT + '<numFmts><numFmt numFmtId="14" formatCode="0.00"/></numFmts>'
            '<cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>',
            id="custom-over-builtin-date",
        ),
        pytest.param(
            _ROOT + '<numFmts><numFmt numFmtId="2" formatCode="yyyy-mm-dd"/></numFmts>'
            '<cellXfs><xf numFmtId="0"/><xf numFmtId="2"/></cellXfs></styleSheet>',
            id="custom-date-over-builtin",
        ),
        # Leading zeros, as int() reads them; no styles; the main namespace under a prefix.
        pytest.param(_ROOT + '<cellXfs><xf numFmtId="014"/></cellXfs></styleSheet>', id="zeros"),
        pytest.param(_ROOT + "<cellXfs/></styleSheet>", id="empty"),
        pytest.param(
            f'<x:styleSheet xmlns:x="{MAIN}"><x:cellXfs><x:xf numFmtId="14"/></x:cellXfs>'
            "</x:styleSheet>",
            id="prefixed",
        ),
    ],
)
def test_stylesheet_shapes_answered_are_openpyxls(styles: str) -> None:
    assert _agree(styles.encode())


@pytest.mark.parametrize(
    "styles",
    [
        # openpyxl reads each part by its local name: another namespace, another root.
        pytest.param(
            _ROOT + '<cellXfs xmlns="urn:other"><xf numFmtId="14"/></cellXfs></styleSheet>',
            id="other-namespace",
        ),
        pytest.param(
            f'<other xmlns="{MAIN}"><cellXfs><xf numFmtId="14"/></cellXfs></other>',
            id="other-root",
        ),
        # Twice the list, a repeated id, an attribute openpyxl drops or reads its own way.
        pytest.param(
            _ROOT + '<cellXfs><xf numFmtId="14"/></cellXfs>'
            '<cellXfs><xf numFmtId="0"/></cellXfs></styleSheet>',
            id="two-lists",
        ),
        pytest.param(
            _ROOT + '<numFmts><numFmt numFmtId="164" formatCode="0"/>'
            '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<cellXfs><xf numFmtId="164"/></cellXfs></styleSheet>',
            id="repeated-id",
        ),
        pytest.param(
            f'<styleSheet xmlns="{MAIN}" xmlns:o="urn:o">'
            '<cellXfs><xf o:numFmtId="14"/></cellXfs></styleSheet>',
            id="prefixed-attribute",
        ),
        pytest.param(_ROOT + "<cellXfs><xf/></cellXfs></styleSheet>", id="no-id"),
        pytest.param(
            _ROOT + '<cellXfs><xf numFmtId="\u0661\u0664"/></cellXfs></styleSheet>',
            id="arabic-digits",
        ),
        # A duration, a date and time: openpyxl's own test decides.
        pytest.param(
            _ROOT + '<numFmts><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts>'
            '<cellXfs><xf numFmtId="164"/></cellXfs></styleSheet>',
            id="duration",
        ),
        pytest.param(
            _ROOT + '<cellXfs><xf numFmtId="22"/></cellXfs></styleSheet>', id="date-and-time"
        ),
        # Not XML expat should read: a DTD, damage.
        pytest.param(
            '<!DOCTYPE styleSheet [<!ENTITY e "14">]>'
            + _ROOT
            + '<cellXfs><xf numFmtId="&e;"/></cellXfs></styleSheet>',
            id="dtd",
        ),
        pytest.param(_ROOT + '<cellXfs><xf numFmtId="14"></cellXfs></styleSheet>', id="damaged"),
    ],
)
def test_what_only_openpyxl_reads_its_way_goes_to_openpyxl(styles: str) -> None:
    with pytest.raises(_OpenpyxlNeededError):
        _read_styles(styles.encode())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8", "gb18030"])
def test_a_dtd_is_refused_in_any_encoding(encoding: str) -> None:
    """A DTD (entities: the way to a billion laughs) is never expanded here, however the
    stylesheet is encoded (a test of the bytes sees only UTF-8's), nor is an encoding expat
    cannot read (GB18030, UTF-16 named with its byte order) a crash: openpyxl reads those."""
    styles = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<!DOCTYPE styleSheet [<!ENTITY e "14">]>'
        + _ROOT
        + '<cellXfs><xf numFmtId="&e;"/></cellXfs></styleSheet>'
    )
    data = styles.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # expat knows UTF-16 by its byte-order mark
    with pytest.raises(_OpenpyxlNeededError):
        _read_styles(data)


@given(serial=st.integers(FIRST_SERIAL, LAST_SERIAL))
def test_a_whole_serial_is_openpyxls_date(serial: int) -> None:
    from openpyxl.utils.datetime import from_excel

    sheet = b'<row r="2"><c r="C2" s="1"><v>%d</v></c></row>' % serial
    cells = date_cells(sheet, NumberStyles(frozenset({1})), date1904=False)
    assert cells == {(1, 2): from_excel(serial)}
    assert type(from_excel(serial)) is dt.datetime


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="A1" s="1"><v>45000.5</v></c>',  # a time of day too
        b'<c r="A1" s="1"><v>%d</v></c>' % (FIRST_SERIAL - 1),  # Excel's 29 February 1900
        b'<c r="A1" s="1"><v>%d</v></c>' % (LAST_SERIAL + 1),  # beyond 9999
        b'<c r="A1" s="1" t="s"><v>0</v></c>',  # text in a date style
        b'<c r="A1" t="n" s="1"><v>45000</v></c>',  # attributes in another order
        b"<c r=\"A1\" s='1'><v>45000</v></c>",
        b'<c r="A1" s="1"><v>45000</v></c><c r="A1" s="1"><v>45001</v></c>',  # twice one cell
    ],
    ids=["fraction", "before-march-1900", "after-9999", "text", "order", "quotes", "twice"],
)
def test_other_cells_in_a_date_style_go_to_openpyxl(cell: bytes) -> None:
    sheet = b'<row r="1">%s</row>' % cell
    assert date_cells(sheet, NumberStyles(frozenset({1})), date1904=False) is None


def test_dates_of_the_1904_system_and_of_style_0_go_to_openpyxl() -> None:
    sheet = b'<row r="1"><c r="A1" s="1"><v>45000</v></c></row>'
    assert date_cells(sheet, NumberStyles(frozenset({1})), date1904=False) is not None
    assert date_cells(sheet, NumberStyles(frozenset({1})), date1904=True) is None
    bare = b'<row r="1"><c r="A1"><v>45000</v></c></row>'  # style 0: no ``s`` at all
    assert date_cells(bare, NumberStyles(frozenset({0})), date1904=False) is None
    assert date_cells(bare, NumberStyles(others=frozenset({0})), date1904=False) is None


def test_empty_cells_in_a_date_style_are_empty() -> None:
    sheet = b'<row r="1"><c r="A1" s="1"/><c r="B1" s="1" t="n" /></row>'
    assert date_cells(sheet, NumberStyles(frozenset({1})), date1904=False) == {}


def test_a_style_written_with_zeros_is_that_style() -> None:
    """openpyxl reads ``s="01"`` as style 1 (int()), and so does the count of its cells."""
    sheet = b'<row r="1"><c r="A1" s="01"><v>45000</v></c></row>'
    assert date_cells(sheet, NumberStyles(frozenset({1})), date1904=False) == {
        (0, 0): dt.datetime(2023, 3, 15)
    }


def test_a_duration_style_anywhere_goes_to_openpyxl() -> None:
    sheet = b'<row r="1"><c r="A1" s = "02"><v>1</v></c></row>'
    assert date_cells(sheet, NumberStyles(others=frozenset({2})), date1904=False) is None
    assert date_cells(sheet, NumberStyles(others=frozenset({3})), date1904=False) == {}


@pytest.mark.parametrize(
    ("read", "agrees"),
    [
        (dt.date(2023, 3, 15), True),
        (dt.datetime(2023, 3, 15), True),
        (45000.0, True),
        (dt.date(2023, 3, 16), False),
        (dt.datetime(2023, 3, 15, 12), False),
        (45000.5, False),
        ("45000", False),
        (dt.time(0), False),
    ],
)
def test_calamine_agrees_only_with_the_same_day(read: object, agrees: bool) -> None:
    assert calamine_agrees(read, dt.datetime(2023, 3, 15)) is agrees


def test_the_builtin_date_is_a_date() -> None:
    assert _read_styles(_stylesheet({}, [0, *_DATE_BUILTINS])) == NumberStyles(frozenset({1}))
