"""What led to an outcome: a case's inputs in the workbook's words, prefixed to the error that a
gap or a broken hit policy gives it (``金额 = 20万,三重一大 = 是:…``)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING

from routing._amounts import format_amount

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from routing._errors import HitPolicyViolation, NoRuleError
    from routing._model import Input, Matter


def describe(matter: Matter, values: Mapping[str, object]) -> str:
    """Input values in the workbook's words: ``金额 = 20万,三重一大 = 是``."""
    parts = []
    for input_ in matter.inputs:
        value = values.get(input_.id)
        if value is None:
            continue
        if isinstance(value, bool):
            shown = "是" if value else "否"
        elif isinstance(value, Decimal):
            shown = format_amount(value)
        elif isinstance(value, frozenset):
            shown = "、".join(_label(input_, v) for v in sorted(value)) or "(空)"
        else:
            shown = _label(input_, str(value))
        parts.append(f"{input_.label} = {shown}")
    return ",".join(parts) or "(无输入)"


def _label(input_: Input, value: str) -> str:
    choice = input_.choice(value) if input_.choices else None
    return (choice.label or choice.id) if choice is not None else value


def with_values(
    error: NoRuleError | HitPolicyViolation, matter: Matter, values: Mapping[str, object]
) -> NoRuleError | HitPolicyViolation:
    """The outcome's error, its messages prefixed with the inputs that led to it (described
    when a message is first read)."""
    return error.in_context(lambda: describe(matter, values))


def with_inputs(
    error: NoRuleError | HitPolicyViolation,
    matter: Matter,
    inputs: Mapping[str, object],
    checked: Callable[[Matter, Mapping[str, object]], object],
) -> NoRuleError | HitPolicyViolation:
    """``with_values`` for raw inputs that ``checked`` takes to their values (as the router's
    full path does) when a message is first read: the inputs are copied now, since a caller may
    reuse its dict for the next case."""
    return error.in_context(described_later(matter, dict(inputs), checked))


def described_later(
    matter: Matter,
    given: Mapping[str, object],
    checked: Callable[[Matter, Mapping[str, object]], object],
) -> Callable[[], str]:
    """The words for raw inputs ``given`` (which must not change), checked when called."""
    return functools.partial(_described_checked, matter, given, checked)  # one object a case


def described_once(
    matter: Matter,
    given: Mapping[str, object],
    checked: Callable[[Matter, Mapping[str, object]], object],
) -> Callable[[], str]:
    """``described_later``, its words written once for every error that shares them (the cases
    of one row of raw values)."""
    return _Once(described_later(matter, given, checked))


class _Once:
    """A text made on first call, then kept (lighter than ``functools.cache``, which copies
    the wrapped callable's attributes: one is made per row of a batch that falls in a gap)."""

    __slots__ = ("_make", "_text")

    def __init__(self, make: Callable[[], str]) -> None:
        self._make: Callable[[], str] = make
        self._text: str | None = None

    def __call__(self) -> str:
        if self._text is None:
            self._text = self._make()
        return self._text


def _described_checked(
    matter: Matter,
    given: Mapping[str, object],
    checked: Callable[[Matter, Mapping[str, object]], object],
) -> str:
    values = checked(matter, given)
    assert isinstance(values, dict)  # noqa: S101  # the fast route took every value
    return describe(matter, values)
