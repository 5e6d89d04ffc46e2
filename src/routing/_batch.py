"""Route a whole agenda at once: rows in (xlsx or csv), a new workbook out.

Each row names its jurisdiction (辖区/jurisdiction, or a default), its matter (事项/matter),
and inputs under their ids or Chinese labels (amount/金额). Each jurisdiction is loaded once.
A bad row gets its error and never stops the rest. The output keeps the original columns and
adds the decision or the error, plus a 汇总 summary sheet; it is written to a temporary file
and moved into place, and an existing file is refused unless ``force`` is given.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from routing._book import Decision
from routing._errors import InputError, RoutingError
from routing._writer import atomic_save

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    from routing._jurisdiction import Jurisdiction
    from routing._model import Body

JURISDICTION_COLUMNS = frozenset({"辖区", "jurisdiction", "辖区编号"})
MATTER_COLUMNS = frozenset({"事项", "matter", "事项编号"})
MEETING_DATE_COLUMNS = frozenset({"会议日期", "meeting_date"})
TIME_LIMITS_COLUMN = "时限 time limits"
RESULT_COLUMNS = (
    "决策机构编号 body_id",
    "决策机构 body",
    "流程 chain",
    "条款 clause",
    "原文 quote",
    "备选 alternatives",
    "错误代码 error_code",
    "错误 error",
)
SUMMARY_SHEET = "汇总"
_MEMO_SIZE = 50_000


@attrs.frozen
class BatchRow:
    """One routed row: its original cells and either a decision or an error (code and message)."""

    number: int
    cells: tuple[Any, ...]
    jurisdiction: str
    matter: str
    decision: Decision | None = None
    error_code: str = ""
    error: str = ""
    time_limits: str = ""
    """The meeting's due dates counted from the row's 会议日期, e.g. ``topic_submission …: 2026-09-30``."""

    @property
    def ok(self) -> bool:
        return self.decision is not None

    def result_cells(self) -> tuple[str, ...]:
        d = self.decision
        if d is None:
            return ("", "", "", "", "", "", self.error_code, self.error)
        alternatives = "; ".join(
            f"{r.id}:{_names(r.deciders, r.chain.mode if r.chain else '')}"
            for r in d.alternatives
            if r.deciders
        )
        return (
            "、".join(b.id for b in d.deciders),
            _names(d.deciders, d.mode),
            str(d.chain or d.kind.value),
            d.citation.clause,
            d.citation.quote,
            alternatives,
            "",
            "",
        )


def _names(bodies: Sequence[Body], mode: str) -> str:
    """Several final bodies as the text writes them: ``全体会议或常务会议`` or ``A、B``."""
    return ("或" if mode == "any" else "、").join(body.name for body in bodies)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value).strip()


def read_rows(path: Path) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """The header and data rows of an .xlsx's first sheet, or of a .csv (UTF-8 or GBK)."""
    if not path.is_file():
        raise InputError("batch.input_missing", f"找不到输入文件 {path}", f"no input file {path}")
    if path.suffix.lower() == ".csv":
        rows = csv.reader(io.StringIO(_decode_csv(path), newline=""))
        return tuple(_text(v) for v in next(rows, [])), (tuple(row) for row in rows)
    return _xlsx_rows(path)


def _decode_csv(path: Path) -> str:
    # Excel on a Chinese Windows saves "CSV" in the ANSI code page (GBK), not UTF-8.
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        "batch.unreadable",
        f"无法读取 {path.name}:不是 UTF-8 或 GBK 编码的 CSV,请在 Excel 中另存为 .xlsx",
        f"cannot read {path.name}: the CSV is neither UTF-8 nor GBK; save it as .xlsx",
    )


