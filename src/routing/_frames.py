"""``route_frame``: a pandas or polars DataFrame, or an Arrow table, routed like an agenda.

The frame comes back with the batch output's columns added (决策机构编号 body_id … 错误 error,
and 时限 when it has a 会议日期 column). Rows are routed once per distinct combination of the cells
that matter (jurisdiction, matter, inputs, meeting date) through the batch's row path. Finding
those combinations and gathering the result columns back by group number are done in the frame
library's own code (``_frame_codes``; pandas ``factorize`` and ``take``, Arrow
``dictionary_encode`` and ``take``, polars ``gather``), so a million rows do not pass through
Python one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._batch_cells import output_columns
from routing._batch_rows import RowRouter
from routing._errors import InputError
from routing._frame_codes import distinct_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from routing._jurisdiction import Jurisdiction


def _library(frame: object) -> str:
    library = type(frame).__module__.split(".", 1)[0]
    if library not in {"pandas", "polars", "pyarrow"}:
        raise InputError(
            "frame.type",
            f"route_frame 接受 pandas/polars DataFrame 或 Arrow 表,而不是 {type(frame).__name__}",
            f"route_frame takes a pandas or polars DataFrame or an Arrow table, "
            f"not {type(frame).__name__}",
        )
    return library


def _names(frame: Any, library: str) -> tuple[list[str], int]:
    if library == "pandas":
        return [str(name) for name in frame.columns], len(frame)
    if library == "polars":
        return list(frame.columns), frame.height
    return list(frame.column_names), frame.num_rows


def route_frame(book: Jurisdiction, frame: Any, *, matter: str | None = None) -> Any:
    """Route every row of ``frame`` with ``book``; the same kind of frame with the result columns.

    ``matter`` (an id or Chinese name) routes every row as that matter; without it the frame
    needs a 事项/matter column. A 辖区 column, if any, must name this book's jurisdiction.
    """
    library = _library(frame)
    names, rows = _names(frame, library)
    header = [*names, "事项"] if matter is not None else names
    router = RowRouter(header, jurisdiction=None, loader=lambda _: book, book=book)
    inputs = {name for m in book.matters for i in m.inputs for name in (i.id, i.label)}
    named = {router.where, router.what, router.when}
    used = sorted(
        {index for index in named if index is not None}
        | {index for index, name in enumerate(header) if name.strip() in inputs}
    )
    # Only the columns routing reads are coded (not notes, ids, …); the matter argument is a
    # column of one value, so it is not.
    coded = [i for i in used if i < len(names)]
    codes, keys = distinct_rows(frame, library, coded, rows)
    distinct = []
    pseudo: list[Any] = [""] * len(header)
    if matter is not None:
        pseudo[len(names)] = matter
    for key in keys:
        for position, value in zip(coded, key, strict=True):
            pseudo[position] = value
        distinct.append(router.routed(pseudo).cells)
    added = output_columns(tuple(names), dated=router.dated)[len(names) :]
    results = [[cells[j] for cells in distinct] for j in range(len(added))]
    return _with_columns(frame, library, added, results, codes)


def _with_columns(
    frame: Any, library: str, names: Sequence[str], values: list[list[str]], codes: Any
) -> Any:
    """The result columns, one value per distinct row, taken by the rows' group numbers."""
    if library == "pandas":
        import numpy as np  # noqa: PLC0415  # pandas brings it
        import pandas as pd  # noqa: PLC0415

        # A Series infers the column's type as ``assign`` would from the whole column (str).
        added = {
            name: pd.Series(np.asarray(column, dtype=object)).array.take(codes)
            for name, column in zip(names, values, strict=True)
        }
        return frame.assign(**added)
    if library == "polars":
        import polars as pl  # noqa: PLC0415

        order = pl.Series(codes, dtype=pl.UInt32)
        return frame.with_columns(
            pl.Series(name, column, dtype=pl.String).gather(order)
            for name, column in zip(names, values, strict=True)
        )
    import pyarrow as pa  # noqa: PLC0415

    positions = codes if isinstance(codes, pa.Array) else pa.array(codes, pa.int64())
    for name, column in zip(names, values, strict=True):
        frame = frame.append_column(name, pa.array(column, pa.string()).take(positions))
    return frame
