"""Batch outputs: .xlsx (xlsxwriter, constant memory), .csv (UTF-8 with BOM) and .parquet.

Every text cell from the agenda or a workbook is written as text: ``write_string`` in xlsx, so
``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` stays the text typed, never a live formula. CSV has no
cell types: Excel reads a CSV cell that starts with ``=``, ``+``, ``@`` or ``-`` (not a number) as a
formula, so such a cell is written with a leading apostrophe (the usual CSV-injection guard).
"""

from __future__ import annotations

import contextlib
import csv
import re
import tempfile
from typing import TYPE_CHECKING, Any, Protocol

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from routing._batch_summary import BatchSummary

OUTPUT_KINDS = {".xlsx": "xlsx", ".csv": "csv", ".parquet": "parquet"}
WIDE_COLUMNS = frozenset(
    {"原文 quote", "备选 alternatives", "错误 error", "时限 time limits", "流程 chain"}
)
SUMMARY_SHEET = "汇总"
_FORMULA_START = re.compile(r"(?:^|\x00)(?:[=+@\t\r]|-(?![0-9.]))")


def output_kind(path: Path) -> str:
    """``xlsx``, ``csv`` or ``parquet`` from the suffix; any other is a usage error."""
    kind = OUTPUT_KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            "batch.output_format",
            f"输出文件 {path.name} 的后缀应为 .xlsx、.csv 或 .parquet",
            f"the output {path.name} must end in .xlsx, .csv or .parquet",
        )
    return kind


class RowWriter(Protocol):
    def write(self, cells: Sequence[Any], results: Sequence[str]) -> None: ...

    def finish(self, summary: BatchSummary) -> None: ...

    def abort(self) -> None: ...


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


class XlsxWriter:
    """The 结果 sheet streamed row by row (constant memory), then the 汇总 sheet."""

    def __init__(self, path: Path, columns: Sequence[str], tmpdir: str) -> None:
        import xlsxwriter  # noqa: PLC0415  # lazy: only a batch writes xlsx

        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.sheet = self.book.add_worksheet("结果")
        self.totals = self.book.add_worksheet(SUMMARY_SHEET)
        wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        top = self.book.add_format({"valign": "top"})
        bold = self.book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        self.bold = bold
        for index, name in enumerate(columns):
            wide = name in WIDE_COLUMNS
            width = 50 if wide else min(max(_width(name) + 2, 10), 30)
            self.sheet.set_column(index, index, width, wrap if wide else top)
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as it takes
        self.sheet.repeat_rows(0)
        for index, name in enumerate(columns):
            self.sheet.write_string(0, index, name, bold)
        self.columns = len(columns)
        self.row = 0

    def write(self, cells: Sequence[Any], results: Sequence[str]) -> None:
        self.row += 1
        row = self.row
        sheet = self.sheet
        write_string = sheet.write_string
        for column, value in enumerate(cells):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(row, column, value)
            elif kind is int or kind is float:
                sheet.write_number(row, column, value)
            elif kind is bool:
                sheet.write_boolean(row, column, value)
            elif value is not None:
                write_string(row, column, _plain(value))
        start = len(cells)
        for offset, text in enumerate(results):
            if text:
                write_string(row, start + offset, text)

    def finish(self, summary: BatchSummary) -> None:
        self.sheet.autofilter(0, 0, self.row, self.columns - 1)
        totals = self.totals
        totals.set_column(0, 0, 40)
        totals.set_column(1, 1, 12)
        row = 0
        for label, count in (
            ("行数 rows", summary.rows),
            ("已路由 routed", summary.routed),
            ("错误 errors", summary.errors),
        ):
            totals.write_string(row, 0, label)
            totals.write_number(row, 1, count)
            row += 1
        for title, counts in (
            ("决策机构 body", summary.by_body),
            ("事项 matter", summary.by_matter),
            ("错误代码 error", summary.by_error),
        ):
            row += 1
            totals.write_string(row, 0, title, self.bold)
            totals.write_string(row, 1, "数量 count", self.bold)
            row += 1
            for key, count in counts:
                totals.write_string(row, 0, key)
                totals.write_number(row, 1, count)
                row += 1
        self.book.close()

    def abort(self) -> None:
        """Close the sheets' temporary files without writing the workbook."""
        for sheet in self.book.worksheets():
            handle = sheet.row_data_fh
            if handle is not None and not handle.closed:
                handle.close()
        self.book.fileclosed = True


def _plain(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(value)


def csv_safe(text: str) -> str:
    """``text`` as a CSV cell Excel will not read as a formula."""
    return f"'{text}" if _FORMULA_START.match(text) else text


class CsvWriter:
    """UTF-8 with BOM, which Excel on a Chinese Windows opens as UTF-8."""

    def __init__(self, path: Path, columns: Sequence[str], stack: contextlib.ExitStack) -> None:
        handle = stack.enter_context(path.open("w", encoding="utf-8-sig", newline=""))
        self.writer = csv.writer(handle)
        self.writer.writerow([csv_safe(c) for c in columns])
        self.safe: dict[int, tuple[Sequence[str], list[str]]] = {}

    def write(self, cells: Sequence[Any], results: Sequence[str]) -> None:
        try:
            joined = "\x00".join(cells)
        except TypeError:
            row = [csv_safe(v) if type(v) is str else _csv_value(v) for v in cells]
        else:
            row = list(cells)
            if _FORMULA_START.search(joined):
                row = [csv_safe(str(v)) for v in row]
        known = self.safe.get(id(results))
        if known is None or known[0] is not results:
            if len(self.safe) > 10_000:
                self.safe.clear()
            known = (results, [csv_safe(v) for v in results])
            self.safe[id(results)] = known
        self.writer.writerow(row + known[1])

    def finish(self, summary: BatchSummary) -> None:
        del summary  # CSV holds one table; the CLI prints the counts

    def abort(self) -> None:
        """Nothing to do: the file is closed by the stack."""


def _csv_value(value: object) -> object:
    if value is None or type(value) in {int, float, bool}:
        return value
    return csv_safe(_plain(value))


@contextlib.contextmanager
def open_writer(kind: str, path: Path, columns: Sequence[str]) -> Iterator[RowWriter]:
    """The writer of ``kind`` at ``path``; its temporary files are removed however it ends."""
    with contextlib.ExitStack() as stack:
        if kind == "xlsx":
            tmpdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="routing-batch-"))
            writer: RowWriter = XlsxWriter(path, columns, tmpdir)
        elif kind == "csv":
            writer = CsvWriter(path, columns, stack)
        else:
            from routing._parquet_out import ParquetWriter  # noqa: PLC0415  # optional pyarrow

            writer = ParquetWriter(path, columns, stack)
        try:
            yield writer
        except BaseException:
            writer.abort()
            raise
