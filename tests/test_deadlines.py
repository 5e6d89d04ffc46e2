"""Deadlines on the Chinese working-day calendar: the calendar, the 时限 sheets, the CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import BODIES, MATTERS, about, write_xlsx
from routing._cells import parse_date, parse_moment
from routing._deadlines import DeadlineRule, Direction, Unit, deadline_of
from routing._errors import Location, ParseError
from routing._timing import CalendarEntry
from routing._verify_deadlines import covers
from routing._workdays import WorkCalendar

D = dt.date
KNOWN_DAYS = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))
DEADLINE_HEADER = [
    "编号",
    "事项",
    "条件",
    "起算",
    "方向",
    "期限",
    "单位",
    "可由输入覆盖",
    "后果",
    "条款",
    "原文",
    "说明",
]
REPLY_ROW = [
    "reply",
    "consultation_reply",
    "",
    "received_date",
    "后",
    7,
    "工作日",
    "",
    "逾期不回复视为无不同意见",
    "第五十条",
    "一般应在7个工作日内回复",
    "",
]


class TestCalendar:
    """The official schedule, with make-up working days."""

    def test_national_day_2026(self):
        """7 working days from 2026-09-28 skip 10-01…10-07, count Saturday 10-10, land on 10-13."""
        due, skipped = WorkCalendar().add_working_days(D(2026, 9, 28), 7)
        assert due == D(2026, 10, 13)
        assert skipped == (*(D(2026, 10, day) for day in range(1, 8)), D(2026, 10, 11))
        assert WorkCalendar().is_working_day(D(2026, 10, 10))

    def test_spring_festival_2026(self):
        """3 working days from 2026-02-12 count Saturday 02-14 and skip 02-15…02-23."""
        due, skipped = WorkCalendar().add_working_days(D(2026, 2, 12), 3)
        assert due == D(2026, 2, 24)
        assert skipped == tuple(D(2026, 2, day) for day in range(15, 24))

    def test_new_year_2026(self):
        """2 working days from 2025-12-30 skip 01-01…01-03 and count Sunday 2026-01-04."""
        assert WorkCalendar().add_working_days(D(2025, 12, 30), 2)[0] == D(2026, 1, 4)

    def test_override(self):
        """A sheet entry beats the library."""
        calendar = WorkCalendar((CalendarEntry(D(2026, 9, 29), working=False),))
        assert calendar.add_working_days(D(2026, 9, 28), 1)[0] == D(2026, 9, 30)

    def test_unknown_year(self):
        """Years after the library's range are unknown."""
        assert WorkCalendar().unknown([D(2027, 1, 4), D(2026, 12, 31)]) == (2027,)


class TestProperties:
    """Adding working days, for any start and count."""

    @given(KNOWN_DAYS, st.integers(min_value=0, max_value=60))
    def test_lands_on_working_day_and_counts_exactly(self, start, n):
        """The result is a working day and exactly N working days lie in (start, result]."""
        calendar = WorkCalendar()
        due, _ = calendar.add_working_days(start, n)
        if n:
            assert calendar.is_working_day(due)
        days = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
        assert sum(calendar.is_working_day(day) for day in days) == n

    @given(KNOWN_DAYS, st.integers(min_value=0, max_value=40))
    def test_monotone(self, start, n):
        """The result never moves backwards as N grows."""
        calendar = WorkCalendar()
        assert calendar.add_working_days(start, n)[0] <= calendar.add_working_days(start, n + 1)[0]


