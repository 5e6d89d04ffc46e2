"""The router: hit policies, boundaries, totality, monotonicity, and agreement with a brute-force scan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import routing
from conftest import book_from_rows
from routing import HitPolicy, HitPolicyViolation, InputError, NoRuleError
from routing._space import DecisionSpace
from routing.strategies import (
    FEN,
    amounts,
    boundary_amounts,
    intervals,
    matter_inputs,
    table_breakpoints,
)

W = Decimal(10_000)
MONEY_TABLES = [
    ("mengla", "fund_adjustment"),
    ("mengla", "new_investment_project"),
    ("mengla", "asset_disposal"),
    ("tongzhou", "supplementary_budget"),
]


@pytest.fixture(scope="module")
def mengla():
    return routing.load("mengla")


class TestMengla:
    @pytest.mark.parametrize(
        ("amount", "body", "clause"),
        [
            ("1500万", "party_group", "第四十条(七)"),
            ("20万", "head", "第四十一条(十一)"),
            ("200000.01", "standing_meeting", "第四十一条(十一)"),
            ("1000万", "party_group", "第四十条(七)"),
            ("0", "head", "第四十一条(十一)"),
        ],
    )
    def test_fund_adjustment(self, mengla, amount, body, clause):
        """The issue's examples route to the stated body and clause."""
        decision = mengla.route("fund_adjustment", amount=amount)
        assert (body, clause) == (decision.body.id, decision.citation.clause)

    def test_overlap_at_1000_wan_lists_the_alternative(self, mengla):
        """Exactly 1000万 is in two tiers: the party group decides, the standing meeting is listed."""
        decision = mengla.route("fund_adjustment", amount="1000万")
        assert ["standing_meeting"] == [r.body.id for r in decision.alternatives if r.body]
        assert "第四十一条(十一)" == decision.alternatives[0].citation.clause

    def test_asset_disposal_at_200_wan_has_no_rule(self, mengla):
        """Disposals of 200万 and below have no body in the text: a declared gap, not a guess."""
        with pytest.raises(NoRuleError) as caught:
            mengla.route("asset_disposal", amount="200万")
        assert "no_rule.declared" == caught.value.code
        assert "金额 = 200万" in caught.value.message
        citation = caught.value.citation  # the 无规则 row's clause and the words that are silent
        assert citation is not None
        assert ("第四十一条(十)", "价值200万元(不含)以上国有资产的处置") == (
            citation.clause,
            citation.quote,
        )

    def test_decision_carries_its_evidence(self, mengla):
        """Body names, the quote and the rule's location come with the decision."""
        decision = mengla.route("fund_adjustment", amount="1500万")
        assert "县人民政府党组会议" == decision.body.name
        assert "Party" in decision.body.name_en
        assert "1000万元(含1000万元)以上" in decision.citation.quote
        assert "mengla.xlsx" == decision.rule.location.workbook
        assert "资金调整" == decision.rule.location.sheet
        assert not decision.inferred

    def test_chinese_matter_and_input_names(self, mengla):
        """Matters and inputs can be named in Chinese; values may be Chinese numerals."""
        assert "head" == mengla.route("资金调整", 金额="二十万元").body.id

    def test_unknown_names_list_the_valid_ones(self, mengla):
        """Unknown matters and inputs raise InputError listing what exists."""
        with pytest.raises(InputError, match="fund_adjustment"):
            mengla.route("fund_adjustmnt", amount=1)
        with pytest.raises(InputError, match="amount") as caught:
            mengla.route("fund_adjustment", amont=1)
        assert "input.unknown" == caught.value.code
        with pytest.raises(InputError) as caught:
            mengla.route("fund_adjustment")
        assert "input.missing" == caught.value.code
        with pytest.raises(InputError) as caught:
            mengla.route("fund_adjustment", amount="abc")
        assert "amount.invalid" == caught.value.code


def _policy_book(make_book, rows, policy, **kwargs):
    return routing.load(make_book(rows, policy, **kwargs))


OVERLAPPING = [
    ["R1", "<= 20万", "县长", "第一条", "甲", "", ""],
    ["R2", "[10万..100万]", "常务会议", "第二条", "乙", "", ""],
    ["R3", "[15万..30万]", "党组会议", "第三条", "丙", "", ""],
]


