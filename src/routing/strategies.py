"""Hypothesis strategies for property-testing routing and your own workbooks.

Install with ``pip install routing[strategies]``. Every strategy is typed and says what it shrinks to.

>>> from hypothesis import given
>>> from routing.strategies import amounts
>>> @given(amounts())
... def test_every_amount_routes(amount): ...
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st

from routing._amounts import format_amount
from routing._model import AmountCondition
from routing._ranges import Interval

if TYPE_CHECKING:
    from collections.abc import Sequence

    from routing._book import RuleBook
    from routing._jurisdiction import Jurisdiction
    from routing._model import Body, DecisionTable

__all__ = [
    "amount_texts",
    "amounts",
    "boundary_amounts",
    "decision_tables",
    "intervals",
    "matter_inputs",
    "mixed_tables",
    "rule_books",
]

FEN = Decimal("0.01")
_TEN_BILLION = Decimal(10) ** 10


def amounts(*, max_value: Decimal = _TEN_BILLION, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Non-negative exact amounts in yuan with at most ``places`` decimals; shrinks to ``0``."""
    return st.decimals(
        min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False
    )


def amount_texts(*, max_value: Decimal = _TEN_BILLION) -> st.SearchStrategy[tuple[str, Decimal]]:
    """Pairs of (text as office staff write it, its exact value); shrinks to ``("0.00", 0)``."""
    return amounts(max_value=max_value).flatmap(
        lambda value: st.sampled_from(
            [
                str(value),
                format_amount(value),
                f"{format_amount(value)}元",
                f" {format_amount(value)} ",
            ]
        ).map(lambda text: (text, value))
    )


@st.composite
def intervals(draw: st.DrawFn, *, bounds: Sequence[Decimal] | None = None) -> Interval:
    """Ranges of amounts, bounded or not, open or closed, possibly empty; shrinks to ``-`` (any).

    With ``bounds``, every finite bound is drawn from them, so that many intervals share breakpoints.
    """
    bound = st.sampled_from(list(bounds)) if bounds else amounts(max_value=Decimal(10) ** 9)
    low = draw(st.none() | bound)
    high = draw(st.none() | bound)
    return Interval(low, high, low_closed=draw(st.booleans()), high_closed=draw(st.booleans()))


def table_breakpoints(table: DecisionTable, input_id: str = "amount") -> list[Decimal]:
    """Every finite bound of the table's conditions on ``input_id``, sorted."""
    points: set[Decimal] = set()
    for rule in table.rules:
        condition = rule.condition(input_id)
        if isinstance(condition, AmountCondition):
            points.update(
                b for b in (condition.interval.low, condition.interval.high) if b is not None
            )
    return sorted(points)


def boundary_amounts(table: DecisionTable, input_id: str = "amount") -> st.SearchStrategy[Decimal]:
    """Amounts exactly at each threshold of a table and one fen either side; shrinks to the lowest."""
    points = {
        p + delta for p in table_breakpoints(table, input_id) for delta in (-FEN, Decimal(0), FEN)
    }
    candidates = sorted(p for p in points if p >= 0) or [Decimal(0)]
    return st.sampled_from(candidates)


@st.composite
def matter_inputs(draw: st.DrawFn, book: RuleBook | Jurisdiction, matter: str) -> dict[str, object]:
    """Valid inputs for ``matter`` of ``book``: amounts (often at thresholds), declared enum values,
    booleans; optional inputs are sometimes left out. Shrinks to the smallest amount and first values.
    """
    from routing._model import InputKind  # noqa: PLC0415  # keeps the module import light

    table = book.table(matter)
    if table is None:
        message = f"{book.jurisdiction} has no matter {matter!r}"
        raise ValueError(message)
    values: dict[str, object] = {}
    for input_ in table.matter.inputs:
        if not input_.required and draw(st.booleans()):
            continue
        if input_.kind is InputKind.AMOUNT:
            values[input_.id] = draw(boundary_amounts(table, input_.id) | amounts())
        elif input_.kind is InputKind.BOOLEAN:
            values[input_.id] = draw(st.booleans())
        elif input_.kind is InputKind.ENUM:
            values[input_.id] = draw(st.sampled_from([c.id for c in input_.choices]))
        elif input_.kind is InputKind.SET:
            values[input_.id] = draw(st.frozensets(st.sampled_from([c.id for c in input_.choices])))
        elif input_.kind is InputKind.DATE:
            values[input_.id] = draw(st.dates())
        elif input_.kind is InputKind.NUMBER:
            values[input_.id] = draw(st.integers(min_value=0, max_value=10**6))
        else:
            values[input_.id] = draw(st.text(min_size=1, max_size=8))
    return values