class TestShippedDeadlines:
    """The Mengla and Tongzhou 时限 sheets."""

    def test_consultation_reply(self):
        """Mengla: 7 working days, silence is no objection."""
        answer = routing.load("mengla").deadline("consultation_reply", received_date="2026-09-28")
        assert answer.due == D(2026, 10, 13)
        assert answer.unit is routing.Unit.WORKING_DAYS
        assert answer.consequence == "逾期不回复视为无不同意见"
        assert "7个工作日内回复" in answer.quote
        assert not answer.warnings

    def test_lead_department_deadline(self):
        """The lead department's own period replaces the 7 days."""
        answer = routing.load("mengla").deadline(
            "consultation_reply", received_date="2026-09-28", lead_department_deadline="3"
        )
        assert answer.due == D(2026, 10, 8)

    def test_topic_submission(self):
        """3 days before, 5 for major matters, moved back off a holiday."""
        book = routing.load("mengla")
        assert book.deadline("topic_submission", meeting_date="2026-09-24").due == D(2026, 9, 21)
        assert book.deadline("topic_submission", meeting_date="2026-10-09", major="是").due == D(
            2026, 9, 30
        )

    def test_tongzhou_topic_submission(self):
        """Tongzhou: at least 3 days before; 10-04 is a holiday, so 09-30."""
        answer = routing.load("tongzhou").deadline("topic_submission", meeting_date="2026-10-07")
        assert answer.due == D(2026, 9, 30)
        assert answer.clause == "四十八、"

    def test_issue_after_meeting(self):
        """5 working days after the meeting."""
        book = routing.load("mengla")
        assert book.deadline(
            "document_issue_after_meeting", meeting_end_date="2026-09-30"
        ).due == D(2026, 10, 13)

    def test_filing_rolls_to_next_working_day(self):
        """30 calendar days ending on a holiday end on the next working day (民法典第二百零三条)."""
        answer = routing.load("tongzhou").deadline(
            "normative_doc_filing", published_date="2026-09-04"
        )
        assert answer.due == D(2026, 10, 8)
        assert D(2026, 10, 4) in answer.skipped

    def test_public_opinion_hours(self):
        """24 hours are clock hours."""
        answer = routing.load("tongzhou").deadline(
            "public_opinion_response", event_time="2026-09-30T10:00"
        )
        assert answer.due == dt.datetime(2026, 10, 1, 10, 0)

    def test_beyond_schedule_warns(self):
        """A result in 2027 carries a warning instead of a silent guess."""
        answer = routing.load("tongzhou").deadline(
            "normative_doc_filing", published_date="2026-12-10"
        )
        assert answer.warnings
        assert "2027" in answer.warnings[0]

    def test_no_rule(self):
        """A matter without a deadline row is a domain outcome."""
        with pytest.raises(routing.NoRuleError):
            routing.load("mengla").deadline("fund_adjustment", received_date="2026-09-28")


class TestHolidaySheet:
    """A 节假日 sheet in a real workbook changes the answer."""

    def test_sheet_entry(self, tmp_path):
        """Declaring 2026-09-29 a holiday moves the due date one working day later."""
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "时限": [DEADLINE_HEADER, REPLY_ROW],
        }
        plain = routing.load(write_xlsx(tmp_path / "plain.xlsx", sheets))
        sheets["节假日"] = [
            ["日期", "类型", "说明"],
            [dt.datetime(2026, 9, 29), "假日", "本地假日"],
        ]
        local = routing.load(write_xlsx(tmp_path / "local.xlsx", sheets))
        assert plain.deadline("consultation_reply", received_date="2026-09-28").due == D(
            2026, 10, 13
        )
        assert local.deadline("consultation_reply", received_date="2026-09-28").due == D(
            2026, 10, 14
        )

    def test_missing_column(self, tmp_path):
        """A 时限 sheet without its 起算 column is reported, not ignored."""
        header = [c for c in DEADLINE_HEADER if c != "起算"]
        row = [v for c, v in zip(DEADLINE_HEADER, REPLY_ROW, strict=True) if c != "起算"]
        sheets = {"说明": about(), "机构": BODIES, "事项": MATTERS, "时限": [header, row]}
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(write_xlsx(tmp_path / "nostart.xlsx", sheets))
        # One problem, at the header: the rows cannot be read without the column.
        (problem,) = caught.value.problems
        assert problem.code == "header.missing"
        assert problem.location is not None
        assert problem.location.row == 1

    def test_bad_kind(self, tmp_path):
        """An unknown 类型 is reported, not ignored."""
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "节假日": [["日期", "类型", "说明"], ["2026-09-29", "周末", ""]],
        }
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(write_xlsx(tmp_path / "bad.xlsx", sheets))
        (problem,) = caught.value.problems
        assert (problem.code, problem.location.cell) == ("holiday.kind", "B2")

    def test_calendar_marks_and_duplicates(self, tmp_path):
        """休/班 as printed calendars write them are read; a date listed twice is named."""
        rows = [["日期", "类型", "说明"], ["2026-09-29", "休", ""], ["2026-10-11", "班", ""]]
        sheets = {"说明": about(), "机构": BODIES, "事项": MATTERS, "节假日": rows}
        book = routing.load(write_xlsx(tmp_path / "marks.xlsx", sheets))
        assert [(e.date, e.working) for e in book.holidays] == [
            (D(2026, 9, 29), False),
            (D(2026, 10, 11), True),
        ]
        sheets["节假日"] = [*rows, ["2026年9月29日", "调休上班", ""]]
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(write_xlsx(tmp_path / "twice.xlsx", sheets))
        (problem,) = caught.value.problems
        assert (problem.code, problem.location.cell) == ("holiday.duplicate", "A4")


