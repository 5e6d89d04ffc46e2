"""Deadline matters, inputs and values by the Chinese names the 时限 sheet gives them (事项名称,
输入名称, 取值名称), as an office clerk types them, and every other command with Chinese-only input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import routing
from conftest import BODIES, MATTERS, about, write_xlsx
from routing_cli import cli

D = dt.date
HEADER = [
    "编号",
    "事项",
    "事项名称",
    "条件",
    "起算",
    "方向",
    "期限",
    "单位",
    "可由输入覆盖",
    "输入名称",
    "取值名称",
    "后果",
    "条款",
    "原文",
    "说明",
]


def _row(**cells: Any) -> list[Any]:
    row = {
        "编号": "reply",
        "事项": "consultation_reply",
        "事项名称": "回复征求意见",
        "条件": "",
        "起算": "received_date",
        "方向": "后",
        "期限": 7,
        "单位": "工作日",
        "可由输入覆盖": "",
        "输入名称": "received_date=来函日期",
        "取值名称": "",
        "后果": "",
        "条款": "第五十条",
        "原文": "一般应在7个工作日内回复",
        "说明": "",
    }
    row.update(cells)
    return [row[column] for column in HEADER]


def _book(tmp_path, *rows: list[Any], header: list[str] = HEADER, name: str = "时限.xlsx"):
    sheets = {"说明": about(), "机构": BODIES, "事项": MATTERS, "时限": [header, *rows]}
    return write_xlsx(tmp_path / name, sheets)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


class TestShippedNames:
    """The shipped 时限 sheets name every matter, input and value; each name is accepted."""

    def test_the_briefs_example(self):
        """征求意见 with a Chinese date name: the due date, exactly as with the ids."""
        by_name = run("deadline", "勐腊县", "征求意见", "收文日期=2026-09-28")
        by_id = run("deadline", "mengla", "consultation_reply", "received_date=2026-09-28")
        assert by_name.exit_code == 0, by_name.output
        assert by_name.output == by_id.output
        assert "2026-10-13" in by_name.output

    def test_a_wrong_name_lists_the_inputs_in_chinese(self):
        """开始日期 is no input of 征求意见: input.unknown, exit 2, did you mean 收文日期(received_date),
        and every input as 中文标签(id)."""
        result = run("deadline", "勐腊县", "征求意见", "开始日期=2026-10-09")
        assert result.exit_code == 2
        assert "[input.unknown]" in result.output
        assert "是否应为 收文日期(received_date)?" in result.output
        assert (
            "可用:收文日期(received_date)、主办部门时限(lead_department_deadline)、会议(meeting)"
            in (result.output)
        )
        assert "Traceback" not in result.output

    def test_condition_override_and_meeting_by_name(self):
        """重大事项=是 picks the 5-day row; 会议=常务会议 is the body by name; 主办部门时限 overrides."""
        book = routing.load("mengla")
        major = book.deadline("会前报送", 会议日期="2026-10-09", 重大事项="是", 会议="常务会议")
        assert (major.due, major.amount) == (D(2026, 9, 30), 5)
        with pytest.raises(routing.NoRuleError):  # the 会前 rows do not apply to the plenary
            book.deadline("会前报送", 会议日期="2026-10-09", 会议="县人民政府全体会议")
        longer = book.deadline("征求意见", 收文日期="2026-09-28", 主办部门时限="10")
        assert longer.amount == 10

    def test_choice_values_by_name(self):
        """Shuangyang's 突发事件 and 回应方式 values by their 取值名称 are the ids."""
        book = routing.load("shuangyang")
        by_name = book.deadline(
            "政务舆情回应",
            发生时间="2026-09-30T22:00",
            突发事件="特别重大突发事件",
            回应方式="举行新闻发布会",
        )
        by_id = book.deadline(
            "public_opinion_response",
            event_time="2026-09-30T22:00",
            event="especially_major_emergency",
            action="press_conference",
        )
        assert by_name.due == by_id.due == dt.datetime(2026, 10, 1, 22, 0)

    @settings(max_examples=30, deadline=None)
    @given(st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 6, 30)), st.booleans())
    def test_names_and_ids_agree_everywhere(self, start, major):
        """For every shipped 时限 row and any start date, its inputs by name and by id give the
        same due date."""
        for jurisdiction in ("dongchuan", "mengla", "shuangyang", "tongzhou"):
            book = routing.load(jurisdiction)
            for rule in book.deadlines:
                subject = rule.subject
                assert subject is not None
                ids: dict[str, str] = {rule.start: start.isoformat()}
                for name, value in rule.conditions:
                    ids[name] = value.split("、")[0] if not major else value.split("、")[-1]
                names = {subject.input(k).label: v for k, v in ids.items()}  # type: ignore[union-attr]
                choices = {
                    subject.input(k).label: subject.input(k).choice(v).label  # type: ignore[union-attr]
                    for k, v in ids.items()
                    if subject.input(k).choices  # type: ignore[union-attr]
                }
                names.update(choices)
                assert all(label != key for label, key in zip(names, ids, strict=True))
                by_id = book.deadline(rule.matter, **ids)
                by_name = book.deadline(subject.name, **names)
                assert (by_name.due, by_name.rule) == (by_id.due, by_id.rule)

    def test_every_shipped_input_has_a_chinese_name(self):
        """No shipped 时限 input or matter is left to its id: a clerk can type each in Chinese."""
        for jurisdiction in ("dongchuan", "mengla", "shuangyang", "tongzhou"):
            for rule in routing.load(jurisdiction).deadlines:
                assert rule.matter_name, rule.location
                assert rule.subject is not None
                for input_ in rule.subject.inputs:
                    assert input_.label != input_.id, (rule.location, input_.id)
                    assert all(choice.label for choice in input_.choices), rule.location


