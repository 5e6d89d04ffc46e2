"""``routing.strategies`` tested as users rely on it: what each strategy draws loads, routes and is
checked, and the "shrinks to" claim of each docstring holds (``hypothesis.find`` gives the minimal
example of a strategy when every example is accepted)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import routing
from routing import Decision, HitPolicy, Interval, Jurisdiction, RoutingError, RuleBook
from routing.strategies import (
    amount_texts,
    amounts,
    boundary_amounts,
    decision_tables,
    intervals,
    matter_inputs,
    mixed_tables,
    rule_books,
)

FIND = settings(database=None, max_examples=5000, suppress_health_check=list(HealthCheck))


def minimal(strategy: st.SearchStrategy[object]) -> object:
    return find(strategy, lambda _: True, settings=FIND)


def _book(table: routing.DecisionTable) -> Jurisdiction:
    from routing.strategies import _bodies

    return Jurisdiction(
        RuleBook(routing.About("t"), tuple(_bodies()), (table.matter,), (table,), "generated.xlsx")
    )


class TestShrinkClaims:
    def test_amounts_shrink_to_zero(self):
        assert minimal(amounts()) == Decimal(0)

    def test_amount_texts_shrink_to_zero_text(self):
        text, value = minimal(amount_texts())  # type: ignore[misc]  # a pair, by the strategy
        assert (text, value) == ("0.00", Decimal(0))

    def test_intervals_shrink_to_any(self):
        found = minimal(intervals())
        assert isinstance(found, Interval)
        assert found.to_feel() == "-"

    def test_boundary_amounts_shrink_to_the_lowest(self):
        table = routing.load("mengla").table("fund_adjustment")
        assert table is not None
        lowest = min(p for p in routing.strategies.table_breakpoints(table)) - Decimal("0.01")
        assert minimal(boundary_amounts(table)) == max(lowest, Decimal(0))

    def test_decision_tables_shrink_to_one_any_rule_under_unique(self):
        table = minimal(decision_tables())
        assert isinstance(table, routing.DecisionTable)
        assert table.hit_policy is HitPolicy.UNIQUE
        assert len(table.rules) == 1
        (condition,) = table.rules[0].conditions
        assert isinstance(condition, routing.AmountCondition)
        assert condition.interval.is_any

    def test_mixed_tables_shrink_to_one_unconditional_one_body_rule_under_unique(self):
        table = minimal(mixed_tables())
        assert isinstance(table, routing.DecisionTable)
        assert table.hit_policy is HitPolicy.UNIQUE
        (rule,) = table.rules
        assert rule.conditions == ()
        assert len(rule.deciders) == 1

    def test_rule_books_shrink_to_one_table(self):
        book = minimal(rule_books())
        assert isinstance(book, RuleBook)
        assert len(book.tables) == 1

    def test_matter_inputs_shrink_to_smallest_amount_and_first_values(self):
        book = routing.load("mengla")
        table = book.table("fund_adjustment")
        assert table is not None
        found = minimal(matter_inputs(book, "fund_adjustment"))
        assert isinstance(found, dict)
        lowest = min(routing.strategies.table_breakpoints(table)) - Decimal("0.01")
        assert found["amount"] == max(lowest, Decimal(0))
        for input_ in table.matter.inputs:
            if input_.id in found and input_.kind is routing.InputKind.BOOLEAN:
                assert found[input_.id] is False


class TestWhatTheyDrawWorks:
    @settings(max_examples=40)
    @given(rule_books(), st.data())
    def test_every_generated_book_compiles_routes_and_checks(self, book, data):
        """A generated book loads as a Jurisdiction, each matter answers the inputs
        ``matter_inputs`` draws for it (a decision or a routing error, never an exception of ours),
        and ``check`` walks it."""
        jurisdiction = Jurisdiction(book)
        for table in book.tables:
            values = data.draw(matter_inputs(jurisdiction, table.matter.id))
            try:
                outcome = jurisdiction.route(table.matter.id, **values)
            except RoutingError:
                continue
            assert isinstance(outcome, Decision)
            assert outcome.rule in table.rules
        sheets = {t.location.sheet for t in book.tables}
        for finding in routing.verify(book):
            assert finding.location is None or finding.location.sheet in sheets, finding

    @settings(max_examples=40)
    @given(decision_tables(), st.data())
    def test_decision_tables_answer_at_their_boundaries(self, table, data):
        amount = data.draw(boundary_amounts(table))
        try:
            outcome = _book(table).route(table.matter.id, amount=amount)
        except RoutingError:
            return
        assert outcome.rule.conditions[0].matches(amount)

    def test_matter_inputs_refuses_an_unknown_matter(self):
        with pytest.raises(ValueError, match="no matter"):
            find(matter_inputs(routing.load("mengla"), "nope"), lambda _: True, settings=FIND)
