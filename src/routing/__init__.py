"""routing — which body decides a matter, under which clause, through which chain of sign-offs.

>>> import routing
>>> book = routing.load("mengla")
>>> book.route("fund_adjustment", amount="1500万").body.id
'party_group'

The public names are those in ``__all__`` (listed with a line each in docs/api.md); every other
module of the package is private. ``routing.strategies`` holds Hypothesis strategies.
"""

import importlib as _importlib
import typing as _typing
from typing import Any as _Any

# For type checkers only (``X as X``: re-exported); the same names as _EXPORTS, which
# tests/test_api.py checks against this block and against docs/api.md.
if _typing.TYPE_CHECKING:
    from routing._amounts import format_amount as format_amount
    from routing._amounts import parse_amount as parse_amount
    from routing._api import (
        check as check,
    )
    from routing._api import (
        dump_workbook as dump_workbook,
    )
    from routing._api import (
        load as load,
    )
    from routing._api import (
        run_batch as run_batch,
    )
    from routing._api import (
        run_workbook_tests as run_workbook_tests,
    )
    from routing._api import (
        shipped_jurisdictions as shipped_jurisdictions,
    )
    from routing._api import (
        shipped_tables as shipped_tables,
    )
    from routing._bands import Band as Band
    from routing._bands import amount_bands as amount_bands
    from routing._batch import BatchRow as BatchRow
    from routing._batch import BatchSummary as BatchSummary
    from routing._book import About as About
    from routing._book import Decision as Decision
    from routing._book import RuleBook as RuleBook
    from routing._book import TestCase as TestCase
    from routing._catalogue import MatterInfo as MatterInfo
    from routing._catalogue import describe_matters as describe_matters
    from routing._diff import (
        BookDiff as BookDiff,
    )
    from routing._diff import (
        ChangedRegion as ChangedRegion,
    )
    from routing._diff import (
        RuleChange as RuleChange,
    )
    from routing._diff import (
        diff_books as diff_books,
    )
    from routing._errors import (
        HitPolicyViolation as HitPolicyViolation,
    )
    from routing._errors import (
        InputError as InputError,
    )
    from routing._errors import (
        Location as Location,
    )
    from routing._errors import (
        NoRuleError as NoRuleError,
    )
    from routing._errors import (
        ParseError as ParseError,
    )
    from routing._errors import (
        Problem as Problem,
    )
    from routing._errors import (
        RoutingError as RoutingError,
    )
    from routing._errors import (
        WorkbookError as WorkbookError,
    )
    from routing._findings import CheckReport as CheckReport
    from routing._findings import Finding as Finding
    from routing._jurisdiction import Jurisdiction as Jurisdiction
    from routing._meetings import Meeting as Meeting
    from routing._meetings import MeetingFact as MeetingFact
    from routing._meetings import MeetingItem as MeetingItem
    from routing._meetings import Quorum as Quorum
    from routing._meetings import QuorumAnswer as QuorumAnswer
    from routing._model import (
        ALL_RULES as ALL_RULES,
    )
    from routing._model import (
        AmountCondition as AmountCondition,
    )
    from routing._model import (
        Body as Body,
    )
    from routing._model import (
        BodyKind as BodyKind,
    )
    from routing._model import (
        BooleanCondition as BooleanCondition,
    )
    from routing._model import (
        Chain as Chain,
    )
    from routing._model import (
        Choice as Choice,
    )
    from routing._model import (
        Citation as Citation,
    )
    from routing._model import (
        Condition as Condition,
    )
    from routing._model import (
        DecisionTable as DecisionTable,
    )
    from routing._model import (
        EnumCondition as EnumCondition,
    )
    from routing._model import (
        HitPolicy as HitPolicy,
    )
    from routing._model import (
        Input as Input,
    )
    from routing._model import (
        InputKind as InputKind,
    )
    from routing._model import (
        Matter as Matter,
    )
    from routing._model import (
        OutcomeKind as OutcomeKind,
    )
    from routing._model import (
        Rule as Rule,
    )
    from routing._model import (
        Step as Step,
    )
    from routing._publish import publish as publish
    from routing._ranges import Interval as Interval
    from routing._ranges import parse_range as parse_range
    from routing._template import new_workbook as new_workbook
    from routing._testing import (
        TestReport as TestReport,
    )
    from routing._testing import (
        TestResult as TestResult,
    )
    from routing._testing import (
        run_tests as run_tests,
    )
    from routing._timing import (
        CalendarEntry as CalendarEntry,
    )
    from routing._timing import (
        Deadline as Deadline,
    )
    from routing._timing import (
        DeadlineRule as DeadlineRule,
    )
    from routing._timing import (
        Direction as Direction,
    )
    from routing._timing import (
        Stage as Stage,
    )
    from routing._timing import (
        TimeLimit as TimeLimit,
    )
    from routing._timing import (
        Unit as Unit,
    )
    from routing._verify import verify as verify

