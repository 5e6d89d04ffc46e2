"""The Parquet batch output (the ``routing[parquet]`` extra): every column text, in row groups,
so 10^6 rows and more are written in constant memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._agenda_parquet import need_pyarrow

if TYPE_CHECKING:
    import contextlib
    from collections.abc import Sequence
    from pathlib import Path

    from routing._batch_summary import BatchSummary

GROUP_ROWS = 65_536


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
        self.schema = pa.schema([(name, pa.string()) for name in _unique(columns)])
        self.writer = pq.ParquetWriter(str(path), self.schema)
        stack.callback(self.writer.close)
        self.rows: list[list[Any]] = []

    def write(self, cells: Sequence[Any], results: Sequence[str]) -> None:
        self.rows.append([*cells, *results])
        if len(self.rows) >= GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        columns = [
            self.pa.array([_text(v) for v in column], self.pa.string())
            for column in zip(*self.rows, strict=True)
        ]
        self.writer.write_table(self.pa.Table.from_arrays(columns, schema=self.schema))
        self.rows = []

    def finish(self, summary: BatchSummary) -> None:
        del summary  # Parquet holds one table; the CLI prints the counts
        self._flush()

    def abort(self) -> None:
        self.rows = []


def _unique(columns: Sequence[str]) -> list[str]:
    """Column names made unique (Parquet needs it; agendas repeat 备注 or leave headers blank)."""
    seen: dict[str, int] = {}
    names = []
    for index, name in enumerate(columns):
        base = name or f"列{index + 1}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        names.append(base if count == 0 else f"{base}.{count}")
    return names
