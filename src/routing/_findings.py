"""What verification reports: findings with codes, witnesses and cells, and a report per check."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from routing._amounts import format_amount
from routing._errors import Location  # attrs fields, resolvable at run time
from routing._model import DecisionTable, Rule
from routing._ranges import Interval

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_PER_KIND = 50
"""At most this many findings of one code per table are listed; the rest are counted."""

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@attrs.frozen
class Finding:
    """One thing verification found: a code, a severity, messages, the rules, a witness."""

    code: str
    severity: str = attrs.field(validator=attrs.validators.in_({"error", "warning", "info"}))
    message: str
    message_en: str
    rules: tuple[Rule, ...] = ()
    witness: dict[str, object] = attrs.field(factory=dict, hash=False)
    """One input value per input (by id) that shows the finding: route it to see."""
    location: Location | None = None
    where: str = ""
    """The region in the workbook's words: ``20万 < 金额 ≤ 30万,三重一大 = 是``."""
    interval: Interval | None = None
    """The amounts the (first) region covers, when the table has an amount input."""
    intervals: tuple[Interval, ...] = ()
    """Every stretch of amounts the finding covers (a grouped overlap covers several regions)."""

    @property
    def witness_text(self) -> str:
        """The witness as input=value pairs a caller can type: ``amount=200000.01, urgent=是``."""
        parts = []
        for name, value in self.witness.items():
            if isinstance(value, bool):
                shown = "是" if value else "否"
            elif isinstance(value, Decimal):
                shown = format_amount(value)
            elif isinstance(value, frozenset):
                shown = "、".join(sorted(value)) or "-"
            else:
                shown = str(value)
            parts.append(f"{name}={shown}")
        return ", ".join(parts)


@attrs.frozen
class CheckReport:
    """The findings for several workbooks; ``exit_code`` is what ``routing check`` exits with."""

    sources: tuple[str, ...]
    findings: tuple[Finding, ...]
    unreadable: tuple[str, ...] = ()
    """The sources that could not be read at all (their problems are error findings)."""

    def count(self, code: str) -> int:
        return sum(1 for f in self.findings if f.code == code)

    def by_severity(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.by_severity("error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.by_severity("warning")

    def exit_code(self, *, strict: bool = False) -> int:
        """2 when a workbook could not be read, 1 on errors (or warnings with ``strict``), else 0."""
        if self.unreadable:
            return 2
        if self.errors or (strict and self.warnings):
            return 1
        return 0


class Collector:
    """Findings for one table: duplicates dropped, at most MAX_PER_KIND of a code listed."""

    def __init__(self, table: DecisionTable) -> None:
        self.table = table
        self.findings: list[Finding] = []
        self.counts: dict[str, int] = {}
        self.seen: set[tuple[object, ...]] = set()

    def add(self, key: tuple[object, ...], finding: Finding) -> None:
        self.add_built(key, finding.code, lambda: finding)

    def add_built(self, key: tuple[object, ...], code: str, build: Callable[[], Finding]) -> None:
        """``add`` a finding of ``code`` built only if it is listed: a table with 40,000 gaps
        lists MAX_PER_KIND of them and only counts the others."""
        if key in self.seen:
            return
        self.seen.add(key)
        count = self.counts.get(code, 0) + 1
        self.counts[code] = count
        if count <= MAX_PER_KIND:
            self.findings.append(build())

    def close(self) -> list[Finding]:
        for code, count in self.counts.items():
            if count > MAX_PER_KIND:
                self.findings.append(
                    Finding(
                        "truncated",
                        "info",
                        f"「{self.table.matter.name}」另有 {count - MAX_PER_KIND} 条 {code} 未列出",
                        f"{count - MAX_PER_KIND} more {code} findings in "
                        f"{self.table.matter.id} not listed",
                        location=self.table.location,
                    )
                )
        return self.findings