def _xlsx_rows(path: Path) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    # The same gate as rule workbooks: format, zip bombs, a damaged first sheet named, not raised.
    from routing._reader import DAMAGED_SHEET_ERRORS, open_workbook  # noqa: PLC0415  # openpyxl

    stack = contextlib.ExitStack()
    workbook = stack.enter_context(open_workbook(path))

    def damaged(error: Exception) -> InputError:
        return InputError(
            "batch.unreadable",
            f"无法读取 {path.name} 的工作表:{error}",
            f"cannot read the sheet of {path.name}: {error}",
        )

    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = tuple(_text(v) for v in next(rows, ()))
    except DAMAGED_SHEET_ERRORS as error:
        stack.close()
        raise damaged(error) from None

    def xlsx_rows() -> Iterator[tuple[Any, ...]]:
        with stack:
            try:
                yield from (tuple(row) for row in rows if any(v is not None for v in row))
            except DAMAGED_SHEET_ERRORS as error:
                raise damaged(error) from None

    return header, xlsx_rows()


def route_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    jurisdiction: str | None = None,
    loader: Callable[[str], Jurisdiction],
) -> Iterator[BatchRow]:
    """Route each row, each 辖区 loaded with ``loader`` (``routing.load``); a row's problem becomes
    its error and the batch goes on."""
    keys = [h.strip() for h in header]
    where = next((i for i, k in enumerate(keys) if k.lower() in JURISDICTION_COLUMNS), None)
    what = next((i for i, k in enumerate(keys) if k.lower() in MATTER_COLUMNS), None)
    when = next((i for i, k in enumerate(keys) if k.lower() in MEETING_DATE_COLUMNS), None)
    if what is None:
        raise InputError(
            "batch.no_matter_column",
            "输入缺少「事项」列(事项/matter)",
            "the input has no matter column (事项/matter)",
        )
    if where is None and jurisdiction is None:
        raise InputError(
            "batch.no_jurisdiction",
            "输入缺少「辖区」列,请加上该列或使用 --jurisdiction",
            "the input has no jurisdiction column; add one or pass --jurisdiction",
        )
    books: dict[str, Jurisdiction | RoutingError] = {}
    memo: dict[tuple[object, ...], Decision | RoutingError] = {}
    for number, raw in enumerate(rows, 2):
        cells = tuple(raw) + (None,) * (len(keys) - len(raw))
        place = _text(cells[where]) if where is not None else ""
        place = place or (jurisdiction or "")
        matter = _text(cells[what])
        yield _route_one(
            number=number,
            cells=cells,
            keys=keys,
            place=place,
            matter=matter,
            books=books,
            loader=loader,
            skip={where, what, when},
            memo=memo,
            meeting_date=cells[when] if when is not None else None,
        )


def _route_one(
    *,
    number: int,
    cells: tuple[Any, ...],
    keys: Sequence[str],
    place: str,
    matter: str,
    books: dict[str, Jurisdiction | RoutingError],
    loader: Callable[[str], Jurisdiction],
    skip: set[int | None],
    memo: dict[tuple[object, ...], Decision | RoutingError],
    meeting_date: object = None,
) -> BatchRow:
    row = BatchRow(number, cells, place, matter)
    try:
        if place not in books:
            try:
                books[place] = loader(place)
            except RoutingError as error:
                books[place] = error
        book = books[place]
        if isinstance(book, RoutingError):
            raise book
        target = book.router.matter(matter)
        inputs: dict[str, object] = {}
        for index, key in enumerate(keys):
            value = cells[index] if index < len(cells) else None
            if index in skip or target.input(key) is None or _text(value) == "":
                continue
            inputs[key] = (
                value if isinstance(value, (Decimal, int, bool, dt.date)) else _text(value)
            )
        # Agendas repeat themselves; decisions are immutable, so equal inputs share one.
        seen: tuple[object, ...] = (place, target.id, *((k, type(v), v) for k, v in inputs.items()))
        if seen not in memo:
            if len(memo) > _MEMO_SIZE:
                memo.clear()
            try:
                memo[seen] = book.route(target.id, **inputs)
            except RoutingError as error:
                memo[seen] = error
        outcome = memo[seen]
        if isinstance(outcome, RoutingError):
            raise outcome
        decision = outcome
    except RoutingError as error:
        return attrs.evolve(
            row, error_code=error.code, error=f"{error.message} — {error.message_en}"
        )
    limits = "" if _text(meeting_date) == "" else _time_limits(book, decision, meeting_date)
    return attrs.evolve(row, decision=decision, time_limits=limits)


