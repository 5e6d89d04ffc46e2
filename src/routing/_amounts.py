"""Amounts of money as office staff and the documents write them (ranges: ``_ranges``).

Pure functions from cell text to exact values; nothing here knows about workbooks.

Amounts are ``Decimal`` yuan: ``200000``, ``20万``, ``20万元``, ``1,500万``, ``1.5亿``, ``二十万元``,
full-width ``２０万``, and as finance offices write them: 大写 ``贰拾万元``, ``壹仟万元整``,
``壹佰元伍角叁分``, ``20万元整``, ``￥300,000.00``, ``RMB 20万``, ``人民币20万元``, traditional ``20萬元``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from routing._errors import ParseError

_UNITS = {
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "亿": Decimal(100_000_000),
}
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
# 大写 (the numerals of cheques and budgets, written so that no stroke can be added) and the
# traditional characters, folded to the everyday numerals that the readers below know.
_FOLD = str.maketrans(
    {
        "壹": "一",
        "贰": "二",
        "貳": "二",
        "叁": "三",
        "參": "三",
        "叄": "三",
        "肆": "四",
        "伍": "五",
        "陆": "六",
        "陸": "六",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "佰": "百",
        "仟": "千",
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "圆": "元",
        "圓": "元",
    }
)
# NFKC has already turned the full-width ￥ into ¥.
_CURRENCY_PREFIXES = ("人民币", "RMB", "rmb", "CNY", "¥")


# Compiled on first use: 1500万 needs neither (#16).
@functools.cache
def _jiao_fen() -> re.Pattern[str]:
    return re.compile(
        r"^(?:(?P<yuan>.*?)元)?零?(?:(?P<jiao>[一二三四五六七八九])角)?零?(?:(?P<fen>[一二三四五六七八九])分)?$"
    )


@functools.cache
def _thousands() -> re.Pattern[str]:
    return re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?")


# Suggestions only, never read as amounts: the shorthand of chat messages and speech.
_SHORTHAND = str.maketrans({"w": "万", "W": "万", "k": "千", "K": "千", "块": "元"})
_SUGGEST_MAX_CHARS = 30
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_DIGITS_SEGMENT = re.compile(r"(\d+(?:\.\d+)?)(千万|百万|千|万|亿)?")
# Every kind of space, and the invisible zero-width characters that text pasted from the web or
# Word carries (they are not spaces to Python's \s).
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# Bounded so that every amount has at most 24 significant digits: Decimal's default 28-digit
# context then computes sums, products by 万/亿 and comparisons exactly, with no rounding.
_LARGEST = Decimal(10) ** 18
_LARGEST_INT = 10**18
MAX_AMOUNT_CHARACTERS = 100
"""Longer amount text is refused before it is read: 10^18 yuan with 6 places, separators and
units in words fit in far less (壹仟万亿元 …), and Decimal must never meet a million digits."""
_MAX_PLACES = 6

EXPECTED_AMOUNT = "应为金额,如 200000、20万元、1,500万、1.5亿、二十万元、贰拾万元整、￥300,000.00"
EXPECTED_AMOUNT_EN = "expected an amount such as 200000, 20万元, 1,500万, 1.5亿, 二十万元, 贰拾万元整 or ￥300,000.00"


class _UnreadableAmountError(ValueError):
    """The text is no amount; ``parse_amount`` turns this into ``amount.invalid`` with a suggestion."""


def normalize_text(text: str) -> str:
    """Fold full-width forms to ASCII and drop every kind of space (Excel keeps NBSP and 　) and
    zero-width characters."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def fold_amount_text(text: str) -> str:
    """``normalize_text``, then 大写 and traditional numerals as everyday ones (``贰拾萬`` → ``二十万``)."""
    return normalize_text(text).translate(_FOLD)


