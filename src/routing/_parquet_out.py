"""The Parquet batch output (the ``routing[parquet]`` extra): every column text, in row groups
of ``GROUP_ROWS``, so 10^6 rows and more are written in constant memory (the rows of one group
are the only ones held, column by column)."""

from __future__ import annotations

from array import array
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from routing._agenda_parquet import need_pyarrow
from routing._batch_output import unique_names

if TYPE_CHECKING:
    import contextlib
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from routing._batch_output import Rows
    from routing._batch_summary import BatchSummary

GROUP_ROWS = 16_384
"""Rows per row group: big enough for Parquet's column compression, small enough that the
Python cells of one group (the peak of the run) stay a few MB."""
_MAX_OFFSET = 2**31 - 1


def _text(value: object) -> str | None:
    if value is None or type(value) is str:
        return value
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(value)


class ParquetWriter:
    def __init__(self, path: Path, columns: Sequence[str], stack: contextlib.ExitStack) -> None:
        pq = need_pyarrow()
        import pyarrow as pa  # noqa: PLC0415

        self.pa = pa
        self.schema = pa.schema([(name, pa.string()) for name in unique_names(columns)])
        self.writer = pq.ParquetWriter(str(path), self.schema)
        stack.callback(self.writer.close)

    def write_rows(self, rows: Rows, summary: Callable[[], BatchSummary]) -> None:
        del summary  # Parquet holds one table; the CLI prints the counts
        group: list[tuple[Any, ...]] = []
        append = group.append
        for cells, results in rows:
            append((*cells, *results))
            if len(group) >= GROUP_ROWS:
                self._flush(group)
                group.clear()
        self._flush(group)

    def _flush(self, group: list[tuple[Any, ...]]) -> None:
        if not group:
            return
        columns = [self._column(column) for column in zip(*group, strict=True)]
        self.writer.write_table(self.pa.Table.from_arrays(columns, schema=self.schema))

    def _column(self, column: tuple[Any, ...]) -> Any:
        """One column as an Arrow string array, built from its UTF-8 bytes and offsets.

        ``pa.array`` on Python objects first asks whether they are pandas objects, which
        imports pandas and numpy (~60 MB, a third of the peak RSS of a 10^6-row run)."""
        pa = self.pa
        try:
            encoded = list(map(str.encode, column))
        except TypeError:  # a number, date or None from the agenda
            return pa.array([_text(v) for v in column], pa.string())
        data = b"".join(encoded)
        if len(data) > _MAX_OFFSET:  # beyond 32-bit offsets: let Arrow split it
            return pa.array(column, pa.string())
        offsets = array("i", accumulate(map(len, encoded), initial=0))
        return pa.StringArray.from_buffers(len(encoded), pa.py_buffer(offsets), pa.py_buffer(data))
