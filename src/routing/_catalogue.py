"""What a rule book can answer: its matters, their inputs, and the clauses behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from routing._model import HitPolicy, Matter

if TYPE_CHECKING:
    from routing._book import RuleBook


@attrs.frozen
class MatterInfo:
    """One matter of a rule book, as ``routing matters`` lists it."""

    matter: Matter
    hit_policy: HitPolicy
    clauses: tuple[str, ...]
    rule_count: int
    sheet: str


def describe_matters(book: RuleBook) -> list[MatterInfo]:
    """Every matter that has a decision table, in workbook order."""
    infos = []
    for table in book.tables:
        clauses = tuple(dict.fromkeys(r.citation.clause for r in table.rules if r.citation.clause))
        infos.append(
            MatterInfo(
                table.matter,
                table.hit_policy,
                clauses,
                len(table.rules),
                table.location.sheet or "",
            )
        )
    return infos
