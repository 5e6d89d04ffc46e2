"""Ranges of amounts (``Interval``) and the cell text that states them.

Ranges follow the legal phrasing of the documents — bare 以上/以下/以内 include the stated number
and 不满/超过/低于/高于 exclude it (《民法典》第一千二百五十九条) — or FEEL (``[20万..1000万]``).
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from routing._amounts import did_you_mean, fold_amount_text, format_amount, parse_amount
from routing._errors import ParseError


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


# The patterns are kept as text and matched through ``re``'s own cache: each is compiled on its
# first use, so importing the model (a cached route) parses no range.
# Amount text after ``fold_amount_text`` (大写 and traditional numerals are already everyday ones).
_AMT = r"(?:人民币|RMB|rmb|CNY|¥)?[0-9零〇一二两三四五六七八九十百千万亿点.,]+(?:元(?:[一二三四五六七八九]角)?(?:零?[一二三四五六七八九]分)?)?整?"
_AMOUNT_RUN = r"[0-9零〇一二两三四五六七八九十百千万亿点.,]+"
_MARK = r"\((?:不)?含\)"
_UPPER_WORDS = ("及以下", "及其以下", "以下", "以内")
_LOWER_WORDS = ("及以上", "及其以上", "以上")
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
# The inclusion mark stands before the word (20万元(含)以下) or after it (20万元以下(含)).
_ONE_SIDED_SUFFIX = rf"^(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及其以下|及以下|以下|以内|及其以上|及以上|以上)(?P<m2>{_MARK})?$"
_ONE_SIDED_PREFIX = rf"^(?P<p>{_PREFIXES})(?P<a>{_AMT})$"
_COMPARISON = rf"^(?P<op>>=|<=|≥|≤|>|<|=)(?P<a>{_AMT})$"
_FEEL = rf"^(?P<l>[\[(\]])(?P<a>{_AMT})\.\.(?P<b>{_AMT})(?P<r>[\])\[])$"
_LEFT = rf"^(?:(?P<p>超过|高于|不低于|不少于)(?P<pa>{_AMT})|(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及其以上|及以上|以上)?(?P<m2>{_MARK})?)$"
_RIGHT = rf"^(?:(?P<p>不满|未满|不足|低于|不超过|不高于)(?P<pa>{_AMT})|(?P<a>{_AMT})(?P<m>{_MARK})?(?P<w>及其以下|及以下|以下|以内)?(?P<m2>{_MARK})?)$"
_CONNECTOR = r"至|到|~|—|–"
# (含1000万元), (含本数), (不含本数): only whether the bound is included matters.
_INCLUSION_NOTE = r"\((不)?含[^()]*\)"

EXPECTED_RANGE = "应为金额范围,如 20万元及以下、超过20万元、20万元(不含)至1000万元(含)、[20万..1000万]、>= 1000万、-"
EXPECTED_RANGE_EN = (
    "expected a range such as 20万元及以下, 超过20万元, 20万元(不含)至1000万元(含), "
    "[20万..1000万], >= 1000万 or - (any)"
)


def _bad_range(text: str, reason: str = "") -> ParseError:
    zh, en = did_you_mean(suggest_range(text))
    return ParseError(
        "range.invalid",
        f"无法识别的金额范围「{text}」{reason},{EXPECTED_RANGE}{zh}",
        f"cannot read the range {text!r}: {EXPECTED_RANGE_EN}{en}",
    )


def _amounts_in(text: str) -> list[Decimal]:
    """The amounts an unreadable range mentions: the longest readable start of each run of numerals."""
    found: set[Decimal] = set()
    for run in re.findall(_AMOUNT_RUN, text):
        if len(run) == 1 and not run.isdigit():
            continue  # the 一 of 一下 (a slip for 以下) is no amount
        for end in range(len(run), 0, -1):
            try:
                found.add(parse_amount(run[:end]))
            except ValueError:
                continue
            break
    return sorted(found)


def suggest_range(text: str) -> str | None:
    """The accepted phrasing closest to an unreadable range, built from the amounts it mentions.

    ``100万元一下`` → ``100万元及以下``; ``None`` when it mentions no amount, or more than two.
    """
    cleaned = fold_amount_text(str(text))
    found = _amounts_in(cleaned)
    if len(found) == 1:
        (bound,) = found
        candidates = [
            Interval(high=bound, high_closed=True),
            Interval(high=bound),
            Interval(low=bound, low_closed=True),
            Interval(low=bound),
        ]
    elif len(found) == 2:  # a range has two ends
        low, high = found
        candidates = [
            Interval(low, high, low_closed=a, high_closed=b)
            for a in (True, False)
            for b in (True, False)
        ]
    else:
        return None
    phrases = [interval.to_chinese() for interval in candidates]
    import difflib  # noqa: PLC0415  # lazy: only a misspelt range needs it

    return difflib.get_close_matches(cleaned, phrases, n=1, cutoff=0)[0]


_BARE_UPPER = ("以下", "以内")
_BARE_LOWER = ("以上",)


def bare_bounds(text: str) -> frozenset[str]:
    """The ends of a range cell stated by a bare 以下/以内/以上 or a bare amount beside 至:
    ``"low"``, ``"high"``. The law reads them as including the number, but in everyday writing
    ``100万元以下`` often means 不满100万元, so only a neighbour row can settle what was meant.
    (含)/(不含), 及以下, 不满, 超过 and the other words say it outright and are not bare.
    """
    cleaned = re.sub(
        _INCLUSION_NOTE, lambda m: "(不含)" if m.group(1) else "(含)", fold_amount_text(text)
    )
    if match := re.match(_ONE_SIDED_SUFFIX, cleaned):
        if match["m"] or match["m2"]:
            return frozenset()
        if match["w"] in _BARE_UPPER:
            return frozenset({"high"})
        return frozenset({"low"}) if match["w"] in _BARE_LOWER else frozenset()
    parts = re.split(_CONNECTOR, cleaned)
    if len(parts) == 1:
        parts = list(_split_without_connector(cleaned) or ())
    left = re.match(_LEFT, parts[0]) if len(parts) == 2 else None  # a range has two ends
    right = re.match(_RIGHT, parts[1]) if len(parts) == 2 else None
    if left is None or right is None:
        return frozenset()
    sides = set()
    if not (left["p"] or left["m"] or left["m2"]) and left["w"] in {None, *_BARE_LOWER}:
        sides.add("low")
    if not (right["p"] or right["m"] or right["m2"]) and right["w"] in {None, *_BARE_UPPER}:
        sides.add("high")
    return frozenset(sides)


def without_bound(interval: Interval, side: str) -> Interval:
    """The interval with its ``"low"`` or ``"high"`` end left out (不满/超过 the number)."""
    if side == "low":
        return attrs.evolve(interval, low_closed=False)
    return attrs.evolve(interval, high_closed=False)


# ``[200000..10000000)`` in plain ASCII digits, as generated tables and FEEL users write it: read
# without the whole grammar. At most 18 digits before the point and 6 after it, so every bound is
# one ``parse_amount`` accepts (below 10^18, at most six places) and is exactly ``Decimal(digits)``.
# Anything else (spaces, units, 19 digits, 7 places, …) takes the whole grammar, which gives the
# same answer or names the problem (``tests/test_ranges_fast.py`` holds the two to each other).
_PLAIN_BOUND = r"[0-9]{1,18}(?:\.[0-9]{1,6})?"
_PLAIN_FEEL = rf"([\[(\]])({_PLAIN_BOUND})\.\.({_PLAIN_BOUND})([\])\[])"


def parse_range(text: str | int | Decimal | None) -> Interval:
    """Read a condition cell on an amount into an ``Interval``; ``-`` or an empty cell is any amount."""
    if isinstance(text, str) and (plain := re.fullmatch(_PLAIN_FEEL, text)):
        left, low, high, right = plain.groups()
        return Interval(
            Decimal(low), Decimal(high), low_closed=left == "[", high_closed=right == "]"
        )
    return parse_range_text(text)


def parse_range_text(text: str | int | Decimal | None) -> Interval:
    """``parse_range`` by the whole grammar, without the plain-FEEL fast path."""
    if text is None:
        return ANY_AMOUNT
    if not isinstance(text, str):
        point = parse_amount(text)
        return Interval(point, point, low_closed=True, high_closed=True)
    cleaned = fold_amount_text(text)
    if cleaned in {"", "-", "不限", "任意", "any"}:
        return ANY_AMOUNT
    # "(含1000万元)" repeats the bound; only whether it is included matters.
    cleaned = re.sub(_INCLUSION_NOTE, lambda m: "(不含)" if m.group(1) else "(含)", cleaned)
    try:
        return _parse_range_forms(cleaned, text)
    except ParseError as error:
        if error.code.startswith("amount."):
            raise _bad_range(text, f"({error.message})") from None
        raise


def _parse_range_forms(cleaned: str, original: str) -> Interval:
    if match := re.match(_FEEL, cleaned):
        return Interval(
            parse_amount(match["a"]) if match["a"] else None,
            parse_amount(match["b"]),
            low_closed=match["l"] == "[",
            high_closed=match["r"] == "]",
        )
    if match := re.match(_COMPARISON, cleaned):
        value, op = parse_amount(match["a"]), match["op"]
        if op == "=":
            return Interval(value, value, low_closed=True, high_closed=True)
        if op in {">", ">=", "≥"}:
            return Interval(low=value, low_closed=op != ">")
        return Interval(high=value, high_closed=op != "<")
    if match := re.match(_ONE_SIDED_PREFIX, cleaned):
        value, prefix = parse_amount(match["a"]), match["p"]
        if prefix in _PREFIX_OPEN_HIGH or prefix in _PREFIX_CLOSED_HIGH:
            return Interval(high=value, high_closed=prefix in _PREFIX_CLOSED_HIGH)
        return Interval(low=value, low_closed=prefix in _PREFIX_CLOSED_LOW)
    if (
        (match := re.match(_ONE_SIDED_SUFFIX, cleaned))
        and match["a"]
        and not (match["m"] and match["m2"])
    ):
        value, closed = parse_amount(match["a"]), (match["m"] or match["m2"]) != "(不含)"
        if match["w"] in _UPPER_WORDS:
            return Interval(high=value, high_closed=closed)
        return Interval(low=value, low_closed=closed)
    return _two_sided(cleaned, original)


def _split_without_connector(cleaned: str) -> tuple[str, str] | None:
    """``超过20万元不满1000万元``, ``20万元以上1000万元以下``: both halves must say which end they are."""
    for cut in range(1, len(cleaned)):
        left, right = re.match(_LEFT, cleaned[:cut]), re.match(_RIGHT, cleaned[cut:])
        if left and right and (left["p"] or left["w"]) and (right["p"] or right["w"]):
            return cleaned[:cut], cleaned[cut:]
    return None


def _two_sided(cleaned: str, original: str) -> Interval:
    parts = re.split(_CONNECTOR, cleaned)
    if len(parts) == 1:
        split = _split_without_connector(cleaned)
        if split is None:
            return _point(cleaned, original)
        parts = list(split)
    if len(parts) != 2:  # a range has exactly two ends
        raise _bad_range(original)
    left, right = re.match(_LEFT, parts[0]), re.match(_RIGHT, parts[1])
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
        low, low_closed = parse_amount(left["a"]), (left["m"] or left["m2"]) != "(不含)"
    if right["p"]:
        high, high_closed = parse_amount(right["pa"]), right["p"] in {"不超过", "不高于"}
    else:
        high, high_closed = parse_amount(right["a"]), (right["m"] or right["m2"]) != "(不含)"
    return Interval(low, high, low_closed=low_closed, high_closed=high_closed)


def _point(cleaned: str, original: str) -> Interval:
    try:
        value = parse_amount(cleaned)
    except ParseError:
        raise _bad_range(original) from None
    return Interval(value, value, low_closed=True, high_closed=True)