_POLICIES = ("U", "F", "P")


@st.composite
def decision_tables(
    draw: st.DrawFn,
    *,
    bounds: Sequence[Decimal] = (Decimal(0), Decimal(200_000), Decimal(10_000_000)),
    max_rules: int = 6,
) -> DecisionTable:
    """One-amount-input tables of 1..``max_rules`` rules over intervals drawn from ``bounds``, in
    random order, under UNIQUE, FIRST or PRIORITY, deciding among three bodies of rising rank.

    Shrinks to one rule with the condition ``-`` (any amount) under UNIQUE.
    """
    from routing._errors import Location  # noqa: PLC0415  # keeps the module import light
    from routing._model import (  # noqa: PLC0415
        Body,
        Chain,
        Citation,
        HitPolicy,
        Input,
        InputKind,
        Matter,
        Rule,
        Step,
    )
    from routing._model import DecisionTable as Table  # noqa: PLC0415

    bodies = [Body(f"body_{i}", f"机构{i}", rank=10 * i) for i in range(3)]
    matter = Matter("fund_adjustment", "资金调整", (Input("amount", "金额", InputKind.AMOUNT),))
    count = draw(st.integers(1, max_rules))
    rules = tuple(
        Rule(
            f"R{n + 1}",
            (AmountCondition("amount", draw(intervals(bounds=bounds))),),
            Chain((Step((draw(st.sampled_from(bodies)),)),)),
            Citation(f"第{n + 1}条", ""),
            Location("generated.xlsx", "资金调整", row=n + 5),
        )
        for n in range(count)
    )
    policy = HitPolicy(draw(st.sampled_from(_POLICIES)))
    return Table(matter, policy, rules, Location("generated.xlsx", "资金调整"))


MIXED_BOUNDS = (
    Decimal(0),
    Decimal("0.000001"),
    Decimal("0.0000015").quantize(Decimal("0.000001")),
    Decimal(200_000),
    Decimal("200000.000001"),
    Decimal(10_000_000),
)
"""Bounds of ``mixed_tables``: zero, a millionth, 20万 and a millionth above it, 1000万."""


