"""Deadlines as data: the 时限 rows, the 节假日 entries, and the answers counted from them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import attrs

from routing._amounts import normalize_text
from routing._errors import Location, ParseError
from routing._model import Body, Matter, labelled
from routing._values import parse_bool, split_values

if TYPE_CHECKING:
    from collections.abc import Mapping


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


class Stage(enum.Enum):
    """Where a 时限 row falls in a meeting's procedure (the 阶段 column), in procedure order.

    A row with a stage comes with every decision that goes to a meeting (``time_limits``); a row
    without one is a deadline of its own, asked with ``routing deadline``.
    """

    PREPARATION = "准备"
    BEFORE = "会前"
    AFTER = "会后"

    @property
    def english(self) -> str:
        return self.name.lower()


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
    stage: Stage | None = None
    """Its place in a meeting's procedure (阶段); ``None``: not part of one."""
    subject: Matter | None = None
    """The matter with its Chinese name and its inputs (起算, 可由输入覆盖, 条件 and ``meeting``)
    labelled from the 事项名称, 输入名称 and 取值名称 columns; the same for every row of it."""

    def matches(self, inputs: Mapping[str, str]) -> bool:
        """The conditions hold, and a given ``meeting`` input is one the row applies to."""
        meeting = inputs.get("meeting")
        if meeting is not None and not self.applies_to(meeting):
            return False
        return all(_same(inputs.get(name), value) for name, value in self.conditions)

    @property
    def conditions_text(self) -> str:
        """The 条件 as written back, e.g. ``major=是``; ``""`` for none."""
        return ";".join(f"{name}={value}" for name, value in self.conditions)

    @property
    def conditions_shown(self) -> tuple[str, ...]:
        """Each 条件 in the workbook's words: ``重大事项(major)=是``, alternatives joined by 或."""
        return tuple(
            f"{self.shown(name)}={self._value_shown(name, value)}"
            for name, value in self.conditions
        )

    def _value_shown(self, name: str, value: str) -> str:
        found = self.subject.input(name) if self.subject is not None else None
        shown = []
        for part in split_values(value):
            choice = found.choice(part) if found is not None else None
            shown.append(labelled(choice.id, choice.label) if choice is not None else part)
        return " 或 ".join(shown)

    def shown(self, input_id: str) -> str:
        """An input of the row as ``收文日期(received_date)``; the id when it has no 输入名称."""
        found = self.subject.input(input_id) if self.subject is not None else None
        return found.shown if found is not None else input_id

    @property
    def matter_name(self) -> str:
        """The matter's Chinese name from 事项名称 (``征求意见``); ``""`` when the sheet gives none."""
        subject = self.subject
        return subject.name if subject is not None and subject.name != self.matter else ""

    @property
    def matter_label(self) -> str:
        """``征求意见(consultation_reply)``; the bare id for a matter without a Chinese name."""
        return labelled(self.matter, self.matter_name)

    @property
    def period(self) -> str:
        """The period in words: ``收文日期(received_date) 之后 7(或 主办部门时限(lead_department_
        deadline)) 工作日``."""
        override = f"(或 {self.shown(self.override)})" if self.override else ""
        start = self.shown(self.start)
        return f"{start} {self.direction.side} {self.amount}{override} {self.unit.value}"

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


@attrs.frozen
class CalendarEntry:
    """One row of a 节假日 sheet: the date, whether it is a working day, and why."""

    date: dt.date
    working: bool
    note: str = ""


@attrs.frozen
class TimeLimit(CitesRule):
    """One procedural time limit of a meeting decision, with its due date when it could be counted.

    ``meetings`` are the meeting bodies of the outcome the row applies to; ``deadline`` is ``None``
    unless the row's 起算 input was given.
    """

    rule: DeadlineRule
    meetings: tuple[Body, ...]
    deadline: Deadline | None = None

    @property
    def matter(self) -> str:
        return self.rule.matter

    @property
    def start(self) -> str:
        """The input the period is counted from, e.g. ``meeting_date``."""
        return self.rule.start

    @property
    def amount(self) -> int:
        return self.rule.amount if self.deadline is None else self.deadline.amount

    @property
    def unit(self) -> Unit:
        return self.rule.unit

    @property
    def direction(self) -> Direction:
        return self.rule.direction

    @property
    def counting(self) -> str:
        """The period in words, e.g. ``会议日期(meeting_date) 之前 3 日``."""
        start = self.rule.shown(self.start)
        return f"{start} {self.direction.side} {self.amount} {self.unit.value}"
