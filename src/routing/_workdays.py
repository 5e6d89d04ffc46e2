"""The mainland-China working-day calendar: weekends and statutory holidays off, 调休上班 days on.

The official schedule comes from ``chinese-calendar`` (imported lazily, on the first question);
a workbook's 节假日 sheet adds or overrides dates. A date no source knows gives a warning, never
a silent guess.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import attrs

from routing._timing import CalendarEntry

if TYPE_CHECKING:
    from collections.abc import Iterable


@functools.cache
def _library_says(day: dt.date) -> bool | None:
    """The library's answer, ``None`` for a year it has no schedule for."""
    import chinese_calendar  # noqa: PLC0415  # lazy: the library loads its tables on import

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@attrs.frozen
class WorkCalendar:
    """Working days on the official schedule, with a workbook's own entries taking precedence."""

    entries: tuple[CalendarEntry, ...] = ()

    @functools.cached_property
    def _overrides(self) -> dict[dt.date, bool]:
        return {entry.date: entry.working for entry in self.entries}

    def known(self, day: dt.date) -> bool:
        """Whether the library or the sheet has a confirmed answer for ``day``."""
        return day in self._overrides or _library_says(day) is not None

    def is_working_day(self, day: dt.date) -> bool:
        """Working day? Unconfirmed years fall back to Monday–Friday (callers warn: ``unknown``)."""
        if day in self._overrides:
            return self._overrides[day]
        said = _library_says(day)
        return day.weekday() < 5 if said is None else said

    def unknown(self, days: Iterable[dt.date]) -> tuple[int, ...]:
        """The years among ``days`` that have no confirmed schedule."""
        return tuple(sorted({d.year for d in days if not self.known(d)}))

    def add_working_days(self, start: dt.date, count: int) -> tuple[dt.date, tuple[dt.date, ...]]:
        """The ``count``-th working day strictly after ``start`` (before it if negative), skips."""
        step = 1 if count >= 0 else -1
        day, found, skipped = start, 0, []
        while found < abs(count):
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                found += 1
            else:
                skipped.append(day)
        return day, tuple(skipped)

    def next_working_day(self, day: dt.date, step: int = 1) -> tuple[dt.date, tuple[dt.date, ...]]:
        """``day`` itself if it is a working day, else the nearest one in direction ``step``."""
        skipped = []
        while not self.is_working_day(day):
            skipped.append(day)
            day += dt.timedelta(days=step)
        return day, tuple(skipped)


def unknown_year_warning(years: tuple[int, ...]) -> str:
    """The warning attached when a result depends on an unconfirmed year."""
    listed = "、".join(str(y) for y in years)
    return (
        f"{listed}年的节假日安排尚未确认(库与「节假日」表均无记录),按周一至周五推算,请核对 / "
        f"no confirmed holiday schedule for {', '.join(map(str, years))}: "
        "weekdays were assumed, please check"
    )
