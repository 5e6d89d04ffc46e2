"""The routing command through click's CliRunner: answers, JSON, exit codes, messages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from routing_cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class TestRoute:
    def test_rich_answer_in_chinese(self):
        """The default answer shows body, clause, quote, rule cell and alternatives."""
        result = run("route", "mengla", "fund_adjustment", "amount=1000万")
        assert 0 == result.exit_code
        for text in (
            "县人民政府党组会议",
            "第四十条(七)",
            "1000万元(含1000万元)以上",
            "mengla.xlsx › 资金调整",
            "同时适用",
            "县人民政府常务会议",
        ):
            assert text in result.output

    def test_one_step_of_several_bodies_shows_them_all(self):
        """先用印后补签 needs both the office director and the signing leader: both are shown."""
        result = run("route", "shuangyang", "seal_before_signing")
        assert result.exit_code == 0
        assert "区政府办公室主任、签发领导(同意)" in result.output

    @pytest.mark.parametrize(
        ("amount", "body", "clause"),
        [
            ("1500万", "party_group", "第四十条(七)"),
            ("20万", "head", "第四十一条(十一)"),
            ("200000.01", "standing_meeting", "第四十一条(十一)"),
        ],
    )
    def test_json(self, amount, body, clause):
        """--json carries the stable ids, the clause and the rule's location."""
        result = run("route", "mengla", "fund_adjustment", f"amount={amount}", "--json")
        assert 0 == result.exit_code
        data = json.loads(result.output)
        assert body == data["decision"]["body"]["id"]
        assert clause == data["decision"]["citation"]["clause"]
        assert "资金调整" == data["decision"]["rule"]["location"]["sheet"]

    def test_json_alternatives_at_the_overlap(self):
        """At exactly 1000万 the standing meeting is among the alternatives."""
        data = json.loads(
            run("route", "mengla", "fund_adjustment", "amount=1000万", "--json").output
        )
        assert "party_group" == data["decision"]["body"]["id"]
        assert ["standing_meeting"] == [a["body"]["id"] for a in data["decision"]["alternatives"]]

    def test_no_rule_exits_1(self):
        """A declared gap exits 1 and says no rule covers it."""
        result = run("route", "mengla", "asset_disposal", "amount=200万")
        assert 1 == result.exit_code
        assert "no_rule.declared" in result.output
        assert "文本未规定" in result.output

    def test_no_rule_json(self):
        """With --json, the error is a JSON object on stdout with the same exit code."""
        result = run("route", "mengla", "asset_disposal", "amount=200万", "--json")
        assert 1 == result.exit_code
        assert "no_rule.declared" == json.loads(result.output)["error"]["code"]

    GAP_QUOTE = "讨论和决定2000万元(含2000万元)以上非中央、市级政策性调整的需追加预算资金事项"
    GAP = ("route", "tongzhou", "supplementary_budget", "amount=1000万", "policy_origin=none")

    def test_declared_gap_shows_the_silent_quote(self):
        """A declared gap (无规则 row) shows the quoted text that is silent, not only its clause."""
        result = run(*self.GAP)
        assert 1 == result.exit_code
        assert "no_rule.declared" in result.output
        assert f"原文 Quote: 「{self.GAP_QUOTE}」" in result.output

    def test_declared_gap_json_carries_the_citation(self):
        """With --json the declared gap's clause, exact quote and note are in error.citation."""
        result = run(*self.GAP, "--json")
        assert 1 == result.exit_code
        citation = json.loads(result.output)["error"]["citation"]
        assert "四十六(五)" == citation["clause"]
        assert self.GAP_QUOTE == citation["quote"]
        assert "不满2000万元" in citation["note"]

    def test_undeclared_gap_has_no_citation(self):
        """An error that no row declares has citation null under --json and no quote line."""
        result = run("route", "mengla", "fund_adjustment", "amount=1000万", "bogus=1", "--json")
        assert 2 == result.exit_code
        assert json.loads(result.output)["error"]["citation"] is None

    def test_damaged_workbook_json_lists_each_problem_with_its_cell(self, tmp_path):
        """A refused workbook under --json: every problem with code, both messages and its cell."""
        from conftest import BODIES, MATTERS, about, write_xlsx  # this test only

        matters = [
            *MATTERS,
            ["fund_adjustment", "资金调整", "urgent", "紧急", "是否", "", "否", ""],
            ["fund_adjustment", "资金调整", "level", "级别", "坏类型", "", "否", ""],
        ]
        path = write_xlsx(tmp_path / "bad.xlsx", {"说明": about(), "机构": BODIES, "事项": matters})
        result = run("route", str(path), "x", "--json")
        assert 2 == result.exit_code
        error = json.loads(result.output)["error"]
        assert 2 == error["exit_code"]
        by_code = {p["code"]: p for p in error["problems"]}
        assert "bad.xlsx › 事项 › C5" == by_code["input.duplicate"]["location"]["text"]
        assert "bad.xlsx › 事项 › E6" == by_code["input.kind"]["location"]["text"]
        assert all(p["message"] and p["message_en"] for p in error["problems"])

    @pytest.mark.parametrize(
        ("args", "text"),
        [
            (["mengla", "fund_adjustment", "amount=abc"], "amount.invalid"),
            (["mengla", "fund_adjustment", "amount"], "name=value"),
            (["mengla", "fund", "amount=1"], "fund_adjustment"),
            (["mengla", "fund_adjustment", "size=1"], "input.unknown"),
            (["nowhere", "fund_adjustment", "amount=1"], "jurisdiction.unknown"),
            (["missing.xlsx", "fund_adjustment", "amount=1"], "workbook.not_found"),
        ],
    )
    def test_bad_usage_exits_2_without_traceback(self, args, text):
        """Bad values, names and paths exit 2 with a message, never a traceback."""
        result = run("route", *args)
        assert 2 == result.exit_code
        assert text in result.output
        assert "Traceback" not in result.output


