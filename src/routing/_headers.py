"""Sheets and header rows: finding a sheet by name, mapping header cells to fields, reading a row.

The first step of parsing a ``RawWorkbook``; every sheet parser (``_vocabulary``, ``_tables``)
works through a ``Collector``, which keeps every problem found with its cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._amounts import normalize_text
from routing._errors import Location, ParseError, Problem

if TYPE_CHECKING:
    from routing._reader import CellValue, RawSheet, RawWorkbook

ABOUT_SHEETS = ("说明", "about")
BODY_SHEETS = ("机构", "bodies")
MATTER_SHEETS = ("事项", "matters")
TEST_SHEETS = ("测试", "tests")
DEADLINE_SHEETS = ("时限", "deadlines")
HOLIDAY_SHEETS = ("节假日", "holidays")
TABLE_MARKS = frozenset({"事项", "事项编号", "matter"})


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def text_of(value: CellValue) -> str:
    """A cell as trimmed text ('' for empty); numbers keep their exact digits.

    Trimmed of every kind of space (NBSP, 　) and of zero-width characters pasted from elsewhere.
    """
    if value is None:
        return ""
    return str(value).strip().strip(_INVISIBLE).strip()


def key_of(value: CellValue) -> str:
    return normalize_text(text_of(value)).lower()


class Collector:
    """The workbook being parsed and every problem found so far."""

    def __init__(self, raw: RawWorkbook) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def problem(self, error: ParseError, location: Location | None) -> None:
        self.problems.append(error.at(location))

    def report(self, code: str, message: str, message_en: str, location: Location | None) -> None:
        self.problems.append(Problem(code, message, message_en, location))

    def header(
        self, sheet: RawSheet, row: int, names: dict[str, str], *, strict: bool = True
    ) -> dict[str, int]:
        """Map field names to 1-based columns; unknown headers are reported when ``strict``."""
        columns: dict[str, int] = {}
        for column, value in enumerate(sheet.rows[row - 1] if row <= len(sheet.rows) else (), 1):
            key = key_of(value)
            if not key:
                continue
            field = names.get(key)
            if field is None and strict:
                self.report(
                    "header.unknown",
                    f"无法识别的列名「{text_of(value)}」,可用:{'、'.join(k for k in names if not k.isascii())}",
                    f"unknown column {text_of(value)!r}; expected one of "
                    + ", ".join(k for k in names if k.isascii()),
                    self.raw.location(sheet.name, row, column),
                )
            elif field is not None:
                columns.setdefault(field, column)
        return columns

    def require_sheet(self, names: tuple[str, ...]) -> RawSheet | None:
        sheet = self.raw.sheet(*names)
        if sheet is None:
            self.report(
                "sheet.missing",
                f"缺少工作表「{names[0]}」",
                f"the sheet {names[0]!r} ({names[1]}) is missing",
                Location(self.raw.name),
            )
        return sheet


class RowGetter:
    """Reads one row's cells by field name."""

    def __init__(self, sheet: RawSheet, row: int, columns: dict[str, int]) -> None:
        self.sheet, self.row, self.columns = sheet, row, columns

    def __call__(self, field: str) -> CellValue:
        column = self.columns.get(field)
        return None if column is None else self.sheet.value(self.row, column)
