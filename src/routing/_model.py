"""The vocabulary and the rules as plain frozen attrs classes: bodies, matters, inputs, conditions,
chains, rules and tables. No I/O here; the rule book and its answers are in ``_book``."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import attrs
from attrs import validators as v

from routing._errors import Location

# The kinds are re-exported: the layers above import every model name from this one module.
from routing._kinds import BodyKind as BodyKind  # noqa: PLC0414  # re-export, see above
from routing._kinds import HitPolicy as HitPolicy  # noqa: PLC0414  # re-export, see above
from routing._kinds import InputKind as InputKind  # noqa: PLC0414  # re-export, see above
from routing._kinds import OutcomeKind as OutcomeKind  # noqa: PLC0414  # re-export, see above
from routing._ranges import Interval

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_is_id = v.matches_re(ID_PATTERN)


@attrs.frozen
class Choice:
    """One allowed value of an enum input: a stable id and the Chinese label people type."""

    id: str = attrs.field(validator=_is_id)
    label: str = ""


@attrs.frozen
class Input:
    """One input of a matter, e.g. ``amount`` (金额)."""

    id: str = attrs.field(validator=_is_id)
    label: str
    kind: InputKind = attrs.field(validator=v.instance_of(InputKind))
    choices: tuple[Choice, ...] = ()
    required: bool = True
    description: str = ""

    def choice(self, text: str) -> Choice | None:
        """The choice whose id or label is ``text``."""
        return next((c for c in self.choices if text in {c.id, c.label}), None)

    @property
    def shown(self) -> str:
        """``金额(amount)`` as lists and messages name it; the bare id when it has no label."""
        return labelled(self.id, self.label)


def _names_each_input_once(
    _: object, __: attrs.Attribute[tuple[Input, ...]], inputs: tuple[Input, ...]
) -> None:
    names = [name for input_ in inputs for name in {input_.id, input_.label}]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        message = f"inputs of one matter need distinct ids and labels: {', '.join(repeated)}"
        raise ValueError(message)


@attrs.frozen
class Matter:
    """A kind of matter a body must decide, sign or approve, with its inputs."""

    id: str = attrs.field(validator=_is_id)
    name: str
    inputs: tuple[Input, ...] = attrs.field(default=(), validator=_names_each_input_once)
    description: str = ""

    def input(self, name: str) -> Input | None:
        """The input whose id or Chinese label is ``name``."""
        return self._inputs_by_name.get(name)

    @functools.cached_property
    def _inputs_by_name(self) -> dict[str, Input]:
        named: dict[str, Input] = {}
        for input_ in self.inputs:  # the first input with the name, as the table lists them
            named.setdefault(input_.id, input_)
            named.setdefault(input_.label, input_)
        return named

    @property
    def shown(self) -> str:
        """``资金调整(fund_adjustment)``; the bare id when it has no Chinese name."""
        return labelled(self.id, self.name)


def labelled(id_: str, label: str) -> str:
    """``中文标签(id)``, how a thing with an id and a Chinese name is listed; the id alone when the
    label is empty or the id itself."""
    return f"{label}({id_})" if label and label != id_ else id_


@attrs.frozen
class Body:
    """A deciding, signing or approving body: the head, the standing meeting, a deputy…"""

    id: str = attrs.field(validator=_is_id)
    name: str
    name_en: str = ""
    rank: int = 0
    aliases: tuple[str, ...] = ()
    kind: BodyKind = BodyKind.UNSPECIFIED

    @property
    def is_meeting(self) -> bool:
        """Whether the 机构 sheet says this body is a meeting (类型 = 会议)."""
        return self.kind is BodyKind.MEETING


@attrs.frozen
class Citation:
    """Where the rule comes from: the clause, its exact words, and the editors' note."""

    clause: str
    quote: str
    note: str = ""


@attrs.frozen
class AmountCondition:
    """The amount input lies in an interval."""

    input: str
    interval: Interval
    text: str = attrs.field(default="", eq=False)
    """The cell as written (``100万元以下``): a bare 以下 beside a neighbour's bound gets a hint."""

    def matches(self, value: object) -> bool:
        return isinstance(value, Decimal) and value in self.interval

    def __str__(self) -> str:
        return f"{self.input} ∈ {self.interval.to_feel()}"


@attrs.frozen
class BooleanCondition:
    """The yes/no input has this value."""

    input: str
    value: bool

    def matches(self, value: object) -> bool:
        return value is self.value

    def __str__(self) -> str:
        return f"{self.input} = {'是' if self.value else '否'}"


@attrs.frozen
class EnumCondition:
    """The input is one of ``values`` (or, negated, none of them); for a set input, any member is."""

    input: str
    values: frozenset[str]
    negated: bool = False

    def matches(self, value: object) -> bool:
        if value is None:
            return False
        members = value if isinstance(value, frozenset) else frozenset((value,))
        return bool(members & self.values) != self.negated

    def __str__(self) -> str:
        # Sorted: a frozenset's own order varies between processes.
        sign = "∉" if self.negated else "∈"
        return f"{self.input} {sign} {{{', '.join(sorted(self.values))}}}"


