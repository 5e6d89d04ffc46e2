"""route_frame: pandas, polars and Arrow frames get the batch output's columns, row for row."""

from __future__ import annotations

from typing import Any

import pytest

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
