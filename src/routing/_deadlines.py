"""Deadlines (时限): the 时限 and 节假日 sheets, and the due date of a matter.

Conventions (see docs/deadlines.md): the starting day is not counted (民法典第二百零一条);
a calendar-day period after an event whose last day is not a working day ends on the next
working day (第二百零三条); "会议召开前N日" is read as "no later than the day N calendar days
before the meeting", moved back (not forward) to a working day, since moving forward would
shorten the time the meeting has.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from routing._amounts import normalize_text, parse_amount
from routing._cells import parse_bool, parse_date, split_values
from routing._errors import InputError, Location, NoRuleError, ParseError, Problem
from routing._workdays import CalendarEntry, WorkCalendar, unknown_year_warning

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from routing._reader import CellValue, RawSheet, RawWorkbook

DEADLINE_SHEETS = ("时限", "deadlines")
HOLIDAY_SHEETS = ("节假日", "holidays")


class Unit(enum.Enum):
    """How the period is counted."""

    WORKING_DAYS = "工作日"
    CALENDAR_DAYS = "日"
    HOURS = "小时"


class Direction(enum.Enum):
    """Whether the deadline falls before or after the starting event."""

    BEFORE = "前"
    AFTER = "后"

    @property
    def side(self) -> str:
        """The direction in words: ``之前`` or ``之后``."""
        return "之前" if self is Direction.BEFORE else "之后"


@attrs.frozen
class DeadlineRule:
    """One row of the 时限 sheet."""

    id: str
    matter: str
    conditions: tuple[tuple[str, str], ...]
    start: str
    direction: Direction
    amount: int
    unit: Unit
    consequence: str
    clause: str
    quote: str
    note: str
    location: Location
    override: str = ""
    meetings: tuple[str, ...] = ()
    """The meeting bodies (ids) the row is confined to, from the 适用会议 column; () = no limit."""

    def matches(self, inputs: Mapping[str, str]) -> bool:
        """The conditions hold, and a given ``meeting`` input is one the row applies to."""
        meeting = inputs.get("meeting")
        if meeting is not None and not self.applies_to(meeting):
            return False
        return all(_same(inputs.get(name), value) for name, value in self.conditions)

    def applies_to(self, meeting: str) -> bool:
        """Whether the row applies to the meeting body ``meeting`` (an id)."""
        return not self.meetings or normalize_text(meeting).strip() in self.meetings


class CitesRule:
    """Clause, quote and consequence read through to the 时限 row an answer comes from."""

    rule: DeadlineRule

    @property
    def clause(self) -> str:
        return self.rule.clause

    @property
    def quote(self) -> str:
        return self.rule.quote

    @property
    def consequence(self) -> str:
        return self.rule.consequence


@attrs.frozen
class Deadline(CitesRule):
    """The answer: when, counted how, under which clause, skipping which days, with any warnings."""

    matter: str
    rule: DeadlineRule
    start: dt.date | dt.datetime
    due: dt.date | dt.datetime
    amount: int
    unit: Unit
    direction: Direction
    skipped: tuple[dt.date, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def counting(self) -> str:
        """The counting rule in words, e.g. ``之前 5 日``."""
        return f"{self.direction.side} {self.amount} {self.unit.value}"


def _same(given: str | None, expected: str) -> bool:
    """``given`` meets ``expected``: ``-`` is any, ``a、b`` is either, 是/否 compare as booleans."""
    if given is None:
        return expected in {"-", ""}
    if expected in {"-", ""}:
        return True
    alternatives = split_values(expected)
    if len(alternatives) > 1:
        return any(_same(given, alternative) for alternative in alternatives)
    try:
        return parse_bool(given) is parse_bool(expected)
    except ParseError:
        return normalize_text(given) == normalize_text(expected)


def _text(value: CellValue) -> str:
    return "" if value is None else normalize_text(str(value)).strip()


_COLUMNS = {
    "编号": "id",
    "事项": "matter",
    "条件": "conditions",
    "起算": "start",
    "方向": "direction",
    "期限": "amount",
    "单位": "unit",
    "可由输入覆盖": "override",
    "后果": "consequence",
    "条款": "clause",
    "原文": "quote",
    "说明": "note",
    "适用会议": "meetings",
}


_REQUIRED = frozenset({"matter", "start", "direction", "amount", "unit", "clause", "quote"})


_UNITS = {
    **{unit.value: unit for unit in Unit},
    "个工作日": Unit.WORKING_DAYS,
    "天": Unit.CALENDAR_DAYS,
    "自然日": Unit.CALENDAR_DAYS,
    "日历日": Unit.CALENDAR_DAYS,
    "个小时": Unit.HOURS,
}
_MAX_PERIOD = 3660  # ten years in days: a larger 期限 is a typo, not a rule


def _read_period(
    get: Callable[[str], str], cells: Mapping[str, Location]
) -> tuple[Direction, int, Unit] | list[Problem]:
    """方向, 期限 and 单位 of one 时限 row, or a problem naming each cell that is wrong."""
    problems = []
    text = get("direction").removeprefix("之").removeprefix("以")
    direction = next((d for d in Direction if d.value == text), None)
    if direction is None:
        problems.append(
            Problem(
                "deadline.direction",
                f"方向「{get('direction')}」应为 前 或 后",
                f"direction {get('direction')!r} must be 前 (before) or 后 (after)",
                cells.get("direction"),
            )
        )
    unit = _UNITS.get(get("unit"))
    if unit is None:
        problems.append(
            Problem(
                "deadline.unit",
                f"单位「{get('unit')}」应为 工作日、日 或 小时",
                f"unit {get('unit')!r} must be 工作日 (working days), 日 (days) or 小时 (hours)",
                cells.get("unit"),
            )
        )
    try:
        period = parse_amount(get("amount"))
    except ParseError:
        period = None
    if period is None or period != period.to_integral_value() or period > _MAX_PERIOD:
        problems.append(
            Problem(
                "deadline.period",
                f"期限「{get('amount')}」应为不超过 {_MAX_PERIOD} 的整数,如 7 或 七",
                f"period {get('amount')!r} must be a whole number up to {_MAX_PERIOD}, e.g. 7",
                cells.get("amount"),
            )
        )
    if not get("start"):
        problems.append(
            Problem(
                "deadline.start_empty",
                "「起算」不能为空:写起算日期的输入编号,如 meeting_date",
                "the start cell is empty: name the input the period counts from, e.g. meeting_date",
                cells.get("start"),
            )
        )
    if problems or direction is None or unit is None or period is None:
        return problems
    return direction, int(period), unit


def parse_deadline_sheets(
    raw: RawWorkbook,
) -> tuple[tuple[DeadlineRule, ...], tuple[CalendarEntry, ...], list[Problem]]:
    """The 时限 rules and 节假日 entries of a workbook, and every problem found in them."""
    problems: list[Problem] = []
    rules: list[DeadlineRule] = []
    entries: list[CalendarEntry] = []
    found = raw.sheet(*DEADLINE_SHEETS)
    if found is not None and found.rows:
        sheet = found
        header = {_COLUMNS.get(_text(v), ""): c for c, v in enumerate(sheet.rows[0], 1)}
        missing = [
            zh for zh, field in _COLUMNS.items() if field in _REQUIRED and field not in header
        ]
        if missing:
            problems.append(
                Problem(
                    "header.missing",
                    f"「时限」表缺少列:{'、'.join(missing)}",
                    f"the deadlines sheet lacks the columns {', '.join(missing)}",
                    raw.location(sheet.name, 1),
                )
            )
        # Without its required columns no row can be read; the missing header says why.
        for row in range(2, len(sheet.rows) + 1 if not missing else 2):

            def get(field: str, row: int = row, sheet: RawSheet = sheet) -> str:
                return _text(sheet.value(row, header[field])) if field in header else ""

            if not get("matter"):
                continue
            location = raw.location(sheet.name, row)
            cells = {
                field: raw.location(sheet.name, row, column) for field, column in header.items()
            }
            read = _read_period(get, cells)
            if isinstance(read, list):
                problems.extend(read)
                continue
            direction, amount, unit = read
            conditions = tuple(
                (name.strip(), value.strip())
                for part in get("conditions").replace("\n", ";").split(";")
                if part.strip()
                for name, _, value in [part.partition("=")]
            )
            rules.append(
                DeadlineRule(
                    get("id"),
                    get("matter"),
                    conditions,
                    get("start"),
                    direction,
                    amount,
                    unit,
                    get("consequence"),
                    get("clause"),
                    get("quote"),
                    get("note"),
                    location,
                    get("override"),
                    tuple(split_values(get("meetings"))),
                )
            )
    holiday_sheet = raw.sheet(*HOLIDAY_SHEETS)
    if holiday_sheet is not None:
        sheet = holiday_sheet
        for row in range(2, len(sheet.rows) + 1):
            if sheet.value(row, 1) in {None, ""}:
                continue
            location = raw.location(sheet.name, row)
            kind = _text(sheet.value(row, 2))
            try:
                day = parse_date(sheet.value(row, 1))
            except ParseError as error:
                problems.append(Problem(error.code, error.message, error.message_en, location))
                continue
            if kind not in {"假日", "调休上班"}:
                problems.append(
                    Problem(
                        "holiday.kind",
                        f"类型「{kind}」应为 假日 或 调休上班",
                        f"type {kind!r} must be 假日 or 调休上班",
                        location,
                    )
                )
                continue
            entries.append(CalendarEntry(day, kind == "调休上班", _text(sheet.value(row, 3))))
    return tuple(rules), tuple(entries), problems


def _parse_start(value: object, unit: Unit, name: str) -> dt.date | dt.datetime:
    if isinstance(value, dt.date):
        return value
    text = normalize_text(str(value)).strip()
    if unit is Unit.HOURS:
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    try:
        return parse_date(text)
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