class TestNamesComeFromTheWorkbook:
    """The names are the workbook's: another workbook names its matter otherwise, or not at all."""

    def test_the_workbooks_own_names(self, tmp_path):
        """回复征求意见 and 来函日期 are this workbook's names; 征求意见 (Mengla's name) is not."""
        path = _book(tmp_path, _row())
        ok = run("deadline", str(path), "回复征求意见", "来函日期=2026-09-28")
        assert ok.exit_code == 0, ok.output
        assert "2026-10-13" in ok.output
        other = run("deadline", str(path), "征求意见", "来函日期=2026-09-28")
        assert other.exit_code == 1
        assert "[deadline.none]" in other.output
        assert "回复征求意见(consultation_reply)" in other.output

    def test_without_the_name_columns_ids_only(self, tmp_path):
        """A 时限 sheet of the old layout still loads; its matters and inputs go by id."""
        old = [c for c in HEADER if c not in {"事项名称", "输入名称", "取值名称"}]
        row = [v for c, v in zip(HEADER, _row(), strict=True) if c in old]
        book = routing.load(_book(tmp_path, row, header=old))
        assert book.deadline("consultation_reply", received_date="2026-09-28").due == D(
            2026, 10, 13
        )
        with pytest.raises(routing.NoRuleError):
            book.deadline("回复征求意见", received_date="2026-09-28")

    def test_matters_lists_the_names(self, tmp_path):
        path = _book(
            tmp_path, _row(条件="urgent=是", 输入名称="received_date=来函日期、urgent=紧急")
        )
        result = run("matters", str(path))
        assert result.exit_code == 0, result.output
        assert "回复征求意见(consultation_reply)" in result.output
        assert "来函日期(received_date) 之后 7 工作日" in result.output
        assert "紧急(urgent)=是" in result.output


class TestNameCells:
    """Each wrong name cell is a problem at its cell, with a stable code; check exits 1."""

    @pytest.mark.parametrize(
        ("cells", "code", "column"),
        [
            ({"输入名称": "received_date"}, "deadline.names", "J"),  # no =名称
            ({"输入名称": "收文=来函日期"}, "deadline.names", "J"),  # not an id
            ({"输入名称": "sent_date=发文日期"}, "deadline.names", "J"),  # no such input
            ({"取值名称": "urgent=紧急"}, "deadline.names", "K"),  # no such value
            ({"起算": "收文日期"}, "deadline.id", "E"),  # a Chinese name where the id goes
            ({"事项": "征求意见"}, "deadline.id", "B"),
            ({"条件": "重大=是"}, "deadline.id", "D"),
            ({"输入名称": "received_date=会议"}, "deadline.names", "J"),  # the meeting input's name
        ],
    )
    def test_bad_cell(self, tmp_path, cells, code, column):
        path = _book(tmp_path, _row(**cells))
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        found = [p for p in caught.value.problems if p.code == code]
        assert found, caught.value.problems
        assert (found[0].location.sheet, found[0].location.cell) == ("时限", f"{column}2")
        assert found[0].message
        assert found[0].message_en
        result = run("check", str(path))
        assert result.exit_code == 1
        assert f"时限 › {column}2" in result.output
        assert f"[{code}]" in result.output

    def test_two_rows_naming_a_matter_differently(self, tmp_path):
        """Two rows of one matter with different 事项名称: the second row's cell is named."""
        first = _row()
        second = _row(编号="reply2", 事项名称="征求意见回复", 条件="urgent=是")
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(_book(tmp_path, second, first))
        problem = caught.value.problems[0]
        assert problem.code == "deadline.names"
        assert (problem.location.sheet, problem.location.cell) == ("时限", "C3")
        assert "第2行名为「征求意见回复」,这里名为「回复征求意见」" in problem.message


