"""The sheets that name things: 说明 (about), 机构 (bodies), 事项 (matters and their inputs), and the
测试 (tests) sheet of examples. Decision tables refer to what these sheets declare.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import TYPE_CHECKING

from routing._amounts import normalize_text
from routing._book import About, TestCase
from routing._cells import parse_date
from routing._errors import ParseError
from routing._headers import (
    ABOUT_SHEETS,
    BODY_SHEETS,
    MATTER_SHEETS,
    TEST_SHEETS,
    Collector,
    RowGetter,
    key_of,
    text_of,
)
from routing._model import ID_PATTERN, Body, BodyKind, Choice, Input, InputKind, Matter
from routing._values import is_any, parse_bool, split_values

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing._errors import Location
    from routing._reader import RawSheet

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
    "类型": "kind",
    "kind": "kind",
}
_BODY_KINDS = {
    **{kind.value: kind for kind in BodyKind if kind.value},
    **{kind.id: kind for kind in BodyKind if kind.value},
    "": BodyKind.UNSPECIFIED,
    "-": BodyKind.UNSPECIFIED,
    "领导人": BodyKind.LEADER,
    "单位": BodyKind.UNIT,
    "部门": BodyKind.UNIT,
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
_KINDS = {**{k.value: k for k in InputKind}, **{k.chinese: k for k in InputKind}}


def parse_about(found: Collector) -> About | None:
    sheet = found.require_sheet(ABOUT_SHEETS)
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
                found.problem(error, found.raw.location(sheet.name, row, 2))
        else:
            fields[field] = text_of(value)
    jurisdiction = str(fields.get("jurisdiction", ""))
    if not ID_PATTERN.match(jurisdiction):
        found.report(
            "about.jurisdiction",
            f"「说明」表需要「辖区编号」,应为英文小写编号,如 mengla(现为「{jurisdiction}」)",
            f"the about sheet needs a jurisdiction id in lower-case snake_case, e.g. mengla "
            f"(found {jurisdiction!r})",
            found.raw.location(sheet.name),
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


def parse_bodies(found: Collector) -> list[Body]:
    sheet = found.require_sheet(BODY_SHEETS)
    if sheet is None:
        return []
    columns = found.header(sheet, 1, _BODY_COLUMNS)
    for field in ("id", "name"):
        if field not in columns:
            found.report(
                "header.missing",
                f"「机构」表缺少「{'编号' if field == 'id' else '名称'}」列",
                f"the bodies sheet has no {field} column",
                found.raw.location(sheet.name, 1),
            )
            return []
    bodies: list[Body] = []
    seen: dict[str, int] = {}
    for row in range(2, len(sheet.rows) + 1):
        get = RowGetter(sheet, row, columns)
        body_id, name = key_of(get("id")), text_of(get("name"))
        if not body_id and not name:
            continue
        location = found.raw.location(sheet.name, row, columns["id"])
        if not ID_PATTERN.match(body_id):
            found.report(
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
                found.report(
                    "body.rank",
                    f"级别「{get('rank')}」应为整数",
                    "rank must be a whole number",
                    found.raw.location(sheet.name, row, columns["rank"]),
                )
        for ref in (body_id, name):
            if ref in seen:
                found.report(
                    "body.duplicate",
                    f"机构「{ref}」重复(另见第{seen[ref]}行)",
                    f"body {ref!r} is listed twice (also row {seen[ref]})",
                    location,
                )
            seen[ref] = row
        aliases = tuple(split_values(text_of(get("aliases"))))
        kind = _BODY_KINDS.get(key_of(get("kind")))
        if kind is None:
            found.report(
                "body.kind",
                f"类型「{get('kind')}」应为 会议、领导 或 机构",
                "the body kind must be 会议 (meeting), 领导 (leader) or 机构 (unit)",
                found.raw.location(sheet.name, row, columns["kind"]),
            )
            kind = BodyKind.UNSPECIFIED
        bodies.append(Body(body_id, name or body_id, text_of(get("name_en")), rank, aliases, kind))
    return bodies


def parse_matters(found: Collector) -> list[Matter]:
    sheet = found.require_sheet(MATTER_SHEETS)
    if sheet is None:
        return []
    columns = found.header(sheet, 1, _MATTER_COLUMNS)
    if "matter" not in columns:
        found.report(
            "header.missing",
            "「事项」表缺少「事项编号」列",
            "the matters sheet has no matter column",
            found.raw.location(sheet.name, 1),
        )
        return []
    order: list[str] = []
    names: dict[str, str] = {}
    inputs: dict[str, list[Input]] = {}
    named_at: dict[str, dict[str, int]] = {}
    for row in range(2, len(sheet.rows) + 1):
        get = RowGetter(sheet, row, columns)
        matter_id = key_of(get("matter"))
        if not matter_id:
            continue
        if not ID_PATTERN.match(matter_id):
            found.report(
                "matter.id",
                f"事项编号「{matter_id}」应为英文小写编号,如 fund_adjustment",
                f"matter id {matter_id!r} must be lower-case snake_case",
                found.raw.location(sheet.name, row, columns["matter"]),
            )
            continue
        if matter_id not in inputs:
            order.append(matter_id)
            inputs[matter_id] = []
        names[matter_id] = names.get(matter_id) or text_of(get("matter_name"))
        if key_of(get("input")):
            parsed = _input(found, sheet, row, columns, get)
            seen = named_at.setdefault(matter_id, {})
            places = {
                column: found.raw.location(sheet.name, row, columns.get(column, columns["input"]))
                for column in ("input", "label")
            }
            if parsed is not None and _named_once(found, parsed, seen, row, places):
                inputs[matter_id].append(parsed)
    return [Matter(m, names[m] or m, tuple(inputs[m])) for m in order]


def _named_once(
    found: Collector, parsed: Input, seen: dict[str, int], row: int, places: dict[str, Location]
) -> bool:
    """An input's id and label name one input of its matter: a table column and a route argument
    must each find exactly one (a merged or copied cell easily repeats the row above)."""
    for ref, column in ((parsed.id, "input"), (parsed.label, "label")):
        if ref in seen:
            where = places[column]
            found.report(
                "input.duplicate",
                f"「{where.sheet}」表第{row}行的输入「{ref}」与第{seen[ref]}行重复",
                f"input {ref!r} of row {row} repeats row {seen[ref]} of the same matter",
                where,
            )
            return False
    seen[parsed.id] = seen[parsed.label] = row
    return True


def _input(
    found: Collector, sheet: RawSheet, row: int, columns: dict[str, int], get: RowGetter
) -> Input | None:
    input_id = key_of(get("input"))
    if not ID_PATTERN.match(input_id):
        found.report(
            "input.id",
            f"输入编号「{input_id}」应为英文小写编号,如 amount",
            f"input id {input_id!r} must be lower-case snake_case",
            found.raw.location(sheet.name, row, columns["input"]),
        )
        return None
    kind = _KINDS.get(key_of(get("kind")) or "amount")
    if kind is None:
        found.report(
            "input.kind",
            f"类型「{get('kind')}」应为 {'、'.join(k.chinese for k in InputKind)}",
            "kind must be one of " + ", ".join(k.value for k in InputKind),
            found.raw.location(sheet.name, row, columns.get("kind", 1)),
        )
        return None
    choices = []
    for part in split_values(text_of(get("choices"))):
        choice_id, _, label = part.partition("=")
        if not ID_PATTERN.match(choice_id.strip()):
            found.report(
                "input.choice",
                f"取值编号「{choice_id}」应为英文小写编号",
                f"choice id {choice_id!r} must be lower-case snake_case",
                found.raw.location(sheet.name, row, columns.get("choices", 1)),
            )
            continue
        choices.append(Choice(choice_id.strip(), label.strip()))
    if kind in {InputKind.ENUM, InputKind.SET} and not choices:
        found.report(
            "input.choices",
            f"枚举输入「{input_id}」需要在「取值」列列出可选值",
            f"enum input {input_id!r} needs its values in the choices column",
            found.raw.location(sheet.name, row, columns.get("choices", 1)),
        )
    required = True
    if not is_any(get("required")):
        try:
            required = parse_bool(get("required"))
        except ParseError as error:
            found.problem(error, found.raw.location(sheet.name, row, columns["required"]))
    return Input(
        input_id,
        text_of(get("label")) or input_id,
        kind,
        tuple(choices),
        required,
        text_of(get("description")),
    )


def parse_tests(found: Collector) -> list[TestCase]:
    sheet = found.raw.sheet(*TEST_SHEETS)
    if sheet is None or not sheet.rows:
        return []
    columns = found.header(sheet, 1, _TEST_COLUMNS)
    if "matter" not in columns or "expected" not in columns:
        found.report(
            "header.missing",
            "「测试」表需要「事项」和「期望」列",
            "the tests sheet needs matter and expected columns",
            found.raw.location(sheet.name, 1),
        )
        return []
    cases = []
    for row in range(2, len(sheet.rows) + 1):
        get = RowGetter(sheet, row, columns)
        if not text_of(get("matter")):
            continue
        pairs = []
        for part in normalize_text(text_of(get("inputs"))).replace("\n", ";").split(";"):
            if not part:
                continue
            name, sep, value = part.partition("=")
            if not sep:
                found.report(
                    "test.inputs",
                    f"输入「{part}」应写成 名称=值,用分号分隔",
                    f"input {part!r} must be written name=value, separated by semicolons",
                    found.raw.location(sheet.name, row, columns.get("inputs", 1)),
                )
                continue
            pairs.append((name, value))
        cases.append(
            TestCase(
                text_of(get("matter")),
                tuple(pairs),
                text_of(get("expected")),
                found.raw.location(sheet.name, row),
                text_of(get("note")),
            )
        )
    return cases


class BodyResolver:
    """Finds a body by id, Chinese name or alias, ignoring full-width forms and spaces."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self.by_ref: dict[str, Body] = {}
        for body in bodies:
            for ref in (body.id, body.name, *body.aliases):
                self.by_ref.setdefault(normalize_text(ref), body)

    def __call__(self, ref: str, /) -> Body | None:
        return self.by_ref.get(normalize_text(ref))

    def near(self, ref: str, /) -> list[str]:
        """The ids, names and aliases nearest to a misspelt ``ref`` (``县张`` → ``县长``)."""
        return difflib.get_close_matches(normalize_text(ref), list(self.by_ref), n=3, cutoff=0.5)