class TestMatters:
    def test_lists_matters_inputs_and_clauses(self):
        """`routing matters` shows each matter with its inputs and clauses."""
        result = run("matters", "mengla")
        assert 0 == result.exit_code
        for text in (
            "fund_adjustment",
            "资金调整",
            "amount",
            "sanzhong_yida",
            "第四十条(七)",
            "asset_disposal",
        ):
            assert text in result.output

    def test_json(self):
        """--json lists matters with their input ids and kinds."""
        data = json.loads(run("matters", "tongzhou", "--json").output)
        budget = next(m for m in data if m["id"] == "supplementary_budget")
        assert ["amount", "policy_origin"] == [i["id"] for i in budget["inputs"]]
        assert "enum" == budget["inputs"][1]["kind"]


class TestHelp:
    def test_every_command_has_help_with_an_example(self):
        """Each command documents itself with an example."""
        for name, command in cli.commands.items():
            assert command.help, name
            assert "routing " in command.help, name

    def test_unknown_command_exits_2(self):
        """click's usage errors exit 2."""
        assert 2 == run("frobnicate").exit_code


class TestTestCommand:
    def test_shipped_tables_pass(self):
        """`routing test tables/` runs every 测试 row of every shipped workbook and exits 0."""
        result = run("test", "tables/")
        assert 0 == result.exit_code, result.output
        assert " 0 failed" in result.output

    def test_a_failing_row_exits_1_naming_its_row(self, make_book):
        """A wrong expectation is listed with its row and makes the command exit 1."""
        path = make_book(
            [["R1", "<= 20万", "县长", "第一条", "原文", "", ""]],
            extra_sheets={
                "测试": [
                    ["事项", "输入", "期望", "说明"],
                    ["fund_adjustment", "amount=1", "head", ""],
                    ["fund_adjustment", "amount=2", "standing_meeting", ""],
                ]
            },
        )
        result = run("test", str(path))
        assert 1 == result.exit_code
        assert "测试 › 第3行" in result.output
        assert "1 passed, 1 failed" in result.output


class TestMattersListsDeadlines:
    def test_deadline_rows_follow_the_matters(self):
        """routing matters also lists the 时限 rows, so the matters `deadline` answers are known."""
        result = CliRunner().invoke(cli, ["matters", "mengla"], env={"COLUMNS": "300"})
        assert result.exit_code == 0
        assert "时限 Deadlines" in result.output
        assert (
            "收文日期(received_date) 之后 7(或 主办部门时限(lead_department_deadline)) 工作日"
            in result.output
        )
        assert "重大事项(major)=是" in result.output  # the 条件 in the 时限 sheet's names

    def test_no_deadline_section_without_a_sheet(self):
        assert "时限 Deadlines" not in run("matters", "wolong").output