class TestCli:
    """routing deadline through click's CliRunner."""

    def run(self, *args):
        from routing_cli import cli

        return CliRunner().invoke(cli, list(args))

    def test_text(self):
        """Shows the due date and the skipped holidays."""
        result = self.run("deadline", "mengla", "consultation_reply", "received_date=2026-09-28")
        assert result.exit_code == 0
        assert "2026-10-13" in result.output
        assert "2026-10-01" in result.output

    def test_json(self):
        """--json gives the due date, the clause and the skipped days."""
        result = self.run(
            "deadline", "mengla", "consultation_reply", "received_date=2026-09-28", "--json"
        )
        data = json.loads(result.output)
        assert {"jurisdiction": "mengla", "inputs": {"received_date": "2026-09-28"}} == {
            k: data[k] for k in ("jurisdiction", "inputs")
        }
        deadline = data["deadline"]
        assert deadline["due"] == "2026-10-13"
        assert deadline["unit"] == "working_days"
        assert "2026-10-07" in deadline["skipped"]

    def test_no_rule(self):
        """Exit 1 when no deadline rule applies."""
        assert self.run("deadline", "mengla", "fund_adjustment", "x=1").exit_code == 1

    def test_bad_input(self):
        """Exit 2 for an unreadable date or a malformed argument."""
        assert (
            self.run("deadline", "mengla", "consultation_reply", "received_date=bad").exit_code == 2
        )
        assert self.run("deadline", "mengla", "consultation_reply", "oops").exit_code == 2

    def test_misspelt_input(self):
        """A misspelt input is input.unknown (exit 2) naming the known ones, never ignored."""
        result = self.run(
            "deadline", "mengla", "topic_submission", "meeting_date=2026-10-09", "majr=是"
        )
        assert result.exit_code == 2
        assert "input.unknown" in result.output
        assert "major" in result.output

    def test_unknown_matter_lists_matters_with_deadlines(self):
        result = self.run("deadline", "mengla", "fund_adjustment", "x=1")
        assert "consultation_reply" in result.output


