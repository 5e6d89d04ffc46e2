"""route_frame: pandas, polars and Arrow frames get the batch output's columns, row for row."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from routing._batch_cells import RESULT_COLUMNS
from routing._frames import route_frame

ROWS = {
    "事项": ["fund_adjustment", "资金调整", "fund_adjustment", "fund_adjustment"],
    "金额": ["1500万", "10万", "abc", None],
    "备注": ["a", "b", "c", "d"],
}


def expected(book: Any) -> list[tuple[str, str]]:
    """The oracle: book.route on each row, as (body ids, error code)."""
    found = []
    for matter, amount in zip(ROWS["事项"], ROWS["金额"], strict=True):
        try:
            decision = book.route(matter, **({"amount": amount} if amount else {}))
        except routing.RoutingError as error:
            found.append(("", error.code))
        else:
            found.append(("、".join(b.id for b in decision.deciders), ""))
    return found


def test_pandas() -> None:
    pd = pytest.importorskip("pandas")
    book = routing.load("mengla")
    frame = pd.DataFrame(ROWS)
    routed = route_frame(book, frame)
    assert list(routed.columns) == [*ROWS, *RESULT_COLUMNS]
    got = list(zip(routed["决策机构编号 body_id"], routed["错误代码 error_code"], strict=True))
    assert got == expected(book)
    assert list(frame.columns) == list(ROWS)  # the caller's frame is left as it was


def test_polars_with_matter_argument() -> None:
    pl = pytest.importorskip("polars")
    book = routing.load("mengla")
    frame = pl.DataFrame({"amount": ROWS["金额"]})
    routed = route_frame(book, frame, matter="资金调整")
    assert routed.columns == ["amount", *RESULT_COLUMNS]
    got = list(zip(routed["决策机构编号 body_id"], routed["错误代码 error_code"], strict=True))
    assert got == expected(book)


def test_arrow_table_and_other_jurisdiction() -> None:
    pa = pytest.importorskip("pyarrow")
    book = routing.load("mengla")
    table = pa.table({**ROWS, "辖区": ["mengla", "mengla", "mengla", "tongzhou"]})
    routed = route_frame(book, table)
    assert routed.column_names == [*ROWS, "辖区", *RESULT_COLUMNS]
    codes = routed.column("错误代码 error_code").to_pylist()
    assert codes[:3] == [code for _, code in expected(book)[:3]]
    assert codes[3] == "jurisdiction.other"  # not routed by the wrong book


def test_not_a_frame() -> None:
    with pytest.raises(routing.InputError) as caught:
        route_frame(routing.load("mengla"), [["fund_adjustment"]])
    assert caught.value.code == "frame.type"


def test_the_facade_routes_a_frame() -> None:
    """``book.route_frame(df)`` is the same call on the loaded jurisdiction."""
    pd = pytest.importorskip("pandas")
    book = routing.load("mengla")
    routed = book.route_frame(pd.DataFrame(ROWS))
    got = list(zip(routed["决策机构编号 body_id"], routed["错误代码 error_code"], strict=True))
    assert got == expected(book)


# The distinct-row coding: a frame routed whole equals its rows routed one by one (a frame of one
# row has one distinct row, so no coding can merge anything there). The pools mix what Python holds
# equal but routing does not (1 and True; Decimal('-1') and Decimal('-1.00'), whose messages
# differ), missing cells of every kind next to "", and text that differs only by a space.


class Missing:
    """pandas.NA in a pool (pandas is imported by the tests that use it, not here)."""


# Each pool is a list of groups of cells that Python holds equal, or nearly (a space apart).
ALIKE = [
    [1, True, 1.0, Decimal(1), Decimal("1.0")],
    [0, False, 0.0, -0.0, Decimal(0)],
    [-1, -1.0, Decimal(-1), Decimal("-1.00"), "-1"],
    ["", None, float("nan"), Missing, Decimal("NaN"), " "],
    ["1500万", " 1500万", "1500万 ", 15000000, 15000000.0, Decimal("15000000.00")],
    ["10万", "abc", "200000.01", 1.5, 200000.01, Decimal("200000.010")],
]
POOLS = {
    "事项": [
        ["supplementary_budget", " supplementary_budget"],
        ["document_approval", None],
        [1, True],
    ],
    "金额": ALIKE,
    "政策性调整来源": [["none", " none", "非政策性调整"], ["district", "zzz"], *ALIKE[:4]],
    "重大事项": [[True, "是", 1, 1.0], [False, "否", 0], ["x", None, ""]],
}


def _spelling(value: object) -> tuple[type, str]:
    return type(value), repr(value)


@st.composite
def pool_columns(draw: st.DrawFn, pools: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Columns drawn from a few cells of one or two groups of each pool, so that rows repeat
    and nearly repeat."""
    rows = draw(st.integers(1, 12))
    columns = {}
    for name, groups in pools.items():
        alike = [
            cell
            for group in draw(st.lists(st.sampled_from(groups), min_size=1, max_size=2))
            for cell in group
        ]
        few = draw(st.lists(st.sampled_from(alike), min_size=1, max_size=3, unique_by=_spelling))
        columns[name] = draw(st.lists(st.sampled_from(few), min_size=rows, max_size=rows))
    return columns


