"""Outcomes that are not one body: refusals, deemed outcomes, prerequisites, filings, permissions,
several deciders (any/all), and declared overlaps — read from the workbook, answered, shown."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import routing
from routing_cli import cli

HEADER = [
    "编号",
    "金额",
    "决策机构",
    "结果类型",
    "结果",
    "条款",
    "原文",
    "说明",
    "依据",
    "允许重叠",
]


def row(rule_id, amount, outcome, kind="", result="", note="", overlaps=""):  # noqa: PLR0917  # a table row, cell by cell
    return [rule_id, amount, outcome, kind, result, "第1条", "原文", note, "明文", overlaps]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class TestOutcomeKinds:
    """结果类型 and 结果 say what happens when no body decides."""

    def test_refusal_is_an_answer_with_its_clause(self, make_book):
        """A 拒绝 row answers with kind, result and clause; no body decides."""
        path = make_book([row("R1", "-", "-", "拒绝", "不得提请会议研究")], header=HEADER)
        decision = routing.load(path).route("fund_adjustment", amount="1")
        assert routing.OutcomeKind.REFUSAL is decision.kind
        assert decision.refused
        assert "不得提请会议研究" == decision.result
        assert "第1条" == decision.citation.clause
        assert () == decision.deciders
        assert decision.body is None

    def test_refusal_exits_1_with_clause_and_json_kind(self, make_book):
        """``routing route`` of a refusal exits 1 and says so; --json carries the kind."""
        path = make_book([row("R1", "-", "-", "拒绝", "不得提请会议研究")], header=HEADER)
        shown = run("route", str(path), "fund_adjustment", "amount=1")
        assert 1 == shown.exit_code
        assert "拒绝" in shown.output
        assert "不得提请会议研究" in shown.output
        assert "第1条" in shown.output
        as_json = run("route", str(path), "fund_adjustment", "amount=1", "--json")
        assert 1 == as_json.exit_code
        decision = json.loads(as_json.output)["decision"]
        assert "refusal" == decision["kind"]
        assert "不得提请会议研究" == decision["result"]

    @pytest.mark.parametrize(
        ("word", "kind"),
        [
            ("视为", routing.OutcomeKind.DEEMED),
            ("前提", routing.OutcomeKind.PREREQUISITE),
            ("允许", routing.OutcomeKind.PERMITTED),
            ("deemed", routing.OutcomeKind.DEEMED),
        ],
    )
    def test_other_kinds_exit_0(self, make_book, word, kind):
        """Deemed, prerequisite and permitted outcomes are answers a script proceeds with."""
        path = make_book([row("R1", "-", "-", word, "视为无不同意见")], header=HEADER)
        assert kind is routing.load(path).route("fund_adjustment", amount="1").kind
        assert 0 == run("route", str(path), "fund_adjustment", "amount=1").exit_code

    def test_filing_names_its_recipients(self, make_book):
        """A 备案 row's bodies are the recipients, with their mode."""
        path = make_book([row("R1", "-", "县长、常务会议(备案)", "备案")], header=HEADER)
        decision = routing.load(path).route("fund_adjustment", amount="1")
        assert routing.OutcomeKind.FILING is decision.kind
        assert ["head", "standing_meeting"] == [b.id for b in decision.deciders]
        assert "all" == decision.mode

    @pytest.mark.parametrize(
        ("cells", "code", "column"),
        [
            (row("R1", "-", "-", "拒绝", ""), "rule.result_missing", "E"),
            (row("R1", "-", "-", "备案"), "rule.outcome_missing", "C"),
            (row("R1", "-", "县长", "拒收"), "rule.kind", "D"),
            (row("R1", "-", "县长", overlaps="R2"), "rule.overlap_reason", "H"),
        ],
    )
    def test_incomplete_rows_name_their_cell(self, make_book, cells, code, column):
        """A refusal without its words, a filing without recipients, an unknown kind and a
        declared overlap without a reason are each located problems."""
        path = make_book([cells, row("R2", "-", "县长")], header=HEADER)
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert code == caught.value.code
        assert caught.value.location.cell == f"{column}5"

    def test_overlap_with_an_unknown_rule_is_named(self, make_book):
        """允许重叠 must name another rule of the same table."""
        path = make_book([row("R1", "-", "县长", note="第1条", overlaps="R9")], header=HEADER)
        with pytest.raises(routing.WorkbookError) as caught:
            routing.load(path)
        assert "rule.overlap_unknown" == caught.value.code

    def test_declared_overlaps_are_kept(self, make_book):
        """允许重叠 lists ids, or 全部 for every row."""
        rows = [
            row("R1", "20万元及以下", "县长", note="第1条与R2重叠", overlaps="R2"),
            row("R2", "-", "常务会议", note="例外行", overlaps="全部"),
        ]
        book = routing.load(make_book(rows, "优先", header=HEADER))
        first, second = book.table("fund_adjustment").rules
        assert ("R2",) == first.overlaps
        assert (routing.ALL_RULES,) == second.overlaps
        assert first.declares_overlap(second)


