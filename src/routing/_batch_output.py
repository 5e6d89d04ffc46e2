"""Batch outputs: .xlsx (rustpy-xlsxwriter, constant memory), .csv (UTF-8 with BOM) and .parquet.

Every writer takes the routed rows as one stream (``write_rows``): the xlsx writer hands it to
rust_xlsxwriter, which pulls the rows as it writes and serialises the XML in Rust (~8× the
pure-Python xlsxwriter here, see bench/README.md), then pulls the 汇总 sheet once the rows are
done. Every text cell from the agenda or a workbook is written as text (an inline string), so
``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` stays the text typed, never a live formula; text is
never turned into a link. CSV has no cell types: see ``csv_safe``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from typing import TYPE_CHECKING, Any, Protocol

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    from routing._batch_summary import BatchSummary

    Rows = Iterable[tuple[Sequence[Any], Sequence[str]]]
    """The agenda cells of each row (as long as the header) and its result cells."""

OUTPUT_KINDS = {".xlsx": "xlsx", ".csv": "csv", ".parquet": "parquet"}
WIDE_COLUMNS = frozenset(
    {"原文 quote", "备选 alternatives", "错误 error", "时限 time limits", "流程 chain"}
)
SUMMARY_SHEET = "汇总"
SUMMARY_COLUMNS = ("分类 group", "项目 item", "数量 count")
MAX_CELL_CHARS = 32_767
"""Excel's limit for the text of one cell; longer agenda text is cut there, as Excel would."""
_FORMULA = r"(?:^|\x00)'*(?:[=+@\t\r]|-(?![0-9]+(?:\.[0-9]+)?(?:\x00|\Z)))"
"""A cell (of cells joined by NUL) that Excel would read as a formula, for ``csv_safe``."""
_FORMULA_START = re.compile(_FORMULA)
_FORMULA_FIRST = frozenset("=+@\t\r-'") | {""}
"""First characters of a cell that ``csv_safe`` might guard (a superset: ``-5`` is not)."""
_FORMULA_AFTER_NUL = re.compile("\x00[-=+@'\t\r]")
"""The same after the NUL that joins a row's cells (a literal prefix: a fast scan)."""
_FLUSH_LINES = 512


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
    def write_rows(self, rows: Rows, summary: Callable[[], BatchSummary]) -> None:
        """Write every row; ``summary()`` is called once the rows are exhausted."""


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def unique_names(columns: Sequence[str]) -> list[str]:
    """Column names made unique (Parquet and the xlsx writer key cells by name; agendas repeat
    备注 or leave a header blank): the second 备注 is ``备注.1``, a blank one ``列5``."""
    seen: dict[str, int] = {}
    names = []
    for index, name in enumerate(columns):
        base = name or f"列{index + 1}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        names.append(base if count == 0 else f"{base}.{count}")
    return names