# The one list of public names and where each lives. Names are imported on first use (PEP 562),
# so ``import routing`` costs little and a cached ``load`` + ``route`` never imports openpyxl,
# cattrs, the verifier or the batch writer: only the modules a call needs.
_EXPORTS = {
    "ALL_RULES": "_model",
    "About": "_book",
    "AmountCondition": "_model",
    "Band": "_bands",
    "BatchRow": "_batch",
    "BatchSummary": "_batch",
    "Body": "_model",
    "BodyKind": "_model",
    "BookDiff": "_diff",
    "BooleanCondition": "_model",
    "CalendarEntry": "_timing",
    "Chain": "_model",
    "ChangedRegion": "_diff",
    "CheckReport": "_findings",
    "Choice": "_model",
    "Citation": "_model",
    "Condition": "_model",
    "Deadline": "_timing",
    "DeadlineRule": "_timing",
    "Decision": "_book",
    "DecisionTable": "_model",
    "Direction": "_timing",
    "EnumCondition": "_model",
    "Finding": "_findings",
    "HitPolicy": "_model",
    "HitPolicyViolation": "_errors",
    "Input": "_model",
    "InputError": "_errors",
    "InputKind": "_model",
    "Interval": "_ranges",
    "Jurisdiction": "_jurisdiction",
    "Location": "_errors",
    "Matter": "_model",
    "MatterInfo": "_catalogue",
    "Meeting": "_meetings",
    "MeetingFact": "_meetings",
    "MeetingItem": "_meetings",
    "NoRuleError": "_errors",
    "OutcomeKind": "_model",
    "ParseError": "_errors",
    "Quorum": "_meetings",
    "QuorumAnswer": "_meetings",
    "Problem": "_errors",
    "RoutingError": "_errors",
    "Rule": "_model",
    "RuleBook": "_book",
    "RuleChange": "_diff",
    "Stage": "_timing",
    "Step": "_model",
    "TestCase": "_book",
    "TestReport": "_testing",
    "TestResult": "_testing",
    "TimeLimit": "_timing",
    "Unit": "_timing",
    "WorkbookError": "_errors",
    "amount_bands": "_bands",
    "check": "_api",
    "describe_matters": "_catalogue",
    "diff_books": "_diff",
    "dump_workbook": "_api",
    "format_amount": "_amounts",
    "load": "_api",
    "new_workbook": "_template",
    "parse_amount": "_amounts",
    "parse_range": "_ranges",
    "publish": "_publish",
    "run_batch": "_api",
    "run_tests": "_testing",
    "run_workbook_tests": "_api",
    "shipped_jurisdictions": "_api",
    "shipped_tables": "_api",
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
    """Plain JSON-ready data for any model or result object (or a list or dict of them)."""
    from routing._json import to_json as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


def dumps(value: object) -> str:
    """A JSON document, UTF-8 text with Chinese kept readable."""
    from routing._json import dumps as convert  # noqa: PLC0415  # cattrs only when JSON is asked for

    return convert(value)


__all__ = sorted([*_EXPORTS, "dumps", "to_json"])  # noqa: PLE0605  # one list: _EXPORTS