class TestDeciders:
    """A last step of several bodies is reported whole, with its mode."""

    def test_any_of_several(self, make_book):
        """``县长或常务会议``: both are deciders, mode any, no single body."""
        path = make_book([row("R1", "-", "县长或常务会议")], header=HEADER)
        decision = routing.load(path).route("fund_adjustment", amount="1")
        assert ["head", "standing_meeting"] == [b.id for b in decision.deciders]
        assert "any" == decision.mode
        assert decision.body is None

    def test_shipped_either_or_decider(self):
        """Mengla's budget goes to the plenary or the standing meeting (第二十三条), not one body."""
        decision = routing.load("mengla").route("meeting_matter", kind="budget")
        assert {"plenary", "standing_meeting"} == {b.id for b in decision.deciders}
        assert "any" == decision.mode
        shown = run("route", "mengla", "meeting_matter", "kind=budget", "--json")
        data = json.loads(shown.output)["decision"]
        assert ["plenary", "standing_meeting"] == [b["id"] for b in data["deciders"]]
        assert "any" == data["mode"]
        text = run("route", "mengla", "meeting_matter", "kind=budget").output
        assert "县人民政府全体会议或县人民政府常务会议" in text

    def test_priority_ranks_a_row_by_its_highest_decider(self, make_book):
        """Under 优先 a row naming 县长或党组会议 outranks the standing meeting."""
        rows = [row("R1", "-", "常务会议"), row("R2", "-", "县长或党组会议")]
        decision = routing.load(make_book(rows, "优先", header=HEADER)).route(
            "fund_adjustment", amount="1"
        )
        assert "R2" == decision.rule.id


class TestTestSheet:
    """测试 rows may expect a kind, or several deciders."""

    def _book(self, make_book, expected):
        rows = [
            row("R1", "20万元及以下", "县长或常务会议"),
            row("R2", "超过20万元", "-", "拒绝", "不予"),
        ]
        tests = [["事项", "输入", "期望"], *expected]
        return routing.load(make_book(rows, header=HEADER, extra_sheets={"测试": tests}))

    def test_kind_and_deciders_expectations(self, make_book):
        """拒绝 matches a refusal; 县长或常务会议 matches those deciders with mode any."""
        book = self._book(
            make_book,
            [
                ["fund_adjustment", "amount=30万", "拒绝"],
                ["fund_adjustment", "amount=1万", "县长或常务会议"],
                ["fund_adjustment", "amount=1万", "常务会议或县长"],
            ],
        )
        assert [True, True, True] == [r.passed for r in routing.run_tests(book)]

    def test_wrong_expectations_fail(self, make_book):
        """One body for an either-or answer, all-of for any-of, or the wrong kind, each fail."""
        book = self._book(
            make_book,
            [
                ["fund_adjustment", "amount=1万", "县长"],
                ["fund_adjustment", "amount=1万", "县长、常务会议"],
                ["fund_adjustment", "amount=30万", "允许"],
                ["fund_adjustment", "amount=1万", "拒绝"],
            ],
        )
        assert [False, False, False, False] == [r.passed for r in routing.run_tests(book)]
