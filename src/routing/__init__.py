"""routing — which body decides a matter, under which clause, through which chain of sign-offs.

>>> import routing
>>> book = routing.load("mengla")
>>> book.route("fund_adjustment", amount="1500万").body.id
'party_group'
"""

import importlib as _importlib
import typing as _typing
from typing import Any as _Any

# Only underscored names besides the exports, so that dir(routing) shows the public surface.
if _typing.TYPE_CHECKING:
    from routing._amounts import format_amount, format_yuan, parse_amount
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
    from routing._frames import route_frame
    from routing._jurisdiction import Jurisdiction
    from routing._model import (
        ALL_RULES,
        About,
        AmountCondition,
        Body,
        BodyKind,
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
        OutcomeKind,
        Rule,
        RuleBook,
        Step,
        TestCase,
    )
    from routing._ranges import Interval, parse_range
    from routing._template import new_workbook, template_sheets
    from routing._testing import TestReport, TestResult, run_tests, run_workbook_tests
    from routing._timelimits import TimeLimit, meeting_bodies
    from routing._verify import check, verify
    from routing._workdays import CalendarEntry, WorkCalendar

# Where each public name lives. Names are imported on first use (PEP 562), so ``import routing``
# costs little and a cached ``load`` + ``route`` never imports openpyxl, cattrs, the verifier or
# the batch writer: only the modules a call needs.
_EXPORTS = {
    "ALL_RULES": "_model",
    "About": "_model",
    "AmountCondition": "_model",
    "Band": "_bands",
    "BatchRow": "_batch",
    "BatchSummary": "_batch",
    "Body": "_model",
    "BodyKind": "_model",
    "BookDiff": "_diff",
    "BooleanCondition": "_model",
    "CalendarEntry": "_workdays",
    "Chain": "_model",
    "ChangedRegion": "_diff",
    "CheckReport": "_findings",
    "Choice": "_model",
    "Citation": "_model",
    "Condition": "_model",
    "Deadline": "_deadlines",
    "DeadlineRule": "_deadlines",
    "Decision": "_model",
    "DecisionTable": "_model",
    "Direction": "_deadlines",
    "EnumCondition": "_model",
    "Finding": "_findings",
    "HitPolicy": "_model",
    "HitPolicyViolation": "_errors",
    "Input": "_model",
    "InputError": "_errors",
    "InputKind": "_model",
    "Interval": "_ranges",
    "Location": "_errors",
    "Jurisdiction": "_jurisdiction",
    "Matter": "_model",
    "MatterInfo": "_catalogue",
    "NoRuleError": "_errors",
    "OutcomeKind": "_model",
    "ParseError": "_errors",
    "Problem": "_errors",
    "RoutingError": "_errors",
    "Rule": "_model",
    "RuleBook": "_model",
    "RuleChange": "_diff",
    "Step": "_model",
    "TestCase": "_model",
    "TestReport": "_testing",
    "TestResult": "_testing",
    "TimeLimit": "_timelimits",
    "Unit": "_deadlines",
    "WorkCalendar": "_workdays",
    "WorkbookError": "_errors",
    "amount_bands": "_bands",
    "check": "_verify",
    "describe_matters": "_catalogue",
    "diff_books": "_diff",
    "dump_workbook": "_dump",
    "format_amount": "_amounts",
    "format_yuan": "_amounts",
    "load": "_api",
    "meeting_bodies": "_timelimits",
    "new_workbook": "_template",
    "parse_amount": "_amounts",
    "parse_bool": "_cells",
    "parse_chain": "_cells",
    "parse_hit_policy": "_cells",
    "parse_range": "_ranges",
    "read_rows": "_batch",
    "route_frame": "_frames",
    "route_rows": "_batch",
    "run_batch": "_batch",
    "run_tests": "_testing",
    "run_workbook_tests": "_testing",
    "shipped_jurisdictions": "_api",
    "shipped_tables": "_api",
    "template_sheets": "_template",
    "verify": "_verify",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        message = f"module 'routing' has no attribute {name!r}"
        raise AttributeError(message)
    value = getattr(_importlib.import_module(f"routing.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def to_json(value: object) -> _Any:
    """Plain JSON-ready data for any model object (or a list or dict of them)."""
    from routing._json import to_json as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


def dumps(value: object) -> str:
    """A JSON document, UTF-8 text with Chinese kept readable."""
    from routing._json import dumps as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


__all__ = [
    "ALL_RULES",
    "About",
    "AmountCondition",
    "Band",
    "BatchRow",
    "BatchSummary",
    "Body",
    "BodyKind",
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
    "Jurisdiction",
    "Location",
    "Matter",
    "MatterInfo",
    "NoRuleError",
    "OutcomeKind",
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
    "load",
    "meeting_bodies",
    "new_workbook",
    "parse_amount",
    "parse_bool",
    "parse_chain",
    "parse_hit_policy",
    "parse_range",
    "read_rows",
    "route_frame",
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