@given(pool_columns(POOLS), st.lists(st.booleans(), min_size=len(POOLS), max_size=len(POOLS)))
def test_pandas_frame_routed_whole_is_routed_row_by_row(
    columns: dict[str, list[Any]], as_object: list[bool]
) -> None:
    """Object columns of mixed cells, and the same cells as pandas types them (str, float64 …)."""
    pd = pytest.importorskip("pandas")
    book = routing.load("tongzhou")
    frame = pd.DataFrame(
        {
            name: pd.Series(
                [pd.NA if v is Missing else v for v in values], dtype=object if kept else None
            )
            for (name, values), kept in zip(columns.items(), as_object, strict=True)
        }
    )
    whole = route_frame(book, frame)
    one_by_one = pd.concat([route_frame(book, frame[i : i + 1]) for i in range(len(frame))])
    pd.testing.assert_frame_equal(whole, one_by_one)


TYPED = {  # cells of one type each (and missing ones), as Arrow and polars columns hold them
    "text": ["1500万", " 1500万", "none", " none", "zzz", "是", "-1", "", None],
    "float": [1.0, 0.0, -0.0, 15000000.0, 1.5, -1.0, float("nan"), None],
    "int": [1, 0, -1, 15000000, None],
    "bool": [True, False, None],
    "decimal": [Decimal(-1), Decimal("-1.00"), Decimal(1500), Decimal("15000000.00"), None],
}
MATTER_CELLS = ["supplementary_budget", " supplementary_budget", "document_approval", None]


@st.composite
def typed_columns(draw: st.DrawFn, kinds: list[str]) -> tuple[dict[str, list[Any]], list[str]]:
    """事项 as text; each input column of one kind (``category``: text cells as a dictionary or
    categorical column), drawn from a few of its cells. The cells, and each column's kind."""
    chosen = ["text", *(draw(st.sampled_from(kinds)) for _ in range(3))]
    pools = {"事项": [MATTER_CELLS]}
    for name, kind in zip(("金额", "政策性调整来源", "重大事项"), chosen[1:], strict=True):
        pools[name] = [TYPED["text" if kind == "category" else kind]]
    return draw(pool_columns(pools)), chosen


