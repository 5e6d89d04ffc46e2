"""The 允许重叠 column of a decision table: which rules a row may overlap (ids, ``全部``, or
``R3(1000万元)`` limited to amounts), its required reason, and that every id it names exists."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from routing._amounts import normalize_text
from routing._errors import ParseError
from routing._headers import text_of
from routing._model import ALL_RULES
from routing._ranges import Interval, parse_range
from routing._values import is_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from routing._errors import Location
    from routing._headers import Collector, RowGetter
    from routing._model import Rule

_EVERY_RULE = frozenset({"全部", "所有", "全部规则", "*", "all"})

_DECLARED = re.compile(r"^(?P<id>[^(:]+?)(?:\((?P<paren>.+)\)|:(?P<colon>.+))?$")


def declared_overlaps(
    found: Collector, cell: Callable[[str], Location], get: RowGetter, note: str
) -> tuple[tuple[str, ...], tuple[tuple[str, Interval], ...]] | None:
    """The rule ids a row declares it may overlap, and the amounts a declaration is limited to
    (``R3(1000万元)``); ``None`` (a problem) when no reason is given or a limit is unreadable."""
    text = text_of(get("overlaps"))
    if is_any(text):
        return (), ()
    declared: list[str] = []
    within: list[tuple[str, Interval]] = []
    for part in re.split(r"[、,;]", normalize_text(text)):
        match = _DECLARED.match(part.strip())
        if not part.strip() or match is None:
            continue
        name = match["id"].strip()
        name = ALL_RULES if name.lower() in _EVERY_RULE else name
        declared.append(name)
        limit = match["paren"] or match["colon"]
        if limit:
            try:
                within.append((name, parse_range(limit)))
            except ParseError as error:
                found.problem(error, cell("overlaps"))
                return None
    if not note:
        found.report(
            "rule.overlap_reason",
            "「允许重叠」须在本行「说明」中写明为何与这些规则重叠(引用条款)",
            "a declared overlap needs its reason, with the clause, in the row's note",
            cell("note"),
        )
        return None
    return tuple(declared), tuple(within)


def check_rule_ids(found: Collector, rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    ids = {rule.id for rule in rules}
    for rule in rules:
        for other in rule.overlaps:
            if other != ALL_RULES and (other not in ids or other == rule.id):
                found.report(
                    "rule.overlap_unknown",
                    f"规则 {rule.id} 的「允许重叠」写了「{other}」,但本表没有这条(另一条)规则",
                    f"rule {rule.id} declares an overlap with {other!r}, which is not another "
                    "rule of this table",
                    rule.location,
                )
        if rule.id in seen:
            found.report(
                "rule.duplicate_id",
                f"规则编号「{rule.id}」重复(另见{seen[rule.id].location})",
                f"rule id {rule.id!r} is used twice (also {seen[rule.id].location})",
                rule.location,
            )
        seen[rule.id] = rule
