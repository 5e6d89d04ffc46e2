"""Amounts and ranges as office staff and the documents write them."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from routing import Interval, ParseError, format_amount, parse_amount, parse_range
from routing._amounts import format_yuan
from routing.strategies import FEN, amount_texts, amounts, intervals

W = Decimal(10_000)


class TestParseAmount:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("200000", Decimal(200000)),
            ("200000.01", Decimal("200000.01")),
            ("20万", 20 * W),
            ("20万元", 20 * W),
            ("1,500万", 1500 * W),
            ("1.5亿", Decimal(150_000_000)),
            ("二十万元", 20 * W),
            ("一千万", 1000 * W),
            ("一千二百万元", 1200 * W),
            ("两千万", 2000 * W),
            ("一亿零五百万", Decimal(105_000_000)),
            ("一点五亿", Decimal(150_000_000)),
            ("２０万", 20 * W),
            ("１，５００万元", 1500 * W),
            ("  20万 ", 20 * W),
            ("20\u00a0万元", 20 * W),
            ("1亿5000万", Decimal(150_000_000)),
            ("人民币20万元", 20 * W),
            ("0", Decimal(0)),
            (200000, Decimal(200000)),
            (Decimal("0.5"), Decimal("0.5")),
        ],
    )
    def test_reads_the_forms_staff_type(self, text, expected):
        """Every documented form reads to the exact Decimal."""
        assert expected == parse_amount(text)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("abc", "amount.invalid"),
            ("", "amount.invalid"),
            ("万", "amount.invalid"),
            ("万元", "amount.invalid"),
            ("1,50万", "amount.invalid"),
            ("1.2.3", "amount.invalid"),
            ("20万万", "amount.invalid"),
            ("5000万1亿", "amount.invalid"),
            ("1亿5000", "amount.invalid"),
            ("-5", "amount.negative"),
            ("-20万元", "amount.negative"),
            ("0.0000001", "amount.out_of_range"),
            ("1" + "0" * 18, "amount.out_of_range"),
            (True, "amount.invalid"),
        ],
    )
    def test_nonsense_is_an_error_that_says_what_was_expected(self, text, code):
        """Bad amounts raise ParseError with a stable code and the expected forms."""
        with pytest.raises(ParseError) as caught:
            parse_amount(text)
        assert code == caught.value.code
        assert (
            "20万元" in caught.value.message
            or "负" in caught.value.message
            or "范围" in caught.value.message
        )

    @given(amounts(max_value=Decimal(10) ** 15, places=6))
    def test_format_round_trips(self, value):
        """parse_amount(format_amount(x)) == x for every amount."""
        assert value == parse_amount(format_amount(value))

    @given(amount_texts())
    def test_the_usual_spellings_read_back(self, pair):
        """Plain yuan, 万/亿 forms, 元 suffix and spacing all read to the same value."""
        text, value = pair
        assert value == parse_amount(text)

    @given(amounts())
    def test_full_width_digits_and_punctuation_are_the_same(self, value):
        """Full-width digits, comma and point read like their ASCII forms."""
        text = format_amount(value)
        wide = text.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
        assert value == parse_amount(wide)

    @given(st.integers(min_value=0, max_value=10**12 - 1))
    def test_chinese_numerals_agree_with_cn2an(self, number):
        """Chinese numerals read exactly as the cn2an reference writes them."""
        assert Decimal(number) == parse_amount(cn2an.an2cn(number))
        assert Decimal(number) == parse_amount(cn2an.an2cn(number) + "元")

    def test_witness_format(self):
        """Witnesses show full yuan with fen."""
        assert format_yuan(Decimal(10_000_000)) == "10,000,000.00 元"
        assert format_yuan(Decimal("200000.01")) == "200,000.01 元"


def closed(low, high):
    return Interval(low, high, low_closed=True, high_closed=True)


class TestParseRange:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("20万元及以下", Interval(high=20 * W, high_closed=True)),
            ("20万元以下", Interval(high=20 * W, high_closed=True)),
            ("20万元以内", Interval(high=20 * W, high_closed=True)),
            ("不满20万元", Interval(high=20 * W)),
            ("低于20万元", Interval(high=20 * W)),
            ("超过20万元", Interval(low=20 * W)),
            ("高于20万元", Interval(low=20 * W)),
            ("200万元(不含)以上", Interval(low=200 * W)),
            ("200万元（不含）以上", Interval(low=200 * W)),
            ("1000万元(含1000万元)以上", Interval(low=1000 * W, low_closed=True)),
            ("1000万元（含1000万元）以上", Interval(low=1000 * W, low_closed=True)),
            ("1000万元以上", Interval(low=1000 * W, low_closed=True)),
            ("5000万元(含)以下", Interval(high=5000 * W, high_closed=True)),
            ("5000万元(不含)以下", Interval(high=5000 * W)),
            ("20万元(不含)至1000万元(含)", Interval(20 * W, 1000 * W, high_closed=True)),
            ("20万元至1000万元(含1000万元)", closed(20 * W, 1000 * W)),
            ("20万元至1000万元", closed(20 * W, 1000 * W)),
            ("超过20万元不满1000万元", Interval(20 * W, 1000 * W)),
            ("20万元以上1000万元以下", closed(20 * W, 1000 * W)),
            ("[20万..1000万]", closed(20 * W, 1000 * W)),
            ("(20万..1000万]", Interval(20 * W, 1000 * W, high_closed=True)),
            ("]20万..1000万[", Interval(20 * W, 1000 * W)),
            (">= 1000万", Interval(low=1000 * W, low_closed=True)),
            ("≥1000万", Interval(low=1000 * W, low_closed=True)),
            ("< 20万", Interval(high=20 * W)),
            ("> 20万", Interval(low=20 * W)),
            ("<= 20万", Interval(high=20 * W, high_closed=True)),
            ("= 20万", closed(20 * W, 20 * W)),
            ("20万", closed(20 * W, 20 * W)),
            ("-", Interval()),
            ("", Interval()),
            (None, Interval()),
            (200000, closed(20 * W, 20 * W)),
        ],
    )
    def test_reads_the_legal_phrases_and_feel(self, text, expected):
        """以上/以下/以内 include the number, 不满/超过 exclude it; FEEL brackets as written."""
        assert expected == parse_range(text)

    @pytest.mark.parametrize(
        "text",
        [
            "abc",
            "20万元及",
            "超过",
            "[20万..]",
            "20万至",
            "至20万",
            "20万至30万至40万",
            ">= abc",
            "[abc..20万]",
        ],
    )
    def test_nonsense_is_a_range_error(self, text):
        """Unreadable ranges raise range.invalid naming the accepted forms."""
        with pytest.raises(ParseError) as caught:
            parse_range(text)
        assert caught.value.code == "range.invalid"
        assert "20万元及以下" in caught.value.message

    @given(intervals())
    def test_feel_round_trips(self, interval):
        """parse_range(i.to_feel()) == i."""
        assert interval == parse_range(interval.to_feel())

    @given(intervals())
    def test_chinese_round_trips(self, interval):
        """parse_range(i.to_chinese()) == i for every non-empty interval."""
        if interval.low is not None and interval.high is not None and interval.low >= interval.high:
            return  # the legal phrasing has no words for empty or inverted ranges
        assert interval == parse_range(interval.to_chinese())

    @given(amounts(max_value=Decimal(10) ** 9))
    def test_boundaries_one_fen_either_side(self, bound):
        """At, one fen below and one fen above every bound, membership follows the legal reading."""
        text = format_amount(bound)
        cases = {
            f"{text}元及以下": (True, True, False),
            f"不满{text}元": (True, False, False),
            f"超过{text}元": (False, False, True),
            f"{text}元(含)以上": (False, True, True),
            f"{text}元(不含)以上": (False, False, True),
        }
        for phrase, (below, at, above) in cases.items():
            interval = parse_range(phrase)
            assert (below, at, above) == (
                bound - FEN in interval,
                bound in interval,
                bound + FEN in interval,
            )

    def test_empty_intervals_are_representable(self):
        """(20万..20万) parses and is empty, so verification can report it."""
        assert parse_range("(20万..20万)").is_empty
        assert not parse_range("[20万..20万]").is_empty
