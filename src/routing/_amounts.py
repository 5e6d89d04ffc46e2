"""Amounts of money and ranges of them, as office staff and the documents write them.

Pure functions from cell text to exact values; nothing here knows about workbooks.

Amounts are ``Decimal`` yuan: ``200000``, ``20万``, ``20万元``, ``1,500万``, ``1.5亿``, ``二十万元``,
full-width ``２０万``. Ranges follow the legal phrasing of the documents — bare 以上/以下/以内 include the
stated number and 不满/超过/低于/高于 exclude it (《民法典》第一千二百五十九条) — or FEEL.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

import attrs

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
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_DIGITS_SEGMENT = re.compile(r"(\d+(?:\.\d+)?)(千万|百万|千|万|亿)?")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?")
# Every kind of space, and the invisible zero-width characters that text pasted from the web or
# Word carries (they are not spaces to Python's \s).
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# Bounded so that every amount has at most 24 significant digits: Decimal's default 28-digit
# context then computes sums, products by 万/亿 and comparisons exactly, with no rounding.
_LARGEST = Decimal(10) ** 18
_MAX_PLACES = 6

EXPECTED_AMOUNT = "应为金额,如 200000、20万元、1,500万、1.5亿、二十万元"
EXPECTED_AMOUNT_EN = "expected an amount such as 200000, 20万元, 1,500万, 1.5亿 or 二十万元"


def normalize_text(text: str) -> str:
    """Fold full-width forms to ASCII and drop every kind of space (Excel keeps NBSP and 　) and
    zero-width characters."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _bad_amount(text: str) -> ParseError:
    return ParseError(
        "amount.invalid",
        f"无法识别的金额「{text}」,{EXPECTED_AMOUNT}",
        f"cannot read the amount {text!r}: {EXPECTED_AMOUNT_EN}",
    )


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
        elif char in _CN_BIG and pending:
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


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Read an amount in yuan, exactly. Numbers are taken as yuan; negative amounts are refused."""
    if isinstance(text, bool):
        raise _bad_amount(str(text))
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if not value.is_finite():
            raise _bad_amount(str(text))
    else:
        value = _parse_amount_text(text)
    if value >= _LARGEST or value.as_tuple().exponent < -_MAX_PLACES:  # type: ignore[operator]
        raise ParseError(
            "amount.out_of_range",
            f"金额「{text}」超出范围:最多{_MAX_PLACES}位小数,且小于10^18元",
            f"the amount {text!r} is out of range: at most {_MAX_PLACES} decimal places, below 10^18 yuan",
        )
    if value < 0:
        raise ParseError(
            "amount.negative",
            f"金额不能为负数:「{text}」",
            f"an amount cannot be negative: {text!r}",
        )
    return value


def _parse_amount_text(text: str) -> Decimal:
    cleaned = normalize_text(text).removesuffix("元").removesuffix("人民币")
    cleaned = cleaned.removeprefix("人民币")
    if not cleaned:
        raise _bad_amount(text)
    if cleaned[0] in "+-":
        sign, body = (-1 if cleaned[0] == "-" else 1), cleaned[1:]
    else:
        sign, body = 1, cleaned
    if body[:1].isdigit():
        if "," in body:
            if not _THOUSANDS.match(body):
                raise _bad_amount(text)
            body = body.replace(",", "")
        value = _digit_segments(body, text)
    else:
        try:
            value = _chinese_amount(body)
        except (ValueError, KeyError, InvalidOperation):
            raise _bad_amount(text) from None
    return sign * value


def _digit_segments(body: str, original: str) -> Decimal:
    """Read ``1500万``, ``1.5亿`` and mixed forms such as ``1亿5000万`` (units strictly falling)."""
    total = Decimal(0)
    position = 0
    last_unit = Decimal("Infinity")
    while position < len(body):
        match = _DIGITS_SEGMENT.match(body, position)
        if match is None:
            raise _bad_amount(original)
        number, unit = match.groups()
        scale = _UNITS[unit] if unit else Decimal(1)
        if scale >= last_unit or (unit is None and position != 0):
            raise _bad_amount(original)
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


@attrs.frozen
class Interval:
    """A range of amounts; ``None`` bounds are unbounded. It may be empty (a finding, not an error)."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_closed: bool = attrs.field(default=False)
    high_closed: bool = attrs.field(default=False)

    def __attrs_post_init__(self) -> None:
        # An unbounded side is never closed: keeps equality and round trips canonical.
        if self.low is None and self.low_closed:
            object.__setattr__(self, "low_closed", False)
        if self.high is None and self.high_closed:
            object.__setattr__(self, "high_closed", False)

    @property
    def is_any(self) -> bool:
        return self.low is None and self.high is None

    @property
    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        if self.low == self.high:
            return not (self.low_closed and self.high_closed)
        return self.low > self.high

    def __contains__(self, value: Decimal) -> bool:
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_closed)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_closed))
        )

    def to_feel(self) -> str:
        """Canonical text; ``parse_range(i.to_feel()) == i``."""
        low, high = self.low, self.high
        if low is None and high is None:
            return "-"
        if low is None:
            assert high is not None  # noqa: S101  # narrowed by the branch above
            return f"{'<=' if self.high_closed else '<'} {format_amount(high)}"
        if high is None:
            return f"{'>=' if self.low_closed else '>'} {format_amount(low)}"
        return (
            f"{'[' if self.low_closed else '('}{format_amount(low)}.."
            f"{format_amount(high)}{']' if self.high_closed else ')'}"
        )

    def to_chinese(self) -> str:
        """The legal phrasing: ``20万元及以下``, ``超过20万元``, ``20万元(不含)至1000万元(含)``."""
        low, high = self.low, self.high
        if low is None and high is None:
            return "不限"
        if low is None:
            assert high is not None  # noqa: S101  # narrowed by the branch above
            return (
                f"{format_amount(high)}元及以下"
                if self.high_closed
                else f"不满{format_amount(high)}元"
            )
        if high is None:
            return (
                f"{format_amount(low)}元(含)以上"
                if self.low_closed
                else f"超过{format_amount(low)}元"
            )
        if low == high and self.low_closed and self.high_closed:
            return f"{format_amount(low)}元"
        return (
            f"{format_amount(low)}元({'含' if self.low_closed else '不含'})至"
            f"{format_amount(high)}元({'含' if self.high_closed else '不含'})"
        )

    def __str__(self) -> str:
        return self.to_feel()