Condition = AmountCondition | BooleanCondition | EnumCondition


@attrs.frozen
class Step:
    """One step of a chain: one body, or several that must all act (``all``) or any one may."""

    bodies: tuple[Body, ...] = attrs.field(validator=v.min_len(1))
    action: str = ""
    action_zh: str = ""
    mode: str = attrs.field(default="all", validator=v.in_({"all", "any"}))

    def __str__(self) -> str:
        joiner = "、" if self.mode == "all" else "或"
        names = joiner.join(b.name for b in self.bodies)
        return f"{names}({self.action_zh})" if self.action_zh else names


@attrs.frozen
class Chain:
    """The ordered steps a matter goes through; the last step decides."""

    steps: tuple[Step, ...] = attrs.field(validator=v.min_len(1))

    @property
    def deciders(self) -> tuple[Body, ...]:
        """The bodies of the last step: every one of them (``all``) or any one (``any``)."""
        return self.steps[-1].bodies

    @property
    def mode(self) -> str:
        """``all`` when every final body must act, ``any`` when any one of them decides."""
        return self.steps[-1].mode

    def __str__(self) -> str:
        return " → ".join(str(step) for step in self.steps)


ALL_RULES = "*"
"""In ``Rule.overlaps``: the row is meant to overlap every other row of its table (an exception row)."""


@attrs.frozen
class Rule:
    """One row of a decision table: conditions, and what the text says happens.

    ``kind`` says what the outcome is (a body decides, a refusal, …); ``chain`` holds the bodies when
    the row names any (required for decisions and filings); ``result`` the outcome in the text's
    words. A declared gap (``OutcomeKind.NO_RULE``) has neither. ``overlaps`` lists the rule ids this
    row is declared to overlap (``ALL_RULES`` for all), its reason in the note.
    """

    id: str
    conditions: tuple[Condition, ...]
    chain: Chain | None
    citation: Citation
    location: Location
    inferred: bool = False
    kind: OutcomeKind = attrs.field(
        default=attrs.Factory(lambda self: _default_kind(self.chain), takes_self=True),
        validator=v.instance_of(OutcomeKind),
    )
    result: str = ""
    overlaps: tuple[str, ...] = ()
    overlap_within: tuple[tuple[str, Interval], ...] = ()
    """Declarations limited to amounts: ``R3(1000万元)`` declares the overlap with R3 only there."""

    @property
    def is_gap(self) -> bool:
        """A declared gap: the text is silent here (无规则)."""
        return self.kind is OutcomeKind.NO_RULE

    @property
    def deciders(self) -> tuple[Body, ...]:
        return () if self.chain is None else self.chain.deciders

    @property
    def body(self) -> Body | None:
        """The deciding body when there is exactly one."""
        deciders = self.deciders
        return deciders[0] if len(deciders) == 1 else None

    def condition(self, input_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.input == input_id), None)

    def declares_overlap(self, other: Rule, amounts: Interval | None = None) -> bool:
        """Whether this row or ``other`` declares that the two are meant to overlap (over
        ``amounts``, when a declaration names the amounts it is limited to)."""
        return _declares(self, other, amounts) or _declares(other, self, amounts)


def _declares(rule: Rule, other: Rule, amounts: Interval | None) -> bool:
    if ALL_RULES not in rule.overlaps and other.id not in rule.overlaps:
        return False
    limits = [limit for name, limit in rule.overlap_within if name == other.id]
    if not limits:
        return True
    return amounts is not None and any(_within(amounts, limit) for limit in limits)


def _within(inner: Interval, outer: Interval) -> bool:
    """Every amount of ``inner`` lies in ``outer``."""
    if inner.low is None or inner.high is None:
        return outer.is_any
    low_ok = inner.low in outer or (
        outer.low is not None and inner.low == outer.low and not inner.low_closed
    )
    high_ok = inner.high in outer or (
        outer.high is not None and inner.high == outer.high and not inner.high_closed
    )
    return low_ok and high_ok


def _default_kind(chain: Chain | None) -> OutcomeKind:
    """A row built without a kind: a decision when it names bodies, else a declared gap."""
    return OutcomeKind.NO_RULE if chain is None else OutcomeKind.DECISION


@attrs.frozen
class DecisionTable:
    """The rules for one matter, and how to choose among several that match."""

    matter: Matter
    hit_policy: HitPolicy
    rules: tuple[Rule, ...]
    location: Location
    output_order: tuple[str, ...] = ()
    invariants: tuple[str, ...] = ()

    def priority(self, rule: Rule) -> int:
        """Higher wins under PRIORITY and OUTPUT ORDER: the declared output order, else the rank;
        for several final bodies the highest of them. A row naming no body ranks below all."""
        if not rule.deciders:
            return -2
        if self.output_order:
            return max(
                len(self.output_order) - self.output_order.index(b.id)
                if b.id in self.output_order
                else -1
                for b in rule.deciders
            )
        return max(b.rank for b in rule.deciders)
