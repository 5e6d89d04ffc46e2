"""How a written sheet looks on screen and on paper: column widths, row heights for wrapped text,
A4 landscape fitted to the page width, repeated header rows, print area, page header and footer.

Excel, WPS and LibreOffice all take these from the file; none of them grows a row for wrapped text
that was written by a program, so the heights are estimated here from the text and column widths.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from routing._headers import key_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from openpyxl.worksheet.worksheet import Worksheet

    from routing._reader import CellValue

# Widths in Excel's units (the width of "0"); a Chinese character takes about two.
_COLUMN_LIMITS = {
    "原文": 40,
    "quote": 40,
    "说明": 32,
    "note": 32,
    "description": 32,
    "决策机构": 26,
    "流程": 26,
    "输入": 26,
    "期望": 22,
    "结果": 22,
    "取值": 40,
    "values": 40,
}
NARROW_LIMIT = 18
"""Widest that any other column of a table grows; longer text wraps."""
PAGE_WIDTH = 180
"""How wide a sheet whose text wraps may grow: one A4 landscape page holds about 150 at full size,
so fitting 180 to the width prints at about 83% (11pt text as 9pt, 小五, the smallest size official
tables use). Wider wrapped columns mean fewer lines: mengla's long list sheets (事项, 测试, 会议) print
on 9 fewer pages than at 150. Sheets already wider than this keep their widths."""
HEADER_WIDTH = 8
"""The most a column name asks of its column's width (a header wraps)."""
ABOUT_KEY_WIDTH = 12
ABOUT_TEXT_WIDTH = 100
PAGE_HEIGHT = 590.0
"""Points of rows one A4 landscape page holds at the fit-to-width scale (about 490pt of paper inside
the margins, printed at about 83%)."""
FIT_HEIGHT = 2.0
"""A decision table whose rows are estimated to need at most this many pages is shrunk onto one
page (fit to one page tall), so that a table is read on one sheet of paper. The estimate is
pessimistic (LibreOffice printed every shipped table estimated under 1.6 pages on one page at the
fit-to-width scale), so the tables shrunk in practice lose little size. Lists (机构, 事项, 测试, 会议)
keep their pages down: shrinking them would make the text too small to read."""
_LINE_HEIGHT = 15.0  # points per line of 11pt text, as Excel's default row
_PADDING = 2.0
_MAX_ROW_HEIGHT = 409.0  # Excel's limit


def display_width(value: CellValue) -> int:
    """Width of a cell's text in column units: CJK and full-width characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK start


def column_limit(header: str) -> int:
    """The widest a column with this header grows before its text wraps."""
    return _COLUMN_LIMITS.get(header, NARROW_LIMIT)


def _lines(value: CellValue, width: float) -> int:
    # The inner margins take about 1.5 units; a CJK character is a little under the two units
    # display_width counts (which keeps columns wide enough), so a line holds about 10% more.
    room = max(1.0, (width - 1.5) * 1.1)
    text = "" if value is None else str(value)
    return sum(max(1, math.ceil(display_width(part) / room)) for part in text.split("\n"))


def row_height(
    row: Sequence[CellValue], widths: dict[int, float], wrapped: set[int]
) -> float | None:
    """Points a row needs to show every wrapped cell whole; ``None`` when one line will do."""
    lines = max(
        (
            _lines(value, widths.get(column, 8.43))
            for column, value in enumerate(row, 1)
            if column in wrapped
        ),
        default=1,
    )
    if lines <= 1:
        return None
    return min(_MAX_ROW_HEIGHT, lines * _LINE_HEIGHT + _PADDING)


def set_print_layout(
    sheet: Worksheet, rows: int, columns: int, title_rows: int | None, *, one_page: bool = False
) -> None:
    """A4 landscape, one page wide (and one page tall if ``one_page``), the title rows repeated on
    every page, the used range only, grid lines printed, and the sheet name and page number on each
    page."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415  # lazy: slow import
    from openpyxl.worksheet.page import PageMargins  # noqa: PLC0415
    from openpyxl.worksheet.properties import PageSetupProperties  # noqa: PLC0415

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0  # else as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3
    )
    sheet.print_options.gridLines = True
    sheet.print_options.horizontalCentered = True
    header, footer = sheet.oddHeader, sheet.oddFooter
    if header is not None and footer is not None:  # openpyxl always makes both
        header.center.text = "&A"
        footer.center.text = "第 &P 页,共 &N 页"
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    sheet.print_area = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"


def lay_out(
    sheet: Worksheet, rows: Sequence[Sequence[CellValue]], header: int | None, *, about: bool
) -> None:
    """Widths, wrapping and row heights of the cells, then the print layout.

    Every cell of the header and below wraps (nothing is cut off on paper); the meta rows above a
    table (事项, 命中策略) stay on one line and may spill into the empty cells beside them.
    """
    from openpyxl.styles import Alignment  # noqa: PLC0415  # lazy: slow import
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    columns = max((len(row) for row in rows), default=1)
    names = [key_of(v) for v in rows[header - 1]] if header is not None else []
    first = header if header is not None else 1
    wrapped = set(range(1, columns + 1)) if header is not None or about else set()
    widths: dict[int, float] = {}
    natural: dict[int, float] = {}
    for row_number, row in enumerate(rows, 1):
        if row_number < first:
            # The meta keys (事项, 命中策略) must show whole; their values may spill over.
            widths[1] = max(widths.get(1, 6), display_width(row[0] if row else None) + 2)
            continue
        for column, value in enumerate(row, 1):
            name = names[column - 1] if column <= len(names) else ""
            limit = column_limit(name)
            # A header wraps onto two lines rather than widen a column of short values.
            text_width = display_width(value)
            if row_number == first and not about:
                text_width = min(text_width, HEADER_WIDTH)
            natural[column] = max(natural.get(column, 6), text_width + 2)
            widths[column] = max(widths.get(column, 6), min(limit, natural[column]))
            if column in wrapped:
                sheet.cell(row_number, column).alignment = Alignment(wrap_text=True, vertical="top")
    if about:
        widths = {1: ABOUT_KEY_WIDTH, 2: ABOUT_TEXT_WIDTH}
    else:
        _widen(widths, natural)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    total = 0.0
    for row_number, row in enumerate(rows, 1):
        height = row_height(row, widths, wrapped) if row_number >= first else None
        if height is not None:
            sheet.row_dimensions[row_number].height = height
        total += height or _LINE_HEIGHT
    one_page = first > 1 and not about and PAGE_HEIGHT < total <= FIT_HEIGHT * PAGE_HEIGHT
    set_print_layout(sheet, len(rows), columns, header, one_page=one_page)


def _widen(widths: dict[int, float], natural: dict[int, float]) -> None:
    """Give the room a page has left to the columns whose text wraps, in proportion to what they
    lack: fewer lines, fewer pages, and the page is still one wide."""
    spare = PAGE_WIDTH - sum(widths.values())
    lacking = {c: natural[c] - w for c, w in widths.items() if natural.get(c, 0) > w}
    total = sum(lacking.values())
    if spare <= 0 or total <= 0:
        return
    for column, lack in lacking.items():
        widths[column] += round(min(lack, spare * lack / total))
