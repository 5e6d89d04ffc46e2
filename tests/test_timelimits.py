"""The procedural time limits a routed meeting decision brings: library and ``routing route``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import routing
from routing_cli import cli

D = dt.date


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def matters(limits) -> list[str]:
    return [limit.matter for limit in limits]


TOPIC_ROW = [
    "topic",
    "topic_submission",
    "",
    "meeting_date",
    "前",
    3,
    "日",
    "",
    "",
    "第二十条",
    "议题材料应于会议召开前3日报送",
    "",
    "",  # 适用会议: every meeting
    "会前",  # 阶段: part of a meeting's procedure
]


def _deadline_row(
    row_id: str, matter: str, stage: str, start: str = "meeting_date"
) -> list[object]:
    return [row_id, matter, "", start, "后", 5, "工作日", "", "", "第三条", "原文", "", "", stage]


def _meeting_book(tmp_path, bodies, deadline_rows=(TOPIC_ROW,)):
    from conftest import MATTERS, about, table_sheet, write_xlsx
    from test_deadlines import DEADLINE_HEADER

    rows = [["R1", "-", bodies[1][0], "第1条", "原文", "", "明文"]]
    path = write_xlsx(
        tmp_path / "meetings.xlsx",
        {
            "说明": about(),
            "机构": bodies,
            "事项": MATTERS,
            "资金调整": table_sheet(rows),
            "时限": [[*DEADLINE_HEADER, "适用会议", "阶段"], *deadline_rows],
        },
    )
    return routing.load(path)


MEETING = [["编号", "名称", "类型"], ["changwu", "常务会议", "会议"]]


class TestStage:
    """Which 时限 rows are a meeting's procedure, and in which order, is the 阶段 column's to say."""

    def test_rows_of_any_matter_id_come_in_stage_order(self, tmp_path):
        """Matter ids the vocabulary has never heard of, written out of order: 准备 → 会前 → 会后."""
        rows = [
            _deadline_row("c", "yinfa", "会后", "meeting_end_date"),
            _deadline_row("a", "huiqian", "会前"),
            _deadline_row("b", "zhengqiu", "准备", "received_date"),
        ]
        book = _meeting_book(tmp_path, MEETING, rows)
        limits = book.time_limits(book.route("fund_adjustment", amount="1万"))
        assert ["zhengqiu", "huiqian", "yinfa"] == matters(limits)

    def test_a_row_without_a_stage_is_a_deadline_of_its_own(self, tmp_path):
        """No 阶段: asked with ``deadline``, never listed with a meeting decision."""
        rows = [TOPIC_ROW, _deadline_row("filing", "topic_submission_copy", "")]
        book = _meeting_book(tmp_path, MEETING, rows)
        limits = book.time_limits(book.route("fund_adjustment", amount="1万"))
        assert ["topic_submission"] == matters(limits)
        alone = book.deadline("topic_submission_copy", meeting_date="2026-10-09")
        assert D(2026, 10, 15) == alone.due  # 10月10日 (Saturday) is a working day in 2026

    @pytest.mark.parametrize("word", ["before", "会前", "会议前"])
    def test_stage_words(self, tmp_path, word):
        book = _meeting_book(tmp_path, MEETING, [_deadline_row("a", "x", word)])
        assert routing.Stage.BEFORE is book.deadlines[0].stage

    def test_an_unknown_stage_names_its_cell(self, tmp_path):
        with pytest.raises(routing.WorkbookError) as caught:
            _meeting_book(tmp_path, MEETING, [_deadline_row("a", "x", "开会中")])
        assert [("deadline.stage", "meetings.xlsx › 时限 › N2")] == [
            (p.code, str(p.location)) for p in caught.value.problems
        ]


class TestMeetingBodies:
    """Which bodies are meetings comes from the 机构 sheet's 类型 column, not from their ids."""

    def test_a_meeting_under_any_id_gets_its_time_limits(self, tmp_path):
        """A standing meeting the workbook calls ``changwu`` (类型 会议) brings the 时限 rows."""
        bodies = [["编号", "名称", "类型"], ["changwu", "常务会议", "会议"]]
        book = _meeting_book(tmp_path, bodies)
        decision = book.route("fund_adjustment", amount="1万")
        assert ["topic_submission"] == matters(book.time_limits(decision))
        assert routing.BodyKind.MEETING is book.body("changwu").kind

    def test_a_vocabulary_meeting_id_is_not_enough(self, tmp_path):
        """``standing_meeting`` typed 机构 is not a meeting: no 时限 come with it."""
        bodies = [["编号", "名称", "类型"], ["standing_meeting", "常务会议", "机构"]]
        book = _meeting_book(tmp_path, bodies)
        decision = book.route("fund_adjustment", amount="1万")
        assert () == book.time_limits(decision)

    def test_an_unknown_kind_is_a_located_problem(self, tmp_path):
        """类型 must be 会议, 领导 or 机构; anything else names its cell."""
        bodies = [["编号", "名称", "类型"], ["changwu", "常务会议", "开会"]]
        with pytest.raises(routing.WorkbookError) as caught:
            _meeting_book(tmp_path, bodies)
        assert "body.kind" == caught.value.code
        assert "机构 › C2" in str(caught.value.location)

    @pytest.mark.parametrize("jurisdiction", routing.shipped_jurisdictions())
    def test_shipped_meetings_are_typed(self, jurisdiction):
        """Every shipped body named ...会议 is typed 会议, and only those are."""
        book = routing.load(jurisdiction)
        for body in book.bodies:
            assert body.is_meeting == body.name.endswith("会议"), body