class TestRouteDatesByName:
    def test_date_by_its_name(self):
        """--date 会议日期=… is meeting_date: the same due date, and Chinese everywhere."""
        by_name = run(
            "route",
            "东川区",
            "会议决策事项",
            "事项类别=三重一大事项",
            "--date",
            "会议日期=2026-10-09",
        )
        by_id = run(
            "route",
            "dongchuan",
            "meeting_matter",
            "kind=sanzhong_yida",
            "--date",
            "meeting_date=2026-10-09",
        )
        assert by_name.exit_code == by_id.exit_code == 0, by_name.output
        assert by_name.output == by_id.output
        assert "截止 2026-09-30" in by_name.output
        assert "截止 需要 --date 会议结束日期=…" in by_name.output

    def test_unknown_date_lists_names(self):
        result = run(
            "route", "东川区", "会议决策事项", "事项类别=三重一大事项", "--date", "开会=2026-10-09"
        )
        assert result.exit_code == 2
        assert "[date.unknown]" in result.output
        assert "会议日期(meeting_date)" in result.output


class TestClerkTour:
    """What failed when every command was given Chinese only, each fixed."""

    def test_route_errors_list_chinese_first(self):
        """An unknown input or value of route lists 中文标签(id), with did-you-mean."""
        unknown = run("route", "东川区", "会议决策事项", "事项类型=三重一大")
        assert unknown.exit_code == 2
        assert "事项 会议决策事项(meeting_matter) 没有输入「事项类型」" in unknown.output
        assert "可用:事项类别(kind)" in unknown.output
        value = run("route", "东川区", "会议决策事项", "事项类别=三重一大")
        assert value.exit_code == 2
        assert "输入 事项类别(kind):「三重一大」不是 事项类别(kind) 的取值之一" in value.output
        assert "是否应为 三重一大事项(sanzhong_yida)" in value.output
        assert "重大问题(major_matter)" in value.output

    def test_test_sheet_rows_in_chinese(self, tmp_path):
        """A 测试 row of a deadline matter by its Chinese name and input names is run, not routed."""
        sheets = {
            "说明": about(),
            "机构": BODIES,
            "事项": MATTERS,
            "时限": [HEADER, _row()],
            "测试": [
                ["事项", "输入", "期望", "说明"],
                ["回复征求意见", "来函日期=2026-09-28", "2026-10-13", ""],
                ["回复征求意见", "来函日期=2026-09-28", "2026-10-14", "故意写错"],
            ],
        }
        result = run("test", str(write_xlsx(tmp_path / "测试.xlsx", sheets)))
        assert result.exit_code == 1, result.output
        assert "1 passed, 1 failed" in result.output

    def test_meeting_counts_as_a_record_writes_them(self):
        """应到=15 实到=8, as meeting records write the counts."""
        result = run("meeting", "通州区", "常务会议", "应到=15", "实到=8")
        assert result.exit_code == 0, result.output
        assert "8/15 到会" in result.output

    def test_new_with_a_chinese_id_says_where_the_name_goes(self, tmp_path):
        result = run("new", "新县", "-o", str(tmp_path / "新县.xlsx"))
        assert result.exit_code == 2
        assert "[jurisdiction.bad_id]" in result.output
        assert "请写在 --name" in result.output

    def test_the_template_answers_in_chinese(self, tmp_path):
        """routing new: its 时限 row has names, its 测试 row uses them, and both pass."""
        path = tmp_path / "新县.xlsx"
        assert run("new", "xinxian", "-o", str(path), "--name", "新县").exit_code == 0
        result = run("deadline", str(path), "会前报送", "会议日期=2026-10-09")
        assert result.exit_code == 0, result.output
        assert "2026-09-30" in result.output
        tested = run("test", str(path))
        assert tested.exit_code == 0, tested.output

    def test_deadline_help_says_names(self):
        result = run("deadline", "--help")
        assert "收文日期=2026-09-28" in result.output
        assert "中文名称(id)" in result.output
