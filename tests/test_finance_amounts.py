"""Amounts and ranges as finance offices write them: 大写, 整, ￥, RMB, 萬, and the workbook phrasings."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing import Interval, ParseError, format_amount, parse_amount, parse_range
from routing.strategies import FEN, amounts

W = Decimal(10_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("贰拾万元", 20 * W),
        ("壹仟万元整", 1000 * W),
        ("伍佰万元", 500 * W),
        ("拾万元", 10 * W),
        ("壹亿零伍佰万元", Decimal(105_000_000)),
        ("壹佰元伍角叁分", Decimal("100.53")),
        ("壹佰元零叁分", Decimal("100.03")),
        ("伍角", Decimal("0.5")),
        ("零元整", Decimal(0)),
        ("20万元整", 20 * W),
        ("￥300,000.00", Decimal(300_000)),
        ("¥300000", Decimal(300_000)),
        ("RMB 20万", 20 * W),
        ("人民币20万元", 20 * W),
        ("20万元人民币", 20 * W),
        ("20萬元", 20 * W),
        ("1.5億", Decimal(150_000_000)),
        ("貳拾萬圓整", 20 * W),
    ],
)
def test_reads_what_finance_offices_write(text, expected):
    """大写 with 拾佰仟萬億圆角分 and 零, 整, currency signs and traditional characters read exactly."""
    assert expected == parse_amount(text)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("20w", "20万元"), ("20万元钱", "20万元"), ("1500块", "1,500元"), ("20元伍角", "20元")],
)
def test_an_unreadable_amount_suggests_the_nearest_accepted_form(text, suggestion):
    """The refusal keeps its code and offers the accepted form, in Chinese and English."""
    with pytest.raises(ParseError) as caught:
        parse_amount(text)
    assert caught.value.code == "amount.invalid"
    assert f"是否应为「{suggestion}」" in caught.value.message
    assert f"did you mean {suggestion}?" in caught.value.message_en
    assert suggestion in caught.value.message
    assert parse_amount(suggestion)  # the suggestion itself is accepted


def test_no_suggestion_without_an_amount_in_sight():
    """Nonsense gets the accepted forms but no invented suggestion."""
    with pytest.raises(ParseError) as caught:
        parse_amount("abc")
    assert "是否应为" not in caught.value.message


@given(amounts(max_value=Decimal(10) ** 12))
def test_rmb_daxie_agrees_with_cn2an(value):
    """Every amount as cn2an writes it on a cheque (壹拾贰万…元柒角捌分, …元整) reads back exactly."""
    assert value == parse_amount(cn2an.an2cn(str(value), "rmb"))


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_daxie_integers_agree_with_cn2an(number):
    """大写 integers, with and without 元整, read as cn2an writes them."""
    text = cn2an.an2cn(number, "up")
    assert Decimal(number) == parse_amount(text)
    assert Decimal(number) == parse_amount(f"{text}元整")


@given(amounts(max_value=Decimal(10) ** 12, places=6))
def test_format_still_round_trips(value):
    """parse_amount(format_amount(x)) == x, and with each currency spelling around it."""
    text = format_amount(value)
    for spelled in (text, f"￥{text}", f"RMB {text}", f"人民币{text}元", f"{text}元整"):
        assert value == parse_amount(spelled)


def _forms(bound: str) -> dict[str, Interval]:
    value = parse_amount(bound)
    at_most = Interval(high=value, high_closed=True)
    at_least = Interval(low=value, low_closed=True)
    return {
        f"{bound}元以下(含)": at_most,
        f"{bound}元以下（含本数）": at_most,
        f"{bound}元及其以下": at_most,
        f"{bound}元以下(不含)": Interval(high=value),
        f"{bound}元以下(不含本数)": Interval(high=value),
        f"{bound}元以上(含{bound}元)": at_least,
        f"{bound}元以上（含本数）": at_least,
        f"{bound}元及其以上": at_least,
        f"{bound}元以上(不含本数)": Interval(low=value),
        f"人民币{bound}元以上": at_least,
    }


@given(amounts(max_value=Decimal(10) ** 9))
def test_every_new_range_form_is_its_canonical_interval(bound):
    """Each workbook phrasing equals the Interval its canonical legal phrasing reads to."""
    for phrase, interval in _forms(format_amount(bound)).items():
        assert parse_range(phrase) == interval
        assert parse_range(interval.to_chinese()) == interval


@given(amounts(max_value=Decimal(10) ** 9))
def test_new_forms_at_and_one_fen_either_side(bound):
    """Exactly at the bound and one fen either side, membership follows 含/不含."""
    for phrase, interval in _forms(format_amount(bound)).items():
        parsed = parse_range(phrase)
        for probe in (bound - FEN, bound, bound + FEN):
            assert (probe in parsed) == (probe in interval), (phrase, probe)
        assert (bound in parsed) == ("不含" not in phrase)


@given(st.integers(min_value=1, max_value=9_999))
def test_daxie_ranges(wan):
    """Ranges written in 大写 read like their everyday numerals."""
    daxie = cn2an.an2cn(wan, "up")
    assert parse_range(f"{daxie}万元以上（含本数）") == Interval(low=wan * W, low_closed=True)
    assert parse_range(f"不满{daxie}万元") == Interval(high=wan * W)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("100万元一下", "100万元及以下"),
        ("超过100万元元", "超过100万元"),
        ("20万元到1000万元之间", "20万元(含)至1,000万元(含)"),
    ],
)
def test_an_unreadable_range_suggests_the_nearest_accepted_phrase(text, suggestion):
    """range.invalid names the accepted phrasing closest to what was written, which parses."""
    with pytest.raises(ParseError) as caught:
        parse_range(text)
    assert caught.value.code == "range.invalid"
    assert f"是否应为「{suggestion}」" in caught.value.message
    assert f"did you mean {suggestion}?" in caught.value.message_en
    parse_range(suggestion)
