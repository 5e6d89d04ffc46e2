"""The batch's memo of rows (agendas repeat themselves) keeps apart the cells Python calls
equal: ``1``, ``1.0`` and ``True``; ``Decimal("1.0")`` and ``Decimal("1.00")``; ``0.0`` and
``-0.0``. Each row gets what it would get routed alone."""

from __future__ import annotations

import functools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import routing

EQUAL_CELLS = [1, True, 1.0, "1", Decimal(1), Decimal("1.0"), Decimal("1.00"), 0, False, 0.0]
EQUAL_CELLS += [-0.0, Decimal(-1), Decimal("-1.00"), -1, None, "", "20万", 200000.0, 200000]

_MENGLA = functools.cache(lambda: routing.load("mengla"))


def _seen(row: routing.BatchRow) -> tuple[object, ...]:
    rule = row.decision.rule.id if row.decision is not None else None
    return (row.matter, rule, row.error_code, row.error)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["fund_adjustment", "资金调整", 1, True]),
            st.sampled_from(EQUAL_CELLS),
            st.sampled_from(EQUAL_CELLS),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_each_row_is_routed_as_it_would_be_alone(rows) -> None:
    book = _MENGLA()
    header = ["事项", "金额", "三重一大"]
    together = [_seen(row) for row in book.route_many(header, [list(r) for r in rows])]
    alone = [_seen(next(iter(book.route_many(header, [list(r)])))) for r in rows]
    assert together == alone


def test_one_and_true_are_two_rows() -> None:
    """The row that the memo used to merge: ``1`` is one yuan, ``True`` is not an amount."""
    book = _MENGLA()
    rows = [["fund_adjustment", 1], ["fund_adjustment", True], ["fund_adjustment", 1]]
    codes = [row.error_code for row in book.route_many(["事项", "金额"], rows)]
    assert codes == ["", "amount.invalid", ""]


def test_each_spelling_of_a_bad_amount_is_quoted_as_given() -> None:
    """``Decimal("-1")`` and ``Decimal("-1.00")`` are equal keys; each row's message quotes its
    own cell (a Parquet agenda's decimal column gives such cells)."""
    book = _MENGLA()
    rows = [["fund_adjustment", Decimal(-1)], ["fund_adjustment", Decimal("-1.00")]]
    errors = [row.error for row in book.route_many(["事项", "金额"], rows)]
    assert "「-1」" in errors[0]
    assert "「-1.00」" in errors[1]
