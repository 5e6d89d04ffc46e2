"""Parquet agendas and outputs, through pyarrow (the optional ``routing[parquet]`` extra).

Read in record batches, so a file of 10^7 rows is routed in constant memory; every cell comes as
Python text, numbers and dates as their values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from routing._agenda import RowProblem

BATCH_ROWS = 65_536


def need_pyarrow() -> Any:
    """The pyarrow.parquet module, or a usage error saying how to install it."""
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415  # optional
    except ImportError:
        raise InputError(
            "batch.needs_parquet",
            "读写 Parquet 需要 pyarrow:pip install 'routing[parquet]'",
            "Parquet needs pyarrow: pip install 'routing[parquet]'",
        ) from None
    return pq


def _unreadable(path: Path, error: Exception) -> InputError:
    return InputError(
        "batch.unreadable",
        f"无法读取 Parquet 文件 {path.name}:{error}",
        f"cannot read the Parquet file {path.name}: {error}",
    )


def parquet_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]] | RowProblem], int]:
    """The header as row 1, then each row (numbered from 2), and the number of data rows."""
    pq = need_pyarrow()
    import pyarrow as pa  # noqa: PLC0415

    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise _unreadable(path, error) from None
    names = list(handle.schema_arrow.names)

    def rows() -> Iterator[tuple[int, list[Any]] | RowProblem]:
        yield 1, list(names)
        number = 1
        try:
            for batch in handle.iter_batches(batch_size=BATCH_ROWS):
                columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for cells in zip(*columns, strict=True):
                    number += 1
                    yield number, ["" if v is None else v for v in cells]
        except (pa.ArrowException, OSError) as error:
            raise _unreadable(path, error) from None
        finally:
            handle.close()

    return rows(), handle.metadata.num_rows + 1
