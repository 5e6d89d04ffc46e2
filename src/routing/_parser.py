"""Turn a workbook's raw cells into a ``RuleBook``, collecting every problem with its cell.

The workbook language (v1) is described in ``docs/workbook.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from routing._amounts import normalize_text, parse_range
from routing._cells import (
    NO_RULE_MARKS,
    is_any,
    parse_bool,
    parse_chain,
    parse_date,
    parse_enum_condition,
    parse_hit_policy,
    split_values,
)
from routing._deadlines import DEADLINE_SHEETS, HOLIDAY_SHEETS, parse_deadline_sheets
from routing._errors import Location, ParseError, Problem, WorkbookError
from routing._model import (
    ID_PATTERN,
    About,
    AmountCondition,
    Body,
    BooleanCondition,
    Choice,
    Citation,
    Condition,
    DecisionTable,
    EnumCondition,
    Input,
    InputKind,
    Matter,
    Rule,
    RuleBook,
    TestCase,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing._reader import CellValue, RawSheet, RawWorkbook

ABOUT_SHEETS = ("说明", "about")
BODY_SHEETS = ("机构", "bodies")
MATTER_SHEETS = ("事项", "matters")
TEST_SHEETS = ("测试", "tests")
TABLE_MARKS = frozenset({"事项", "事项编号", "matter"})

_ABOUT_KEYS = {
    "辖区编号": "jurisdiction",
    "jurisdiction": "jurisdiction",
    "辖区名称": "name",
    "name": "name",
    "文件名称": "document",
    "document": "document",
    "文号": "number",
    "number": "number",
    "生效日期": "effective",
    "effective": "effective",
    "文本状态": "text_state",
    "text_state": "text_state",
}
_BODY_COLUMNS = {
    "编号": "id",
    "id": "id",
    "名称": "name",
    "name": "name",
    "英文名称": "name_en",
    "name_en": "name_en",
    "级别": "rank",
    "rank": "rank",
    "别名": "aliases",
    "aliases": "aliases",
}
_MATTER_COLUMNS = {
    "事项编号": "matter",
    "matter": "matter",
    "事项名称": "matter_name",
    "matter_name": "matter_name",
    "输入编号": "input",
    "input": "input",
    "输入名称": "label",
    "label": "label",
    "类型": "kind",
    "kind": "kind",
    "取值": "choices",
    "choices": "choices",
    "必填": "required",
    "required": "required",
    "说明": "description",
    "description": "description",
}
_RULE_COLUMNS = {
    "编号": "id",
    "id": "id",
    "决策机构": "outcome",
    "流程": "outcome",
    "outcome": "outcome",
    "条款": "clause",
    "clause": "clause",
    "原文": "quote",
    "quote": "quote",
    "说明": "note",
    "note": "note",
    "依据": "basis",
    "basis": "basis",
}
_TEST_COLUMNS = {
    "事项": "matter",
    "matter": "matter",
    "输入": "inputs",
    "inputs": "inputs",
    "期望": "expected",
    "expected": "expected",
    "说明": "note",
    "note": "note",
}
_META_KEYS = {
    "事项": "matter",
    "事项编号": "matter",
    "matter": "matter",
    "命中策略": "hit_policy",
    "hit_policy": "hit_policy",
    "输出顺序": "output_order",
    "output_order": "output_order",
    "不变式": "invariants",
    "invariants": "invariants",
}
_KINDS = {**{k.value: k for k in InputKind}, **{k.chinese: k for k in InputKind}}
_EXPLICIT = frozenset({"", "明文", "原文", "explicit"})
_INFERRED = frozenset({"推断", "推定", "inferred"})
INVARIANTS = {"级别随金额不降": "rank_monotone", "rank_monotone": "rank_monotone"}


def text_of(value: CellValue) -> str:
    """A cell as trimmed text ('' for empty); numbers keep their exact digits."""
    if value is None:
        return ""
    return str(value).strip()


def key_of(value: CellValue) -> str:
    return normalize_text(text_of(value)).lower()


class _Parser:
    def __init__(self, raw: RawWorkbook) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def problem(self, error: ParseError, location: Location | None) -> None:
        self.problems.append(error.at(location))

    def report(self, code: str, message: str, message_en: str, location: Location | None) -> None:
        self.problems.append(Problem(code, message, message_en, location))

    def header(
        self, sheet: RawSheet, row: int, names: dict[str, str], *, strict: bool = True
    ) -> dict[str, int]:
        """Map field names to 1-based columns; unknown headers are reported when ``strict``."""
        columns: dict[str, int] = {}
        for column, value in enumerate(sheet.rows[row - 1] if row <= len(sheet.rows) else (), 1):
            key = key_of(value)
            if not key:
                continue
            field = names.get(key)
            if field is None and strict:
                self.report(
                    "header.unknown",
                    f"无法识别的列名「{text_of(value)}」,可用:{'、'.join(k for k in names if not k.isascii())}",
                    f"unknown column {text_of(value)!r}; expected one of "
                    + ", ".join(k for k in names if k.isascii()),
                    self.raw.location(sheet.name, row, column),
                )
            elif field is not None:
                columns.setdefault(field, column)
        return columns

    def require_sheet(self, names: tuple[str, ...]) -> RawSheet | None:
        sheet = self.raw.sheet(*names)
        if sheet is None:
            self.report(
                "sheet.missing",
                f"缺少工作表「{names[0]}」",
                f"the sheet {names[0]!r} ({names[1]}) is missing",
                Location(self.raw.name),
            )
        return sheet

    # -- about ------------------------------------------------------------------------------
    def about(self) -> About | None:
        sheet = self.require_sheet(ABOUT_SHEETS)
        if sheet is None:
            return None
        fields: dict[str, object] = {}
        for row, values in enumerate(sheet.rows, 1):
            field = _ABOUT_KEYS.get(key_of(values[0] if values else None))
            if field is None:
                continue
            value = values[1] if len(values) > 1 else None
            if field == "effective" and text_of(value):
                try:
                    fields[field] = parse_date(value)
                except ParseError as error:
                    self.problem(error, self.raw.location(sheet.name, row, 2))
            else:
                fields[field] = text_of(value)
        jurisdiction = str(fields.get("jurisdiction", ""))
        if not ID_PATTERN.match(jurisdiction):
            self.report(
                "about.jurisdiction",
                f"「说明」表需要「辖区编号」,应为英文小写编号,如 mengla(现为「{jurisdiction}」)",
                f"the about sheet needs a jurisdiction id in lower-case snake_case, e.g. mengla "
                f"(found {jurisdiction!r})",
                self.raw.location(sheet.name),
            )
            return None
        effective = fields.get("effective")
        return About(
            jurisdiction=jurisdiction,
            name=str(fields.get("name", "")),
            document=str(fields.get("document", "")),
            number=str(fields.get("number", "")),
            effective=effective if isinstance(effective, dt.date) else None,
            text_state=str(fields.get("text_state", "")),
        )

    # -- bodies -----------------------------------------------------------------------------
    def bodies(self) -> list[Body]:
        sheet = self.require_sheet(BODY_SHEETS)
        if sheet is None:
            return []
        columns = self.header(sheet, 1, _BODY_COLUMNS)
        for field in ("id", "name"):
            if field not in columns:
                self.report(
                    "header.missing",
                    f"「机构」表缺少「{'编号' if field == 'id' else '名称'}」列",
                    f"the bodies sheet has no {field} column",
                    self.raw.location(sheet.name, 1),
                )
                return []
        bodies: list[Body] = []
        seen: dict[str, int] = {}
        for row in range(2, len(sheet.rows) + 1):
            get = self._getter(sheet, row, columns)
            body_id, name = key_of(get("id")), text_of(get("name"))
            if not body_id and not name:
                continue
            location = self.raw.location(sheet.name, row, columns["id"])
            if not ID_PATTERN.match(body_id):
                self.report(
                    "body.id",
                    f"机构编号「{body_id}」应为英文小写编号,如 standing_meeting",
                    f"body id {body_id!r} must be lower-case snake_case, e.g. standing_meeting",
                    location,
                )
                continue
            rank = 0
            if text_of(get("rank")):
                try:
                    rank = int(text_of(get("rank")))
                except ValueError:
                    self.report(
                        "body.rank",
                        f"级别「{get('rank')}」应为整数",
                        "rank must be a whole number",
                        self.raw.location(sheet.name, row, columns["rank"]),
                    )
            for ref in (body_id, name):
                if ref in seen:
                    self.report(
                        "body.duplicate",
                        f"机构「{ref}」重复(另见第{seen[ref]}行)",
                        f"body {ref!r} is listed twice (also row {seen[ref]})",
                        location,
                    )
                seen[ref] = row
            aliases = tuple(split_values(text_of(get("aliases"))))
            bodies.append(Body(body_id, name or body_id, text_of(get("name_en")), rank, aliases))
        return bodies

    def _getter(self, sheet: RawSheet, row: int, columns: dict[str, int]) -> _Get:
        return _Get(sheet, row, columns)

    # -- matters ----------------------------------------------------------------------------
    def matters(self) -> list[Matter]:
        sheet = self.require_sheet(MATTER_SHEETS)
        if sheet is None:
            return []
        columns = self.header(sheet, 1, _MATTER_COLUMNS)
        if "matter" not in columns:
            self.report(
                "header.missing",
                "「事项」表缺少「事项编号」列",
                "the matters sheet has no matter column",
                self.raw.location(sheet.name, 1),
            )
            return []
        order: list[str] = []
        names: dict[str, str] = {}
        inputs: dict[str, list[Input]] = {}
        for row in range(2, len(sheet.rows) + 1):
            get = self._getter(sheet, row, columns)
            matter_id = key_of(get("matter"))
            if not matter_id:
                continue
            if not ID_PATTERN.match(matter_id):
                self.report(
                    "matter.id",
                    f"事项编号「{matter_id}」应为英文小写编号,如 fund_adjustment",
                    f"matter id {matter_id!r} must be lower-case snake_case",
                    self.raw.location(sheet.name, row, columns["matter"]),
                )
                continue
            if matter_id not in inputs:
                order.append(matter_id)
                inputs[matter_id] = []
            names[matter_id] = names.get(matter_id) or text_of(get("matter_name"))
            if key_of(get("input")):
                parsed = self._input(sheet, row, columns, get)
                if parsed is not None:
                    inputs[matter_id].append(parsed)
        return [Matter(m, names[m] or m, tuple(inputs[m])) for m in order]

    def _input(self, sheet: RawSheet, row: int, columns: dict[str, int], get: _Get) -> Input | None:
        input_id = key_of(get("input"))
        if not ID_PATTERN.match(input_id):
            self.report(
                "input.id",
                f"输入编号「{input_id}」应为英文小写编号,如 amount",
                f"input id {input_id!r} must be lower-case snake_case",
                self.raw.location(sheet.name, row, columns["input"]),
            )
            return None
        kind = _KINDS.get(key_of(get("kind")) or "amount")
        if kind is None:
            self.report(
                "input.kind",
                f"类型「{get('kind')}」应为 {'、'.join(k.chinese for k in InputKind)}",
                "kind must be one of " + ", ".join(k.value for k in InputKind),
                self.raw.location(sheet.name, row, columns.get("kind", 1)),
            )
            return None
        choices = []
        for part in split_values(text_of(get("choices"))):
            choice_id, _, label = part.partition("=")
            if not ID_PATTERN.match(choice_id.strip()):
                self.report(
                    "input.choice",
                    f"取值编号「{choice_id}」应为英文小写编号",
                    f"choice id {choice_id!r} must be lower-case snake_case",
                    self.raw.location(sheet.name, row, columns.get("choices", 1)),
                )
                continue
            choices.append(Choice(choice_id.strip(), label.strip()))
        if kind in {InputKind.ENUM, InputKind.SET} and not choices:
            self.report(
                "input.choices",
                f"枚举输入「{input_id}」需要在「取值」列列出可选值",
                f"enum input {input_id!r} needs its values in the choices column",
                self.raw.location(sheet.name, row, columns.get("choices", 1)),
            )
        required = True
        if not is_any(get("required")):
            try:
                required = parse_bool(get("required"))
            except ParseError as error:
                self.problem(error, self.raw.location(sheet.name, row, columns["required"]))
        return Input(
            input_id,
            text_of(get("label")) or input_id,
            kind,
            tuple(choices),
            required,
            text_of(get("description")),
        )

    # -- decision tables --------------------------------------------------------------------
    def table(
        self, sheet: RawSheet, matters: dict[str, Matter], book_bodies: list[Body]
    ) -> DecisionTable | None:
        meta: dict[str, tuple[CellValue, int]] = {}
        row = 1
        while row <= len(sheet.rows) and key_of(sheet.value(row, 1)):
            key = _META_KEYS.get(key_of(sheet.value(row, 1)))
            if key is not None:
                meta[key] = (sheet.value(row, 2), row)
            row += 1
        while row <= len(sheet.rows) and not any(text_of(v) for v in sheet.rows[row - 1]):
            row += 1
        header_row = row
        matter_id = key_of(meta["matter"][0]) if "matter" in meta else ""
        matter = matters.get(matter_id) or next(
            (m for m in matters.values() if m.name == text_of(meta.get("matter", ("", 0))[0])), None
        )
        if matter is None:
            self.report(
                "table.matter",
                f"事项「{matter_id}」未在「事项」表中声明",
                f"the matter {matter_id!r} is not declared on the matters sheet",
                self.raw.location(sheet.name, 1, 2),
            )
            return None
        policy_cell, policy_row = meta.get("hit_policy", ("唯一", 0))
        try:
            policy = parse_hit_policy(policy_cell)
        except ParseError as error:
            self.problem(error, self.raw.location(sheet.name, policy_row, 2))
            return None
        resolve = BodyResolver(book_bodies)
        output_order = self._output_order(sheet, meta, resolve)
        invariants = self._invariants(sheet, meta)
        columns, input_columns = self._table_header(sheet, header_row, matter)
        if columns is None:
            return None
        rules = [
            rule
            for row_number in range(header_row + 1, len(sheet.rows) + 1)
            if (rule := self._rule(sheet, row_number, columns, input_columns, resolve)) is not None
        ]
        self._check_rule_ids(rules)
        return DecisionTable(
            matter,
            policy,
            tuple(rules),
            Location(self.raw.name, sheet.name),
            output_order,
            invariants,
        )

    def _meta_names(
        self, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]], key: str
    ) -> list[tuple[str, Location]]:
        """The names listed in a meta cell (``输出顺序``, ``不变式``), each with the cell for errors."""
        if key not in meta or is_any(meta[key][0]):
            return []
        value, row = meta[key]
        text = normalize_text(text_of(value)).replace(">", ",").replace("→", ",")
        return [(name, self.raw.location(sheet.name, row, 2)) for name in split_values(text)]

    def _output_order(
        self, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]], resolve: BodyResolver
    ) -> tuple[str, ...]:
        order = []
        for name, location in self._meta_names(sheet, meta, "output_order"):
            body = resolve(name)
            if body is None:
                self.report(
                    "body.unknown",
                    f"输出顺序中的机构「{name}」不在机构表中",
                    f"the body {name!r} in the output order is not on the bodies sheet",
                    location,
                )
            else:
                order.append(body.id)
        return tuple(order)

    def _invariants(
        self, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]]
    ) -> tuple[str, ...]:
        found = []
        for name, location in self._meta_names(sheet, meta, "invariants"):
            invariant = INVARIANTS.get(name)
            if invariant is None:
                self.report(
                    "table.invariant",
                    f"无法识别的不变式「{name}」,可用:级别随金额不降",
                    f"unknown invariant {name!r}; known: rank_monotone",
                    location,
                )
            else:
                found.append(invariant)
        return tuple(found)

    def _table_header(
        self, sheet: RawSheet, row: int, matter: Matter
    ) -> tuple[dict[str, int] | None, dict[int, Input]]:
        columns: dict[str, int] = {}
        inputs: dict[int, Input] = {}
        values = sheet.rows[row - 1] if row <= len(sheet.rows) else ()
        for column, value in enumerate(values, 1):
            key = key_of(value)
            if not key:
                continue
            if key in _RULE_COLUMNS:
                columns.setdefault(_RULE_COLUMNS[key], column)
            elif (input_ := matter.input(text_of(value)) or matter.input(key)) is not None:
                inputs[column] = input_
            else:
                names = "、".join(f"{i.id}({i.label})" for i in matter.inputs) or "(无)"
                self.report(
                    "header.unknown_input",
                    f"列「{text_of(value)}」既不是事项 {matter.id} 的输入({names}),也不是 决策机构、条款、原文、说明、依据、编号",
                    f"column {text_of(value)!r} is neither an input of {matter.id} nor one of "
                    "outcome, clause, quote, note, basis, id",
                    self.raw.location(sheet.name, row, column),
                )
        for field, label in (("outcome", "决策机构"), ("clause", "条款"), ("quote", "原文")):
            if field not in columns:
                self.report(
                    "header.missing",
                    f"决策表缺少「{label}」列",
                    f"the table has no {field} column",
                    self.raw.location(sheet.name, row),
                )
                return None, inputs
        return columns, inputs

    def _rule(
        self,
        sheet: RawSheet,
        row: int,
        columns: dict[str, int],
        inputs: dict[int, Input],
        resolve: BodyResolver,
    ) -> Rule | None:
        values = sheet.rows[row - 1]
        if not any(text_of(v) for v in values):
            return None  # blank rows inside a table are spacing, not rules
        get = self._getter(sheet, row, columns)
        failed = False
        conditions: list[Condition] = []
        for column, input_ in inputs.items():
            cell = sheet.value(row, column)
            try:
                condition = _condition(cell, input_)
            except ParseError as error:
                self.problem(error, self.raw.location(sheet.name, row, column))
                failed = True
                continue
            if condition is not None:
                conditions.append(condition)
        outcome = get("outcome")
        chain = None
        if key_of(outcome) not in NO_RULE_MARKS:
            try:
                chain = parse_chain(outcome, resolve)
            except ParseError as error:
                self.problem(error, self.raw.location(sheet.name, row, columns["outcome"]))
                failed = True
        basis = key_of(get("basis"))
        if basis not in _EXPLICIT | _INFERRED:
            self.report(
                "rule.basis",
                f"依据「{get('basis')}」应为 明文 或 推断",
                f"basis {get('basis')!r} must be 明文 (explicit) or 推断 (inferred)",
                self.raw.location(sheet.name, row, columns["basis"]),
            )
            failed = True
        clause, quote = text_of(get("clause")), text_of(get("quote"))
        for field, text, label in (("clause", clause, "条款"), ("quote", quote, "原文")):
            if not text and (chain is not None or field == "clause"):
                self.report(
                    "rule.citation",
                    f"规则缺少「{label}」:每条规则都要注明条款并引用原文",
                    f"the rule has no {field}: every rule cites its clause and quotes the text",
                    self.raw.location(sheet.name, row, columns[field]),
                )
                failed = True
        if failed:
            return None
        rule_id = text_of(get("id")) or f"第{row}行"
        return Rule(
            rule_id,
            tuple(conditions),
            chain,
            Citation(clause, quote, text_of(get("note"))),
            self.raw.location(sheet.name, row),
            inferred=basis in _INFERRED,
        )

    def _check_rule_ids(self, rules: list[Rule]) -> None:
        seen: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in seen:
                self.report(
                    "rule.duplicate_id",
                    f"规则编号「{rule.id}」重复(另见{seen[rule.id].location})",
                    f"rule id {rule.id!r} is used twice (also {seen[rule.id].location})",
                    rule.location,
                )
            seen[rule.id] = rule

    # -- tests ------------------------------------------------------------------------------
    def tests(self) -> list[TestCase]:
        sheet = self.raw.sheet(*TEST_SHEETS)
        if sheet is None or not sheet.rows:
            return []
        columns = self.header(sheet, 1, _TEST_COLUMNS)
        if "matter" not in columns or "expected" not in columns:
            self.report(
                "header.missing",
                "「测试」表需要「事项」和「期望」列",
                "the tests sheet needs matter and expected columns",
                self.raw.location(sheet.name, 1),
            )
            return []
        cases = []
        for row in range(2, len(sheet.rows) + 1):
            get = self._getter(sheet, row, columns)
            if not text_of(get("matter")):
                continue
            pairs = []
            for part in normalize_text(text_of(get("inputs"))).replace("\n", ";").split(";"):
                if not part:
                    continue
                name, sep, value = part.partition("=")
                if not sep:
                    self.report(
                        "test.inputs",
                        f"输入「{part}」应写成 名称=值,用分号分隔",
                        f"input {part!r} must be written name=value, separated by semicolons",
                        self.raw.location(sheet.name, row, columns.get("inputs", 1)),
                    )
                    continue
                pairs.append((name, value))
            cases.append(
                TestCase(
                    text_of(get("matter")),
                    tuple(pairs),
                    text_of(get("expected")),
                    self.raw.location(sheet.name, row),
                    text_of(get("note")),
                )
            )
        return cases


class _Get:
    """Reads one row's cells by field name."""

    def __init__(self, sheet: RawSheet, row: int, columns: dict[str, int]) -> None:
        self.sheet, self.row, self.columns = sheet, row, columns

    def __call__(self, field: str) -> CellValue:
        column = self.columns.get(field)
        return None if column is None else self.sheet.value(self.row, column)