class TestHitPolicies:
    def test_unique_violation_names_the_rules(self, make_book):
        """UNIQUE with two matching rules is an error naming both, never a silent first match."""
        book = _policy_book(make_book, OVERLAPPING, "唯一")
        with pytest.raises(HitPolicyViolation) as caught:
            book.route("fund_adjustment", amount="12万")
        assert "R1" in caught.value.message
        assert "R2" in caught.value.message
        assert "book.xlsx › 资金调整 › 第6行" in caught.value.message
        assert "head" == book.route("fund_adjustment", amount="5万").body.id

    def test_first(self, make_book):
        """FIRST picks the first matching row; the others are alternatives."""
        decision = _policy_book(make_book, OVERLAPPING, "F").route("fund_adjustment", amount="16万")
        assert ("head", ["R2", "R3"]) == (decision.body.id, [r.id for r in decision.alternatives])

    def test_priority_by_rank(self, make_book):
        """PRIORITY picks the highest-ranked body."""
        decision = _policy_book(make_book, OVERLAPPING, "PRIORITY").route(
            "fund_adjustment", amount="16万"
        )
        assert ("party_group", ["R2", "R1"]) == (
            decision.body.id,
            [r.id for r in decision.alternatives],
        )

    def test_priority_by_declared_output_order(self, make_book):
        """A declared 输出顺序 overrides the ranks."""
        book = _policy_book(
            make_book, OVERLAPPING, "优先", extra_meta=[["输出顺序", "县长、常务会议、党组会议"]]
        )
        assert "head" == book.route("fund_adjustment", amount="16万").body.id

    def test_any_allows_equal_outputs_only(self, make_book):
        """ANY accepts overlaps with the same outcome and rejects different ones."""
        rows = [
            ["R1", "<= 20万", "县长", "第一条", "甲", "", ""],
            ["R2", "[10万..30万]", "县长", "第二条", "乙", "", ""],
            ["R3", "[25万..40万]", "常务会议", "第三条", "丙", "", ""],
        ]
        book = _policy_book(make_book, rows, "任一")
        assert "head" == book.route("fund_adjustment", amount="15万").body.id
        with pytest.raises(HitPolicyViolation):
            book.route("fund_adjustment", amount="26万")

    @pytest.mark.parametrize(
        ("policy", "order"),
        [
            ("C", ["R1", "R2", "R3"]),
            ("规则顺序", ["R1", "R2", "R3"]),
            ("输出顺序", ["R3", "R2", "R1"]),
        ],
    )
    def test_multi_hit_policies_return_every_hit(self, make_book, policy, order):
        """COLLECT and RULE ORDER keep row order; OUTPUT ORDER sorts by priority."""
        decision = _policy_book(make_book, OVERLAPPING, policy).route(
            "fund_adjustment", amount="16万"
        )
        assert order == [r.id for r in decision.hits]

    def test_other_inputs_filter_rules(self, make_book):
        """Boolean and enum conditions combine with the amount; missing optional inputs match only '-'."""
        rows = [
            ["R1", "-", "是", "-", "党组会议", "第一条", "甲", "", ""],
            ["R2", "<= 20万", "-", "not(central)", "县长", "第二条", "乙", "", ""],
            ["R3", "> 20万", "-", "-", "常务会议", "第三条", "丙", "", ""],
        ]
        header = ["编号", "金额", "紧急", "来源", "决策机构", "条款", "原文", "说明", "依据"]
        book = _policy_book(make_book, rows, "P", header=header)
        assert "party_group" == book.route("fund_adjustment", amount=1, urgent="是").body.id
        assert "head" == book.route("fund_adjustment", amount=1, origin="区级").body.id
        with pytest.raises(NoRuleError) as caught:
            book.route("fund_adjustment", amount=1, origin="central")
        assert "no_rule.gap" == caught.value.code
        assert "来源 = 中央" in caught.value.message
        with pytest.raises(
            NoRuleError
        ):  # an unknown origin satisfies no condition but '-' (DMN null)
            book.route("fund_adjustment", amount=1)


def reference_decide(table, values):
    """Brute force: scan every rule, then apply the hit policy — the definition the router must meet.

    A declared gap (无规则) counts as a row under UNIQUE and FIRST; under PRIORITY a real rule beats it.
    """
    matched = [r for r in table.rules if all(c.matches(values.get(c.input)) for c in r.conditions)]
    if table.hit_policy is HitPolicy.UNIQUE and len(matched) > 1:
        return "violation"
    if table.hit_policy is HitPolicy.PRIORITY:
        real = [r for r in matched if not r.is_gap]
        real.sort(key=lambda r: -table.priority(r))
        matched = real or matched
    if not matched or matched[0].is_gap:
        return "no rule"
    return matched[0].id