class TestLibrary:
    """RuleBook.time_limits over the shipped workbooks."""

    def test_dongchuan_standing_meeting(self):
        """A matter for the standing meeting lists reply, submission and issuing, in that order."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="sanzhong_yida")
        limits = book.time_limits(decision)
        assert matters(limits) == [
            "consultation_reply",
            "topic_submission",
            "document_issue_after_meeting",
        ]
        assert [limit.clause for limit in limits] == ["第三十条", "第二十一条", "第二十二条"]
        assert [(limit.amount, limit.unit) for limit in limits] == [
            (7, routing.Unit.WORKING_DAYS),
            (2, routing.Unit.CALENDAR_DAYS),
            (5, routing.Unit.WORKING_DAYS),
        ]
        assert [limit.direction for limit in limits] == [
            routing.Direction.AFTER,
            routing.Direction.BEFORE,
            routing.Direction.AFTER,
        ]
        assert all(limit.deadline is None for limit in limits)
        assert all(limit.quote for limit in limits)
        assert limits[0].consequence == "逾期不回复的视为无不同意见"
        assert [m.id for m in limits[1].meetings] == ["standing_meeting"]

    def test_due_dates_only_for_given_dates(self):
        """meeting_date counts the submission; the other rows wait for their own dates."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="sanzhong_yida")
        limits = book.time_limits(decision, meeting_date="2026-10-09")
        dues = {limit.matter: limit.deadline and limit.deadline.due for limit in limits}
        assert dues == {
            "consultation_reply": None,
            "topic_submission": D(2026, 9, 30),
            "document_issue_after_meeting": None,
        }

    def test_all_dates(self):
        """With every date, every row has its due date, across Spring Festival and National Day."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="sanzhong_yida")
        limits = book.time_limits(
            decision,
            received_date="2026-02-12",
            meeting_date="2026-02-25",
            meeting_end_date="2026-09-30",
        )
        assert [limit.deadline.due for limit in limits] == [
            D(2026, 2, 28),
            D(2026, 2, 14),
            D(2026, 10, 13),
        ]

    def test_chain_through_a_meeting(self):
        """A chain that passes a meeting before the party committee still goes to a meeting."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="party_committee_matter")
        assert decision.body.id == "party_committee"
        assert "topic_submission" in matters(book.time_limits(decision))

    def test_head_alone_has_none(self):
        """A matter the head decides alone brings no meeting time limits."""
        book = routing.load("mengla")
        decision = book.route("fund_adjustment", amount="10万")
        assert decision.body.id == "head"
        assert book.time_limits(decision, meeting_date="2026-10-09") == ()

    def test_department_has_none(self):
        """Nor does a matter left to the department."""
        book = routing.load("dongchuan")
        assert book.time_limits(book.route("meeting_matter", kind="department_remit")) == ()

    def test_mengla_party_group_lists_both_submission_rows(self):
        """Mengla's party group: the major (5 days) and general (3 days) rows are both listed."""
        book = routing.load("mengla")
        decision = book.route("fund_adjustment", amount="1500万")
        limits = book.time_limits(decision, meeting_date="2026-10-09")
        submissions = [limit for limit in limits if limit.matter == "topic_submission"]
        assert [(s.amount, dict(s.rule.conditions)) for s in submissions] == [
            (5, {"major": "是"}),
            (3, {}),
        ]
        assert [s.deadline.due for s in submissions] == [D(2026, 9, 30), D(2026, 9, 30)]

    def test_scope_by_meeting(self):
        """Shuangyang: the 1-day rule is the standing meeting's; the party group has none."""
        book = routing.load("shuangyang")
        standing = book.time_limits(book.route("meeting_matter", kind="normative_document"))
        assert matters(standing) == ["topic_submission"]
        assert standing[0].clause == "五十二、"
        party_group = book.route("meeting_matter", kind="large_fund_use")
        assert party_group.body.id == "party_group"
        assert book.time_limits(party_group) == ()
        either = book.time_limits(book.route("meeting_matter", kind="major_matter"))
        assert [m.id for m in either[0].meetings] == ["standing_meeting"]

    def test_body_directly(self):
        """A body works as the outcome too: Tongzhou's head topic meeting has the 3-day rule."""
        book = routing.load("tongzhou")
        head_topic = book.body("head_topic_meeting")
        assert head_topic is not None
        assert matters(book.time_limits(head_topic)) == ["topic_submission"]
        deputy_topic = book.body("deputy_topic_meeting")
        assert deputy_topic is not None
        assert book.time_limits(deputy_topic) == ()

    def test_wolong_has_none(self):
        """Wolong's text states no time limit."""
        book = routing.load("wolong")
        assert book.time_limits(book.route("meeting_matter", kind="major_matter")) == ()

    def test_bad_date(self):
        """An unreadable date is an InputError, as for deadline."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="sanzhong_yida")
        with pytest.raises(routing.InputError):
            book.time_limits(decision, meeting_date="soon")

    def test_json(self):
        """to_json shows period, clause and due date with stable names."""
        book = routing.load("dongchuan")
        decision = book.route("meeting_matter", kind="sanzhong_yida")
        data = routing.to_json(list(book.time_limits(decision, meeting_date="2026-10-09")))
        topic = data[1]
        assert topic["matter"] == "topic_submission"
        assert topic["direction"] == "before"
        assert topic["unit"] == "calendar_days"
        assert topic["amount"] == 2
        assert topic["due"] == "2026-09-30"
        assert topic["meetings"] == ["standing_meeting"]
        assert "2026-10-01" in topic["skipped"]
        assert data[0]["due"] is None
        assert data[0]["override"] == "lead_department_deadline"


class TestUnknownDates:
    """A --date that no time limit counts from is a usage error, never silently ignored."""

    def test_library_names_the_known_starts(self):
        book = routing.load("mengla")
        decision = book.route("fund_adjustment", amount="1500万")
        with pytest.raises(routing.InputError) as caught:
            book.time_limits(decision, meetng_date="2026-10-09")
        assert caught.value.code == "date.unknown"
        assert "meeting_date" in caught.value.message_en

    def test_cli_exit_2(self):
        result = run(
            "route", "mengla", "fund_adjustment", "amount=1500万", "--date", "foo=2026-10-01"
        )
        assert result.exit_code == 2
        assert "date.unknown" in result.output
        assert "meeting_date" in result.output


class TestRouteCommand:
    """The 时限 section of routing route."""

    def test_text(self):
        """The rich answer lists each time limit with its clause, and asks for the missing date."""
        result = run("route", "dongchuan", "meeting_matter", "kind=sanzhong_yida")
        assert result.exit_code == 0
        for text in (
            "时限",
            "会前报送",
            "第二十一条",
            "第二十二条",
            "第三十条",
            "--date 会议结束日期=…",
        ):
            assert text in result.output

    def test_text_with_date(self):
        """--date meeting_date gives the due date."""
        result = run(
            "route",
            "dongchuan",
            "meeting_matter",
            "kind=sanzhong_yida",
            "--date",
            "meeting_date=2026-10-09",
        )
        assert result.exit_code == 0
        assert "截止 2026-09-30" in result.output

    def test_json(self):
        """--json carries time_limits beside the decision."""
        result = run(
            "route",
            "shuangyang",
            "meeting_matter",
            "kind=normative_document",
            "--date",
            "meeting_date=2026-02-24",
            "--json",
        )
        assert result.exit_code == 0
        data = json.loads(result.output)
        assert data["decision"]["body"]["id"] == "standing_meeting"
        assert data["dates"] == {"meeting_date": "2026-02-24"}
        [limit] = data["time_limits"]
        assert (limit["matter"], limit["clause"], limit["due"]) == (
            "topic_submission",
            "五十二、",
            "2026-02-14",
        )

    def test_head_alone_shows_none(self):
        """No 时限 section, and an empty list in JSON, when the head decides alone."""
        result = run("route", "mengla", "fund_adjustment", "amount=10万")
        assert result.exit_code == 0
        assert "时限" not in result.output
        data = json.loads(run("route", "mengla", "fund_adjustment", "amount=10万", "--json").output)
        assert data["time_limits"] == []

    @pytest.mark.parametrize("date", ["meeting_date=soon", "oops"])
    def test_bad_date_exits_2(self, date):
        """A malformed or unreadable --date is bad usage."""
        result = run("route", "dongchuan", "meeting_matter", "kind=sanzhong_yida", "--date", date)
        assert result.exit_code == 2
        assert "Traceback" not in result.output


@pytest.mark.parametrize("jurisdiction", routing.shipped_jurisdictions())
def test_shipped_scopes_name_meetings_of_the_workbook(jurisdiction):
    """Every 适用会议 id of a shipped 时限 sheet is a meeting body of that workbook."""
    book = routing.load(jurisdiction)
    bodies = {body.id for body in book.bodies}
    for rule in book.deadlines:
        for meeting in rule.meetings:
            assert meeting in bodies, (rule.location, meeting)
            assert book.body(meeting).is_meeting, (rule.location, meeting)
