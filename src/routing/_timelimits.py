"""The procedural time limits (时限) that come with a matter decided at a meeting.

A routed outcome "goes to a meeting" when a body of its chain is a meeting: the 机构 sheet's 类型
column says 会议 (全体会议, 常务会议, 党组会议, 区长办公会议, 专题会议…). Such a decision brings the 时限 rows of
the meeting procedure: the rows whose 阶段 column places them in it — 准备 (replies to
consultations while the topic is being prepared), 会前 (submitting the topic material), 会后
(issuing the adopted documents) — in that order. A row applies to every meeting unless its 适用会议
column names the meetings it is confined to. Which rows those are is the workbook's to say: no
matter id is known here.

Dates are computed only for the rows whose 起算 input (``meeting_date``, ``received_date``,
``meeting_end_date``) is given; the others are listed with their period alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing._amounts import normalize_text
from routing._book import Decision
from routing._deadlines import deadline_of
from routing._errors import InputError
from routing._model import Body, Chain
from routing._timing import Stage, TimeLimit

if TYPE_CHECKING:
    from collections.abc import Mapping

    from routing._timing import DeadlineRule
    from routing._workdays import WorkCalendar


def meeting_bodies(outcome: Decision | Chain | Body) -> tuple[Body, ...]:
    """The meeting bodies an outcome passes through, in chain order, each once."""
    if isinstance(outcome, Body):
        bodies: tuple[Body, ...] = (outcome,)
    else:
        chain = outcome.chain if isinstance(outcome, Decision) else outcome
        bodies = () if chain is None else tuple(b for step in chain.steps for b in step.bodies)
    found: dict[str, Body] = {}
    for body in bodies:
        if body.is_meeting:
            found.setdefault(body.id, body)
    return tuple(found.values())


def time_limits(
    rules: tuple[DeadlineRule, ...],
    calendar: WorkCalendar,
    outcome: Decision | Chain | Body,
    dates: Mapping[str, Any],
) -> tuple[TimeLimit, ...]:
    """The meeting-procedure 时限 rows that apply to ``outcome``; () when it goes to no meeting.

    A row whose 起算 input is in ``dates`` also gets its due date; an unreadable date raises
    ``InputError`` like ``RuleBook.deadline``.
    """
    procedure = [rule for stage in Stage for rule in rules if rule.stage is stage]
    named = {_start_of(procedure, key) or key: value for key, value in dates.items()}
    starts = {rule.start for rule in procedure}
    unknown = sorted(key for key in named if key not in starts)
    if unknown:
        listed = sorted({rule.shown(rule.start) for rule in procedure})
        raise InputError(
            "date.unknown",
            f"时限不从「{'、'.join(unknown)}」起算;可用的起算日期:{'、'.join(listed) or '无'}",
            f"no time limit counts from {', '.join(unknown)}; "
            f"the dates they count from: {', '.join(listed) or 'none in this workbook'}",
        )
    dates = named
    meetings = meeting_bodies(outcome)
    if not meetings:
        return ()
    found = []
    for rule in procedure:
        applies = tuple(m for m in meetings if rule.applies_to(m.id))
        if applies:
            due = deadline_of(rule, calendar, dates) if rule.start in dates else None
            found.append(TimeLimit(rule, applies, due))
    return tuple(found)


def _start_of(procedure: list[DeadlineRule], key: str) -> str | None:
    """The 起算 input that ``key`` names by id or by its 输入名称 (会议日期 → meeting_date)."""
    text = normalize_text(key).strip()
    for rule in procedure:
        found = rule.subject.input(text) if rule.subject is not None else None
        if text == rule.start or (found is not None and found.id == rule.start):
            return rule.start
    return None
