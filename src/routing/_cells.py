"""Cell grammar other than money: yes/no, enum conditions, hit policies, chains of bodies, and the
condition one rule cell states about one input.

Pure functions from cell text to values; they raise ``ParseError`` and the caller adds the cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from routing._amounts import format_amount, normalize_text
from routing._counts import parse_count_range
from routing._errors import ParseError
from routing._model import (
    AmountCondition,
    Body,
    BooleanCondition,
    Chain,
    Condition,
    EnumCondition,
    HitPolicy,
    Input,
    InputKind,
    Step,
    labelled,
)
from routing._names import close_matches, did_you_mean
from routing._ranges import Interval, bare_bounds, parse_range, without_bound
from routing._values import is_any, parse_bool, split_values

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from routing._model import Rule
    from routing._reader import CellValue


_HIT_POLICIES = {
    **{p.value: p for p in HitPolicy},
    **{p.name: p for p in HitPolicy},
    **{p.chinese: p for p in HitPolicy},
    "RULEORDER": HitPolicy.RULE_ORDER,
    "OUTPUTORDER": HitPolicy.OUTPUT_ORDER,
}

# The actions a step may name; ids are stable, the Chinese is what the documents write.
ACTIONS = {
    "审核": "review",
    "审签": "review",
    "核稿": "review",
    "同意": "agree",
    "签发": "sign",
    "审批": "approve",
    "批准": "approve",
    "审定": "finalise",
    "决定": "decide",
    "报备": "file",
    "备案": "file",
    "请示": "request",
    "会签": "countersign",
    "签批": "sign",
    "报告": "report",
    "审阅": "read",
    "主持": "preside",
    "委托": "entrust",
    "代行": "act_for",
    "提出": "propose",
    "汇总": "compile",
    "批印": "print",
    "把关": "check",
    "协调": "coordinate",
    "协商": "consult",
    "审议": "deliberate",
    "讨论": "discuss",
    "确定": "finalise",
}
_ACTION_ZH = {english: chinese for chinese, english in reversed(list(ACTIONS.items()))}


# The grammars below are compiled on first use: a route from the cache reads no cell (#16).
def _on_first_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    return functools.cache(functools.partial(re.compile, pattern, flags))


_arrows = _on_first_use(r"→|->|=>|⟶|➝|＞")
_step = _on_first_use(r"^(?P<bodies>[^()]+?)(?:\((?P<action>[^()]*)\))?$")
_any_separators = _on_first_use(r"或|\|")
_all_separators = _on_first_use(r"、|\+")
_negation = _on_first_use(r"^(?:not|非|不是)\((?P<inner>.*)\)$", re.IGNORECASE)


NO_RULE_MARKS = frozenset({"无规则", "无", "(无)", "none", "no_rule", "文本未规定"})


def parse_hit_policy(value: object) -> HitPolicy:
    """Read a DMN hit policy by name, Chinese name or letter."""
    text = normalize_text(str(value or "")).upper().replace("_", "").replace(" ", "")
    policy = _HIT_POLICIES.get(text) or _HIT_POLICIES.get(normalize_text(str(value or "")))
    if policy is None:
        names = "、".join(f"{p.chinese}({p.value})" for p in HitPolicy)
        raise ParseError(
            "hit_policy.invalid",
            f"无法识别的命中策略「{value}」,应为 {names}",
            f"unknown hit policy {value!r}: expected one of "
            + ", ".join(p.name.replace("_", " ") for p in HitPolicy),
        )
    return policy


def parse_enum_condition(value: object, input_: Input) -> tuple[frozenset[str], bool]:
    """Read ``a``, ``a、b`` or ``not(a, b)`` into (value ids, negated), checking the declared values."""
    text = normalize_text(str(value)).replace("(", "(").replace(")", ")")
    negated = False
    if match := _negation().match(text):
        text, negated = match["inner"], True
    ids = []
    for part in split_values(text):
        choice = input_.choice(part)
        if choice is None:
            allowed = [labelled(c.id, c.label) for c in input_.choices]
            near = close_matches(part, {c.id: c.label for c in input_.choices})
            hint, hint_en = did_you_mean(near)
            raise ParseError(
                "enum.unknown_value",
                f"「{part}」不是 {input_.shown} 的取值之一{hint};可选:{'、'.join(allowed)}",
                f"{part!r} is not a value of {input_.shown}{hint_en}; allowed: "
                + ", ".join(allowed),
            )
        ids.append(choice.id)
    if not ids:
        raise ParseError("enum.empty", f"「{value}」没有列出任何取值", f"{value!r} lists no value")
    return frozenset(ids), negated


def parse_enum_value(value: object, input_: Input) -> str:
    """Read one value of an enum input (id or Chinese label), as a caller gives it."""
    ids, negated = parse_enum_condition(value, input_)
    if negated or len(ids) != 1:
        raise ParseError(
            "enum.not_single", f"「{value}」应为单个取值", f"{value!r} must be one value"
        )
    return next(iter(ids))


def parse_set_value(value: object, input_: Input) -> frozenset[str]:
    """Read a list input such as ``large_fund_use、personnel``."""
    if isinstance(value, list | tuple | set | frozenset):
        value = "、".join(str(item) for item in value)
    if is_any(value):
        return frozenset()
    ids, negated = parse_enum_condition(value, input_)
    if negated:
        raise ParseError("enum.not_single", f"「{value}」应列出取值", f"{value!r} must list values")
    return ids


def parse_date(value: object) -> dt.date:
    """Read a date cell or ``2026-09-28`` / ``2026年9月28日``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = normalize_text(str(value))
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ParseError(
        "date.invalid",
        f"无法识别的日期「{value}」,应为 2026-09-28 或 2026年9月28日",
        f"cannot read the date {value!r}: expected 2026-09-28 or 2026年9月28日",
    )