class BodyResolver:
    """Finds a body by id, Chinese name or alias, ignoring full-width forms and spaces."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self.by_ref: dict[str, Body] = {}
        for body in bodies:
            for ref in (body.id, body.name, *body.aliases):
                self.by_ref.setdefault(normalize_text(ref), body)

    def __call__(self, ref: str) -> Body | None:
        return self.by_ref.get(normalize_text(ref))


def _condition(cell: CellValue, input_: Input) -> Condition | None:
    if is_any(cell):
        return None
    if input_.kind is InputKind.AMOUNT:
        readable = (
            cell
            if isinstance(cell, str | int | Decimal) and not isinstance(cell, bool)
            else str(cell)
        )
        interval = parse_range(readable)
        return None if interval.is_any else AmountCondition(input_.id, interval)
    if input_.kind is InputKind.BOOLEAN:
        return BooleanCondition(input_.id, parse_bool(cell))
    if input_.kind in {InputKind.ENUM, InputKind.SET}:
        values, negated = parse_enum_condition(cell, input_)
        return EnumCondition(input_.id, values, negated)
    if input_.kind is InputKind.TEXT:
        return EnumCondition(input_.id, frozenset(split_values(text_of(cell))))
    raise ParseError(
        "condition.kind",
        f"{input_.kind.chinese}类输入不能作为条件",
        f"{input_.kind.value} inputs cannot be conditions",
    )


def parse_workbook(raw: RawWorkbook) -> RuleBook:
    """Build the rule book; raise ``WorkbookError`` listing every problem found."""
    parser = _Parser(raw)
    about = parser.about()
    bodies = parser.bodies()
    matters = {m.id: m for m in parser.matters()}
    tables: list[DecisionTable] = []
    for sheet in raw.sheets:
        reserved = ABOUT_SHEETS + BODY_SHEETS + MATTER_SHEETS + TEST_SHEETS
        if sheet.name.strip() in reserved + DEADLINE_SHEETS + HOLIDAY_SHEETS:
            continue
        if key_of(sheet.value(1, 1)) in TABLE_MARKS:
            table = parser.table(sheet, matters, bodies)
            if table is None:
                continue
            if any(t.matter.id == table.matter.id for t in tables):
                parser.report(
                    "table.duplicate",
                    f"事项 {table.matter.id} 已有决策表",
                    f"the matter {table.matter.id} already has a table",
                    table.location,
                )
            tables.append(table)
    tests = parser.tests()
    deadlines, holidays, deadline_problems = parse_deadline_sheets(raw)
    parser.problems.extend(deadline_problems)
    if parser.problems or about is None:
        raise WorkbookError(
            parser.problems
            or [Problem("workbook.invalid", "工作簿无效", "invalid workbook", Location(raw.name))]
        )
    return RuleBook(
        about,
        tuple(bodies),
        tuple(matters.values()),
        tuple(tables),
        raw.name,
        tuple(tests),
        deadlines,
        holidays,
    )
