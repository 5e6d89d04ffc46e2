"""The distinct rows of a frame's used columns, found in the frame library's own code.

``distinct_rows`` gives each row its group number (an array of the library's kind, for its
``take`` or ``gather``) and, per group, the row's cells as Python values, a missing cell as ``""``
(what the batch reads from an agenda row). Each column is coded on its own (pandas ``factorize``,
Arrow ``dictionary_encode``, a polars column through Arrow); the codes are then combined one column
at a time (group × width + code, coded again), so a million rows never pass through Python one by
one. The group numbers need not follow the rows' order: only which rows share a group matters.

Two cells share a code only when they route alike, messages included: equal, of one type and
one spelling. A typed column (text, numbers, dates of one zone, Arrow decimals of one scale), or an
object column of only text or only floats, holds nothing else. In any other object column equal
values can route apart (``1`` and ``True``; ``Decimal('-1')`` and ``Decimal('-1.00')``, whose
messages differ), so it is coded in Python by type and ``repr``.
"""

from __future__ import annotations

from typing import Any

Codes = tuple[Any, list[Any]]
"""One column: a code per row (the library's integer array, or a list) and its value per code."""

_ALIKE_OBJECT_KINDS = frozenset({"string", "floating", "empty"})
"""``infer_dtype`` kinds of an object column whose equal cells route alike (str subclasses and
float subclasses are read as str and float; ``-0.0`` and ``0.0`` both route as the number 0)."""


def by_type_and_spelling(values: list[Any]) -> Codes:
    """Codes of Python values: text by itself, anything else by its type and ``repr``."""
    index: dict[object, int] = {}
    kept: list[Any] = []
    codes = []
    for value in values:
        key = value if type(value) is str else (type(value), repr(value))
        code = index.get(key)
        if code is None:
            code = index[key] = len(kept)
            kept.append(value)
        codes.append(code)
    return codes, kept


def _pandas_column(frame: Any, position: int) -> Codes:
    import pandas as pd  # noqa: PLC0415  # the caller's frame library

    series = frame.iloc[:, position]
    missing = series.isna().to_numpy()
    kind = series.dtype
    if not pd.api.types.is_object_dtype(kind) or (
        pd.api.types.infer_dtype(series, skipna=True) in _ALIKE_OBJECT_KINDS
    ):
        codes, uniques = pd.factorize(series)
        if ((codes < 0) == missing).all():  # missing in both pandas' words, so "" in ours
            return codes + 1, ["", *uniques.tolist()]
    if missing.any():
        series = series.astype(object).where(~missing, "")
    return by_type_and_spelling(series.tolist())


def _arrow_column(column: Any) -> Codes:
    import pyarrow as pa  # noqa: PLC0415  # the caller's frame library (or polars' bridge)
    import pyarrow.compute as pc  # noqa: PLC0415

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)  # (lists and structs have no hash: not cells)
    # (A dictionary column comes back as it is, its indices maybe unsigned: polars' UInt32.)
    codes = pc.add(pc.fill_null(encoded.indices.cast(pa.int64()), -1), 1)
    return codes, ["", *("" if v is None else v for v in encoded.dictionary.to_pylist())]


def _combined(rows: int, columns: list[Codes], step: Any, start: Any) -> tuple[Any, list[Any]]:
    """Group numbers of the rows and each group's values, one column folded in at a time;
    ``step(group, codes, width)`` codes ``group × width + codes`` (new groups, their values)."""
    group = start
    keys: list[tuple[Any, ...]] = [()] if rows else []
    for codes, values in columns:
        width = len(values)
        group, found = step(group, codes, width)
        keys = [(*keys[key // width], values[key % width]) for key in found]
    return group, keys


def _numpy_step(group: Any, codes: Any, width: int) -> tuple[Any, list[int]]:
    import numpy as np  # noqa: PLC0415  # pandas brings it
    import pandas as pd  # noqa: PLC0415

    found, uniques = pd.factorize(group * width + np.asarray(codes, dtype=np.int64))
    return found, uniques.tolist()


def _arrow_step(group: Any, codes: Any, width: int) -> tuple[Any, list[int]]:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if isinstance(codes, list):
        codes = pa.array(codes, pa.int64())
    encoded = pc.dictionary_encode(pc.add(pc.multiply(group, width), codes))
    return encoded.indices.cast(pa.int64()), encoded.dictionary.to_pylist()


def _python_step(group: list[int], codes: list[int], width: int) -> tuple[list[int], list[int]]:
    index: dict[int, int] = {}
    found = [index.setdefault(g * width + c, len(index)) for g, c in zip(group, codes, strict=True)]
    return found, list(index)


def distinct_rows(
    frame: Any, library: str, positions: list[int], rows: int
) -> tuple[Any, list[tuple[Any, ...]]]:
    """Each row's group number and each group's cells (those at ``positions``, in that order)."""
    if library == "pandas":
        import numpy as np  # noqa: PLC0415  # pandas brings it

        columns = [_pandas_column(frame, p) for p in positions]
        return _combined(rows, columns, _numpy_step, np.zeros(rows, dtype=np.int64))
    try:
        import pyarrow as pa  # noqa: PLC0415
    except ImportError:  # polars without pyarrow: coded in Python
        lists = [frame.to_series(p).to_list() for p in positions]
        columns = [by_type_and_spelling(["" if v is None else v for v in c]) for c in lists]
        return _combined(rows, columns, _python_step, [0] * rows)
    if library == "polars":
        arrays = [_polars_arrow(frame.to_series(p)) for p in positions]
    else:
        arrays = [frame.column(p) for p in positions]
    columns = [c if isinstance(c, tuple) else _arrow_column(c) for c in arrays]
    return _combined(rows, columns, _arrow_step, pa.repeat(pa.scalar(0, pa.int64()), rows))


def _polars_arrow(series: Any) -> Any:
    """The column as Arrow, or (an Object column, which Arrow cannot hold) coded in Python."""
    import polars as pl  # noqa: PLC0415

    if series.dtype == pl.Object:
        return by_type_and_spelling(["" if v is None else v for v in series.to_list()])
    return series.to_arrow()
