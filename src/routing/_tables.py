"""Decision-table sheets: the meta rows (事项, 命中策略, 输出顺序, 不变式), the header row, and one
rule per row, each condition read by ``_cells.parse_condition``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from routing._amounts import normalize_text
from routing._cells import NO_RULE_MARKS, parse_chain, parse_condition, parse_hit_policy
from routing._errors import Location, ParseError
from routing._headers import Collector, RowGetter, key_of, text_of
from routing._model import Citation, Condition, DecisionTable, OutcomeKind, Rule
from routing._names import did_you_mean
from routing._overlap_columns import check_rule_ids, declared_overlaps
from routing._values import is_any, split_values
from routing._vocabulary import BodyResolver

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing._model import Body, Input, Matter
    from routing._reader import CellValue, RawSheet

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
    "结果类型": "kind",
    "outcome_kind": "kind",
    "结果": "result",
    "result": "result",
    "允许重叠": "overlaps",
    "overlaps": "overlaps",
}
OUTCOME_KINDS = {
    **{kind.value: kind for kind in OutcomeKind},
    **{kind.id: kind for kind in OutcomeKind},
    "": OutcomeKind.DECISION,
    "决策": OutcomeKind.DECISION,
    "不予": OutcomeKind.REFUSAL,
    "不得": OutcomeKind.REFUSAL,
    "视同": OutcomeKind.DEEMED,
    "须经": OutcomeKind.PREREQUISITE,
    "报备": OutcomeKind.FILING,
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
_EXPLICIT = frozenset({"", "明文", "原文", "explicit"})
_INFERRED = frozenset({"推断", "推定", "inferred"})
INVARIANTS = {"级别随金额不降": "rank_monotone", "rank_monotone": "rank_monotone"}


def parse_table(
    found: Collector, sheet: RawSheet, matters: dict[str, Matter], book_bodies: list[Body]
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
        found.report(
            "table.matter",
            f"事项「{matter_id}」未在「事项」表中声明",
            f"the matter {matter_id!r} is not declared on the matters sheet",
            found.raw.location(sheet.name, 1, 2),
        )
        return None
    policy_cell, policy_row = meta.get("hit_policy", ("唯一", 0))
    try:
        policy = parse_hit_policy(policy_cell)
    except ParseError as error:
        found.problem(error, found.raw.location(sheet.name, policy_row, 2))
        return None
    resolve = BodyResolver(book_bodies)
    output_order = _output_order(found, sheet, meta, resolve)
    invariants = _invariants(found, sheet, meta)
    columns, input_columns = _table_header(found, sheet, header_row, matter)
    if columns is None:
        return None
    rules = [
        rule
        for row_number in range(header_row + 1, len(sheet.rows) + 1)
        if (
            rule := _rule(
                found, sheet, row_number, columns=columns, inputs=input_columns, resolve=resolve
            )
        )
        is not None
    ]
    check_rule_ids(found, rules)
    return DecisionTable(
        matter,
        policy,
        tuple(rules),
        Location(found.raw.name, sheet.name),
        output_order,
        invariants,
    )


def _meta_names(
    found: Collector, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]], key: str
) -> list[tuple[str, Location]]:
    """The names listed in a meta cell (``输出顺序``, ``不变式``), each with the cell for errors."""
    if key not in meta or is_any(meta[key][0]):
        return []
    value, row = meta[key]
    text = normalize_text(text_of(value)).replace(">", ",").replace("→", ",")
    return [(name, found.raw.location(sheet.name, row, 2)) for name in split_values(text)]


def _output_order(
    found: Collector, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]], resolve: BodyResolver
) -> tuple[str, ...]:
    order = []
    for name, location in _meta_names(found, sheet, meta, "output_order"):
        body = resolve(name)
        if body is None:
            hint, hint_en = did_you_mean(resolve.near(name))
            found.report(
                "body.unknown",
                f"输出顺序中的机构「{name}」不在机构表中{hint}",
                f"the body {name!r} in the output order is not on the bodies sheet{hint_en}",
                location,
            )
        else:
            order.append(body.id)
    return tuple(order)


def _invariants(
    found: Collector, sheet: RawSheet, meta: dict[str, tuple[CellValue, int]]
) -> tuple[str, ...]:
    invariants = []
    for name, location in _meta_names(found, sheet, meta, "invariants"):
        invariant = INVARIANTS.get(name)
        if invariant is None:
            found.report(
                "table.invariant",
                f"无法识别的不变式「{name}」,可用:级别随金额不降",
                f"unknown invariant {name!r}; known: rank_monotone",
                location,
            )
        else:
            invariants.append(invariant)
    return tuple(invariants)


def _table_header(
    found: Collector, sheet: RawSheet, row: int, matter: Matter
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
            found.report(
                "header.unknown_input",
                f"列「{text_of(value)}」既不是事项 {matter.id} 的输入({names}),也不是 决策机构、条款、原文、说明、依据、编号",
                f"column {text_of(value)!r} is neither an input of {matter.id} nor one of "
                "outcome, clause, quote, note, basis, id",
                found.raw.location(sheet.name, row, column),
            )
    for field, label in (("outcome", "决策机构"), ("clause", "条款"), ("quote", "原文")):
        if field not in columns:
            found.report(
                "header.missing",
                f"决策表缺少「{label}」列",
                f"the table has no {field} column",
                found.raw.location(sheet.name, row),
            )
            return None, inputs
    return columns, inputs


def _rule(
    found: Collector,
    sheet: RawSheet,
    row: int,
    *,
    columns: dict[str, int],
    inputs: dict[int, Input],
    resolve: BodyResolver,
) -> Rule | None:
    values = sheet.rows[row - 1]
    if not any(text_of(v) for v in values):
        return None  # blank rows inside a table are spacing, not rules
    get = RowGetter(sheet, row, columns)
    failed = False
    conditions: list[Condition] = []
    for column, input_ in inputs.items():
        cell = sheet.value(row, column)
        try:
            condition = parse_condition(cell, input_)
        except ParseError as error:
            found.problem(error, found.raw.location(sheet.name, row, column))
            failed = True
            continue
        if condition is not None:
            conditions.append(condition)
    where = functools.partial(_cell, found, sheet, row, columns)
    kind = _outcome_kind(found, where, get)
    outcome = get("outcome")
    chain = None
    if kind is None:
        failed = True
    elif key_of(outcome) in NO_RULE_MARKS:
        if kind is OutcomeKind.DECISION:
            kind = OutcomeKind.NO_RULE
    elif not is_any(outcome) or (kind.needs_bodies and not text_of(outcome)):
        try:
            chain = parse_chain(outcome, resolve)
        except ParseError as error:
            found.problem(error, where("outcome"))
            failed = True
    result = text_of(get("result"))
    if kind is not None and not failed:
        failed = not _outcome_complete(found, where, kind, chain, result)
    basis = key_of(get("basis"))
    if basis not in _EXPLICIT | _INFERRED:
        found.report(
            "rule.basis",
            f"依据「{get('basis')}」应为 明文 或 推断",
            f"basis {get('basis')!r} must be 明文 (explicit) or 推断 (inferred)",
            found.raw.location(sheet.name, row, columns["basis"]),
        )
        failed = True
    clause, quote = text_of(get("clause")), text_of(get("quote"))
    stated = kind is not None and kind is not OutcomeKind.NO_RULE
    for field, text, label in (("clause", clause, "条款"), ("quote", quote, "原文")):
        if not text and (stated or field == "clause"):
            found.report(
                "rule.citation",
                f"规则缺少「{label}」:每条规则都要注明条款并引用原文",
                f"the rule has no {field}: every rule cites its clause and quotes the text",
                found.raw.location(sheet.name, row, columns[field]),
            )
            failed = True
    note = text_of(get("note"))
    declared = declared_overlaps(found, where, get, note)
    if failed or kind is None or declared is None:
        return None
    overlaps, within = declared
    rule_id = text_of(get("id")) or f"第{row}行"
    return Rule(
        rule_id,
        tuple(conditions),
        chain,
        Citation(clause, quote, note),
        found.raw.location(sheet.name, row),
        inferred=basis in _INFERRED,
        kind=kind,
        result=result,
        overlaps=overlaps,
        overlap_within=within,
    )


def _cell(
    found: Collector, sheet: RawSheet, row: int, columns: dict[str, int], field: str
) -> Location:
    """The row's cell in ``field``'s column; the row itself when the table has no such column."""
    column = columns.get(field)
    return (
        found.raw.location(sheet.name, row, column)
        if column
        else found.raw.location(sheet.name, row)
    )


def _outcome_kind(
    found: Collector, cell: Callable[[str], Location], get: RowGetter
) -> OutcomeKind | None:
    text = key_of(get("kind"))
    kind = OUTCOME_KINDS.get(text)
    if kind is None:
        names = "、".join(k.value for k in OutcomeKind)
        found.report(
            "rule.kind",
            f"结果类型「{get('kind')}」应为 {names}",
            f"outcome kind {get('kind')!r} must be one of " + ", ".join(k.id for k in OutcomeKind),
            cell("kind"),
        )
    return kind


def _outcome_complete(
    found: Collector, cell: Callable[[str], Location], kind: OutcomeKind, chain: object, result: str
) -> bool:
    """A decision or filing names its bodies; a refusal, deemed outcome, prerequisite or
    permission says it in words (结果)."""
    if kind.needs_bodies and chain is None:
        found.report(
            "rule.outcome_missing",
            f"结果类型为「{kind.value}」的规则须在「决策机构」中写明机构",
            f"a rule of kind {kind.id} must name its bodies in the outcome column",
            cell("outcome"),
        )
        return False
    if kind.needs_result and not result:
        found.report(
            "rule.result_missing",
            f"结果类型为「{kind.value}」的规则须在「结果」列用原文的话写明结果(如 不提请会议研究)",
            f"a rule of kind {kind.id} must state its outcome in the result column",
            cell("result"),
        )
        return False
    return True
