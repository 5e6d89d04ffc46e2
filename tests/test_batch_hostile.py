"""Hostile .ods and .xls agendas: a tiny file that declares a huge grid is refused before calamine
builds it (exit 2, batch.too_large, the file named); real files, hand-built."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from routing_cli import cli

_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_ods(path: Path, rows: str) -> Path:
    """A minimal OpenDocument spreadsheet whose first table holds ``rows`` (table-row XML)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="议程">{rows}</table:table>'
        '<table:table table:name="其他"><table:table-row><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def cell(text: str, columns: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{columns}" '
        f'office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def row(*cells: str, rows: int = 1) -> str:
    return (
        f'<table:table-row table:number-rows-repeated="{rows}">{"".join(cells)}</table:table-row>'
    )


HEADER = row(cell("辖区"), cell("事项"), cell("金额"))
DECIDED = row(cell("mengla"), cell("fund_adjustment"), cell("1500万"))
PADDING = row('<table:table-cell table:number-columns-repeated="1024"/>', rows=1_048_573)


def batch(source: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", str(source), "-o", str(source.with_suffix(".csv"))])
    return result.exit_code, result.output


class TestOds:
    def test_libreoffice_padding_costs_nothing(self, tmp_path: Path) -> None:
        """LibreOffice pads every sheet with empty repeated cells to row 1,048,576; the second
        table (16,384 repeated cells) is not the agenda and is not counted."""
        code, output = batch(write_ods(tmp_path / "议程.ods", HEADER + DECIDED + PADDING))
        assert code == 0, output
        assert "1 行 rows, 1 已路由 routed" in output

    def test_repeated_columns_are_refused(self, tmp_path: Path) -> None:
        wide = row(cell("mengla"), cell("fund_adjustment"), cell("x", columns=16_384))
        code, output = batch(write_ods(tmp_path / "wide.ods", HEADER + wide))
        assert code == 2, output
        assert "batch.too_large" in output
        assert "wide.ods" in output
        assert "16386 列" in output

    def test_repeated_rows_are_refused(self, tmp_path: Path) -> None:
        """1,700,000 repeats of a three-cell row: 5.1 million cells, one over the 5,000,000."""
        many = row(cell("mengla"), cell("fund_adjustment"), cell("1500万"), rows=1_700_000)
        code, output = batch(write_ods(tmp_path / "long.ods", HEADER + many))
        assert code == 2, output
        assert "batch.too_large" in output
        assert "1700001 行 × 3 列" in output


DATA = Path(__file__).parent / "data"


class TestXls:
    """Real .xls files (saved by LibreOffice from openpyxl workbooks: tests/data/README.md)."""

    def test_far_value_cell_is_refused_naming_the_sheet(self, tmp_path: Path) -> None:
        """A 5.6 KB file with one value at IV65536 would make calamine build 16.7 million cells
        (1 GB); it is refused before, naming the file and the sheet."""
        source = tmp_path / "far.xls"
        source.write_bytes((DATA / "far_cell.xls").read_bytes())
        code, output = batch(source)
        assert code == 2, output
        assert "batch.too_large" in output
        assert "far.xls" in output
        assert "工作表「议程」跨越 65536 行 × 256 列" in output

    def test_formatted_blank_far_away_is_read(self, tmp_path: Path) -> None:
        """A formatted empty cell at IV65536 (a BLANK record) is not in calamine's grid."""
        source = tmp_path / "blank.xls"
        source.write_bytes((DATA / "far_blank.xls").read_bytes())
        code, output = batch(source)
        assert code == 0, output
        assert "1 行 rows, 1 已路由 routed" in output

    def test_far_cell_in_another_sheet_is_not_read(self, tmp_path: Path) -> None:
        source = tmp_path / "other.xls"
        source.write_bytes((DATA / "far_cell_other_sheet.xls").read_bytes())
        code, output = batch(source)
        assert code == 0, output