class TestDongchuanDeadlines:
    """The Dongchuan 时限 sheet (第二十一条, 第二十二条, 第二十六条, 第三十条)."""

    @pytest.fixture
    def book(self):
        return routing.load("dongchuan")

    @pytest.mark.parametrize(
        ("meeting", "due"),
        [
            ("2026-10-09", D(2026, 9, 30)),  # 10-07 is a holiday: back to 09-30
            ("2026-02-25", D(2026, 2, 14)),  # 02-23 is Spring Festival: back to Saturday 02-14
            ("2026-01-05", D(2025, 12, 31)),  # 01-03 is New Year: back to 2025-12-31
        ],
    )
    def test_topic_submission(self, book, meeting, due):
        """Meeting papers reach the head at least 2 days before, moved back off holidays."""
        answer = book.deadline("topic_submission", meeting_date=meeting)
        assert answer.due == due
        assert answer.clause == "第二十一条"
        assert answer.unit is routing.Unit.CALENDAR_DAYS
        assert answer.direction is routing.Direction.BEFORE
        assert answer.consequence == ""
        assert not answer.warnings

    @pytest.mark.parametrize(
        ("received", "due"),
        [
            ("2026-09-28", D(2026, 10, 13)),  # National Day; Saturday 10-10 counts
            ("2026-02-12", D(2026, 2, 28)),  # Spring Festival; Saturdays 02-14 and 02-28 count
            ("2025-12-30", D(2026, 1, 9)),  # New Year; Sunday 01-04 counts
        ],
    )
    def test_consultation_reply(self, book, received, due):
        """7 working days; silence is no objection."""
        answer = book.deadline("consultation_reply", received_date=received)
        assert answer.due == due
        assert answer.clause == "第三十条"
        assert answer.consequence == "逾期不回复的视为无不同意见"
        assert answer.unit is routing.Unit.WORKING_DAYS

    def test_consultation_reply_lead_department(self, book):
        """The lead department's own period (working days) replaces the 7."""
        answer = book.deadline(
            "consultation_reply", received_date="2026-09-28", lead_department_deadline="3"
        )
        assert answer.due == D(2026, 10, 8)
        assert answer.amount == 3

    @pytest.mark.parametrize(
        ("end", "due"),
        [
            ("2026-09-30", D(2026, 10, 13)),
            ("2026-02-12", D(2026, 2, 26)),
            ("2025-12-30", D(2026, 1, 7)),
        ],
    )
    def test_document_issue_after_meeting(self, book, end, due):
        """Documents adopted at the meeting are issued within 5 working days."""
        answer = book.deadline("document_issue_after_meeting", meeting_end_date=end)
        assert answer.due == due
        assert answer.clause == "第二十二条"
        assert answer.consequence == ""

    @pytest.mark.parametrize(
        ("event", "due"),
        [
            ("2026-10-12", D(2026, 9, 21)),  # skips National Day and Mid-Autumn (09-25)
            ("2026-02-27", D(2026, 2, 6)),
            ("2026-01-06", D(2025, 12, 22)),
        ],
    )
    def test_district_meeting_request(self, book, event, due):
        """A department's district-wide meeting is requested 10 working days ahead."""
        answer = book.deadline("district_meeting_request", event_date=event)
        assert answer.due == due
        assert answer.clause == "第二十六条"
        assert answer.direction is routing.Direction.BEFORE
        assert answer.consequence == ""

    def test_meeting_scope(self, book):
        """Topic submission is confined to the plenary and standing meetings."""
        answer = book.deadline(
            "topic_submission", meeting="standing_meeting", meeting_date="2026-10-09"
        )
        assert answer.due == D(2026, 9, 30)
        with pytest.raises(routing.NoRuleError):
            book.deadline("topic_submission", meeting="topic_meeting", meeting_date="2026-10-09")

    def test_no_foreign_affairs_invitation(self, book):
        """Dongchuan states no period for foreign-affairs invitations."""
        with pytest.raises(routing.NoRuleError) as caught:
            book.deadline("foreign_affairs_invitation", event_date="2026-10-12")
        assert caught.value.code == "deadline.none"


