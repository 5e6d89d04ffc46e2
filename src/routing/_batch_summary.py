"""The 汇总 of a batch, counted as rows stream past: memory is flat in the number of rows.

Rows are tallied per shared outcome (a Counter keyed by identity, fed a chunk of rows at a time,
counted in C); the tally is folded into the group counters when it grows past a bound and at the
end.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing._batch_rows import Outcome

_FOLD_AT = 10_000


@attrs.frozen
class BatchSummary:
    """Counts for the 汇总 sheet and the CLI: rows, routed, by body, by matter, by error code.

    Matters are grouped by id with their Chinese name (``资金调整(fund_adjustment)``), whatever
    the row typed; bodies by each final decider of the decision. ``refused`` counts the rows
    whose answer is a refusal (结果类型 拒绝: 不得提请, 不予安排上会): routed, with their clause,
    yet a domain outcome a script must see, as ``routing route`` exits 1 on one.
    """

    rows: int
    routed: int
    by_body: tuple[tuple[str, int], ...]
    by_matter: tuple[tuple[str, int], ...]
    by_error: tuple[tuple[str, int], ...]
    refused: int = 0

    @property
    def errors(self) -> int:
        return self.rows - self.routed


class Tally:
    """Adds rows' outcomes; ``summary()`` gives the counts so far."""

    def __init__(self) -> None:
        self.pending: Counter[Outcome] = Counter()
        self.rows = 0
        self.routed = 0
        self.refused = 0
        self.bodies: Counter[str] = Counter()
        self.matters: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()

    def add_all(self, outcomes: Iterable[Outcome]) -> None:
        """Count the rows of ``outcomes`` (one outcome per row; counted in C)."""
        self.pending.update(outcomes)
        if len(self.pending) > _FOLD_AT:
            self.fold()

    def fold(self) -> None:
        for outcome, count in self.pending.items():
            self.rows += count
            self.matters[outcome.matter_group] += count
            if outcome.ok:
                self.routed += count
            else:
                self.errors[outcome.error_code] += count
            if outcome.decision is not None:
                if outcome.decision.refused:
                    self.refused += count
                for body in outcome.body_groups:
                    self.bodies[body] += count
        self.pending.clear()

    def summary(self) -> BatchSummary:
        self.fold()
        return BatchSummary(
            self.rows,
            self.routed,
            tuple(sorted(self.bodies.items())),
            tuple(sorted(self.matters.items())),
            tuple(sorted(self.errors.items())),
            self.refused,
        )
