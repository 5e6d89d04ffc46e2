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

from routing._amounts import normalize_text
from routing._cells import parse_date, parse_moment
from routing._deadline_names import MEETING_INPUT, DeadlineNames
from routing._errors import InputError, NoRuleError, ParseError
from routing._headers import DEADLINE_SHEETS, HOLIDAY_SHEETS
from routing._timing import CitesRule, Deadline, DeadlineRule, Direction, Unit
from routing._workdays import WorkCalendar, unknown_year_warning

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from routing._model import Matter


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
    rules: tuple[DeadlineRule, ...],
    calendar: WorkCalendar,
    matter: str,
    inputs: Mapping[str, Any],
    meeting_id: Callable[[str], str | None] | None = None,
) -> Deadline:
    """The deadline of ``matter``: the first 时限 row whose conditions the inputs meet.

    The matter, each input and each value may be given by id or by the Chinese name the 时限
    sheet gives it (征求意见, 收文日期=…); ``meeting_id`` turns a meeting's name into its body id.
    """
    from routing._names import unknown_deadline_matter  # noqa: PLC0415

    if any(r.subject is None for r in rules):  # rows built in code, not read from a sheet
        rules = tuple(DeadlineNames().attach(list(rules), []))
    subjects = {r.matter: r.subject for r in rules if r.subject is not None}
    folded = normalize_text(matter).strip()
    subject = next((m for m in subjects.values() if folded in {m.id, m.name}), None)
    if subject is None:
        known = {m.id: m.name if m.name != m.id else "" for m in subjects.values()}
        raise NoRuleError("deadline.none", *unknown_deadline_matter(matter, known))
    candidates = [r for r in rules if r.matter == subject.id]
    given = _named(subject, _given(inputs), meeting_id)
    texts = {k: v for k, v in given.items() if isinstance(v, str)}
    rule = next((r for r in candidates if r.matches(texts)), None)
    if rule is None:
        raise NoRuleError(
            "deadline.no_match",
            f"事项「{subject.shown}」没有与这些输入相符的时限规则",
            f"no deadline rule of {subject.shown} matches these inputs",
        )
    if rule.start not in given:
        raise InputError(
            "deadline.start_missing",
            f"缺少起算输入 {rule.shown(rule.start)}",
            f"the input {rule.shown(rule.start)} (the starting date) is missing",
        )
    return deadline_of(rule, calendar, given)


def _named(
    subject: Matter,
    given: Mapping[str, dt.date | str],
    meeting_id: Callable[[str], str | None] | None,
) -> dict[str, dt.date | str]:
    """The inputs under their ids, each choice by its id; a name the rules do not use is refused,
    so that a misspelt input (recieved_date, majr=是) never silently picks another row."""
    named: dict[str, dt.date | str] = {}
    unknown = []
    for key, written in given.items():
        input_ = subject.input(normalize_text(key).strip())
        if input_ is None:
            unknown.append(key)
            continue
        value = written
        if isinstance(written, str) and input_.choices:
            choice = input_.choice(normalize_text(written).strip())
            value = choice.id if choice is not None else written
        elif isinstance(written, str) and input_.id == MEETING_INPUT.id and meeting_id is not None:
            value = meeting_id(written) or written
        named[input_.id] = value
    if unknown:
        from routing._names import close_matches, did_you_mean  # noqa: PLC0415  # a refusal

        known = [i.shown for i in subject.inputs]
        near = close_matches(unknown[0], {i.id: i.label for i in subject.inputs})
        hint, hint_en = did_you_mean(near)
        raise InputError(
            "input.unknown",
            f"{subject.shown} 的时限规则不使用输入「{'、'.join(unknown)}」"
            f"{hint};可用:{'、'.join(known)}",
            f"the deadline rules of {subject.shown} take no input {', '.join(unknown)}"
            f"{hint_en}; known inputs: {', '.join(known)}",
        )
    return named


def _given(inputs: Mapping[str, Any]) -> dict[str, dt.date | str]:
    return {k: v if isinstance(v, dt.date) else str(v) for k, v in inputs.items()}


def deadline_of(rule: DeadlineRule, calendar: WorkCalendar, inputs: Mapping[str, Any]) -> Deadline:
    """The deadline one 时限 row gives, counted from its 起算 input (which must be present)."""
    given = _given(inputs)
    texts = {k: v for k, v in given.items() if isinstance(v, str)}
    start = _parse_start(given[rule.start], rule.unit, rule.shown(rule.start))
    amount = rule.amount
    if rule.override and rule.override in texts:
        amount = _override(rule, texts[rule.override])
    try:
        return _counted(rule, calendar, start, amount)
    except OverflowError:
        # A start near 0001-01-01 or 9999-12-31 counted past the end of the calendar.
        raise InputError(
            "deadline.out_of_range",
            f"{rule.start}={start}:按{rule.period}推算的日期超出日历范围(公元1年至9999年)",
            f"{rule.start}={start}: counting {rule.period} goes past the calendar "
            "(years 1 to 9999)",
            location=rule.location,
        ) from None


OVERRIDE_RANGE = {Unit.WORKING_DAYS: 250, Unit.CALENDAR_DAYS: 366, Unit.HOURS: 24 * 31}
"""Largest period an input may set, per unit: a year of working or calendar days, a month of hours.

A period the lead department sets (主办部门另有时限要求) is days or weeks in practice; a year is far
beyond any consultation, and the bound keeps the working-day count (one step per day) instant.
Zero and negative periods are refused: they would put the due date on or before the start.
"""


def _override(rule: DeadlineRule, text: str) -> int:
    largest = OVERRIDE_RANGE[rule.unit]
    unit = rule.unit.value
    try:
        amount = int(normalize_text(text)) if len(text) <= 20 else None
    except ValueError:
        amount = None
    if amount is None or not 1 <= amount <= largest:
        raise InputError(
            "deadline.override_range",
            f"{rule.override} 应为 1 至 {largest} 之间的整数({unit}),而不是「{text[:20]}」",
            f"{rule.override} must be a whole number from 1 to {largest} "
            f"({rule.unit.name.lower().replace('_', ' ')}), "
            f"not {text[:20]!r}",
            location=rule.location,
        )
    return amount


def _counted(
    rule: DeadlineRule, calendar: WorkCalendar, start: dt.date | dt.datetime, amount: int
) -> Deadline:
    matter = rule.matter
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
