"""A whole rule book and the answers it gives, as plain frozen attrs classes (the rules themselves
are in ``_model``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from routing._errors import Location
from routing._model import (
    ID_PATTERN,
    Body,
    Chain,
    Citation,
    DecisionTable,
    HitPolicy,
    Matter,
    OutcomeKind,
    Rule,
)

if TYPE_CHECKING:
    # Type-only: _timing builds on the model, and cattrs never structures a RuleBook.
    from routing._timing import CalendarEntry, DeadlineRule  # noqa: TC004

_is_id = attrs.validators.matches_re(ID_PATTERN)


@attrs.frozen
class TestCase:
    """A row of the 测试 sheet: an example matter and the outcome it must get."""

    matter: str
    inputs: tuple[tuple[str, str], ...]
    expected: str
    location: Location
    note: str = ""


@attrs.frozen
class About:
    """The about sheet: which government, which document, in what state."""

    jurisdiction: str = attrs.field(validator=_is_id)
    name: str = ""
    document: str = ""
    number: str = ""
    effective: dt.date | None = None
    text_state: str = ""


@attrs.frozen
class Decision:
    """The answer to one matter: what the text says happens, who decides, under which clause.

    ``kind`` is what the outcome is (a decision, a refusal, …); ``deciders`` every final body, with
    ``mode`` ``any`` (any one of them decides) or ``all``; ``body`` the decider when there is one.
    """

    matter: Matter
    rule: Rule
    hit_policy: HitPolicy
    alternatives: tuple[Rule, ...] = ()
    hits: tuple[Rule, ...] = ()

    @property
    def chain(self) -> Chain | None:
        return self.rule.chain

    @property
    def kind(self) -> OutcomeKind:
        return self.rule.kind

    @property
    def result(self) -> str:
        """The outcome in the text's words (不提请会议研究, 视为无不同意见), ``""`` if none."""
        return self.rule.result

    @property
    def deciders(self) -> tuple[Body, ...]:
        return self.rule.deciders

    @property
    def mode(self) -> str:
        """``any`` or ``all`` for the final bodies; ``""`` when the outcome names none."""
        return "" if self.rule.chain is None else self.rule.chain.mode

    @property
    def body(self) -> Body | None:
        """The single deciding body; ``None`` when several (see ``deciders``) or none decide."""
        return self.rule.body

    @property
    def refused(self) -> bool:
        """The text refuses the matter (不得提请, 不予安排上会): a domain outcome, exit 1."""
        return self.rule.kind is OutcomeKind.REFUSAL

    @property
    def citation(self) -> Citation:
        return self.rule.citation

    @property
    def inferred(self) -> bool:
        return self.rule.inferred


@attrs.frozen
class RuleBook:
    """Everything one jurisdiction's workbook says, as data. ``routing.load`` wraps it in a
    ``Jurisdiction``, which answers questions."""

    about: About
    bodies: tuple[Body, ...]
    matters: tuple[Matter, ...]
    tables: tuple[DecisionTable, ...]
    source: str
    tests: tuple[TestCase, ...] = ()
    deadlines: tuple[DeadlineRule, ...] = ()
    holidays: tuple[CalendarEntry, ...] = ()

    @property
    def jurisdiction(self) -> str:
        return self.about.jurisdiction

    def body(self, ref: str) -> Body | None:
        """The body whose id, Chinese name or alias is ``ref``."""
        return next((b for b in self.bodies if ref in (b.id, b.name) or ref in b.aliases), None)

    def table(self, matter: str) -> DecisionTable | None:
        """The decision table of the matter whose id or Chinese name is ``matter``."""
        return next((t for t in self.tables if matter in {t.matter.id, t.matter.name}), None)
