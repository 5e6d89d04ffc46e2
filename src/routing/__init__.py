"""routing — which body decides a matter, under which clause, through which chain of sign-offs.

>>> import routing
>>> book = routing.load("mengla")
>>> book.route("fund_adjustment", amount="1500万").body.id
'party_group'
"""

from typing import Any as _Any

from routing._amounts import Interval, format_amount, format_yuan, parse_amount, parse_range
from routing._api import load, shipped_jurisdictions, shipped_tables
from routing._bands import Band, amount_bands
from routing._batch import BatchRow, BatchSummary, read_rows, route_rows, run_batch
from routing._catalogue import MatterInfo, describe_matters
from routing._cells import parse_bool, parse_chain, parse_hit_policy
from routing._deadlines import Deadline, DeadlineRule, Direction, Unit
from routing._diff import BookDiff, ChangedRegion, RuleChange, diff_books
from routing._dump import dump_workbook
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
from routing._findings import CheckReport, Finding
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
from routing._template import new_workbook, template_sheets
from routing._testing import TestReport, TestResult, run_tests, run_workbook_tests
from routing._timelimits import TimeLimit, is_meeting, meeting_bodies
from routing._verify import check, verify
from routing._workdays import CalendarEntry, WorkCalendar


def to_json(value: object) -> _Any:
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
    "Band",
    "BatchRow",
    "BatchSummary",
    "Body",
    "BookDiff",
    "BooleanCondition",
    "CalendarEntry",
    "Chain",
    "ChangedRegion",
    "CheckReport",
    "Choice",
    "Citation",
    "Condition",
    "Deadline",
    "DeadlineRule",
    "Decision",
    "DecisionTable",
    "Direction",
    "EnumCondition",
    "Finding",
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
    "RuleChange",
    "Step",
    "TestCase",
    "TestReport",
    "TestResult",
    "TimeLimit",
    "Unit",
    "WorkCalendar",
    "WorkbookError",
    "amount_bands",
    "check",
    "describe_matters",
    "diff_books",
    "dump_workbook",
    "dumps",
    "format_amount",
    "format_yuan",
    "is_meeting",
    "load",
    "meeting_bodies",
    "new_workbook",
    "parse_amount",
    "parse_bool",
    "parse_chain",
    "parse_hit_policy",
    "parse_range",
    "read_rows",
    "route_rows",
    "run_batch",
    "run_tests",
    "run_workbook_tests",
    "shipped_jurisdictions",
    "shipped_tables",
    "template_sheets",
    "to_json",
    "verify",
]
