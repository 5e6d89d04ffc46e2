"""routing — which body decides a matter, under which clause, through which chain of sign-offs.

>>> import routing
>>> book = routing.load("mengla")
>>> book.route("fund_adjustment", amount="1500万").body.id
'party_group'
"""

from typing import Any

from routing._amounts import Interval, format_amount, format_yuan, parse_amount, parse_range
from routing._api import load, shipped_jurisdictions, shipped_tables
from routing._catalogue import MatterInfo, describe_matters
from routing._cells import parse_bool, parse_chain, parse_hit_policy
from routing._errors import (
    HitPolicyViolation,
    InputError,
    Location,
    NoRuleError,
    ParseError,
    Problem,
    RoutingError,
    WorkbookError,
)
from routing._model import (
    About,
    AmountCondition,
    Body,
    BooleanCondition,
    Chain,
    Choice,
    Citation,
    Condition,
    Decision,
    DecisionTable,
    EnumCondition,
    HitPolicy,
    Input,
    InputKind,
    Matter,
    Rule,
    RuleBook,
    Step,
    TestCase,
)


def to_json(value: object) -> Any:
    """Plain JSON-ready data for any model object (or a list or dict of them)."""
    from routing._json import to_json as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


def dumps(value: object) -> str:
    """A JSON document, UTF-8 text with Chinese kept readable."""
    from routing._json import dumps as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


__all__ = [
    "About",
    "AmountCondition",
    "Body",
    "BooleanCondition",
    "Chain",
    "Choice",
    "Citation",
    "Condition",
    "Decision",
    "DecisionTable",
    "EnumCondition",
    "HitPolicy",
    "HitPolicyViolation",
    "Input",
    "InputError",
    "InputKind",
    "Interval",
    "Location",
    "Matter",
    "MatterInfo",
    "NoRuleError",
    "ParseError",
    "Problem",
    "RoutingError",
    "Rule",
    "RuleBook",
    "Step",
    "TestCase",
    "WorkbookError",
    "describe_matters",
    "dumps",
    "format_amount",
    "format_yuan",
    "load",
    "parse_amount",
    "parse_bool",
    "parse_chain",
    "parse_hit_policy",
    "parse_range",
    "shipped_jurisdictions",
    "shipped_tables",
    "to_json",
]