_moment = _on_first_use(
    r"(?P<day>.+?)(?:T?(?P<hour>\d{1,2})(?::|时|点)(?P<minute>\d{1,2})?分?(?::(?P<second>\d{2}))?)?"
)


def parse_moment(value: object) -> dt.datetime:
    """Read a moment: ``2026-09-30T22:00``, ``2026-09-30 22:00``, ``2026年9月30日22时``; a bare date
    is its 00:00."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    # Whitespace between the date and the time becomes the ISO "T"; full-width digits are read.
    text = "T".join(unicodedata.normalize("NFKC", str(value)).split())
    with contextlib.suppress(ValueError):
        return dt.datetime.fromisoformat(text)  # every ISO form, seconds and fractions too
    match = _moment().fullmatch(text)
    bad = ParseError(
        "date.invalid",
        f"无法识别的时间「{value}」,应为 2026-09-30T22:00、2026-09-30 22:00 或 2026年9月30日22时",
        f"cannot read the moment {value!r}: expected 2026-09-30T22:00 or 2026-09-30 22:00",
    )
    if match is None:
        raise bad
    try:
        day = parse_date(match["day"])
        hour, minute, second = (int(match[part] or 0) for part in ("hour", "minute", "second"))
        return dt.datetime.combine(day, dt.time(hour, minute, second))
    except (ParseError, ValueError):
        raise bad from None


class Resolver(Protocol):
    """Finds a body by id, name or alias, and the known names nearest to a misspelt one."""

    def __call__(self, ref: str, /) -> Body | None: ...

    def near(self, ref: str, /) -> list[str]: ...


def parse_chain(value: object, resolve: Resolver) -> Chain:
    """Read ``办公室主任(审核) → 分管副区长(同意) → 区长(签发)``; a single body is a chain of one step."""
    text = normalize_text(str(value or ""))
    if not text:
        raise ParseError("chain.empty", "决策机构不能为空", "the outcome cell is empty")
    steps = [_parse_step(part, resolve) for part in _arrows().split(text)]
    return Chain(tuple(steps))


def _parse_step(text: str, resolve: Resolver) -> Step:
    match = _step().match(text)
    if match is None or not match["bodies"]:
        raise ParseError(
            "chain.invalid",
            f"无法识别的流程步骤「{text}」,应为 机构(动作),如 区长(签发)",
            f"cannot read the chain step {text!r}: expected body(action), e.g. 区长(签发)",
        )
    names = match["bodies"]
    mode = "any" if _any_separators().search(names) else "all"
    parts = (_any_separators() if mode == "any" else _all_separators()).split(names)
    bodies = []
    for name in (p for p in parts if p):
        body = resolve(name)
        if body is None:
            hint, hint_en = did_you_mean(resolve.near(name))
            raise ParseError(
                "body.unknown",
                f"机构「{name}」不在机构表中{hint};请先在「机构」表中添加,或使用已有的编号或名称",
                f"the body {name!r} is not on the bodies sheet{hint_en}; add it there or use an "
                "existing id or name",
            )
        bodies.append(body)
    action_zh = (match["action"] or "").strip()
    action = ""
    if action_zh:
        action = ACTIONS.get(action_zh) or (action_zh if action_zh in _ACTION_ZH else "")
        if not action:
            known = "、".join(sorted(set(ACTIONS)))
            raise ParseError(
                "chain.unknown_action",
                f"无法识别的动作「{action_zh}」,可用:{known}",
                f"unknown action {action_zh!r}; known actions: "
                + ", ".join(sorted(set(ACTIONS.values()))),
            )
        action_zh = _ACTION_ZH[action] if action_zh == action else action_zh
    return Step(tuple(bodies), action=action, action_zh=action_zh, mode=mode)


def parse_condition(cell: CellValue, input_: Input) -> Condition | None:
    """The condition a rule's cell puts on one input; ``None`` when it allows any value."""
    if is_any(cell):
        return None
    if input_.kind in {InputKind.AMOUNT, InputKind.NUMBER}:
        readable = (
            cell
            if isinstance(cell, str | int | Decimal) and not isinstance(cell, bool)
            else str(cell)
        )
        # A count's range is an amount's range with its unit words dropped (``_counts``).
        read = parse_range if input_.kind is InputKind.AMOUNT else parse_count_range
        interval = read(readable)
        text = readable if input_.kind is InputKind.AMOUNT and isinstance(readable, str) else ""
        return None if interval.is_any else AmountCondition(input_.id, interval, text.strip())
    if input_.kind is InputKind.BOOLEAN:
        return BooleanCondition(input_.id, parse_bool(cell))
    if input_.kind in {InputKind.ENUM, InputKind.SET}:
        values, negated = parse_enum_condition(cell, input_)
        return EnumCondition(input_.id, values, negated)
    if input_.kind is InputKind.TEXT:
        return EnumCondition(input_.id, frozenset(split_values(str(cell).strip())))
    raise ParseError(
        "condition.kind",
        f"{input_.kind.chinese}类输入不能作为条件",
        f"{input_.kind.value} inputs cannot be conditions",
    )