@st.composite
def mixed_tables(
    draw: st.DrawFn,
    *,
    bounds: Sequence[Decimal] = MIXED_BOUNDS,
    max_rules: int = 6,
    sheet: str = "资金调整",
) -> DecisionTable:
    """Tables mixing every input kind: an amount (sometimes optional), an optional yes/no, an
    enum, a multi-select and a text input; rules conditioning on a random few of them (enums
    sometimes negated), deciding (one body, several with any/all), refusing, or declaring a gap;
    under any of the seven hit policies, with an output order for OUTPUT ORDER.

    Shrinks to one rule without conditions deciding by one body under UNIQUE.
    """
    from routing._errors import Location  # noqa: PLC0415  # keeps the module import light
    from routing._model import (  # noqa: PLC0415
        BooleanCondition,
        Chain,
        Choice,
        Citation,
        EnumCondition,
        HitPolicy,
        Input,
        InputKind,
        Matter,
        OutcomeKind,
        Rule,
        Step,
    )
    from routing._model import DecisionTable as Table  # noqa: PLC0415

    bodies = _bodies()
    choices = (Choice("a", "甲"), Choice("b", "乙"), Choice("c", "丙"))
    inputs = (
        Input("amount", "金额", InputKind.AMOUNT, required=draw(st.booleans())),
        Input("urgent", "紧急", InputKind.BOOLEAN, required=False),
        Input("origin", "来源", InputKind.ENUM, choices, required=draw(st.booleans())),
        Input("subjects", "涉及", InputKind.SET, choices, required=False),
        Input("note", "备注", InputKind.TEXT, required=False),
    )
    matter = Matter("fund_adjustment", "资金调整", inputs)
    values = st.frozensets(st.sampled_from(["a", "b", "c"]), min_size=1)
    rules = []
    for n in range(draw(st.integers(1, max_rules))):
        conditions: list[object] = []
        if draw(st.booleans()):
            conditions.append(AmountCondition("amount", draw(intervals(bounds=bounds))))
        if draw(st.booleans()):
            conditions.append(BooleanCondition("urgent", draw(st.booleans())))
        if draw(st.booleans()):
            conditions.append(EnumCondition("origin", draw(values), draw(st.booleans())))
        if draw(st.booleans()):
            conditions.append(EnumCondition("subjects", draw(values), draw(st.booleans())))
        if draw(st.booleans()):
            texts = st.frozensets(st.sampled_from(["急件", "平件"]), min_size=1)
            conditions.append(EnumCondition("note", draw(texts)))
        # The bodies are drawn whatever the shape, so that every shape costs the same draws and
        # the shrinker prefers the first one ("one") instead of a shape with fewer draws.
        ordered = draw(st.permutations(bodies))
        shape = draw(st.sampled_from(["one", "one", "any", "all", "refusal", "gap"]))
        chain, kind, result = None, OutcomeKind.NO_RULE, ""
        if shape in {"one", "any", "all"}:
            size = 1 if shape == "one" else 2
            picked = tuple(ordered[:size])
            chain = Chain((Step(picked, mode="all" if shape == "all" else "any"),))
            kind = OutcomeKind.DECISION
        elif shape == "refusal":
            kind, result = OutcomeKind.REFUSAL, "不得提请"
        rules.append(
            Rule(
                f"R{n + 1}",
                tuple(conditions),  # type: ignore[arg-type]  # built from Condition classes
                chain,
                Citation(f"第{n + 1}条", "原文"),
                Location("generated.xlsx", sheet, row=n + 5),
                kind=kind,
                result=result,
            )
        )
    policy = draw(st.sampled_from(list(HitPolicy)))
    order = tuple(b.id for b in draw(st.permutations(bodies)))
    return Table(
        matter,
        policy,
        tuple(rules),
        Location("generated.xlsx", sheet),
        output_order=order if policy is HitPolicy.OUTPUT_ORDER else (),
    )


def _bodies() -> list[Body]:
    from routing._model import Body  # noqa: PLC0415  # keeps the module import light

    return [Body(f"body_{i}", f"机构{i}", rank=10 * i) for i in range(3)]


@st.composite
def rule_books(draw: st.DrawFn, *, tables: int = 2) -> RuleBook:
    """Rule books of 1..``tables`` mixed tables for different matters on different sheets, their
    rules on the same row numbers. Shrinks to one table (see ``mixed_tables``)."""
    from routing._book import About  # noqa: PLC0415  # keeps the module import light
    from routing._book import RuleBook as Book  # noqa: PLC0415
    from routing._model import Matter  # noqa: PLC0415

    count = draw(st.integers(1, tables))
    built = []
    for n in range(count):
        table = draw(mixed_tables(sheet=f"表{n + 1}"))
        matter = Matter(f"matter_{n + 1}", f"事项{n + 1}", table.matter.inputs)
        built.append(attrs.evolve(table, matter=matter))
    return Book(
        About("generated"),
        tuple(_bodies()),
        tuple(t.matter for t in built),
        tuple(built),
        "generated.xlsx",
    )
