"""The 会议 sheet: meeting facts with clause and quote, 未规定 where the text is silent, and quorum
questions answered at their boundaries (exactly half, one below, one above)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import BODIES, MATTERS, about, table_sheet, write_xlsx
from routing._meetings import MeetingItem, Quorum
from routing_cli import cli

HEADER = ["会议", "项目", "内容", "条款", "原文", "说明"]
QUOTE = "县人民政府常务会议必须有半数以上组成人员到会方可召开,原则上每召开1次。"
UNSTATED_ITEMS = ["召集", "主持", "议题确定", "出席", "列席/邀请", "邀请审批"]


def standing_rows(quorum: str = "半数以上组成人员到会方可召开", quote: str = QUOTE):
    rows = [
        ["常务会议", "频次", "原则上每召开1次", "第四十一条", quote, "副本缺时间单位,照录"],
        ["standing_meeting", "法定人数", quorum, "第四十一条", quote, ""],
    ]
    rows += [["县人民政府常务会议", item, "未规定", "", "", ""] for item in UNSTATED_ITEMS]
    return rows


REQUIRED_ZH = [i.chinese for i in MeetingItem if i.required]


def party_rows():
    return [["党组会议", item, "未规定", "", "", "副本缺会议章节"] for item in REQUIRED_ZH]


def workbook(tmp_path, rows, name="meet.xlsx"):
    sheets = {
        "说明": about(),
        "机构": BODIES,
        "事项": MATTERS,
        "资金调整": table_sheet([["R1", "-", "县长", "第一条", "原文", "", ""]]),
        "会议": [HEADER, *rows],
    }
    return write_xlsx(tmp_path / name, sheets)


def problems(tmp_path, rows):
    with pytest.raises(routing.WorkbookError) as caught:
        routing.load(workbook(tmp_path, rows))
    return caught.value.problems


@pytest.fixture
def book(tmp_path):
    return routing.load(workbook(tmp_path, standing_rows() + party_rows()))


class TestSheet:
    def test_meetings_are_found_by_id_name_or_alias(self, book):
        assert 2 == len(book.meetings)
        for ref in ("standing_meeting", "县人民政府常务会议", "常务会议"):
            found = book.meeting(ref)
            assert found is not None
            assert "standing_meeting" == found.body.id
        with pytest.raises(routing.InputError, match="standing_meeting") as caught:
            book.meeting("县长")  # a body, not a meeting of the 会议 sheet
        assert "meeting.unknown" == caught.value.code

    def test_a_workbook_without_the_sheet_has_no_meetings(self, make_book):
        assert (
            () == routing.load(make_book([["R1", "-", "县长", "第一条", "原文", "", ""]])).meetings
        )

    def test_facts_keep_their_words_clause_and_quote(self, book):
        found = book.meeting("常务会议")
        assert found is not None
        (frequency,) = found.facts_of(MeetingItem.FREQUENCY)
        assert "原则上每召开1次" == frequency.text  # the lost unit stays lost
        assert frequency.citation is not None
        assert "第四十一条" == frequency.citation.clause
        assert QUOTE == frequency.citation.quote
        assert "副本缺时间单位,照录" == frequency.citation.note
        assert "meet.xlsx › 会议 › C2" == str(frequency.location)

    def test_unstated_facts_have_no_citation(self, book):
        found = book.meeting("常务会议")
        assert found is not None
        (convener,) = found.facts_of(MeetingItem.CONVENER)
        assert not convener.stated
        assert "未规定" == convener.text

    def test_an_unstated_fact_keeps_its_note(self, book):
        found = book.meeting("党组会议")
        assert found is not None
        assert all(f.note == "副本缺会议章节" for f in found.facts)

    @pytest.mark.parametrize(
        ("words", "numerator", "denominator", "inclusive"),
        [
            ("半数以上组成人员到会方可召开", 1, 2, True),
            ("过半数组成人员到会", 1, 2, False),
            ("超过半数", 1, 2, False),
            ("三分之二以上组成人员到会", 2, 3, True),
            ("2分之1及以上", 1, 2, True),
        ],
    )
    def test_quorum_words_become_a_rule(self, tmp_path, words, numerator, denominator, inclusive):
        quote = f"常务会议必须有{words},原则上每召开1次。"
        found = routing.load(workbook(tmp_path, standing_rows(words, quote))).meeting("常务会议")
        assert found is not None
        assert Quorum(numerator, denominator, inclusive, words) == found.quorum

    @pytest.mark.parametrize(
        ("rows", "code", "cell"),
        [
            (
                [["区长办公会议", "频次", "每月1次", "一", "每月1次", ""]],
                "meeting.body_unknown",
                "A2",
            ),
            ([["常务会议", "议程", "每月1次", "一", "每月1次", ""]], "meeting.item_unknown", "B2"),
            ([["常务会议", "召集", "", "一", "县长召集", ""]], "meeting.content_empty", "C2"),
            ([["常务会议", "召集", "县长", "", "县长召集", ""]], "meeting.citation_missing", "D2"),
            ([["常务会议", "召集", "县长", "一", "", ""]], "meeting.citation_missing", "E2"),
            ([["常务会议", "召集", "未规定", "", "县长召集", ""]], "meeting.unstated_quoted", "E2"),
            # A unit restored by the editor is not the text: the quote lost it.
            (
                [["常务会议", "频次", "原则上每月召开1次", "一", QUOTE, ""]],
                "meeting.not_quoted",
                "C2",
            ),
            (
                [["常务会议", "法定人数", "半数", "一", "须半数到会", ""]],
                "meeting.quorum_invalid",
                "C2",
            ),
            (
                [["常务会议", "法定人数", "超过半数以上", "一", "须超过半数以上", ""]],
                "meeting.quorum_invalid",
                "C2",
            ),
            (
                [["常务会议", "法定人数", "三分之四以上", "一", "三分之四以上", ""]],
                "meeting.quorum_invalid",
                "C2",
            ),
        ],
    )
    def test_bad_rows_are_located(self, tmp_path, rows, code, cell):
        found = [p for p in problems(tmp_path, rows) if p.code == code]
        assert found, problems(tmp_path, rows)
        assert f"meet.xlsx › 会议 › {cell}" == str(found[0].location)
        assert found[0].message
        assert found[0].message_en

    def test_a_body_typed_as_a_leader_is_not_a_meeting(self, tmp_path):
        bodies = [[*BODIES[0], "类型"], *([*row, "领导"] for row in BODIES[1:])]
        sheets = {
            "说明": about(),
            "机构": bodies,
            "事项": MATTERS,
            "资金调整": table_sheet([["R1", "-", "县长", "第一条", "原文", "", ""]]),
            "会议": [HEADER, ["县长", "召集", "未规定", "", "", ""]],
        }
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(write_xlsx(tmp_path / "typed.xlsx", sheets))
        (problem,) = caught.value.problems
        assert "meeting.not_a_meeting" == problem.code
        assert "typed.xlsx › 会议 › A2" == str(problem.location)

    def test_every_required_item_is_written_even_when_unstated(self, tmp_path):
        rows = [r for r in standing_rows() if r[1] != "邀请审批"]
        (missing,) = [p for p in problems(tmp_path, rows) if p.code == "meeting.item_missing"]
        assert "邀请审批" in missing.message
        assert "meet.xlsx › 会议 › A2" == str(missing.location)

    def test_stated_and_unstated_at_once_is_a_conflict(self, tmp_path):
        rows = [*standing_rows(), ["常务会议", "召集", "县长", "一", "县长召集", ""]]
        codes = [p.code for p in problems(tmp_path, rows)]
        assert "meeting.item_conflict" in codes

    def test_two_quorums_are_refused(self, tmp_path):
        rows = [*standing_rows(), standing_rows()[1]]
        codes = [p.code for p in problems(tmp_path, rows)]
        assert "meeting.quorum_duplicate" in codes


class TestQuorum:
    @pytest.mark.parametrize(
        ("members", "present", "quorate"),
        [
            (14, 7, True),  # exactly half: 半数以上 includes half
            (14, 6, False),  # one below
            (14, 8, True),  # one above
            (15, 8, True),
            (15, 7, False),
            (1, 1, True),
            (1, 0, False),
            ("15人", "8名", True),
        ],
    )
    def test_at_least_half_at_its_boundary(self, book, members, present, quorate):
        found = book.meeting("常务会议")
        assert found is not None
        answer = found.answer_quorum(members, present)
        assert quorate is answer.quorate
        assert answer.fact.citation is not None
        assert "第四十一条" == answer.fact.citation.clause

    @pytest.mark.parametrize(("present", "quorate"), [(7, False), (8, True), (6, False)])
    def test_more_than_half_excludes_exactly_half(self, tmp_path, present, quorate):
        quote = "常务会议必须有过半数组成人员到会,原则上每召开1次。"
        found = routing.load(workbook(tmp_path, standing_rows("过半数", quote))).meeting("常务会议")
        assert found is not None
        assert quorate is found.answer_quorum(14, present).quorate

    @given(st.integers(1, 10_000), st.data())
    def test_half_inclusive_means_twice_present_reaches_members(self, members, data):
        present = data.draw(st.integers(0, members))
        at_least = Quorum(1, 2, inclusive=True, words="半数以上")
        more_than = Quorum(1, 2, inclusive=False, words="过半数")
        assert (present >= at_least.needed(members)) is (2 * present >= members)
        assert (present >= more_than.needed(members)) is (2 * present > members)
        two_thirds = Quorum(2, 3, inclusive=True, words="三分之二以上")
        assert (present >= two_thirds.needed(members)) is (3 * present >= 2 * members)

    @pytest.mark.parametrize(
        ("members", "present", "code"),
        [
            (15, 16, "quorum.present_exceeds_members"),
            (0, 0, "quorum.no_members"),
            ("abc", 3, "number.invalid"),
            (15, -1, "number.negative"),
            (15, "7.5", "number.not_whole"),
        ],
    )
    def test_impossible_counts_are_input_errors(self, book, members, present, code):
        found = book.meeting("常务会议")
        assert found is not None
        with pytest.raises(routing.InputError) as caught:
            found.answer_quorum(members, present)
        assert code == caught.value.code

    def test_a_meeting_without_a_stated_quorum_has_no_answer(self, book):
        found = book.meeting("党组会议")
        assert found is not None
        with pytest.raises(routing.NoRuleError) as caught:
            found.answer_quorum(10, 10)
        assert "quorum.unstated" == caught.value.code
        assert "会议 › C" in str(caught.value.location)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class TestMeetingCommand:
    @pytest.mark.parametrize(
        ("members", "present", "exit_code", "verdict"),
        [
            ("15", "8", 0, "可以召开"),
            ("15", "7", 1, "不能召开"),
            ("14", "7", 0, "可以召开"),
            ("14", "6", 1, "不能召开"),
            ("14", "8", 0, "可以召开"),
        ],
    )
    def test_tongzhou_standing_meeting_quorum(self, members, present, exit_code, verdict):
        result = run("meeting", "tongzhou", "常务会议", f"members={members}", f"present={present}")
        assert exit_code == result.exit_code, result.output
        assert verdict in result.output
        assert "四十六、" in result.output
        assert "必须有半数以上组成人员到会方可召开" in result.output
        assert "第一千二百五十九条" in result.output

    def test_facts_are_shown_with_clauses_and_unstated_ones_as_such(self):
        result = run("meeting", "tongzhou", "standing_meeting")
        assert 0 == result.exit_code
        assert "一般每周召开1次" in result.output
        assert "邀请审批 invitation_approval: 未规定" in result.output
        assert "均未写由谁决定邀请" in result.output  # the note says why it is 未规定

    def test_json_answer(self):
        result = run("meeting", "tongzhou", "区政府常务会议", "members=14", "present=7", "--json")
        assert 0 == result.exit_code
        data = json.loads(result.output)
        assert {"members": 14, "present": 7, "needed": 7, "quorate": True} == {
            k: data["answer"][k] for k in ("members", "present", "needed", "quorate")
        }
        meeting = data["meeting"]
        assert "standing_meeting" == meeting["body"]["id"] == data["answer"]["meeting"]
        assert meeting["quorum"]["inclusive"] is True
        assert "四十六、" == data["answer"]["clause"]
        assert any(f["item"] == "invitation_approval" and not f["stated"] for f in meeting["facts"])

    @pytest.mark.parametrize(
        "args",
        [
            ["members=15"],
            ["members=15", "present=abc"],
            ["members=15", "present=16"],
            ["members=15", "people=3"],
            ["members=15", "15"],
        ],
    )
    def test_bad_counts_exit_2(self, args):
        result = run("meeting", "tongzhou", "常务会议", *args)
        assert 2 == result.exit_code, result.output
        assert "Traceback" not in result.output

    def test_unknown_meeting_lists_the_known_ones(self):
        result = run("meeting", "tongzhou", "县长")
        assert 2 == result.exit_code
        assert "meeting.unknown" in result.output
        assert "区政府常务会议(standing_meeting)" in result.output

    def test_a_lost_unit_is_shown_as_written_with_its_note(self):
        result = run("meeting", "mengla", "党组会议")
        assert 0 == result.exit_code
        assert "频次 frequency: 原则上每召开1次" in result.output
        assert "副本缺时间单位" in result.output

    def test_no_stated_quorum_exits_1_with_the_reason(self):
        result = run("meeting", "tongzhou", "全体会议", "members=30", "present=30")
        assert 1 == result.exit_code
        assert "quorum.unstated" in result.output


class TestRouteShowsTheMeeting:
    """``routing route`` of a matter decided at a meeting shows what the 会议 sheet says of it."""

    ARGS = ("route", "tongzhou", "supplementary_budget", "amount=2000万", "policy_origin=none")

    def test_text_names_convener_chair_frequency_and_quorum(self):
        result = run(*self.ARGS)
        assert 0 == result.exit_code
        shown = result.output
        assert "会议 Meeting · 区政府常务会议(standing_meeting)" in shown
        assert "召集      区长 · 五、「区长召集和主持区政府全体会议、区政府常务会议。」" in shown
        assert "频次      一般每周召开1次" in shown
        assert "法定人数  半数以上组成人员到会方可召开 ·" in shown

    def test_json_carries_the_meeting(self):
        data = json.loads(run(*self.ARGS, "--json").output)
        (meeting,) = data["meetings"]
        assert "standing_meeting" == meeting["body"]["id"]
        assert meeting["quorum"]["inclusive"] is True

    def test_a_decision_by_a_person_has_no_meeting_section(self):
        result = run("route", "mengla", "fund_adjustment", "amount=1万")
        assert 0 == result.exit_code
        assert "会议 Meeting" not in result.output
        assert (
            []
            == json.loads(run("route", "mengla", "fund_adjustment", "amount=1万", "--json").output)[
                "meetings"
            ]
        )

    def test_library_answers_in_chain_order(self):
        book = routing.load("mengla")
        decision = book.route("meeting_matter", kind="budget")
        assert ["plenary", "standing_meeting"] == [m.body.id for m in book.meetings_of(decision)]
