"""Outcomes in the workbook's words, shared by every place that shows one (diff, show, batch, test)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from routing._model import OutcomeKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from routing._model import Body, Rule


def names(bodies: Sequence[Body], mode: str) -> str:
    """Several final bodies as the text writes them: ``全体会议或常务会议`` (any) or ``A、B`` (all)."""
    return ("或" if mode == "any" else "、").join(body.name for body in bodies)


def outcome_text(rule: Rule) -> str:
    """What a rule says happens: its chain, or its kind and result (``拒绝:不提请会议研究``)."""
    if rule.is_gap:
        return "无规则"
    if rule.kind is OutcomeKind.DECISION and rule.chain is not None:
        return str(rule.chain)
    said = f"{rule.kind.value}:{rule.result}" if rule.result else rule.kind.value
    return f"{said} {rule.chain}" if rule.chain is not None else said
