"""The rule book as plain frozen attrs classes. No I/O here; parsing and routing live elsewhere."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from attrs import validators as v

from routing._errors import Location
from routing._ranges import Interval

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from routing._batch import BatchRow

    # Type-only: these modules import the model, and cattrs never structures a RuleBook.
    from routing._deadlines import Deadline, DeadlineRule  # noqa: TC004
    from routing._errors import RoutingError
    from routing._meetings import Meeting  # noqa: TC004  # as above
    from routing._router import Router
    from routing._timelimits import TimeLimit
    from routing._workdays import CalendarEntry  # noqa: TC004  # as above

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_is_id = v.matches_re(ID_PATTERN)


class HitPolicy(enum.Enum):
    """DMN hit policies: how a table chooses when several rules match."""

    UNIQUE = "U"
    FIRST = "F"
    PRIORITY = "P"
    ANY = "A"
    COLLECT = "C"
    RULE_ORDER = "R"
    OUTPUT_ORDER = "O"

    @property
    def chinese(self) -> str:
        return _HIT_POLICY_ZH[self]

    @property
    def single_hit(self) -> bool:
        return self in {HitPolicy.UNIQUE, HitPolicy.FIRST, HitPolicy.PRIORITY, HitPolicy.ANY}


_HIT_POLICY_ZH = {
    HitPolicy.UNIQUE: "唯一",
    HitPolicy.FIRST: "首条",
    HitPolicy.PRIORITY: "优先",
    HitPolicy.ANY: "任一",
    HitPolicy.COLLECT: "汇总",
    HitPolicy.RULE_ORDER: "规则顺序",
    HitPolicy.OUTPUT_ORDER: "输出顺序",
}


class InputKind(enum.Enum):
    """What an input of a matter holds."""

    AMOUNT = "amount"
    BOOLEAN = "boolean"
    ENUM = "enum"
    SET = "set"
    DATE = "date"
    TEXT = "text"
    NUMBER = "number"

    @property
    def chinese(self) -> str:
        return _INPUT_KIND_ZH[self]


_INPUT_KIND_ZH = {
    InputKind.AMOUNT: "金额",
    InputKind.BOOLEAN: "是否",
    InputKind.ENUM: "枚举",
    InputKind.SET: "多选",
    InputKind.DATE: "日期",
    InputKind.TEXT: "文本",
    InputKind.NUMBER: "数量",
}


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


@attrs.frozen
class Matter:
    """A kind of matter a body must decide, sign or approve, with its inputs."""

    id: str = attrs.field(validator=_is_id)
    name: str
    inputs: tuple[Input, ...] = ()
    description: str = ""

    def input(self, name: str) -> Input | None:
        """The input whose id or Chinese label is ``name``."""
        return next((i for i in self.inputs if name in {i.id, i.label}), None)


@attrs.frozen
class Body:
    """A deciding, signing or approving body: the head, the standing meeting, a deputy…"""

    id: str = attrs.field(validator=_is_id)
    name: str
    name_en: str = ""
    rank: int = 0
    aliases: tuple[str, ...] = ()


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
    def decider(self) -> Body:
        return self.steps[-1].bodies[0]

    def __str__(self) -> str:
        return " → ".join(str(step) for step in self.steps)


@attrs.frozen
class Rule:
    """One row of a decision table. ``chain`` is ``None`` for a declared gap: the text is silent."""

    id: str
    conditions: tuple[Condition, ...]
    chain: Chain | None
    citation: Citation
    location: Location
    inferred: bool = False

    @property
    def body(self) -> Body | None:
        return None if self.chain is None else self.chain.decider

    def condition(self, input_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.input == input_id), None)


@attrs.frozen
class DecisionTable:
    """The rules for one matter, and how to choose among several that match."""

    matter: Matter
    hit_policy: HitPolicy
    rules: tuple[Rule, ...]
    location: Location
    output_order: tuple[str, ...] = ()
    invariants: tuple[str, ...] = ()

    def priority(self, body: Body) -> int:
        """Higher wins under PRIORITY and OUTPUT ORDER: the declared output order, else the rank."""
        if self.output_order:
            if body.id in self.output_order:
                return len(self.output_order) - self.output_order.index(body.id)
            return -1
        return body.rank


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
    """The answer to one matter: who decides, through which chain, under which clause."""

    matter: Matter
    rule: Rule
    chain: Chain
    hit_policy: HitPolicy
    alternatives: tuple[Rule, ...] = ()
    hits: tuple[Rule, ...] = ()

    @property
    def body(self) -> Body:
        return self.chain.decider

    @property
    def citation(self) -> Citation:
        return self.rule.citation

    @property
    def inferred(self) -> bool:
        return self.rule.inferred


@attrs.frozen
class RuleBook:
    """Everything one jurisdiction's workbook says. ``route`` answers a matter."""

    about: About
    bodies: tuple[Body, ...]
    matters: tuple[Matter, ...]
    tables: tuple[DecisionTable, ...]
    source: str
    tests: tuple[TestCase, ...] = ()
    deadlines: tuple[DeadlineRule, ...] = ()
    holidays: tuple[CalendarEntry, ...] = ()
    meetings: tuple[Meeting, ...] = ()

    @property
    def jurisdiction(self) -> str:
        return self.about.jurisdiction

    def body(self, ref: str) -> Body | None:
        """The body whose id, Chinese name or alias is ``ref``."""
        return next((b for b in self.bodies if ref in (b.id, b.name) or ref in b.aliases), None)

    def table(self, matter: str) -> DecisionTable | None:
        """The decision table of the matter whose id or Chinese name is ``matter``."""
        return next((t for t in self.tables if matter in {t.matter.id, t.matter.name}), None)

    @functools.cached_property
    def router(self) -> Router:
        from routing._router import Router  # noqa: PLC0415  # the model does not depend on routing

        return Router(self)

    def route(self, matter: str, /, **inputs: Any) -> Decision:
        """Decide ``matter`` for these inputs, e.g. ``route("fund_adjustment", amount="1500万")``."""
        router = self.router
        fast = router.fast.get(matter)  # Router.route, inlined: one call fewer on the common path
        return fast(inputs) if fast is not None else router.route_checked(matter, inputs)

    def route_batch(
        self, matter: str, cases: Iterable[Mapping[str, Any]]
    ) -> list[Decision | RoutingError]:
        """Decide many cases of one matter, in order; a bad case yields its error, not a raise.

        ``book.route_batch("fund_adjustment", [{"amount": "1500万"}, {"amount": "20万"}])``.
        """
        return self.router.route_batch(matter, cases)

    def coerce(self, matter: str, inputs: Mapping[str, Any]) -> dict[str, object]:
        """Check and convert raw inputs (text such as ``1500万``, ``是``) to typed values."""
        return self.router.coerce(matter, inputs)

    def deadline(self, matter: str, /, **inputs: Any) -> Deadline:
        """By when ``matter`` is due, e.g. ``deadline("consultation_reply", received_date=…)``."""
        from routing._deadlines import compute_deadline  # noqa: PLC0415  # lazy, like the router
        from routing._workdays import WorkCalendar  # noqa: PLC0415

        return compute_deadline(self.deadlines, WorkCalendar(self.holidays), matter, inputs)

    def time_limits(
        self, outcome: Decision | Chain | Body, /, **dates: Any
    ) -> tuple[TimeLimit, ...]:
        """The procedural 时限 of an outcome decided at a meeting (() when it goes to none).

        Each row counted from an input in ``dates`` (``meeting_date=…``) also gets its due date.
        """
        from routing._timelimits import time_limits  # noqa: PLC0415  # lazy, like deadline
        from routing._workdays import WorkCalendar  # noqa: PLC0415

        return time_limits(self.deadlines, WorkCalendar(self.holidays), outcome, dates)

    def route_many(
        self, header: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> Iterator[BatchRow]:
        """Route agenda rows of this jurisdiction; each row gets its decision or its error."""
        from routing._batch import route_rows  # noqa: PLC0415  # the model does not need batch

        return route_rows(header, rows, jurisdiction=self.jurisdiction, loader=lambda _: self)

    def meeting(self, ref: str) -> Meeting | None:
        """The 会议 sheet's facts of the meeting whose body id, Chinese name or alias is ``ref``."""
        from routing._meetings import find_meeting  # noqa: PLC0415  # lazy, like the router

        return find_meeting(self.meetings, ref)
