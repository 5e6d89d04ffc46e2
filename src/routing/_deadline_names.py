"""The Chinese names of the 时限 sheet: 事项名称, 输入名称 and 取值名称.

Each deadline matter becomes a ``Matter`` whose inputs are the row's 起算, 可由输入覆盖 and 条件
inputs, labelled from these columns, so that ``routing deadline`` finds a matter, an input and a
value by id or by Chinese name exactly as ``routing route`` does (``Matter.input``,
``Input.choice``). The names are the workbook's; the library names none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from routing._errors import Location, Problem
from routing._model import ID_PATTERN, Choice, Input, InputKind, Matter
from routing._values import is_any, split_values

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from routing._timing import DeadlineRule

MEETING_INPUT = Input(
    "meeting",
    "会议",
    InputKind.TEXT,
    required=False,
    description="会议的机构编号或名称:只取「适用会议」含这一会议的行",
)
"""The input every deadline matter takes besides its own: the meeting a row is confined to by its
适用会议 column (a body of the 机构 sheet, by id, name or alias)."""

_FIELDS = {"matter": "事项", "start": "起算", "override": "可由输入覆盖", "conditions": "条件"}


def bad_ids(
    get: Callable[[str], str],
    conditions: Iterable[tuple[str, str]],
    cells: Mapping[str, Location],
) -> list[Problem]:
    """A problem for each of 事项, 起算, 可由输入覆盖 and the 条件 names that is not an id."""
    written = [(field, get(field)) for field in ("matter", "start", "override")]
    written += [("conditions", name) for name, _ in conditions]
    return [
        Problem(
            "deadline.id",
            f"「{_FIELDS[field]}」中的「{text}」应为英文小写编号(如 received_date);"
            "中文名称写在「事项名称」「输入名称」列",
            f"{text!r} in the {field} cell must be a lower-case snake_case id (e.g. "
            "received_date); Chinese names go in the 事项名称 and 输入名称 columns",
            cells.get(field),
        )
        for field, text in written
        if text and not ID_PATTERN.match(text)
    ]


def _pairs(text: str, where: Location | None, problems: list[Problem]) -> list[tuple[str, str]]:
    """``id=名称、id=名称``, as the 事项 sheet's 取值 column writes its choices."""
    pairs = []
    for part in split_values(text):
        key, sep, label = (p.strip() for p in part.partition("="))
        if not sep or not ID_PATTERN.match(key) or not label:
            problems.append(
                Problem(
                    "deadline.names",
                    f"「{part}」应写成 编号=中文名称,如 received_date=收文日期;多个用「、」分隔",
                    f"{part!r} must be written id=Chinese name, e.g. received_date=收文日期; "
                    "several separated by 、",
                    where,
                )
            )
            continue
        pairs.append((key, label))
    return pairs


class DeadlineNames:
    """The names the rows of each matter give, gathered row by row, then attached to the rules."""

    def __init__(self) -> None:
        self.matter: dict[str, _Named] = {}
        self.inputs: dict[str, dict[str, _Named]] = {}
        self.values: dict[str, dict[str, _Named]] = {}

    def add(
        self,
        get: Callable[[str], str],
        row: int,
        cells: Mapping[str, Location],
        problems: list[Problem],
    ) -> None:
        """The names one row gives; a name its matter's earlier rows give otherwise is a problem."""
        matter = get("matter")
        if get("matter_name"):
            named = _Named(get("matter_name"), row, cells.get("matter_name"))
            _put(self.matter, matter, named, problems)
        for field, table in (("input_names", self.inputs), ("value_names", self.values)):
            where = cells.get(field)
            for key, label in _pairs(get(field), where, problems):
                _put(table.setdefault(matter, {}), key, _Named(label, row, where), problems)

    def attach(self, rules: list[DeadlineRule], problems: list[Problem]) -> list[DeadlineRule]:
        """Each rule with its matter (``DeadlineRule.subject``), named as the rows name it."""
        groups: dict[str, list[DeadlineRule]] = {}
        for rule in rules:
            groups.setdefault(rule.matter, []).append(rule)
        subjects = {m: self._subject(m, group, problems) for m, group in groups.items()}
        return [attrs.evolve(rule, subject=subjects[rule.matter]) for rule in rules]

    def _subject(
        self, matter: str, rules: list[DeadlineRule], problems: list[Problem]
    ) -> Matter | None:
        labels = {key: named.label for key, named in self.inputs.get(matter, {}).items()}
        values = {key: named.label for key, named in self.values.get(matter, {}).items()}
        kinds: dict[str, InputKind] = {}
        for rule in rules:
            kinds.setdefault(rule.start, InputKind.DATE)
            if rule.override:
                kinds.setdefault(rule.override, InputKind.NUMBER)
        written: dict[str, list[str]] = {}
        for rule in rules:
            for name, value in rule.conditions:
                written.setdefault(name, []).extend(v for v in split_values(value) if not is_any(v))
        inputs = [Input(key, labels.get(key, key), kind) for key, kind in kinds.items()]
        choice_ids: set[str] = set()
        for name, seen in written.items():
            if name in kinds:
                continue
            choices = tuple(
                Choice(value, values.get(value, ""))
                for value in dict.fromkeys(seen)
                if ID_PATTERN.match(value)
            )
            choice_ids.update(choice.id for choice in choices)
            kind = InputKind.ENUM if choices else InputKind.TEXT
            inputs.append(Input(name, labels.get(name, name), kind, choices))
        if all(i.id != MEETING_INPUT.id for i in inputs):
            inputs.append(MEETING_INPUT)
        where = rules[0].location
        for table, known, what in (
            (self.inputs, {i.id for i in inputs}, ("输入", "input")),
            (self.values, choice_ids, ("取值", "value")),
        ):
            for key, named in table.get(matter, {}).items():
                if key not in known:
                    problems.append(_unused(matter, key, what, named.where or where))
        name = self.matter[matter].label if matter in self.matter else ""
        try:
            return Matter(matter, name or matter, tuple(inputs))
        except ValueError:  # one name for two inputs: the attrs validator of Matter says so
            problems.append(
                Problem(
                    "deadline.names",
                    f"事项 {matter} 的输入名称重复:每个输入的编号和名称只能指一个输入",
                    f"the inputs of {matter} repeat a name: each id and name must name one input",
                    next((n.where for n in self.inputs.get(matter, {}).values() if n.where), where),
                )
            )
            return None


def _unused(matter: str, key: str, what: tuple[str, str], where: Location) -> Problem:
    zh, en = what
    return Problem(
        "deadline.names",
        f"事项 {matter} 的时限规则没有{zh}「{key}」:名称列只能给起算、可由输入覆盖和条件中的{zh}命名",
        f"the deadline rules of {matter} have no {en} {key!r}: the name columns can only name the "
        f"{en}s of its 起算, 可由输入覆盖 and 条件 cells",
        where,
    )


@attrs.frozen
class _Named:
    label: str
    row: int
    where: Location | None


def _put(table: dict[str, _Named], key: str, named: _Named, problems: list[Problem]) -> None:
    earlier = table.setdefault(key, named)
    if earlier.label != named.label:
        problems.append(
            Problem(
                "deadline.names",
                f"「{key}」在第{earlier.row}行名为「{earlier.label}」,这里名为「{named.label}」;"
                "同一事项各行的名称应一致",
                f"{key!r} is named {earlier.label!r} in row {earlier.row} and {named.label!r} "
                "here; the rows of one matter must agree",
                named.where,
            )
        )