def did_you_mean(suggestion: str | None) -> tuple[str, str]:
    """The Chinese and English tails of a message that offers ``suggestion``, or two empty strings."""
    if not suggestion:
        return "", ""
    return f";是否应为「{suggestion}」?", f"; did you mean {suggestion}?"


def _out_of_range(text: object) -> ParseError:
    return ParseError(
        "amount.out_of_range",
        f"金额「{text}」超出范围:最多{_MAX_PLACES}位小数,且小于10^18元",
        f"the amount {text!r} is out of range: at most {_MAX_PLACES} decimal places, below 10^18 yuan",
    )


def _bad_amount(text: str, *, suggest: bool = True) -> ParseError:
    zh, en = did_you_mean(suggest_amount(text) if suggest else None)
    return ParseError(
        "amount.invalid",
        f"无法识别的金额「{text}」,{EXPECTED_AMOUNT}{zh}",
        f"cannot read the amount {text!r}: {EXPECTED_AMOUNT_EN}{en}",
    )


def suggest_amount(text: str) -> str | None:
    """The accepted form nearest to an unreadable amount: its longest readable part, as we write it.

    ``20w`` → ``20万元``, ``20万元钱`` → ``20万元``; ``None`` when no part of it reads as an amount.
    """
    folded = fold_amount_text(text)[:_SUGGEST_MAX_CHARS]
    for candidate in (folded.translate(_SHORTHAND), folded):
        for length in range(len(candidate), 0, -1):
            for start in range(len(candidate) - length + 1):
                try:
                    value = _read_amount(candidate[start : start + length])
                except (_UnreadableAmountError, ValueError, KeyError, InvalidOperation):
                    continue
                if 0 <= value < _LARGEST:
                    return f"{format_amount(value)}元"
    return None


def _chinese_integer(text: str) -> int:
    """Read 二十、一千二百、两千万、一亿零五百万 as integers; raise KeyError/ValueError otherwise."""
    total = section = digit = 0
    seen_digit = pending = False
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
            seen_digit = pending = True
        elif char in _CN_SMALL:
            section += (digit if seen_digit else 1) * _CN_SMALL[char]
            digit, seen_digit, pending = 0, False, True
        elif char in _CN_BIG and (pending or (char == "亿" and total)):  # 一万亿: 万 then 亿
            total = (
                (total + section + digit) * _CN_BIG[char]
                if char == "亿"
                else (total + (section + digit) * _CN_BIG[char])
            )
            section = digit = 0
            seen_digit = pending = False
        else:
            raise ValueError(char)
    if not text:
        raise ValueError(text)
    return total + section + digit


def _chinese_amount(text: str) -> Decimal:
    if "点" not in text:
        return Decimal(_chinese_integer(text))
    whole, _, rest = text.partition("点")
    unit_start = next(
        (i for i, ch in enumerate(rest) if ch in _UNITS or ch in _CN_SMALL), len(rest)
    )
    fraction, unit = rest[:unit_start], rest[unit_start:]
    if (
        not fraction
        or any(ch not in _CN_DIGITS for ch in fraction)
        or (unit and unit not in _UNITS)
    ):
        raise ValueError(text)
    digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
    number = Decimal(f"{_chinese_integer(whole) if whole else 0}.{digits}")
    return number * _UNITS[unit] if unit else number


def parse_amount(text: str | int | Decimal, *, suggest: bool = True) -> Decimal:
    """Read an amount in yuan, exactly. Numbers are taken as yuan; negative amounts are refused.
    An unreadable text's error suggests the nearest readable form unless ``suggest`` is false
    (a caller that only asks whether it reads: the suggestion tries every part of the text)."""
    if isinstance(text, bool):
        raise _bad_amount(str(text))
    if isinstance(text, int) and not -_LARGEST_INT < text < _LARGEST_INT:
        raise _out_of_range("10^18+" if text > 0 else "-10^18-")  # str() of 10**5000 is refused
    if isinstance(text, str) and len(text) > MAX_AMOUNT_CHARACTERS:
        raise _out_of_range(text[:20] + "…")  # before Decimal meets a million digits
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if not value.is_finite():
            raise _bad_amount(str(text))
    else:
        try:
            value = _read_amount(text)
        except _UnreadableAmountError:
            raise _bad_amount(text, suggest=suggest) from None
    # exponent is an int for the finite values that reach here (NaN/Infinity were refused).
    if value >= _LARGEST or value.as_tuple().exponent < -_MAX_PLACES:  # type: ignore[operator]  # see above
        raise _out_of_range(text)
    if value < 0:
        raise ParseError(
            "amount.negative",
            f"金额不能为负数:「{text}」",
            f"an amount cannot be negative: {text!r}",
        )
    return value