@given(typed_columns(["text", "float", "int", "bool", "decimal", "category"]))
def test_arrow_table_routed_whole_is_routed_row_by_row(drawn: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    book = routing.load("tongzhou")
    columns, kinds = drawn
    table = pa.table(
        {
            name: pa.array(cells).dictionary_encode() if kind == "category" else pa.array(cells)
            for (name, cells), kind in zip(columns.items(), kinds, strict=True)
        }
    )
    whole = route_frame(book, table).select(RESULT_COLUMNS)
    parts = [route_frame(book, table.slice(i, 1)) for i in range(table.num_rows)]
    assert whole.equals(pa.concat_tables(parts).select(RESULT_COLUMNS))


@given(typed_columns(["text", "float", "int", "bool", "category"]))
def test_polars_frame_routed_whole_is_routed_row_by_row(drawn: Any) -> None:
    pl = pytest.importorskip("polars")
    book = routing.load("tongzhou")
    columns, kinds = drawn
    frame = pl.DataFrame(
        {
            name: pl.Series(
                cells, dtype=pl.Categorical if kind == "category" else None, strict=False
            )
            for (name, cells), kind in zip(columns.items(), kinds, strict=True)
        }
    )
    whole = route_frame(book, frame).select(RESULT_COLUMNS)
    parts = [route_frame(book, frame[i : i + 1]) for i in range(frame.height)]
    assert whole.equals(pl.concat(parts).select(RESULT_COLUMNS))


@given(pool_columns({"事项": [MATTER_CELLS], **{k: v for k, v in POOLS.items() if k != "事项"}}))
def test_polars_object_columns_are_coded_by_type_and_spelling(columns: dict[str, Any]) -> None:
    """A polars Object column (mixed cells; Arrow cannot hold it) is coded in Python."""
    pl = pytest.importorskip("polars")
    book = routing.load("tongzhou")
    frame = pl.DataFrame(
        {
            name: pl.Series(
                [None if v is Missing else v for v in cells],
                dtype=None if name == "事项" else pl.Object,
            )
            for name, cells in columns.items()
        }
    )
    whole = route_frame(book, frame).select(RESULT_COLUMNS)
    parts = [
        route_frame(book, frame[i : i + 1]).select(RESULT_COLUMNS) for i in range(frame.height)
    ]
    assert whole.equals(pl.concat(parts))


def _cells(book: Any, matter: str, **inputs: object) -> tuple[str, str, str]:
    """The oracle of one row: body ids, error code and error cell from ``book.route``."""
    try:
        decision = book.route(matter, **inputs)
    except routing.RoutingError as error:
        return "", error.code, f"{error.message} — {error.message_en}"
    return "、".join(b.id for b in decision.deciders), "", ""


def _routed(routed: Any, column: str) -> list[str]:
    values = routed[column]
    return list(values.to_pylist() if hasattr(values, "to_pylist") else values)


def test_equal_cells_of_other_types_route_apart() -> None:
    """1 == True and Decimal('-1') == Decimal('-1.00') in Python; as amounts they are one yuan
    and refused, and two messages that quote the cell as written."""
    pd = pytest.importorskip("pandas")
    book = routing.load("mengla")
    amounts = [1, True, Decimal(-1), Decimal("-1.00"), "-1", False, 0]
    frame = pd.DataFrame({"金额": pd.Series(amounts, dtype=object)})
    routed = route_frame(book, frame, matter="fund_adjustment")
    got = list(
        zip(
            *(
                _routed(routed, c)
                for c in ("决策机构编号 body_id", "错误代码 error_code", "错误 error")
            ),
            strict=True,
        )
    )
    assert got == [_cells(book, "fund_adjustment", amount=a) for a in amounts]


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_rows_that_differ_in_one_column(library: str) -> None:
    """Same amount, other 政策性调整来源 (and the other way round): each row its own outcome."""
    module = pytest.importorskip(library)
    book = routing.load("tongzhou")
    amounts = ["3000万", "3000万", "3000万", "10万", "3000万"]
    origins = ["none", "district", "municipal", "district", "none"]
    columns = {"事项": ["supplementary_budget"] * 5, "金额": amounts, "政策性调整来源": origins}
    if library == "pandas":  # an index that is not 0, 1, 2 …: the result columns go by position
        frame = module.DataFrame(columns, index=[50, 3, 9, 1, 7])
    else:
        frame = module.table(columns) if library == "pyarrow" else module.DataFrame(columns)
    routed = route_frame(book, frame)
    got = list(
        zip(
            *(
                _routed(routed, c)
                for c in ("决策机构编号 body_id", "错误代码 error_code", "错误 error")
            ),
            strict=True,
        )
    )
    want = [
        _cells(book, "supplementary_budget", amount=a, policy_origin=o)
        for a, o in zip(amounts, origins, strict=True)
    ]
    assert got == want
    assert len(set(want)) > 2  # the rows do route apart


def test_polars_without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """polars alone (no pyarrow to code its columns): the rows are coded in Python, alike."""
    pl = pytest.importorskip("polars")
    book = routing.load("tongzhou")
    frame = pl.DataFrame(
        {
            "事项": ["supplementary_budget"] * 4 + ["document_approval"] * 2,
            "金额": ["3000万", "3000万", "10万", None, None, None],
            "政策性调整来源": ["none", "district", "district", "none", None, None],
            "重大事项": [None, None, None, None, True, False],
        }
    )
    with_arrow = route_frame(book, frame)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    assert route_frame(book, frame).equals(with_arrow)
    assert with_arrow["决策机构编号 body_id"].n_unique() > 2