def _meeting_ends(below: Interval, above: Interval) -> bool:
    """``below`` ends where ``above`` starts and both take in that amount: they share one amount."""
    return (
        below.high is not None
        and below.high == above.low
        and below.high_closed
        and above.low_closed
    )


def _pair_hint(
    first: tuple[str, AmountCondition], second: tuple[str, AmountCondition]
) -> tuple[str, str] | None:
    (id_a, a), (id_b, b) = first, second
    if _meeting_ends(a.interval, b.interval):
        sides = ("high", "low")
    elif _meeting_ends(b.interval, a.interval):
        sides = ("low", "high")
    else:
        return None
    bound = a.interval.high if sides[0] == "high" else a.interval.low
    assert bound is not None  # noqa: S101  # _meeting_ends compared it
    bare = [
        (rule, condition, side)
        for (rule, condition), side in zip(((id_a, a), (id_b, b)), sides, strict=True)
        if side in bare_bounds(condition.text)
    ]
    if not bare:
        return None  # both say outright that they include it: the overlap is what they wrote
    options = [
        (rule, without_bound(condition.interval, side).to_chinese())
        for rule, condition, side in bare
    ]
    amount = format_amount(bound)
    zh = "或".join(f"{rule}「{phrase}」" for rule, phrase in options)
    en = " or ".join(f"{phrase} for {rule}" for rule, phrase in options)
    zh_hint = (
        f";{id_a}「{a.text}」与 {id_b}「{b.text}」都含 {amount}元(单写以上、以下、以内,"
        f"法律上含本数);如本意不含,是否应为 {zh}?"
    )
    en_hint = (
        f"; {id_a}'s {a.text!r} and {id_b}'s {b.text!r} both take in {amount} (a bare "
        f"以上/以下/以内 includes the number in law): did you mean {en}?"
    )
    return zh_hint, en_hint


def boundary_hint(rules: Sequence[Rule]) -> tuple[str, str]:
    """What to write when rules meet on one amount only because a bare 以下/以上/以内 takes in
    the bound its neighbour states: ``100万元以下`` beside ``100万元(含)以上`` → 不满100万元.

    ``("", "")`` when no two of the rules meet that way.
    """
    for first, second in itertools.combinations(rules, 2):
        for a, b in itertools.product(first.conditions, second.conditions):
            if (
                isinstance(a, AmountCondition)
                and isinstance(b, AmountCondition)
                and a.input == b.input
                and (hint := _pair_hint((first.id, a), (second.id, b)))
            ):
                return hint
    return "", ""
