"""The plain-FEEL fast path of ``parse_range`` gives exactly what the whole grammar gives.

``[200000..10000000)`` in ASCII digits is read without the grammar (``_ranges._PLAIN_FEEL``);
every text, on the fast path or beside it, must read the same both ways: the same bounds to the
last digit and exponent (``Decimal('1.50')`` is not ``Decimal('1.5')``), the same closed ends, or
the same problem. The drawn texts sit on the edges of the fast path: 18 and 19 digits, six and
seven places, leading and trailing zeros, every bracket on either side, and near misses.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from routing._errors import ParseError
from routing._ranges import parse_range, parse_range_text


def _reading(read: object, text: str) -> object:
    try:
        interval = read(text)  # type: ignore[operator]
    except ParseError as error:
        return ("problem", error.code, error.message, error.message_en)
    return (
        repr(interval.low),
        repr(interval.high),
        interval.low_closed,
        interval.high_closed,
    )


_DIGITS = st.text("0123456789", min_size=1, max_size=20)
_BOUND = st.one_of(
    st.builds(lambda whole, places: whole + places, _DIGITS, st.sampled_from(["", "."])),
    st.builds(
        lambda whole, fraction: f"{whole}.{fraction}",
        _DIGITS,
        st.text("0123456789", min_size=0, max_size=8),
    ),
    st.decimals(0, Decimal(10) ** 18, places=6).map(lambda d: format(d, "f")),
    st.sampled_from(
        [
            "20万",
            "１０",
            "1,000",
            "-5",
            " 5",
            "1e3",
            "一百",
            "999999999999999999",
            "1000000000000000000",
        ]
    ),
)
_OPEN = st.sampled_from(["[", "(", "]", "", "{", " ["])
_CLOSE = st.sampled_from(["]", ")", "[", "", "}", ") "])
_DOTS = st.sampled_from(["..", "...", ".", "…", " .. ", "至"])


@given(st.builds("{}{}{}{}{}".format, _OPEN, _BOUND, _DOTS, _BOUND, _CLOSE))
@example("[200000..10000000)")
@example("[0..0]")
@example("(1.500000..2.0)")
@example("[1.0000001..2)")  # seven places: out of range
@example("[999999999999999999..999999999999999999.999999]")  # the largest plain bound
@example("[1000000000000000000..2)")  # 10^18: out of range
@example("[007..010)")
@example("]1..2[")
def test_the_fast_path_reads_as_the_grammar(text: str) -> None:
    assert _reading(parse_range, text) == _reading(parse_range_text, text)


@given(
    st.from_regex(
        r"[\[(\]][0-9]{1,18}(\.[0-9]{1,6})?\.\.[0-9]{1,18}(\.[0-9]{1,6})?[\])\[]", fullmatch=True
    )
)
def test_every_plain_feel_range_reads_as_the_grammar(text: str) -> None:
    """Every text the fast path takes, drawn from its own pattern."""
    assert _reading(parse_range, text) == _reading(parse_range_text, text)