class TestShuangyangDeadlines:
    """The Shuangyang 时限 sheet (五十二、 and 三十六、)."""

    @pytest.fixture
    def book(self):
        return routing.load("shuangyang")

    @pytest.mark.parametrize(
        ("meeting", "due"),
        [
            ("2026-10-08", D(2026, 9, 30)),
            ("2026-02-24", D(2026, 2, 14)),
            ("2026-01-04", D(2025, 12, 31)),
        ],
    )
    def test_topic_submission(self, book, meeting, due):
        """Standing-meeting papers reach the office at least 1 day before."""
        answer = book.deadline("topic_submission", meeting_date=meeting)
        assert answer.due == due
        assert answer.clause == "五十二、"
        assert answer.consequence == ""

    def test_topic_submission_only_standing_meeting(self, book):
        """The text sets no period for the plenary or the party group."""
        with pytest.raises(routing.NoRuleError):
            book.deadline("topic_submission", meeting="plenary", meeting_date="2026-10-08")

    @pytest.mark.parametrize("event", ["major_emergency", "especially_major_emergency"])
    @pytest.mark.parametrize(
        ("action", "start", "due"),
        [
            (
                "authoritative_information",
                "2026-09-30T22:00",
                dt.datetime(2026, 10, 1, 3, 0),
            ),
            ("press_conference", "2026-09-30T22:00", dt.datetime(2026, 10, 1, 22, 0)),
            ("authoritative_information", "2026-02-16T21:30", dt.datetime(2026, 2, 17, 2, 30)),
            ("press_conference", "2025-12-31T20:00", dt.datetime(2026, 1, 1, 20, 0)),
        ],
    )
    def test_public_opinion(self, book, event, action, start, due):
        """5 hours for authoritative information, 24 for a press conference; holidays don't stop the clock."""
        answer = book.deadline(
            "public_opinion_response", event=event, action=action, event_time=start
        )
        assert answer.due == due
        assert answer.unit is routing.Unit.HOURS
        assert answer.clause == "三十六、"
        assert answer.consequence == ""

    def test_public_opinion_other_events(self, book):
        """Other events, or no action named, have no stated period."""
        with pytest.raises(routing.NoRuleError):
            book.deadline(
                "public_opinion_response",
                event="general",
                action="press_conference",
                event_time="2026-09-30T22:00",
            )
        with pytest.raises(routing.NoRuleError):
            book.deadline(
                "public_opinion_response", event="major_emergency", event_time="2026-09-30T22:00"
            )

    def test_cli(self):
        """routing deadline shows the 5-hour clause."""
        from routing_cli import cli

        result = CliRunner().invoke(
            cli,
            [
                "deadline",
                "shuangyang",
                "public_opinion_response",
                "event=major_emergency",
                "action=authoritative_information",
                "event_time=2026-09-30T22:00",
            ],
        )
        assert result.exit_code == 0
        assert "2026-10-01T03:00:00" in result.output
        assert "三十六、" in result.output


class TestConditions:
    """Alternatives in the 条件 column."""

    def test_alternatives(self):
        """``a、b`` matches either value and nothing else."""
        from routing._timing import _same

        assert _same("b", "a、b")
        assert not _same("c", "a、b")
        assert _same("是", "是")


FIRST_MOMENT = dt.datetime(2004, 1, 1)
LAST_MOMENT = dt.datetime(2026, 6, 1)


def _rule(direction: str, amount: int, unit: str) -> DeadlineRule:
    return DeadlineRule(
        id="r",
        matter="m",
        conditions=(),
        start="start",
        direction=Direction(direction),
        amount=amount,
        unit=Unit(unit),
        consequence="",
        clause="第一条",
        quote="",
        note="",
        location=Location("t.xlsx", "时限", row=2),
    )


