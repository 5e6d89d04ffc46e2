"""Route a whole agenda at once: rows in (xlsx, xls, ods, csv, parquet), a new file out.

Each row names its jurisdiction (辖区/jurisdiction, or a default), its matter (事项/matter),
and inputs under their ids or Chinese labels (amount/金额). Each jurisdiction is loaded once.
A bad row gets its error and never stops the rest. The output keeps the agenda's columns and
adds the decision or the error (an .xlsx also gets a 汇总 summary sheet); it is written to a
temporary file and published only when complete, and an existing file is refused unless
``force`` is given. Reading, the row path, the writers and the summary live in their own modules
(``_agenda``, ``_batch_rows``, ``_batch_output``, ``_batch_summary``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from routing._agenda import Agenda, RowProblem, open_agenda
from routing._batch_cells import (
    DECISION_CELLS,
    RESULT_COLUMNS,
    TIME_LIMITS_COLUMN,
    output_columns,
    result_cells,
)
from routing._batch_output import SUMMARY_SHEET, open_writer, output_kind
from routing._batch_rows import RowRouter
from routing._batch_summary import BatchSummary, Tally
from routing._book import Decision
from routing._publish import publish

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from routing._batch_rows import Outcome
    from routing._jurisdiction import Jurisdiction

__all__ = [
    "RESULT_COLUMNS",
    "SUMMARY_SHEET",
    "TIME_LIMITS_COLUMN",
    "BatchRow",
    "BatchSummary",
    "read_rows",
    "route_rows",
    "run_batch",
]
PROGRESS_EVERY = 1024


@attrs.frozen
class BatchRow:
    """One routed row: its original cells and either a decision or an error (code and message).

    A decision whose row has a bad 会议日期 keeps the decision and carries the date's error too.
    """

    number: int
    cells: tuple[Any, ...]
    jurisdiction: str
    matter: str
    decision: Decision | None = None
    error_code: str = ""
    error: str = ""
    time_limits: str = ""
    """The meeting's due dates counted from the row's 会议日期, one line per time limit."""

    @property
    def ok(self) -> bool:
        return self.decision is not None and not self.error_code

    def result_cells(self) -> tuple[str, ...]:
        if self.decision is None:
            return (*("",) * DECISION_CELLS, self.error_code, self.error)
        return result_cells(self.decision, self.error_code, self.error)


def _batch_row(router: RowRouter, number: int, cells: Sequence[Any], outcome: Outcome) -> BatchRow:
    where = router.where
    place = "" if where is None or not cells else str(cells[where] or "").strip()
    matter = str(cells[router.what] or "").strip() if cells else ""
    return BatchRow(
        number,
        tuple(cells),
        place or router.default or (router.book.jurisdiction if router.book else ""),
        matter,
        outcome.decision,
        outcome.error_code,
        outcome.error,
        outcome.cells[-1] if router.dated else "",
    )


def read_rows(path: Path) -> tuple[tuple[str, ...], Iterator[list[Any]]]:
    """The header and data rows of an agenda (any format ``routing batch`` reads)."""
    stack = contextlib.ExitStack()
    agenda = stack.enter_context(open_agenda(path))

    def rows() -> Iterator[list[Any]]:
        with stack:
            for item in agenda.rows:
                if not isinstance(item, RowProblem):
                    yield item[1]

    return agenda.header, rows()


def route_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    jurisdiction: str | None = None,
    loader: Callable[[str], Jurisdiction],
    book: Jurisdiction | None = None,
) -> Iterator[BatchRow]:
    """Route each row (numbered from 2, after the header), each 辖区 loaded with ``loader``
    (``routing.load``); a row's problem becomes its error."""
    router = RowRouter(header, jurisdiction=jurisdiction, loader=loader, book=book)
    pad = [""] * router.width
    for number, raw in enumerate(rows, 2):
        cells = list(raw)
        if len(cells) < router.width:
            cells += pad[len(cells) :]
        yield _batch_row(router, number, cells, router.outcome(cells))


def _protected(source: Path, jurisdiction: str | None) -> tuple[Path, ...]:
    """Files this run reads, which ``--force`` must never replace."""
    paths = [source]
    if jurisdiction:
        with contextlib.suppress(OSError, ValueError):
            if Path(jurisdiction).is_file():
                paths.append(Path(jurisdiction))
    return tuple(paths)


def run_batch(
    source: Path,
    output: Path,
    *,
    loader: Callable[[str], Jurisdiction],
    jurisdiction: str | None = None,
    force: bool = False,
    on_row: Callable[[BatchRow], None] | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> BatchSummary:
    """Route every row of ``source`` into a new file at ``output`` (.xlsx, .csv or .parquet);
    never touches ``source``. ``on_progress(done, total)`` is called every 1024 rows."""
    kind = output_kind(output)
    summaries: list[BatchSummary] = []

    def write(temporary: Path) -> None:
        with open_agenda(source) as agenda:
            summaries.append(
                _stream(agenda, kind, temporary, loader, jurisdiction, on_row, on_progress)
            )

    publish(output, write, force=force, protected=_protected(source, jurisdiction))
    return summaries[0]


def _stream(  # noqa: PLR0917  # private: the one caller passes run_batch's arguments through
    agenda: Agenda,
    kind: str,
    temporary: Path,
    loader: Callable[[str], Jurisdiction],
    jurisdiction: str | None,
    on_row: Callable[[BatchRow], None] | None,
    on_progress: Callable[[int, int | None], None] | None,
) -> BatchSummary:
    router = RowRouter(agenda.header, jurisdiction=jurisdiction, loader=loader)
    tally = Tally()
    counted: list[int] = [0]

    def routed() -> Iterator[tuple[list[Any], tuple[str, ...]]]:
        """Each row with its result cells, tallied as the writer takes it."""
        width = router.width
        pad = [""] * width
        route = router.outcome
        chunk: list[Outcome] = []  # the outcomes of the rows since the last count
        keep = chunk.append
        done = 0
        for item in agenda.rows:
            if type(item) is RowProblem:
                number, cells = item.number, pad
                outcome = router.problem(item)
            else:
                number, cells = item  # type: ignore[misc]  # the other member of the union
                if len(cells) != width:
                    cells = (cells + pad)[:width]
                outcome = route(cells)
            keep(outcome)
            yield cells, outcome.cells
            if on_row is not None:
                on_row(_batch_row(router, number, cells, outcome))
            done += 1
            if not done % PROGRESS_EVERY:
                tally.add_all(chunk)
                chunk.clear()
                if on_progress is not None:
                    on_progress(done, agenda.total)
        tally.add_all(chunk)
        counted[0] = done

    columns = output_columns(agenda.header, dated=router.dated)
    with open_writer(kind, temporary, columns) as out:
        out.write_rows(routed(), tally.summary)
    if on_progress is not None:
        on_progress(counted[0], counted[0])
    return tally.summary()
