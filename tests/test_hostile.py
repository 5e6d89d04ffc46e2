"""Hostile and careless workbooks: refused with a message naming the workbook, never a traceback."""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

import routing
from routing import _file_guards, _reader
from routing_cli import cli

if TYPE_CHECKING:
    from pathlib import Path

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol3;</sheets></workbook>
"""


def refused(path: Path) -> routing.WorkbookError:
    with pytest.raises(routing.WorkbookError) as info:
        routing.load(path)
    error = info.value
    assert error.problems
    assert all(p.location is not None for p in error.problems)
    location = error.problems[0].location
    assert location is not None
    assert location.workbook == path.name
    return error


def cli_refuses(path: Path) -> str:
    result = CliRunner().invoke(cli, ["route", str(path), "fund_adjustment", "amount=1500万"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert path.name in result.output
    assert "Traceback" not in result.output
    return result.output


class TestNotAWorkbook:
    """Files that are not .xlsx get a clear message."""

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
            ("agenda.csv", "编号,金额\n1,20万\n".encode()),
            ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
            ("text.xlsx", b"hello, not a zip"),
            ("empty.xlsx", b""),
        ],
    )
    def test_refused(self, tmp_path: Path, name: str, content: bytes) -> None:
        """Each is a WorkbookError with the file's name, and exit 2 from the CLI."""
        path = tmp_path / name
        path.write_bytes(content)
        error = refused(path)
        assert error.problems[0].code == "workbook.format"
        cli_refuses(path)

    def test_zip_without_workbook(self, tmp_path: Path) -> None:
        """A zip that is not a spreadsheet is refused."""
        path = tmp_path / "archive.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
        refused(path)
        cli_refuses(path)


class TestZipBomb:
    """Huge or over-compressed members are refused from the zip directory alone."""

    def test_compression_ratio(self, tmp_path: Path) -> None:
        """A member that inflates far beyond its compressed size is refused."""
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
        assert refused(path).problems[0].code == "workbook.too_large"
        cli_refuses(path)

    def test_total_size(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The sum of uncompressed sizes is capped."""
        monkeypatch.setattr(_file_guards, "MAX_UNCOMPRESSED_BYTES", 1000)
        path = tmp_path / "big.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("a.xml", b"x" * 600)
            archive.writestr("b.xml", b"y" * 600)
        assert refused(path).problems[0].code == "workbook.too_large"

    def test_member_count(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Too many members are refused."""
        monkeypatch.setattr(_file_guards, "MAX_MEMBERS", 3)
        path = tmp_path / "many.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for index in range(5):
                archive.writestr(f"m{index}.xml", b"x")
        assert refused(path).problems[0].code == "workbook.too_large"


class TestXmlSafety:
    """XML is parsed with defusedxml."""

    def test_openpyxl_uses_defusedxml(self) -> None:
        """openpyxl detected defusedxml at import."""
        from openpyxl.xml import DEFUSEDXML

        assert DEFUSEDXML

    def test_billion_laughs(self, tmp_path: Path, make_book) -> None:
        """A workbook.xml with entity expansion is refused, not expanded."""
        good = make_book([["R1", "-", "县长", "第一条", "", "", ""]])
        path = tmp_path / "laughs.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/workbook.xml":
                    data = BILLION_LAUGHS.encode()
                target.writestr(item.filename, data)
        refused(path)
        cli_refuses(path)


class TestFormulas:
    """Formula cells without a cached value are errors naming the cell, not empty cells."""

    def test_uncached_formula(self, make_book) -> None:
        """openpyxl writes formulas without results; the cell is named."""
        path = make_book([["R1", "-", "县长", '=CONCAT("第","一条")', "", "", ""]])
        error = refused(path)
        assert [p.code for p in error.problems] == ["cell.formula_uncached"]
        location = error.problems[0].location
        assert location is not None
        assert (location.sheet, location.cell) == ("资金调整", "D5")
        assert "D5" in cli_refuses(path)


class TestHugeSheets:
    """Sheets with absurd dimensions or too many rows are refused, naming the sheet."""

    def test_declared_dimension(self, tmp_path: Path, make_book) -> None:
        """A sheet declaring A1:XFD1048576 is read as the cells it really has (no padding)."""
        good = make_book([["R1", "-", "县长", "第一条", "", "", ""]])
        path = tmp_path / "wide.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = re.sub(
                        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data
                    )
                target.writestr(item.filename, data)
        declared, real = refused(path).problems, refused(good).problems
        assert [(p.code, p.message) for p in declared] == [(p.code, p.message) for p in real]

    def test_too_many_rows(self, make_book, monkeypatch: pytest.MonkeyPatch) -> None:
        """Rows beyond MAX_ROWS are refused (limit lowered for the test)."""
        monkeypatch.setattr(_reader, "MAX_ROWS", 3)
        path = make_book([["R1", "-", "县长", "第一条", "", "", ""]])
        assert refused(path).problems[0].code == "workbook.too_large"

    def test_limits_leave_room_for_the_largest_table(self, make_book) -> None:
        """A table of MAX_RULE_ROWS rules, with the rows above its rules and 30 columns, fits."""
        path = make_book([["R1", "-", "县长", "第一条", "", "", ""]])
        raw = _reader.read_workbook(path)
        sheet = next(s for s in raw.sheets if s.name == "资金调整")
        above = len(sheet.rows) - 1  # the title, meta, blank and header rows of a real table
        others = sum(1 for s in raw.sheets if s is not sheet for r in s.rows for v in r if v)
        assert _reader.MAX_RULE_ROWS == 100_000
        assert above + _reader.MAX_RULE_ROWS <= _reader.MAX_ROWS
        assert _reader.MAX_RULE_ROWS * 30 + others <= _reader.MAX_CELLS