class TestCountingProperties:
    """Each counting rule of the 时限 sheet against its definition, for any start and period."""

    @given(st.dates(min_value=D(1900, 1, 1), max_value=D(9999, 12, 31)), st.booleans())
    def test_date_text_round_trip(self, day, chinese):
        """Both written forms of a date (and their full-width versions) read back to the date."""
        text = f"{day.year}年{day.month}月{day.day}日" if chinese else day.isoformat()
        assert parse_date(text) == day
        full_width = text.translate({c: c + 0xFEE0 for c in range(ord("0"), ord("9") + 1)})
        assert parse_date(full_width) == day

    @given(KNOWN_DAYS, st.integers(min_value=0, max_value=60))
    def test_calendar_days_after_end_on_next_working_day(self, start, n):
        """民法典 第二百零三条: the N-th calendar day, moved forward to the first working day."""
        calendar = WorkCalendar()
        due = deadline_of(_rule("后", n, "日"), calendar, {"start": start}).due
        last = start + dt.timedelta(days=n)
        assert due >= last
        assert calendar.is_working_day(due)
        between = [last + dt.timedelta(days=i) for i in range((due - last).days)]
        assert not any(calendar.is_working_day(day) for day in between)

    @given(KNOWN_DAYS.map(lambda d: d + dt.timedelta(days=90)), st.integers(0, 60))
    def test_calendar_days_before_end_on_previous_working_day(self, meeting, n):
        """会议召开前N日: the N-th day before, moved back to the last working day on or before it."""
        calendar = WorkCalendar()
        due = deadline_of(_rule("前", n, "日"), calendar, {"start": meeting}).due
        last = meeting - dt.timedelta(days=n)
        assert due <= last
        assert calendar.is_working_day(due)
        between = [due + dt.timedelta(days=i) for i in range(1, (last - due).days + 1)]
        assert not any(calendar.is_working_day(day) for day in between)

    @given(KNOWN_DAYS.map(lambda d: d + dt.timedelta(days=90)), st.integers(0, 40))
    def test_working_days_before_count_exactly(self, event, n):
        """提前N个工作日: exactly N working days lie in [due, event)."""
        calendar = WorkCalendar()
        due = deadline_of(_rule("前", n, "工作日"), calendar, {"start": event}).due
        days = [due + dt.timedelta(days=i) for i in range((event - due).days)]
        assert sum(calendar.is_working_day(day) for day in days) == n
        assert n == 0 or calendar.is_working_day(due)

    @given(st.datetimes(min_value=FIRST_MOMENT, max_value=LAST_MOMENT))
    def test_hours_are_clock_hours(self, moment):
        """24小时内: clock hours, whatever the calendar says about the days in between."""
        rule = _rule("后", 24, "小时")
        due = deadline_of(rule, WorkCalendar(), {"start": moment.isoformat()}).due
        assert due == moment + dt.timedelta(hours=24)

    @given(KNOWN_DAYS, st.integers(min_value=1, max_value=30))
    def test_a_holiday_entry_on_the_due_day_moves_it_later(self, start, n):
        """Declaring the due day a holiday (节假日 sheet) gives a strictly later working day."""
        due = WorkCalendar().add_working_days(start, n)[0]
        calendar = WorkCalendar((CalendarEntry(due, working=False),))
        assert calendar.add_working_days(start, n)[0] > due


def _topic_row(row_id: str, condition: str, days: int, meetings: str = "") -> list[object]:
    return [
        row_id,
        "topic_submission",
        condition,
        "meeting_date",
        "前",
        days,
        "日",
        "",
        "",
        "第一条",
        "会议召开前3日",
        "",
        meetings,
    ]


class TestDeadlineChecks:
    """routing check and load catch 时限 rows that could never apply or name no meeting."""

    def sheets(self, *rows: list[object]) -> dict[str, list[list[object]]]:
        return {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "时限": [[*DEADLINE_HEADER, "适用会议"], *rows],
        }

    def test_general_row_above_specific_is_shadowing(self, tmp_path):
        """A row with no 条件 above major=是 makes the major row dead: warned, naming both."""
        path = write_xlsx(
            tmp_path / "order.xlsx",
            self.sheets(_topic_row("topic", "", 3), _topic_row("topic_major", "major=是", 5)),
        )
        report = routing.check([path])
        (finding,) = report.warnings
        assert finding.code == "deadline.shadowed"
        assert "topic_major" in finding.message_en
        assert finding.location is not None
        assert finding.location.row == 3

    def test_specific_row_first_is_clean(self, tmp_path):
        path = write_xlsx(
            tmp_path / "order.xlsx",
            self.sheets(_topic_row("topic_major", "major=是", 5), _topic_row("topic", "", 3)),
        )
        assert routing.check([path]).warnings == ()

    def test_wider_alternatives_and_meetings_shadow(self, tmp_path):
        """event=a、b above event=a shadows it; a row confined to one meeting shadows nothing wider."""
        path = write_xlsx(
            tmp_path / "alt.xlsx",
            self.sheets(
                _topic_row("wide", "event=a、b", 3),
                _topic_row("narrow", "event=a", 5),
                _topic_row("standing", "", 2, "standing_meeting"),
                _topic_row("any", "", 4),
            ),
        )
        codes = [(f.code, f.location.row) for f in routing.check([path]).warnings if f.location]
        assert codes == [("deadline.shadowed", 3)]

    def test_unknown_meeting_id_is_a_load_error(self, tmp_path):
        """A typo in 适用会议 would make the row never apply: refused at load, naming the row."""
        path = write_xlsx(
            tmp_path / "typo.xlsx", self.sheets(_topic_row("topic", "", 3, "standing_meting"))
        )
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert [p.code for p in caught.value.problems] == ["deadline.meeting_unknown"]
        assert "standing_meting" in caught.value.problems[0].message_en


