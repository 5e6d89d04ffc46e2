"""The façade ``routing.load`` returns: one jurisdiction's rule book (data) and its compiled tables.

The rule book is plain data (``RuleBook``); answering questions — routing a matter, counting a
deadline, listing a meeting's time limits — needs the compiled decision spaces and the calendar,
which live here, above the model, so that the model never imports what computes with it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from routing._book import Decision
from routing._errors import InputError
from routing._meetings import require_meeting
from routing._router import Router

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

    from routing._batch import BatchRow
    from routing._book import About, RuleBook, TestCase
    from routing._deadlines import Deadline, DeadlineRule
    from routing._errors import RoutingError
    from routing._meetings import Meeting
    from routing._model import Body, Chain, DecisionTable, Matter
    from routing._timing import CalendarEntry, TimeLimit
    from routing._workdays import WorkCalendar


class Jurisdiction:
    """A loaded rule book that answers: ``load("mengla").route("fund_adjustment", amount="1500万")``.

    ``book`` is the data as the workbook states it; the properties below read through to it.
    ``path`` is the workbook it was read from (``None`` for a book built in memory): an output
    must never replace it.
    """

    def __init__(self, book: RuleBook, path: Path | None = None) -> None:
        self.book = book
        self.path = path
        self.router = Router(book)

    def __repr__(self) -> str:
        return f"Jurisdiction({self.book.jurisdiction!r}, source={self.book.source!r})"

    # -- the data, read through ------------------------------------------------------------
    @property
    def jurisdiction(self) -> str:
        return self.book.jurisdiction

    @property
    def about(self) -> About:
        return self.book.about

    @property
    def source(self) -> str:
        return self.book.source

    @property
    def bodies(self) -> tuple[Body, ...]:
        return self.book.bodies

    @property
    def matters(self) -> tuple[Matter, ...]:
        return self.book.matters

    @property
    def tables(self) -> tuple[DecisionTable, ...]:
        return self.book.tables

    @property
    def tests(self) -> tuple[TestCase, ...]:
        return self.book.tests

    @property
    def deadlines(self) -> tuple[DeadlineRule, ...]:
        return self.book.deadlines

    @property
    def holidays(self) -> tuple[CalendarEntry, ...]:
        return self.book.holidays

    def body(self, ref: str) -> Body | None:
        """The body whose id, Chinese name or alias is ``ref``."""
        return self.book.body(ref)

    def table(self, matter: str) -> DecisionTable | None:
        """The decision table of the matter whose id or Chinese name is ``matter``."""
        return self.book.table(matter)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self.book.meetings

    def meeting(self, ref: str) -> Meeting:
        """The 会议 sheet's facts of the meeting whose body id, Chinese name or alias is ``ref``;
        ``InputError`` naming the meetings there are (as ``matter`` does for matters)."""
        return require_meeting(self.book.meeting(ref), self.book.meetings, ref)

    def matter(self, name: str) -> Matter:
        """The matter whose id or Chinese name is ``name``; ``InputError`` listing the known ones."""
        return self.router.matter(name)

    # -- answers -----------------------------------------------------------------------------
    def route(self, matter: str, /, **inputs: Any) -> Decision:
        """Decide ``matter`` for these inputs, e.g. ``route("fund_adjustment", amount="1500万")``."""
        router = self.router
        # Router.route, inlined: one call fewer on the common path.
        try:
            fast = router.fast.get(matter)
        except TypeError:  # route(["x"]): not a name at all
            raise InputError(
                "matter.invalid",
                f"事项应为编号或名称(文字),而不是 {type(matter).__name__}",
                f"the matter must be an id or a name (text), not a {type(matter).__name__}",
            ) from None
        answer = fast(inputs) if fast is not None else router.answer(matter, inputs)
        if type(answer) is Decision:
            return answer
        raise answer  # type: ignore[misc]  # not a Decision: the outcome's error

    def route_batch(
        self, matter: str, cases: Iterable[Mapping[str, Any]]
    ) -> list[Decision | RoutingError]:
        """Decide many cases of one matter, in order; a bad case yields its error, not a raise."""
        return self.router.route_batch(matter, cases)

    def coerce(self, matter: str, inputs: Mapping[str, Any]) -> dict[str, object]:
        """Check and convert raw inputs (text such as ``1500万``, ``是``) to typed values."""
        return self.router.coerce(matter, inputs)

    def route_many(
        self, header: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> Iterator[BatchRow]:
        """Route agenda rows of this jurisdiction; each row gets its decision or its error."""
        from routing._batch import route_rows  # noqa: PLC0415  # only agendas need the batch code

        return route_rows(header, rows, jurisdiction=self.jurisdiction, loader=lambda _: self)

    def route_frame(self, frame: Any, *, matter: str | None = None) -> Any:
        """Route every row of a pandas or polars DataFrame or an Arrow table; the same kind of
        frame back with the batch output's columns (see docs/batch.md)."""
        from routing._frames import route_frame  # noqa: PLC0415  # the frame libraries on use

        return route_frame(self, frame, matter=matter)

    @functools.cached_property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar: the official schedule and the workbook's 节假日 sheet."""
        from routing._workdays import WorkCalendar  # noqa: PLC0415  # only deadlines need it

        return WorkCalendar(self.book.holidays)

    def deadline(self, matter: str, /, **inputs: Any) -> Deadline:
        """By when ``matter`` is due, e.g. ``deadline("consultation_reply", received_date=…)``."""
        from routing._deadlines import compute_deadline  # noqa: PLC0415  # only deadlines need it

        def meeting_id(ref: str) -> str | None:
            body = self.book.body(ref.strip())
            return body.id if body is not None else None

        return compute_deadline(self.book.deadlines, self.calendar, matter, inputs, meeting_id)

    def meetings_of(self, outcome: Decision | Chain | Body, /) -> tuple[Meeting, ...]:
        """What the 会议 sheet says about each meeting ``outcome`` goes to, in chain order (a
        meeting the sheet does not describe is left out; () when it goes to none)."""
        from routing._timelimits import meeting_bodies  # noqa: PLC0415  # only meetings need it

        found = (self.book.meeting(body.id) for body in meeting_bodies(outcome))
        return tuple(meeting for meeting in found if meeting is not None)

    def time_limits(
        self, outcome: Decision | Chain | Body, /, **dates: Any
    ) -> tuple[TimeLimit, ...]:
        """The procedural 时限 of an outcome decided at a meeting (() when it goes to none).

        Each row counted from an input in ``dates`` (``meeting_date=…``) also gets its due date.
        """
        from routing._timelimits import time_limits  # noqa: PLC0415  # only meetings need it

        return time_limits(self.book.deadlines, self.calendar, outcome, dates)
