"""Errors and the places they point at.

Every error carries a stable English ``code`` for scripts, a Chinese message for the office staff
who keep the workbooks, the same message in English, and — when it comes from a workbook — the
``Location`` (workbook › sheet › cell) that caused it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

import attrs

if TYPE_CHECKING:  # the model is a layer above: named in annotations only
    from collections.abc import Callable

    from routing._model import Citation


@attrs.frozen
class Location:
    """A place in a workbook: the file, optionally a sheet, a cell (``C7``) or a whole row."""

    workbook: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = [self.workbook]
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.cell is not None:
            parts.append(self.cell)
        elif self.row is not None:
            parts.append(f"第{self.row}行")
        return " › ".join(parts)


@attrs.frozen
class Problem:
    """One thing wrong with a workbook, found while reading it."""

    code: str
    message: str
    message_en: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        return f"{where}{self.message} [{self.code}] — {self.message_en}"


class ParseError(ValueError):
    """A cell's text does not follow the workbook grammar; the caller adds the location."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en

    def at(self, location: Location | None) -> Problem:
        return Problem(self.code, self.message, self.message_en, location)


_new_exception = BaseException.__new__  # no __init__ runs


class RoutingError(Exception):
    """Base of every error this library raises on purpose.

    ``context``, when given, says what led to the error (the inputs of a case, in the workbook's
    words); it prefixes both messages. It is a callable, called when a message is first read: a
    batch of 100,000 cases that fall in a gap builds no text nobody reads.
    """

    exit_code = 1
    # Slots, not a __dict__: a batch of 100,000 bad cases builds one error per case (each its own,
    # so that raising one leaves the others' tracebacks alone); half the memory, built faster.
    # A subclass that adds attributes gives them slots and names them in ``_more``.
    __slots__ = ("_context", "_texts", "code", "location")
    _more: tuple[str, ...] = ()  # the slots a subclass adds, copied by ``copy``

    def __init__(
        self,
        code: str,
        message: str,
        message_en: str,
        *,
        location: Location | None = None,
        context: Callable[[], str] | None = None,
    ) -> None:
        # No Exception.__init__: BaseException.__new__ has set ``args`` already; a batch of
        # errors is built faster without the call.
        self.code = code
        self._texts = (message, message_en)
        self._context = context
        self.location = location

    def copy(self) -> Self:
        """An error equal to this one (class, code, place, messages, any citation), its own
        object: what a batch hands each case that meets the same error."""
        copy = _new_exception(type(self))
        copy.args = self.args  # the same tuple: cheaper than unpacking it into a new one
        copy.code, copy.location = self.code, self.location
        copy._texts, copy._context = self._texts, self._context  # noqa: SLF001  # this very class
        for name in self._more:
            setattr(copy, name, getattr(self, name))
        return copy

    def in_context(self, context: Callable[[], str]) -> Self:
        """A copy of this error whose messages start with ``context``, written when first read."""
        # A context of its own comes first, written now.
        texts = self._texts if self._context is None else self._messages()
        copy = self.copy()
        copy._texts, copy._context = texts, context  # noqa: SLF001  # a copy of this very class
        return copy

    def _messages(self) -> tuple[str, str]:
        if self._context is not None:
            described, (message, message_en) = self._context(), self._texts
            self._texts = (f"{described}:{message}", f"{described}: {message_en}")
            self._context = None
        return self._texts

    @property
    def message(self) -> str:
        """The message in Chinese, for the office staff."""
        return self._messages()[0]

    @property
    def message_en(self) -> str:
        """The same message in English."""
        return self._messages()[1]

    def __str__(self) -> str:
        return str(Problem(self.code, self.message, self.message_en, self.location))


class InputError(RoutingError):
    """A caller passed a matter, input name or value that the rule book cannot accept."""

    exit_code = 2
    __slots__ = ()

    @classmethod
    def from_parse(cls, error: ParseError, name: str) -> InputError:
        return cls(error.code, f"输入 {name}:{error.message}", f"input {name}: {error.message_en}")


class WorkbookError(RoutingError):
    """A workbook could not be read, or breaks the workbook language; lists every problem."""

    exit_code = 2
    __slots__ = ("problems",)
    _more = __slots__

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        problems = tuple(problems)
        first = problems[0]
        super().__init__(first.code, first.message, first.message_en, location=first.location)
        self.problems = problems

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [
            f"工作簿有 {len(self.problems)} 处错误 — the workbook has {len(self.problems)} problems:"
        ]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


class NoRuleError(RoutingError):
    """No rule decides the matter: the inputs fall in a gap, declared or not.

    A declared gap (a 无规则 row) carries that row's ``citation``: the clause, the exact words that
    are silent, and the editors' note. An undeclared gap has none.
    """

    exit_code = 1
    __slots__ = ("citation",)

    def __init__(
        self,
        code: str,
        message: str,
        message_en: str,
        *,
        location: Location | None = None,
        context: Callable[[], str] | None = None,
        citation: Citation | None = None,
    ) -> None:
        super().__init__(code, message, message_en, location=location, context=context)
        self.citation = citation

    def copy(self) -> Self:
        # Written out, not the base's loop over ``_more``: a batch of gaps copies one per case.
        copy = _new_exception(type(self))
        copy.args = self.args
        copy.code, copy.location, copy.citation = self.code, self.location, self.citation
        copy._texts, copy._context = self._texts, self._context  # noqa: SLF001  # this very class
        for name in self._more:  # a subclass's own slots
            setattr(copy, name, getattr(self, name))
        return copy


class HitPolicyViolation(RoutingError):  # noqa: N818  # the DMN term, not an "Error"
    """Several rules matched where the hit policy (UNIQUE, ANY) allows only one outcome."""

    exit_code = 1
    __slots__ = ()
