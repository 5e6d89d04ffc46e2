"""Workbooks that look right in the office: wrapped text shown whole, A4 landscape one page wide,
header rows repeated, print areas, frozen panes — in the file, and as LibreOffice renders it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl import load_workbook

import routing
from routing._print_layout import display_width
from routing._template import new_workbook
from routing._testing import run_tests

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "tables").glob("*.xlsx"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc",
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return new_workbook("demo", tmp_path_factory.mktemp("new") / "demo.xlsx", name="勐腊县")


def _workbooks(template: Path) -> list[Path]:
    return [*SHIPPED, template]


def test_every_sheet_prints_a4_landscape_one_page_wide(template):
    """Each sheet: A4 landscape, fitted to one page wide, the used range as print area, the sheet
    name and page number on every page."""
    for path in _workbooks(template):
        for sheet in openpyxl.load_workbook(path).worksheets:
            where = f"{path.name} › {sheet.title}"
            assert sheet.page_setup.orientation == "landscape", where
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert sheet.page_setup.fitToWidth == 1, where
            # Pages down as needed; a decision table that nearly fits is one page tall.
            assert sheet.page_setup.fitToHeight in {0, 1}, where
            assert sheet.print_area, where
            footer = sheet.oddFooter.center.text or ""
            assert "&P" in footer, where


def test_header_rows_repeat_and_stay_frozen(template):
    """Tables repeat their meta and header rows on each page and keep the panes frozen below them."""
    book = openpyxl.load_workbook(ROOT / "tables" / "mengla.xlsx")
    table = book["资金调整"]
    assert table.print_title_rows == "$1:$5"  # 事项, 命中策略, 不变式, a blank row, the header
    assert table.freeze_panes == "A6"
    assert book["机构"].print_title_rows == "$1:$1"
    assert book["机构"].freeze_panes == "A2"
    new = openpyxl.load_workbook(template)
    assert new["资金调整"].print_title_rows == "$1:$4"
    assert new["资金调整"].freeze_panes == "A5"
    assert new["填写说明"].print_title_rows == "$1:$1"


def test_wrapped_text_gets_the_height_it_needs(template):
    """A cell whose text is longer than its column wraps, and its row is tall enough for the
    lines (no more 15pt rows with overlapping text)."""
    checked = 0
    for path in _workbooks(template):
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    width = sheet.column_dimensions[cell.column_letter].width
                    text = "" if cell.value is None else str(cell.value)
                    if display_width(text) <= 2 * width or not cell.alignment.wrap_text:
                        continue
                    height = sheet.row_dimensions[cell.row].height
                    assert height is not None, f"{path.name} › {sheet.title} › {cell.coordinate}"
                    assert height >= 30, (
                        f"{path.name} › {sheet.title} › {cell.coordinate}"
                    )  # two lines
                    checked += 1
    assert checked > 50  # the shipped notes and quotes are long


def test_instructions_are_inside_every_workbook(template):
    """The clerk finds the 填写说明 sheet next to 说明, with its text wrapped, not clipped."""
    for path in _workbooks(template):
        book = openpyxl.load_workbook(path)
        assert book.sheetnames[:2] == ["说明", "填写说明"], path.name
        sheet = book["填写说明"]
        assert sheet["B2"].alignment.wrap_text, path.name


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def _soffice(tmp_path: Path, target: str, source: Path) -> Path:
    out = tmp_path / target
    out.mkdir(exist_ok=True)
    subprocess.run(  # LibreOffice on our own files, no shell
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{source.stem}.{target}"


@needs_libreoffice
def test_libreoffice_prints_mengla_and_the_template_in_few_pages(tmp_path, template):
    """Rendered to PDF by LibreOffice: every sheet starts a page (in Excel and WPS too), so a
    workbook prints at least one page per sheet; mengla's 51 sheets took 66 pages with wrapped
    columns held to 150 units, 61 with them widened to the 180 of PAGE_WIDTH (the long list sheets
    事项, 测试 and 会议 take the extra pages). The template: 19 pages before the layout, 8 now (one
    per sheet)."""
    sheets = len(load_workbook(ROOT / "tables" / "mengla.xlsx", read_only=True).sheetnames)
    pages = _pdf_pages(_soffice(tmp_path, "pdf", ROOT / "tables" / "mengla.xlsx"))
    assert pages <= sheets + 12, (pages, sheets)  # 66 = sheets + 15 at 150 units
    new_sheets = len(load_workbook(template, read_only=True).sheetnames)
    assert _pdf_pages(_soffice(tmp_path, "pdf", template)) == new_sheets


@needs_libreoffice
def test_a_libreoffice_round_trip_keeps_answers_and_print_setup(tmp_path):
    """Saved again by LibreOffice, mengla still passes its 测试 sheet and keeps the page setup."""
    saved = _soffice(tmp_path, "xlsx", ROOT / "tables" / "mengla.xlsx")
    results = run_tests(routing.load(saved))
    assert results
    assert all(result.passed for result in results)
    table = openpyxl.load_workbook(saved)["资金调整"]
    assert table.page_setup.orientation == "landscape"
    assert table.page_setup.fitToWidth == 1
    # (Headless conversion has no view, so it drops frozen panes; a clerk saving keeps them.)
    assert table.print_title_rows == "$1:$5"


def test_a_table_that_nearly_fits_prints_on_one_page():
    """A decision table estimated at one to two pages is fitted to one page tall; a short table,
    a table of many pages and the list sheets keep fitting the width only."""
    from routing._print_layout import FIT_HEIGHT, PAGE_HEIGHT, lay_out

    quote = "研究决定调整资金支出单笔20万元以上资金使用事项" * 4
    header = ["编号", "金额", "决策机构", "条款", "原文", "说明", "依据"]

    def laid_out(rows: int, *, meta: bool = True) -> openpyxl.worksheet.worksheet.Worksheet:
        sheet = openpyxl.Workbook().active
        table = [["R", "-", "head", "第一条", quote, "", "明文"] for _ in range(rows)]
        meta_rows = [["事项", "fund_adjustment"], ["命中策略", "唯一"], []] if meta else []
        all_rows = [*meta_rows, header, *table]
        lay_out(sheet, all_rows, len(meta_rows) + 1, about=False)
        return sheet

    per_row = laid_out(1).row_dimensions[5].height  # the quote wraps in the 原文 column
    assert per_row
    nearly = int(PAGE_HEIGHT * (1 + FIT_HEIGHT) / 2 / per_row)
    assert laid_out(nearly).page_setup.fitToHeight == 1
    assert laid_out(3).page_setup.fitToHeight == 0
    assert laid_out(int(PAGE_HEIGHT * FIT_HEIGHT / per_row) + 10).page_setup.fitToHeight == 0
    assert laid_out(nearly, meta=False).page_setup.fitToHeight == 0  # a list: 测试, 事项