def _read_amount(text: str) -> Decimal:
    """Read amount text or raise ``_UnreadableAmountError`` (without the message, which costs a search)."""
    cleaned = fold_amount_text(text)
    for prefix in _CURRENCY_PREFIXES:
        cleaned = cleaned.removeprefix(prefix)
    cleaned = cleaned.removesuffix("整").removesuffix("人民币")
    small = Decimal(0)
    if cleaned.endswith(("角", "分")) and (match := _jiao_fen().match(cleaned)):
        # 壹佰元伍角叁分, 壹佰元零叁分: the yuan, then tenths (角) and hundredths (分) of a yuan.
        jiao, fen = match["jiao"], match["fen"]
        small = Decimal(_CN_DIGITS[jiao] if jiao else 0) / 10
        small += Decimal(_CN_DIGITS[fen] if fen else 0) / 100
        cleaned = match["yuan"] or "零"
    cleaned = cleaned.removesuffix("元")
    if not cleaned:
        raise _UnreadableAmountError(text)
    if cleaned[0] in "+-":
        sign, body = (-1 if cleaned[0] == "-" else 1), cleaned[1:]
    else:
        sign, body = 1, cleaned
    if body[:1].isdigit():
        if small:
            raise _UnreadableAmountError(text)  # 角/分 follow 大写 yuan, never 20.5元伍角
        if "," in body:
            if not _thousands().match(body):
                raise _UnreadableAmountError(text)
            body = body.replace(",", "")
        value = _digit_segments(body)
    else:
        try:
            value = _chinese_amount(body) + small
        except (ValueError, KeyError, InvalidOperation):
            raise _UnreadableAmountError(text) from None
    return sign * value


def _digit_segments(body: str) -> Decimal:
    """Read ``1500万``, ``1.5亿`` and mixed forms such as ``1亿5000万`` (units strictly falling)."""
    total = Decimal(0)
    position = 0
    last_unit = Decimal("Infinity")
    while position < len(body):
        match = _DIGITS_SEGMENT.match(body, position)
        if match is None:
            raise _UnreadableAmountError(body)
        number, unit = match.groups()
        scale = _UNITS[unit] if unit else Decimal(1)
        if scale >= last_unit or (unit is None and position != 0):
            raise _UnreadableAmountError(body)
        total += Decimal(number) * scale
        last_unit = scale
        position = match.end()
    return total


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{fraction}" if fraction else grouped


def format_amount(value: Decimal) -> str:
    """Show an amount the way the documents write it: ``20万``, ``1,000万``, ``1.5亿``, ``200,000.01``.

    ``parse_amount(format_amount(x)) == x`` for every amount.
    """
    if value != 0 and value % _UNITS["亿"] == 0:
        return f"{_plain(value / _UNITS['亿'])}亿"
    if value != 0 and value % _UNITS["万"] == 0:
        return f"{_plain(value / _UNITS['万'])}万"
    return _plain(value)


def format_yuan(value: Decimal) -> str:
    """Show an amount in full yuan with fen, as a witness: ``10,000,000.00 元``."""
    places = max(2, -value.normalize().as_tuple().exponent)  # type: ignore[operator]  # finite
    return f"{value:,.{places}f} 元"