ANY_AMOUNT = Interval()

_AMT = r"[0-9零〇一二两三四五六七八九十百千万亿点.,]+元?"
_MARK = r"\((?:不)?含\)"
_UPPER_WORDS = ("及以下", "以下", "以内")
_LOWER_WORDS = ("及以上", "以上")
_PREFIX_OPEN_HIGH = ("不满", "未满", "不足", "低于", "少于", "小于")
_PREFIX_OPEN_LOW = ("超过", "高于", "多于", "大于")
_PREFIX_CLOSED_LOW = ("不低于", "不少于", "大于等于")
_PREFIX_CLOSED_HIGH = ("不超过", "不高于", "不多于", "小于等于")
_PREFIXES = "|".join(
    sorted(
        _PREFIX_OPEN_HIGH + _PREFIX_OPEN_LOW + _PREFIX_CLOSED_LOW + _PREFIX_CLOSED_HIGH,
        key=len,
        reverse=True,
    )
)
_ONE_SIDED_SUFFIX = re.compile(
    rf"^(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及以下|以下|以内|及以上|以上)$"
)
_ONE_SIDED_PREFIX = re.compile(rf"^(?P<p>{_PREFIXES})(?P<a>{_AMT})$")
_COMPARISON = re.compile(rf"^(?P<op>>=|<=|≥|≤|>|<|=)(?P<a>{_AMT})$")
_FEEL = re.compile(rf"^(?P<l>[\[(\]])(?P<a>{_AMT})\.\.(?P<b>{_AMT})(?P<r>[\])\[])$")
_LEFT = re.compile(
    rf"^(?:(?P<p>超过|高于|不低于|不少于)(?P<pa>{_AMT})|(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及以上|以上)?)$"
)
_RIGHT = re.compile(
    rf"^(?:(?P<p>不满|未满|不足|低于|不超过|不高于)(?P<pa>{_AMT})|(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及以下|以下|以内)?)$"
)
_CONNECTOR = re.compile(r"至|到|~|—|–")
_INCLUSION_NOTE = re.compile(r"\((不)?含[^()]*\)")

EXPECTED_RANGE = "应为金额范围,如 20万元及以下、超过20万元、20万元(不含)至1000万元(含)、[20万..1000万]、>= 1000万、-"
EXPECTED_RANGE_EN = (
    "expected a range such as 20万元及以下, 超过20万元, 20万元(不含)至1000万元(含), "
    "[20万..1000万], >= 1000万 or - (any)"
)