class TestDeadlineTestRows:
    """A 测试 row whose matter is a 时限 matter checks the due date the workbook gives."""

    def results(self, tmp_path, *rows: list[str]):
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "时限": [DEADLINE_HEADER, REPLY_ROW],
            "测试": [["事项", "输入", "期望", "说明"], *rows],
        }
        return routing.run_tests(routing.load(write_xlsx(tmp_path / "t.xlsx", sheets)))

    def test_right_and_wrong_dates(self, tmp_path):
        right, wrong, chinese = self.results(
            tmp_path,
            ["consultation_reply", "received_date=2026-09-28", "2026-10-13", ""],
            ["consultation_reply", "received_date=2026-09-28", "2026-10-12", ""],
            ["consultation_reply", "received_date=2026-09-28", "2026年10月13日", ""],
        )
        assert right.passed
        assert right.actual == "2026-10-13"
        assert not wrong.passed
        assert "2026-10-12" in wrong.message
        assert chinese.passed

    def test_missing_start_and_unreadable_expectation_fail(self, tmp_path):
        missing, unreadable = self.results(
            tmp_path,
            ["consultation_reply", "", "2026-10-13", ""],
            ["consultation_reply", "received_date=2026-09-28", "下周二", ""],
        )
        assert not missing.passed
        assert "deadline.start_missing" in missing.actual
        assert not unreadable.passed
        assert "下周二" in unreadable.message

    def test_cli_reports_a_wrong_date(self, tmp_path):
        self.results(tmp_path, ["consultation_reply", "received_date=2026-09-28", "2026-10-12", ""])
        from routing_cli import cli

        result = CliRunner().invoke(cli, ["test", str(tmp_path / "t.xlsx")])
        assert result.exit_code == 1
        assert "2026-10-13" in result.output


_NAMES = ("major", "event")
_VALUES = ("a", "b", "是", "否")
_MEETINGS = ("standing_meeting", "party_group")


@st.composite
def _topic_rules(draw: st.DrawFn) -> DeadlineRule:
    conditions = []
    for name in _NAMES:
        chosen = draw(st.lists(st.sampled_from(_VALUES), unique=True, max_size=3))
        if chosen:
            conditions.append((name, "、".join(chosen)))
        elif draw(st.booleans()):
            conditions.append((name, "-"))
    meetings = tuple(draw(st.lists(st.sampled_from(_MEETINGS), unique=True, max_size=2)))
    return attrs.evolve(_rule("前", 3, "日"), conditions=tuple(conditions), meetings=meetings)


