"""Verification of the 时限 sheet: rows that can never apply because an earlier row wins.

The first 时限 row whose conditions the inputs meet gives the deadline, so a row is dead when an
earlier row of the same matter asks for no more than it does: each condition of the earlier row
is also a condition of the later one, with the same or fewer allowed values, and the earlier row
applies to every meeting the later one does. The usual cause is a general row (no 条件) put above
its specific one (major=是), which silently gives every major matter the general period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._amounts import normalize_text
from routing._errors import ParseError
from routing._findings import Finding
from routing._values import parse_bool, split_values

if TYPE_CHECKING:
    from routing._book import RuleBook
    from routing._deadlines import DeadlineRule


def _allowed(expected: str) -> frozenset[str]:
    """The values a condition cell allows, in one spelling (是/否 for yes/no in any form)."""
    values = set()
    for value in split_values(normalize_text(expected)):
        try:
            values.add("是" if parse_bool(value) else "否")
        except ParseError:
            values.add(value)
    return frozenset(values)


def _constraints(rule: DeadlineRule) -> dict[str, frozenset[str]]:
    return {
        name: _allowed(expected)
        for name, expected in rule.conditions
        if normalize_text(expected).strip() not in {"", "-"}
    }


def covers(earlier: DeadlineRule, later: DeadlineRule) -> bool:
    """Whether every input that meets ``later`` also meets ``earlier`` (which then wins)."""
    first, second = _constraints(earlier), _constraints(later)
    if any(name not in second or not second[name] <= allowed for name, allowed in first.items()):
        return False
    if not earlier.meetings:
        return True
    return bool(later.meetings) and set(later.meetings) <= set(earlier.meetings)


def verify_deadlines(book: RuleBook) -> list[Finding]:
    """A warning for each 时限 row shadowed by an earlier row of the same matter."""
    findings = []
    rules = book.deadlines
    for position, later in enumerate(rules):
        earlier = next(
            (r for r in rules[:position] if r.matter == later.matter and covers(r, later)), None
        )
        if earlier is None:
            continue
        findings.append(
            Finding(
                "deadline.shadowed",
                "warning",
                f"「时限」第{later.location.row}行({later.id})永远不会适用:第{earlier.location.row}行"
                f"({earlier.id})在前,且条件不多于它;请把更具体的行移到前面",
                f"deadline row {later.id} never applies: row {earlier.id} comes first and asks "
                "for no more; move the more specific row up",
                location=later.location,
            )
        )
    return findings