def _bad_range(text: str, reason: str = "") -> ParseError:
    return ParseError(
        "range.invalid",
        f"无法识别的金额范围「{text}」{reason},{EXPECTED_RANGE}",
        f"cannot read the range {text!r}: {EXPECTED_RANGE_EN}",
    )


def parse_range(text: str | int | Decimal | None) -> Interval:
    """Read a condition cell on an amount into an ``Interval``; ``-`` or an empty cell is any amount."""
    if text is None:
        return ANY_AMOUNT
    if not isinstance(text, str):
        point = parse_amount(text)
        return Interval(point, point, low_closed=True, high_closed=True)
    cleaned = normalize_text(text)
    if cleaned in {"", "-", "不限", "任意", "any"}:
        return ANY_AMOUNT
    # "(含1000万元)" repeats the bound; only whether it is included matters.
    cleaned = _INCLUSION_NOTE.sub(lambda m: "(不含)" if m.group(1) else "(含)", cleaned)
    try:
        return _parse_range_forms(cleaned, text)
    except ParseError as error:
        if error.code.startswith("amount."):
            raise _bad_range(text, f"({error.message})") from None
        raise


def _parse_range_forms(cleaned: str, original: str) -> Interval:
    if match := _FEEL.match(cleaned):
        return Interval(
            parse_amount(match["a"]) if match["a"] else None,
            parse_amount(match["b"]),
            low_closed=match["l"] == "[",
            high_closed=match["r"] == "]",
        )
    if match := _COMPARISON.match(cleaned):
        value, op = parse_amount(match["a"]), match["op"]
        if op == "=":
            return Interval(value, value, low_closed=True, high_closed=True)
        if op in {">", ">=", "≥"}:
            return Interval(low=value, low_closed=op != ">")
        return Interval(high=value, high_closed=op != "<")
    if match := _ONE_SIDED_PREFIX.match(cleaned):
        value, prefix = parse_amount(match["a"]), match["p"]
        if prefix in _PREFIX_OPEN_HIGH or prefix in _PREFIX_CLOSED_HIGH:
            return Interval(high=value, high_closed=prefix in _PREFIX_CLOSED_HIGH)
        return Interval(low=value, low_closed=prefix in _PREFIX_CLOSED_LOW)
    if (match := _ONE_SIDED_SUFFIX.match(cleaned)) and match["a"]:
        value, closed = parse_amount(match["a"]), match["m"] != "(不含)"
        if match["w"] in _UPPER_WORDS:
            return Interval(high=value, high_closed=closed)
        return Interval(low=value, low_closed=closed)
    return _two_sided(cleaned, original)


def _split_without_connector(cleaned: str) -> tuple[str, str] | None:
    """``超过20万元不满1000万元``, ``20万元以上1000万元以下``: both halves must say which end they are."""
    for cut in range(1, len(cleaned)):
        left, right = _LEFT.match(cleaned[:cut]), _RIGHT.match(cleaned[cut:])
        if left and right and (left["p"] or left["w"]) and (right["p"] or right["w"]):
            return cleaned[:cut], cleaned[cut:]
    return None


def _two_sided(cleaned: str, original: str) -> Interval:
    parts = _CONNECTOR.split(cleaned)
    if len(parts) == 1:
        split = _split_without_connector(cleaned)
        if split is None:
            return _point(cleaned, original)
        parts = list(split)
    if len(parts) != 2:  # a range has exactly two ends
        raise _bad_range(original)
    left, right = _LEFT.match(parts[0]), _RIGHT.match(parts[1])
    if (
        left is None
        or right is None
        or not (left["a"] or left["pa"])
        or not (right["a"] or right["pa"])
    ):
        raise _bad_range(original)
    if left["p"]:
        low, low_closed = parse_amount(left["pa"]), left["p"] in {"不低于", "不少于"}
    else:
        low, low_closed = parse_amount(left["a"]), left["m"] != "(不含)"
    if right["p"]:
        high, high_closed = parse_amount(right["pa"]), right["p"] in {"不超过", "不高于"}
    else:
        high, high_closed = parse_amount(right["a"]), right["m"] != "(不含)"
    return Interval(low, high, low_closed=low_closed, high_closed=high_closed)


def _point(cleaned: str, original: str) -> Interval:
    try:
        value = parse_amount(cleaned)
    except ParseError:
        raise _bad_range(original) from None
    return Interval(value, value, low_closed=True, high_closed=True)
