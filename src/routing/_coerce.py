"""Inputs as callers give them (text such as ``1500万`` or ``是``, numbers, Decimals) to the typed
values the router compares, with a fast path for the common amount forms."""

from __future__ import annotations

import functools
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any

from routing._amounts import _LARGEST, parse_amount
from routing._cells import parse_date, parse_enum_value, parse_set_value
from routing._counts import parse_count
from routing._errors import ParseError
from routing._model import Input, InputKind
from routing._values import parse_bool

if TYPE_CHECKING:
    from collections.abc import Callable

ZERO = Decimal(0)
LARGEST = _LARGEST  # parse_amount refuses this and above
MICRO = Decimal("0E-6")  # zero with six decimal places
# Exact for every amount below 10^18 with six places (24 digits), whatever the caller's context.
EXACT = Context(prec=28, traps=[])


def exact_amount(value: Decimal) -> bool:
    """Whether ``parse_amount`` takes this Decimal as it is: finite, ``0 <= value < 10^18``, at most
    six decimal places. Adding ``0E-6`` gives exponent -6 exactly when the value has no more places
    (a longer value keeps its exponent, or rounds to one below -6): cheaper than ``as_tuple()``."""
    return (
        value.is_finite()
        and ZERO <= value < LARGEST
        and EXACT.add(value, MICRO).same_quantum(MICRO)
    )


Failure = tuple[str, str, str]
"""A cached parse error: its code and messages (raised afresh each time, never shared)."""


def _or_failure(parse: Callable[[Any], Decimal]) -> Callable[[Any], Decimal | Failure]:
    """``parse`` returning its error as a ``Failure`` instead of raising it, so it can be cached."""

    def read(value: Any) -> Decimal | Failure:
        try:
            return parse(value)
        except ParseError as error:
            return (error.code, error.message, error.message_en)

    return read


def _raised(found: Decimal | Failure) -> Decimal:
    if type(found) is Decimal:
        return found
    raise ParseError(*found)  # type: ignore[misc]  # the other member: a Failure


# Agendas and scripts repeat the same few texts, good and bad: each is read once (bounded), its
# value or its error (a bad amount's suggestion tries every part of the text). Decimals are
# immutable, so sharing is safe; an error is raised as a fresh ParseError each time. ``typed``:
# a count of ``True`` is refused, ``1`` is not.
read_amount_text = functools.lru_cache(maxsize=4096)(_or_failure(parse_amount))
read_count = functools.lru_cache(maxsize=4096, typed=True)(_or_failure(parse_count))


def parse_amount_text(text: str) -> Decimal:
    return _raised(read_amount_text(text))


def coerce_count(value: object, _: Input | None = None) -> Decimal:
    if type(value) is str or type(value) is int:
        return _raised(read_count(value))
    return parse_count(value)


def _coerce_amount(value: object, _: Input | None = None) -> Decimal:
    if type(value) is Decimal and exact_amount(value):
        return value  # what parse_amount would return, without its checks again
    if type(value) is str:
        return parse_amount_text(value)
    if isinstance(value, Decimal | int | str) and not isinstance(value, bool):
        return parse_amount(value)
    if isinstance(value, float):
        return parse_amount(Decimal(repr(value)))
    return parse_amount(str(value))


COERCE: dict[InputKind, Callable[[Any, Input], object]] = {
    InputKind.AMOUNT: _coerce_amount,
    InputKind.BOOLEAN: lambda value, _: parse_bool(value),
    InputKind.ENUM: parse_enum_value,
    InputKind.SET: parse_set_value,
    InputKind.DATE: lambda value, _: parse_date(value),
    InputKind.TEXT: lambda value, _: str(value).strip(),
    InputKind.NUMBER: coerce_count,
}