class TestShadowingAgainstBruteForce:
    """``covers`` agrees with trying every input: whatever meets the later row meets the earlier."""

    @given(_topic_rules(), _topic_rules())
    def test_covers_iff_every_match_of_later_matches_earlier(self, earlier, later):
        domain = [None, *_VALUES]
        cases = [
            {
                **{n: v for n, v in zip(_NAMES, values, strict=True) if v is not None},
                **({"meeting": m} if m else {}),
            }
            for values in itertools.product(domain, repeat=len(_NAMES))
            for m in (None, *_MEETINGS, "plenary")  # and a meeting no row names
        ]
        brute = all(earlier.matches(c) for c in cases if later.matches(c))
        assert covers(earlier, later) == brute


class TestDeadlineCells:
    """Each wrong 时限 cell is named with its value; the ways clerks write periods are read."""

    def load(self, tmp_path, row: list[object]):
        sheets = {"说明": about(), "机构": BODIES, "事项": MATTERS, "时限": [DEADLINE_HEADER, row]}
        return routing.load(write_xlsx(tmp_path / "cells.xlsx", sheets))

    @staticmethod
    def with_(column: str, value: object) -> list[object]:
        row = list(REPLY_ROW)
        row[DEADLINE_HEADER.index(column)] = value
        return row

    @pytest.mark.parametrize(
        ("column", "value", "code", "cell"),
        [
            ("方向", "上", "deadline.direction", "E2"),
            ("期限", "七天", "deadline.period", "F2"),
            ("期限", 7.5, "deadline.period", "F2"),
            ("期限", 100000, "deadline.period", "F2"),
            ("单位", "周", "deadline.unit", "G2"),
            ("起算", None, "deadline.start_empty", "D2"),
        ],
    )
    def test_wrong_cell_is_named(self, tmp_path, column, value, code, cell):
        with pytest.raises(routing.WorkbookError) as caught:
            self.load(tmp_path, self.with_(column, value))
        (problem,) = caught.value.problems
        assert problem.code == code
        assert problem.location is not None
        assert problem.location.cell == cell

    @pytest.mark.parametrize(
        ("column", "value"),
        [("期限", "七"), ("期限", "7"), ("单位", "个工作日"), ("方向", "之后"), ("方向", "以后")],
    )
    def test_clerks_spellings_are_read(self, tmp_path, column, value):
        book = self.load(tmp_path, self.with_(column, value))
        assert book.deadline("consultation_reply", received_date="2026-09-28").due == D(
            2026, 10, 13
        )

    def test_tian_is_calendar_days(self, tmp_path):
        book = self.load(tmp_path, self.with_("单位", "天"))
        (rule,) = book.deadlines
        assert rule.unit is Unit.CALENDAR_DAYS


class TestMoments:
    """Event times as people type them; a bare date is its midnight."""

    @given(st.datetimes(min_value=FIRST_MOMENT, max_value=LAST_MOMENT), st.sampled_from("ISC"))
    def test_round_trip(self, moment, form):
        moment = moment.replace(second=0, microsecond=0)
        text = {
            "I": moment.isoformat(),
            "S": moment.strftime("%Y-%m-%d %H:%M"),
            "C": f"{moment.year}年{moment.month}月{moment.day}日{moment.hour}时{moment.minute}分",
        }[form]
        assert parse_moment(text) == moment

    @pytest.mark.parametrize("text", ["2026-09-30 25:00", "明天", "2026-09-30T", "22:00"])
    def test_unreadable(self, text):
        with pytest.raises(ParseError) as caught:
            parse_moment(text)
        assert "2026-09-30 22:00" in caught.value.message

    def test_cli_with_a_space_inside_the_value(self):
        from routing_cli import cli

        result = CliRunner().invoke(
            cli,
            ["deadline", "tongzhou", "public_opinion_response", "event_time=2026-09-30 22:00"],
        )
        assert result.exit_code == 0, result.output
        assert "2026-10-01" in result.output
        assert "22:00" in result.output

    def test_cli_name_given_twice_is_usage_error(self):
        from routing_cli import cli

        result = CliRunner().invoke(
            cli,
            [
                "deadline",
                "mengla",
                "consultation_reply",
                "received_date=2026-09-28",
                "received_date=2026-09-29",
            ],
        )
        assert result.exit_code == 2
        assert "twice" in result.output
