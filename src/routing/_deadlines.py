"""Deadlines (时限): the 时限 and 节假日 sheets, and the due date of a matter.

Conventions (see docs/deadlines.md): the starting day is not counted (民法典第二百零一条);
a calendar-day period after an event whose last day is not a working day ends on the next
working day (第二百零三条); "会议召开前N日" is read as "no later than the day N calendar days
before the meeting", moved back (not forward) to a working day, since moving forward would
shorten the time the meeting has.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from routing._cells import parse_date, parse_moment
from routing._errors import InputError, NoRuleError, ParseError
from routing._headers import DEADLINE_SHEETS, HOLIDAY_SHEETS
from routing._timing import CitesRule, Deadline, DeadlineRule, Direction, Unit
from routing._workdays import WorkCalendar, unknown_year_warning

if TYPE_CHECKING:
    from collections.abc import Mapping


# The sheet names and data classes live with the model; imported here, where they were first.
__all__ = [
    "DEADLINE_SHEETS",
    "HOLIDAY_SHEETS",
    "CitesRule",
    "Deadline",
    "DeadlineRule",
    "Direction",
    "Unit",
    "compute_deadline",
    "deadline_of",
]


def _parse_start(value: object, unit: Unit, name: str) -> dt.date | dt.datetime:
    if isinstance(value, dt.date):
        return value
    try:
        return parse_moment(value) if unit is Unit.HOURS else parse_date(value)
    except ParseError as error:
        raise InputError.from_parse(error, name) from None


def compute_deadline(
    rules: tuple[DeadlineRule, ...], calendar: WorkCalendar, matter: str, inputs: Mapping[str, Any]
) -> Deadline:
    """The deadline of ``matter``: the first 时限 row whose conditions the inputs meet."""
    given = _given(inputs)
    candidates = [r for r in rules if r.matter == matter]
    if not candidates:
        known = sorted({r.matter for r in rules})
        raise NoRuleError(
            "deadline.none",
            f"事项「{matter}」没有时限规则;有时限的事项:{'、'.join(known) or '无'}",
            f"no deadline rule for the matter {matter!r}; "
            f"matters with deadlines: {', '.join(known) or 'none'}",
        )
    _refuse_unknown_inputs(candidates, given)
    texts = {k: v for k, v in given.items() if isinstance(v, str)}
    rule = next((r for r in candidates if r.matches(texts)), None)
    if rule is None:
        raise NoRuleError(
            "deadline.no_match",
            f"事项「{matter}」没有与这些输入相符的时限规则",
            f"no deadline rule of {matter!r} matches these inputs",
        )
    if rule.start not in given:
        raise InputError(
            "deadline.start_missing",
            f"缺少起算输入 {rule.start}",
            f"the input {rule.start!r} (the starting date) is missing",
        )
    return deadline_of(rule, calendar, given)


def _given(inputs: Mapping[str, Any]) -> dict[str, dt.date | str]:
    return {k: v if isinstance(v, dt.date) else str(v) for k, v in inputs.items()}


def deadline_of(rule: DeadlineRule, calendar: WorkCalendar, inputs: Mapping[str, Any]) -> Deadline:
    """The deadline one 时限 row gives, counted from its 起算 input (which must be present)."""
    given = _given(inputs)
    texts = {k: v for k, v in given.items() if isinstance(v, str)}
    matter = rule.matter
    start = _parse_start(given[rule.start], rule.unit, rule.start)
    amount = rule.amount
    if rule.override and rule.override in texts:
        try:
            amount = int(texts[rule.override])
        except ValueError:
            raise InputError(
                "deadline.override",
                f"{rule.override} 应为整数",
                f"{rule.override} must be an integer",
            ) from None
    if rule.unit is Unit.HOURS:
        moment = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        delta = dt.timedelta(hours=amount)
        due: dt.date | dt.datetime = (
            moment - delta if rule.direction is Direction.BEFORE else moment + delta
        )
        return Deadline(matter, rule, start, due, amount, rule.unit, rule.direction)
    day = start.date() if isinstance(start, dt.datetime) else start
    sign = -1 if rule.direction is Direction.BEFORE else 1
    if rule.unit is Unit.WORKING_DAYS:
        due_day, skipped = calendar.add_working_days(day, sign * amount)
    else:
        end = day + dt.timedelta(days=sign * amount)
        due_day, skipped = calendar.next_working_day(end, sign)
    span = [
        day + dt.timedelta(days=i)
        for i in range(min(0, (due_day - day).days), max(0, (due_day - day).days) + 1)
    ]
    unknown = calendar.unknown(span)
    warnings = (unknown_year_warning(unknown),) if unknown else ()
    return Deadline(
        matter, rule, start, due_day, amount, rule.unit, rule.direction, skipped, warnings
    )


def _refuse_unknown_inputs(rules: list[DeadlineRule], given: Mapping[str, object]) -> None:
    # A misspelt input (recieved_date, majr=是) must not silently pick another row or be dropped.
    known = {"meeting"}
    for rule in rules:
        known.update(name for name, _ in rule.conditions)
        known.add(rule.start)
        if rule.override:
            known.add(rule.override)
    unknown = sorted(set(given) - known)
    if unknown:
        raise InputError(
            "input.unknown",
            f"时限规则不使用输入「{'、'.join(unknown)}」;可用:{'、'.join(sorted(known))}",
            f"the deadline rules take no input {', '.join(unknown)}; "
            f"known inputs: {', '.join(sorted(known))}",
        )
