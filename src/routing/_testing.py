"""Run the 测试 sheet of a rule book: route each example and compare with what it expects.

The expected cell holds one of:

- a body id or Chinese name (or alias): it must be the one deciding body; several, written as the
  text does (``全体会议或常务会议``, ``A、B``), must be the final bodies with the same any/all mode;
- a chain such as ``office_director(审核) → deputy_in_charge(同意) → head(签发)``: the whole chain
  must have the same steps, compared by body ids, actions and the all/any mode of each step;
- ``无规则``: routing must raise ``NoRuleError`` (the text is silent, or no rule covers the inputs);
- an outcome kind (``拒绝``, ``视为``, ``前提``, ``备案``, ``允许``): the outcome must be of that kind;
- for a matter of the 时限 sheet (``consultation_reply``…), the due date ``2026-10-13`` or time
  ``2026-10-01 03:00`` that ``RuleBook.deadline`` must give, or ``无规则``.

``run_tests`` is a library function so that a ``routing test`` command and the test suite share it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

import attrs

from routing._amounts import normalize_text
from routing._book import TestCase
from routing._cells import NO_RULE_MARKS, parse_chain, parse_date, parse_moment
from routing._errors import NoRuleError, ParseError, RoutingError
from routing._json import register_hook
from routing._jurisdiction import Jurisdiction
from routing._model import OutcomeKind
from routing._tables import OUTCOME_KINDS
from routing._vocabulary import BodyResolver

if TYPE_CHECKING:
    from routing._book import Decision
    from routing._model import Chain

NO_RULE = "无规则"

StepKey = tuple[tuple[str, ...], str, str]


@attrs.frozen
class TestResult:
    """The outcome of one test row: did it pass, what routing gave, and why it failed."""

    __test__ = False  # not a pytest test class

    case: TestCase
    passed: bool
    actual: str
    message: str = ""


def chain_ids(chain: Chain) -> str:
    """A chain written with body ids, e.g. ``office_director(审核) → head(签发)``."""
    parts = []
    for step in chain.steps:
        names = ("、" if step.mode == "all" else "或").join(body.id for body in step.bodies)
        parts.append(f"{names}({step.action_zh})" if step.action_zh else names)
    return " → ".join(parts)


def _signature(chain: Chain) -> tuple[StepKey, ...]:
    return tuple((tuple(b.id for b in step.bodies), step.action, step.mode) for step in chain.steps)


def _is_no_rule(text: str) -> bool:
    return normalize_text(text).lower() in NO_RULE_MARKS


def _is_deadline_case(book: Jurisdiction, matter: str) -> bool:
    routed = any(matter in (m.id, m.name) for m in book.matters)
    return not routed and any(matter in (rule.matter, rule.matter_name) for rule in book.deadlines)


def _shown_due(due: dt.date) -> str:
    return due.isoformat(sep=" ", timespec="minutes") if isinstance(due, dt.datetime) else str(due)


def _parse_due(text: str) -> dt.date:
    # A time of day makes it a moment (periods in hours); otherwise a date.
    return parse_moment(text) if ":" in unicodedata.normalize("NFKC", text) else parse_date(text)


def run_deadline_test(book: Jurisdiction, case: TestCase) -> TestResult:
    """Compute a 时限 test row's due date and compare it with the expected date (or 无规则)."""
    expected = case.expected.strip()
    try:
        due = book.deadline(case.matter, **dict(case.inputs)).due
    except NoRuleError as error:
        if _is_no_rule(expected):
            return TestResult(case, passed=True, actual=NO_RULE)
        message = f"期望 {expected},实际无时限规则:{error.message} — expected {expected}, got none"
        return TestResult(case, passed=False, actual=NO_RULE, message=message)
    except RoutingError as error:
        message = f"{error.message} — {error.message_en}"
        return TestResult(case, passed=False, actual=f"错误 [{error.code}]", message=message)
    actual = _shown_due(due)
    try:
        wanted = _parse_due(expected)
    except ParseError as error:
        message = f"无法读取期望「{expected}」:{error.message} — {error.message_en}"
        return TestResult(case, passed=False, actual=actual, message=message)
    same_kind = isinstance(wanted, dt.datetime) == isinstance(due, dt.datetime)
    if same_kind and wanted == due:
        return TestResult(case, passed=True, actual=actual)
    message = f"期望期限 {_shown_due(wanted)},实际为 {actual} — expected due {_shown_due(wanted)}"
    return TestResult(case, passed=False, actual=actual, message=message)