def _outcome(space, values):
    outcome = space.decide(values)
    if isinstance(outcome, NoRuleError):
        return "no rule"
    if isinstance(outcome, HitPolicyViolation):
        return "violation"
    return outcome.rule.id


@st.composite
def random_tables(draw):
    pool = sorted(draw(st.sets(amounts(max_value=Decimal(10**8)), min_size=1, max_size=5)))
    bodies = ["县长", "常务会议", "党组会议"]
    rows = [
        [
            f"R{n}",
            draw(intervals(bounds=pool)).to_feel(),
            draw(st.sampled_from([*bodies, "无规则"])),
            f"第{n}条",
            "原文",
            "",
            "",
        ]
        for n in range(1, draw(st.integers(1, 6)) + 1)
    ]
    return rows, draw(st.sampled_from(["唯一", "首条", "优先"]))


class TestCompiledAgreesWithBruteForce:
    @given(random_tables(), st.data())
    def test_every_breakpoint_and_either_side(self, table_spec, data):
        """At each breakpoint, one fen either side, and random amounts, lookup equals the scan."""
        rows, policy = table_spec
        table = book_from_rows(rows, policy).tables[0]
        compiled = DecisionSpace(table)
        points = {p + d for p in table_breakpoints(table) for d in (-FEN, Decimal(0), FEN)}
        points.add(data.draw(amounts()))
        for amount in sorted(p for p in points if p >= 0):
            values = {"amount": amount}
            assert reference_decide(table, values) == _outcome(compiled, values)


@pytest.fixture(scope="module")
def books():
    return {j: routing.load(j) for j in ("mengla", "tongzhou")}


class TestShippedMoneyTables:
    @pytest.mark.parametrize(("jurisdiction", "matter"), MONEY_TABLES)
    @given(data=st.data())
    def test_total_over_amounts(self, books, jurisdiction, matter, data):
        """Every amount ≥ 0 routes, or falls in a gap the table documents (never an undeclared one)."""
        book = books[jurisdiction]
        values = data.draw(matter_inputs(book, matter))
        try:
            book.route(matter, **values)
        except NoRuleError as error:
            assert "no_rule.declared" == error.code

    @pytest.mark.parametrize(("jurisdiction", "matter"), MONEY_TABLES)
    @given(data=st.data())
    def test_rank_never_falls_as_the_amount_rises(self, books, jurisdiction, matter, data):
        """For fixed other inputs, a larger amount never goes to a lower-ranked body."""
        book = books[jurisdiction]
        table = book.table(matter)
        values = data.draw(matter_inputs(book, matter))
        low, high = sorted(
            data.draw(st.lists(boundary_amounts(table) | amounts(), min_size=2, max_size=2))
        )

        def rank(amount):
            try:
                return book.route(matter, **{**values, "amount": amount}).body.rank
            except NoRuleError:
                return None

        lower, higher = rank(low), rank(high)
        if lower is not None and higher is not None:
            assert lower <= higher

    @pytest.mark.parametrize(("jurisdiction", "matter"), MONEY_TABLES)
    def test_boundaries_follow_the_interval_semantics(self, books, jurisdiction, matter):
        """At every threshold and one fen either side, the router matches the brute-force scan."""
        book = books[jurisdiction]
        table = book.table(matter)
        compiled = book.router.space(table.matter.id)
        others = [{}]
        if matter == "supplementary_budget":
            others = [{"policy_origin": c.id} for c in table.matter.input("policy_origin").choices]
        for extra in others:
            for point in table_breakpoints(table):
                for amount in (point - FEN, point, point + FEN):
                    values = {"amount": amount, **extra}
                    assert reference_decide(table, values) == _outcome(compiled, values)


def test_a_matter_names_each_input_once():
    """Two inputs sharing an id or a label cannot be told apart by a column or a route argument."""
    amount = routing.Input("amount", "金额", routing.InputKind.AMOUNT)
    urgent = routing.Input("urgent", "紧急", routing.InputKind.BOOLEAN)
    assert 2 == len(routing.Matter("m", "事项", (amount, urgent)).inputs)
    with pytest.raises(ValueError, match="amount"):
        routing.Matter(
            "m", "事项", (amount, routing.Input("amount", "紧急", routing.InputKind.BOOLEAN))
        )
    with pytest.raises(ValueError, match="金额"):
        routing.Matter(
            "m", "事项", (amount, routing.Input("sum", "金额", routing.InputKind.AMOUNT))
        )