def _time_limits(book: Jurisdiction, decision: Decision, meeting_date: object) -> str:
    """The due dates of the decision's meeting counted from ``meeting_date``, as one cell."""
    if not any(rule.start == "meeting_date" for rule in book.deadlines):
        return ""  # this workbook states no time limit counted from the meeting
    try:
        limits = book.time_limits(decision, meeting_date=meeting_date)
    except RoutingError as error:
        return f"错误 [{error.code}] {error.message}"
    return ";".join(
        f"{limit.matter} {limit.counting}: {_text(limit.deadline.due)}"
        for limit in limits
        if limit.deadline is not None
    )


@attrs.frozen
class BatchSummary:
    """Counts for the 汇总 sheet and the CLI: rows, routed, by body, by matter, by error code."""

    rows: int
    routed: int
    by_body: tuple[tuple[str, int], ...]
    by_matter: tuple[tuple[str, int], ...]
    by_error: tuple[tuple[str, int], ...]

    @property
    def errors(self) -> int:
        return self.rows - self.routed


def summarize(results: Iterable[BatchRow]) -> BatchSummary:
    bodies: Counter[str] = Counter()
    matters: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    rows = routed = 0
    for row in results:
        rows += 1
        matters[row.matter] += 1
        if row.decision is not None:
            routed += 1
            for body in row.decision.deciders:
                bodies[f"{body.id} {body.name}"] += 1
        else:
            errors[row.error_code] += 1
    return BatchSummary(
        rows,
        routed,
        tuple(sorted(bodies.items())),
        tuple(sorted(matters.items())),
        tuple(sorted(errors.items())),
    )


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def run_batch(
    source: Path,
    output: Path,
    *,
    loader: Callable[[str], Jurisdiction],
    jurisdiction: str | None = None,
    force: bool = False,
    on_row: Callable[[BatchRow], None] | None = None,
) -> BatchSummary:
    """Route every row of ``source`` into a new workbook at ``output``; never touches ``source``."""
    if output.exists() and not force:
        raise InputError(
            "batch.output_exists",
            f"输出文件 {output} 已存在;使用 --force 覆盖",
            f"output {output} exists; pass --force to replace it",
        )
    if output.resolve() == source.resolve():
        raise InputError(
            "batch.output_is_input", "输出文件不能是输入文件", "the output cannot be the input"
        )
    header, rows = read_rows(source)
    from openpyxl import Workbook  # noqa: PLC0415  # lazy: slow import

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("结果")
    sheet.freeze_panes = "A2"
    dated = any(_text(key).lower() in MEETING_DATE_COLUMNS for key in header)
    sheet.append([*header, *RESULT_COLUMNS, *((TIME_LIMITS_COLUMN,) if dated else ())])
    results: list[BatchRow] = []
    try:
        for row in route_rows(header, rows, jurisdiction=jurisdiction, loader=loader):
            extra = (row.time_limits,) if dated else ()
            sheet.append(
                [_cell(v) for v in row.cells[: len(header)]] + [*row.result_cells(), *extra]
            )
            results.append(attrs.evolve(row, cells=()))
            if on_row is not None:
                on_row(row)
    except BaseException:
        sheet.close()  # release the half-written sheet's temporary file; nothing is saved
        raise
    summary = summarize(results)
    totals = workbook.create_sheet(SUMMARY_SHEET)
    totals.append(["行数 rows", summary.rows])
    totals.append(["已路由 routed", summary.routed])
    totals.append(["错误 errors", summary.errors])
    for title, counts in (
        ("决策机构 body", summary.by_body),
        ("事项 matter", summary.by_matter),
        ("错误代码 error", summary.by_error),
    ):
        totals.append([])
        totals.append([title, "数量 count"])
        for key, count in counts:
            totals.append([key, count])
    atomic_save(output, workbook.save)
    return summary
