"""Counts that rules limit (a ``数量`` input): words, pages, times, people — ``5000字``, ``两次``.

A count is a whole number ``>= 0``, read as an exact ``Decimal`` so that a count condition is an
``Interval`` like an amount's. The unit word after a numeral is dropped — 字 页 次 人 名 个 件, and
the ones the five documents write for their other limits: 种 (简报种类不超过1种), 篇 (至少形成1篇),
行 (每页排22行), ``%`` (调研点位不少于50%, a share in whole percent), also ``个字``/``个人``
(每行28个字) — and the rest is read by the amount and range grammar of ``_amounts``/``_ranges``: ``不超过5000字`` is
``不超过5000``, ``至少2次`` is ``不少于2`` — one grammar, not a second copy of it.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from routing._amounts import normalize_text, parse_amount
from routing._errors import ParseError
from routing._ranges import Interval, parse_range

UNIT_WORDS = "字页次人名个件种篇行%"
_NUMERAL = "[0-9零〇一二两三四五六七八九十百千万亿]"
# Only a unit right after a numeral: 人 or 名 elsewhere in the cell is not a unit, and is refused.
# 个 may come before 字 or 人 as the measure word of a noun unit (每行28个字), never twice (5个个).


@functools.cache  # compiled on first use: a route from the cache reads no count (#16)
def _unit_after_numeral() -> re.Pattern[str]:
    return re.compile(rf"(?<={_NUMERAL})(?:个[字人]|[{UNIT_WORDS}])")


# The words the documents use for a bound that the range grammar spells another way.
_SYNONYMS = (("至少", "不少于"), ("最少", "不少于"), ("至多", "不超过"), ("最多", "不超过"))

EXPECTED_COUNT = "应为不小于0的整数,如 5000、5000字、10页、两次、1种"
EXPECTED_COUNT_EN = "expected a whole number >= 0 such as 5000, 5000字, 10页, 两次 or 1种"
EXPECTED_COUNT_RANGE = "应为数量范围,如 不超过5000字、5000字以内、10页以上、至少2次、超过2次、-"
EXPECTED_COUNT_RANGE_EN = (
    "expected a count range such as 不超过5000字, 5000字以内, 10页以上, 至少2次, 超过2次 or - (any)"
)


def _bad_count(value: object) -> ParseError:
    return ParseError(
        "number.invalid",
        f"无法识别的数量「{value}」,{EXPECTED_COUNT}",
        f"cannot read the count {value!r}: {EXPECTED_COUNT_EN}",
    )


def _bad_count_range(value: object) -> ParseError:
    return ParseError(
        "number.range_invalid",
        f"无法识别的数量范围「{value}」,{EXPECTED_COUNT_RANGE}",
        f"cannot read the count range {value!r}: {EXPECTED_COUNT_RANGE_EN}",
    )


def _whole(value: Decimal, original: object) -> Decimal:
    if value != value.to_integral_value():
        raise ParseError(
            "number.not_whole",
            f"数量「{original}」应为整数",
            f"the count {original!r} must be a whole number",
        )
    return Decimal(int(value))  # canonical: 5.0 and 5 are the same count


def _without_units(text: str) -> str:
    cleaned = normalize_text(text)
    if "元" in cleaned:  # money is an amount input, never a count
        raise ValueError(text)
    for word, spelled in _SYNONYMS:
        cleaned = cleaned.replace(word, spelled)
    return _unit_after_numeral().sub("", cleaned)


def parse_count(value: object) -> Decimal:
    """Read a count as a caller or a cell gives it: ``8``, ``5000字``, ``两次``, ``Decimal(3)``."""
    if isinstance(value, bool):
        raise _bad_count(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise _bad_count(value)
        if value < 0:
            raise ParseError(
                "number.negative",
                f"数量不能为负数:「{value}」",
                f"a count cannot be negative: {value!r}",
            )
        number = Decimal(value)
    else:
        try:
            number = parse_amount(_without_units(str(value)), suggest=False)
        except (ParseError, ValueError):
            raise _bad_count(value) from None
    if number >= Decimal(10) ** 18:
        raise _bad_count(value)
    return _whole(number, value)


def parse_count_range(cell: str | int | Decimal) -> Interval:
    """Read a rule's condition on a count into an ``Interval`` of whole numbers."""
    if not isinstance(cell, str):
        point = parse_count(cell)
        return Interval(point, point, low_closed=True, high_closed=True)
    try:
        interval = parse_range(_without_units(cell))
    except (ParseError, ValueError):
        raise _bad_count_range(cell) from None
    for bound in (interval.low, interval.high):
        if bound is not None:
            _whole(bound, cell)
    return interval
