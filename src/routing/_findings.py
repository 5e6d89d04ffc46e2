"""What verification reports: findings with codes, witnesses and cells, and a report per check."""

from __future__ import annotations

from decimal import Decimal

import attrs

from routing._amounts import format_yuan
from routing._errors import Location  # attrs fields, resolvable at run time
from routing._model import DecisionTable, Rule

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
    location: Location | None = None

    @property
    def witness_text(self) -> str:
        """The witness as people read it: ``金额 = 10,000,000.00 元``."""
        parts = []
        for name, value in self.witness.items():
            shown = format_yuan(value) if isinstance(value, Decimal) else str(value)
            parts.append(f"{'金额' if name == 'amount' else name} = {shown}")
        return ", ".join(parts)


@attrs.frozen
class CheckReport:
    """The findings for several workbooks; ``exit_code`` is what ``routing check`` exits with."""

    sources: tuple[str, ...]
    findings: tuple[Finding, ...]

    def by_severity(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.by_severity("error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.by_severity("warning")

    def to_json(self) -> dict[str, object]:
        """Plain JSON values: amounts as strings of yuan, rules by id and location."""
        return {
            "sources": list(self.sources),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "message": f.message,
                    "message_en": f.message_en,
                    "rules": [{"id": r.id, "location": str(r.location)} for r in f.rules],
                    "location": None if f.location is None else str(f.location),
                    "witness": {
                        k: str(v) if isinstance(v, Decimal) else v for k, v in f.witness.items()
                    },
                }
                for f in self.findings
            ],
        }

    def exit_code(self, *, strict: bool = False) -> int:
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
        if key in self.seen:
            return
        self.seen.add(key)
        count = self.counts.get(finding.code, 0) + 1
        self.counts[finding.code] = count
        if count <= MAX_PER_KIND:
            self.findings.append(finding)

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