def run_test(book: Jurisdiction, case: TestCase, bodies: BodyResolver | None = None) -> TestResult:
    """Route one test row (or, for a 时限 matter, count its deadline) and compare with its
    expected cell."""
    if _is_deadline_case(book, case.matter):
        return run_deadline_test(book, case)
    expected = case.expected.strip()
    try:
        decision = book.route(case.matter, **dict(case.inputs))
    except NoRuleError as error:
        if _is_no_rule(expected):
            return TestResult(case, passed=True, actual=NO_RULE)
        return TestResult(
            case,
            passed=False,
            actual=NO_RULE,
            message=f"期望 {expected},实际无规则:{error.message} — "
            f"expected {expected}, got no rule: {error.message_en}",
        )
    except RoutingError as error:
        return TestResult(
            case,
            passed=False,
            actual=f"错误 [{error.code}]",
            message=f"{error.message} — {error.message_en}",
        )
    actual = outcome_ids(decision)
    if _is_no_rule(expected):
        return TestResult(
            case,
            passed=False,
            actual=actual,
            message=f"期望无规则,实际为 {actual} — expected no rule, got {actual}",
        )
    kind = OUTCOME_KINDS.get(normalize_text(expected).lower())
    if kind is not None and expected:
        if decision.kind is kind:
            return TestResult(case, passed=True, actual=actual)
        return TestResult(
            case,
            passed=False,
            actual=actual,
            message=f"期望结果类型「{kind.value}」,实际为 {actual} — "
            f"expected an outcome of kind {kind.id}, got {decision.kind.id}",
        )
    bodies = bodies or BodyResolver(book.bodies)
    try:
        wanted = parse_chain(expected, bodies)
    except ParseError as error:
        return TestResult(
            case,
            passed=False,
            actual=actual,
            message=f"无法读取期望「{expected}」:{error.message} — "
            f"cannot read the expected cell: {error.message_en}",
        )
    chain = decision.chain
    if len(wanted.steps) == 1 and not wanted.steps[0].action:
        # One step names the deciders: compare the final bodies (and any/all when several).
        final = wanted.steps[0]
        same = {b.id for b in final.bodies} == {b.id for b in decision.deciders} and (
            len(final.bodies) == 1 or final.mode == decision.mode
        )
        if same:
            return TestResult(case, passed=True, actual=actual)
        shown = chain_ids(wanted)
        return TestResult(
            case,
            passed=False,
            actual=actual,
            message=f"期望由 {shown} 决定,实际为 {actual} — expected {shown} to decide, got {actual}",
        )
    if chain is not None and _signature(wanted) == _signature(chain):
        return TestResult(case, passed=True, actual=actual)
    return TestResult(
        case,
        passed=False,
        actual=actual,
        message=f"期望流程 {chain_ids(wanted)},实际为 {actual} — "
        f"expected the chain {chain_ids(wanted)}, got {actual}",
    )


def outcome_ids(decision: Decision) -> str:
    """An outcome written with body ids: the chain, or the kind and its result (``拒绝:不提请…``)."""
    chain = "" if decision.chain is None else chain_ids(decision.chain)
    if decision.kind is OutcomeKind.DECISION:
        return chain
    said = f"{decision.kind.value}:{decision.result}" if decision.result else decision.kind.value
    return f"{said} {chain}".strip()


def run_tests(book: Jurisdiction) -> list[TestResult]:
    """Run every row of the book's 测试 sheet, in order."""
    bodies = BodyResolver(book.bodies)
    return [run_test(book, case, bodies) for case in book.tests]


@attrs.frozen
class TestReport:
    """The 测试 sheet results of one workbook."""

    __test__ = False  # not a pytest class

    book: Jurisdiction
    results: tuple[TestResult, ...]

    @property
    def failures(self) -> tuple[TestResult, ...]:
        return tuple(r for r in self.results if not r.passed)


def _report_json(report: TestReport) -> dict[str, object]:
    return {
        "workbook": report.book.source,
        "jurisdiction": report.book.jurisdiction,
        "passed": len(report.results) - len(report.failures),
        "failed": [
            {
                "location": str(r.case.location),
                "matter": r.case.matter,
                "inputs": dict(r.case.inputs),
                "expected": r.case.expected,
                "actual": r.actual,
                "message": r.message,
            }
            for r in report.failures
        ],
    }


register_hook(TestReport, _report_json)
