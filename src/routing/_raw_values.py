"""Raw values as the fast route reads them: an amount or count without raising, and the key a
raw value is kept under (its type with it: ``True`` and ``1`` are equal keys in Python)."""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import TYPE_CHECKING

from routing._coerce import EXACT, LARGEST, MICRO, ZERO, exact_amount, read_amount_text, read_count
from routing._model import InputKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing._axes import AmountAxis
    from routing._model import Input

UNREAD = object()  # a value the fast path cannot read: the full path takes it or says why
REFUSED = object()  # a value the input refuses, as the full path would: it says why


def amount_of(value: object) -> object:
    """A Decimal as ``parse_amount`` would give it, ``None`` when not given, ``REFUSED``
    for a text it refuses, else ``UNREAD``."""
    if value is None or (type(value) is Decimal and exact_amount(value)):
        return value
    if type(value) is not str:
        return UNREAD
    found = read_amount_text(value)
    return found if type(found) is Decimal else REFUSED


def count_of(value: object) -> object:
    """A count as ``parse_count`` would give it, ``None`` when not given, ``REFUSED`` for
    a value it refuses, ``UNREAD`` for one of another type."""
    if value is None:
        return value
    if type(value) is str or type(value) is int or (type(value) is Decimal and value.is_finite()):
        # Cached, good or bad: no error raised and caught per call. Equal Decimals (2, 2.0) give
        # the same count; a refused one goes to the full path, whose message quotes it as given.
        found = read_count(value)
        return found if type(found) is Decimal else REFUSED
    return UNREAD


def reader(input_: Input) -> Callable[[object], object]:
    """What the fast route reads the primary (amount or count) input with."""
    return amount_of if input_.kind is InputKind.AMOUNT else count_of


def amount_cell(axis: AmountAxis, missing: object) -> Callable[[object], object]:
    """The cell of a raw amount (or count) on ``axis``: ``missing`` when not given, else as
    ``reader`` reads it, ``REFUSED`` or ``UNREAD`` when it does not give a number."""
    read = reader(axis.input)
    points = axis.breakpoints
    left, right, add = bisect.bisect_left, bisect.bisect_right, EXACT.add

    def read_then_locate(value: object) -> object:
        if value is None:
            return missing
        value = read(value)
        if type(value) is not Decimal:
            return value  # REFUSED or UNREAD
        return left(points, value) + right(points, value) - 1

    def amount(value: object) -> object:
        # exact_amount and AmountAxis.locate, inlined: the line every call with an amount takes.
        if not (
            type(value) is Decimal
            and value.is_finite()
            and ZERO <= value < LARGEST
            and add(value, MICRO).same_quantum(MICRO)
        ):
            return read_then_locate(value)
        return left(points, value) + right(points, value) - 1

    def count(value: object) -> object:
        # A whole Decimal or int as parse_count takes it, inlined (no cached call): its canonical
        # count is equal to it, so it has the same cell. Anything else is read as parse_count does.
        if not (
            (type(value) is int and 0 <= value < _LARGEST_COUNT)
            or (
                type(value) is Decimal
                and value.is_finite()
                and ZERO <= value < LARGEST
                and value == value.to_integral_value()
            )
        ):
            return read_then_locate(value)
        return left(points, value) + right(points, value) - 1

    return amount if axis.input.kind is InputKind.AMOUNT else count


_LARGEST_COUNT = int(LARGEST)


PLAIN = frozenset({str, bool, int})
KEYED = PLAIN | {type(None)}  # "not given" is looked up like a plain value: its cell is kept
# A row of raw values may hold Decimals too, in a count's place only: equal counts (2, 2.0) are
# the same count, read to the same cell and put in the same words, so a row's cells, decision and
# gap do not depend on the spelling. Elsewhere equal Decimals differ (an amount with seven places
# is refused, an enum's label "1" is not "1.0", a text is its spelling); and what a refused count
# says quotes it as given, so such a row's cases are read value by value.
ROW_KEYED = KEYED | {Decimal}


def raw_token(raw: object) -> tuple[type, object] | None:
    """A key for a raw value that is not plain, when its coercion depends on the key alone: a
    Decimal by its exact text (``2`` and ``2.0`` apart), a list, tuple or frozenset of text by
    its members; ``None`` for anything else (the full path coerces it)."""
    kind = type(raw)
    if kind is Decimal:
        return (kind, str(raw))
    if (
        isinstance(raw, list | tuple | frozenset)
        and kind in {list, tuple, frozenset}
        and all(type(member) is str for member in raw)
    ):
        return (kind, raw if isinstance(raw, frozenset) else tuple(raw))
    return None