def _plain(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(value)


_NATIVE = frozenset({str, int, float, bool, type(None)})


def _xlsx_cells(cells: Sequence[Any]) -> list[Any]:
    """Agenda cells as the xlsx writer takes them: numbers and booleans as they are, dates and
    times as ISO text (as the agenda showed them), text cut at Excel's cell limit."""
    row = [v if type(v) in _NATIVE else _plain(v) for v in cells]
    return [v[:MAX_CELL_CHARS] if type(v) is str and len(v) > MAX_CELL_CHARS else v for v in row]


class XlsxWriter:
    """The 结果 sheet streamed row by row (constant memory), then the 汇总 sheet."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = list(columns)
        self.keys = unique_names(columns)

    def write_rows(self, rows: Rows, summary: Callable[[], BatchSummary]) -> None:
        import rustpy_xlsxwriter as rx  # noqa: PLC0415  # lazy: only a batch writes xlsx

        keys = self.keys
        wrap = rx.Format().set_text_wrap().set_align("top")
        top = rx.Format().set_align("top")
        bold = rx.Format().set_bold().set_background_color("#DDEBF7").set_text_wrap()
        wide = [name in WIDE_COLUMNS for name in self.columns]
        widths: list[float] = [
            50.0 if is_wide else float(min(max(_width(name) + 2, 10), 30))
            for name, is_wide in zip(self.columns, wide, strict=True)
        ]

        def records() -> Iterator[dict[str, Any]]:
            for cells, results in rows:
                try:
                    short = len("".join(cells)) <= MAX_CELL_CHARS  # text only: the common case
                except TypeError:
                    short = False
                values = cells if short else _xlsx_cells(cells)
                yield dict(zip(keys, (*values, *results), strict=True))

        def totals() -> Iterator[dict[str, Any]]:
            counts = summary()
            group, item, count = SUMMARY_COLUMNS
            for label, number in (
                ("行数 rows", counts.rows),
                ("已路由 routed", counts.routed),
                ("错误 errors", counts.errors),
                ("拒绝 refused", counts.refused),
            ):
                yield {group: "合计 total", item: label, count: number}
            for title, pairs in (
                ("决策机构 body", counts.by_body),
                ("事项 matter", counts.by_matter),
                ("错误代码 error", counts.by_error),
            ):
                for key, number in pairs:
                    yield {group: title, item: key, count: number}

        rx.write_worksheets(
            [("结果", records()), (SUMMARY_SHEET, totals())],
            str(self.path),
            freeze_panes={"结果": {"row": 1, "col": 0}},
            column_widths={"结果": widths, SUMMARY_SHEET: [16.0, 40.0, 12.0]},
            column_formats={"结果": [wrap if is_wide else top for is_wide in wide]},
            header_format={"结果": bold, SUMMARY_SHEET: bold},
            autofilter={"结果": True, SUMMARY_SHEET: True},
            page_setup={
                "结果": {
                    "landscape": True,
                    "paper_size": 9,  # A4
                    "fit_to_pages": (1, 0),  # one page wide, as many pages down as it takes
                    "repeat_rows": 0,
                }
            },
        )


def csv_safe(text: str) -> str:
    """``text`` as a CSV cell that Excel, WPS and LibreOffice will not read as a formula.

    A cell that starts with ``=``, ``+``, ``@``, a tab, a carriage return, or ``-`` other than
    a plain negative number, gets one leading apostrophe; so does one that already starts with
    apostrophes followed by such a character, which keeps the guard reversible:
    ``csv_original`` gives the exact text back."""
    return f"'{text}" if _FORMULA_START.match(text) else text


def csv_original(cell: str) -> str:
    """The exact text of a cell ``csv_safe`` wrote (one guard apostrophe removed)."""
    return cell[1:] if cell[:1] == "'" and _FORMULA_START.match(cell[1:]) else cell


def _csv_value(value: object) -> object:
    if value is None or type(value) in {int, float, bool}:
        return value
    return csv_safe(value if type(value) is str else _plain(value))


class CsvWriter:
    """UTF-8 with BOM, which Excel on a Chinese Windows opens as UTF-8."""

    def __init__(self, path: Path, columns: Sequence[str], stack: contextlib.ExitStack) -> None:
        # The BOM is written by hand: the utf-8-sig codec encodes every write() in Python.
        self.handle = stack.enter_context(path.open("w", encoding="utf-8", newline=""))
        self.handle.write("\ufeff")
        self.columns = columns

    def write_rows(self, rows: Rows, summary: Callable[[], BatchSummary]) -> None:
        del summary  # CSV holds one table; the CLI prints the counts
        handle = self.handle
        lines: list[str] = []
        writer = csv.writer(_Lines(lines))  # csv.writer's lines join the fast ones, in order
        writer.writerow([csv_safe(c) for c in self.columns])
        writerow, append = writer.writerow, lines.append
        formula = _FORMULA_AFTER_NUL.search
        tails: dict[int, tuple[Sequence[str], list[str], str]] = {}
        for cells, results in rows:
            # Result cells are shared by every row of one outcome: guarded and formatted once.
            tail = tails.get(id(results))
            if tail is None or tail[0] is not results:
                if len(tails) > 10_000:
                    tails.clear()
                guarded = [csv_safe(v) for v in results]
                tail = (results, guarded, _csv_line(guarded))
                tails[id(results)] = tail
            try:
                joined = "\x00".join(cells)
            except TypeError:
                writerow([_csv_value(v) for v in cells] + tail[1])
            else:
                # What csv.writer would quote (a comma, a quote, a line break) or csv_safe
                # might guard (a formula start after NUL or first), tested with C substring
                # scans: a row with none of them is the line csv.writer would write.
                if (
                    '"' in joined
                    or "," in joined
                    or "\n" in joined
                    or "\r" in joined
                    or joined[:1] in _FORMULA_FIRST
                    or formula(joined)
                ):
                    writerow([csv_safe(v) for v in cells] + tail[1])
                else:
                    append(",".join(cells) + "," + tail[2])
            if len(lines) > _FLUSH_LINES:
                handle.write("".join(lines))
                lines.clear()
        handle.write("".join(lines))


class _Lines:
    """A file for csv.writer that keeps its lines in a list (written out in chunks)."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _csv_line(cells: list[str]) -> str:
    """``cells`` as csv.writer writes them, line ending included."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


@contextlib.contextmanager
def open_writer(kind: str, path: Path, columns: Sequence[str]) -> Iterator[RowWriter]:
    """The writer of ``kind`` at ``path``; its files are closed however it ends."""
    with contextlib.ExitStack() as stack:
        if kind == "xlsx":
            yield XlsxWriter(path, columns)
        elif kind == "csv":
            yield CsvWriter(path, columns, stack)
        else:
            from routing._parquet_out import ParquetWriter  # noqa: PLC0415  # optional pyarrow

            yield ParquetWriter(path, columns, stack)