def damaged(good: Path, path: Path, member: str, old: bytes, new: bytes) -> Path:
    """A copy of ``good`` with ``old`` replaced by ``new`` in one member of the zip."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                assert re.search(old, data), (old, data[:300])
                data = re.sub(old, new, data, count=1)
            target.writestr(item, data)
    return path


class TestDamagedSheetXml:
    """Sheet XML that openpyxl chokes on while reading lazily (found by the fuzzer, each one).

    openpyxl's read-only mode parses a sheet only when its rows are read, so these failed outside
    any handler and escaped as ValueError or IndexError tracebacks.
    """

    TABLE = "xl/worksheets/sheet4.xml"

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            (rb'<row r="5"', b'<row r="abc"'),
            (rb'<row r="5"', b'<row r="5.5"'),
            (rb'<c r="B5" t="n">', b'<c r="B5" t="d">'),
            (rb'<c r="B5" t="n">', b'<c r="ZZZZ5" t="n">'),
            (rb"<v>200000</v>", b"<v>abc</v>"),
            (rb"<v>200000</v>", b"<v>nan</v>"),
            (rb'<c r="B5" t="n"><v>200000</v>', b'<c r="B5" t="s"><v>99999</v>'),
            (
                rb"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell ref="bogus"/></mergeCells>',
            ),
            (rb"</sheetData>.*", b"</sheetData><unclosed>"),
        ],
        ids=[
            "row-number-abc",
            "row-number-5.5",
            "date-cell-not-a-date",
            "column-ZZZZ",
            "number-abc",
            "number-nan",
            "shared-string-missing",
            "merged-range-bogus",
            "xml-truncated",
        ],
    )
    def test_damaged_sheet_is_unreadable_naming_the_sheet(self, tmp_path, make_book, old, new):
        """workbook.unreadable with workbook › sheet, exit 2 from the CLI, no traceback."""
        good = make_book([["R1", 200000, "县长", "第一条", "原文", "", ""]])
        path = damaged(good, tmp_path / "damaged.xlsx", self.TABLE, old, new)
        error = refused(path)
        assert "workbook.unreadable" == error.code
        assert "资金调整" == error.problems[0].location.sheet
        cli_refuses(path)

    def test_failed_open_leaves_no_file_open(self, tmp_path, make_book):
        """openpyxl failing half-way through opening (a bad <dimension>) leaks no file handle."""
        import gc
        import warnings

        good = make_book([["R1", 200000, "县长", "第一条", "原文", "", ""]])
        path = damaged(
            good,
            tmp_path / "damaged.xlsx",
            self.TABLE,
            rb'<dimension ref="[^"]*"',
            b'<dimension ref="garbage"',
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert "workbook.unreadable" == refused(path).code
            gc.collect()
        assert [] == [w for w in caught if issubclass(w.category, ResourceWarning)]

    def test_openpyxl_warnings_are_not_shown(self, tmp_path, make_book):
        """A workbook whose stylesheet is not one loads; openpyxl's UserWarning stays quiet."""
        good = make_book([["R1", 200000, "县长", "第一条", "原文", "", ""]])
        path = tmp_path / "plain.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/styles.xml":
                    data = b"<?xml version='1.0'?><a/>"
                target.writestr(item, data)
        assert "head" == routing.load(path).route("fund_adjustment", amount=200000).body.id
