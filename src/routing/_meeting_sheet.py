"""The 会议 (meetings) sheet, an optional sheet: one row per fact about a meeting body.

    会议 | 项目 | 内容 | 条款 | 原文 | 说明
    常务会议 | 法定人数 | 半数以上组成人员到会 | 四十六、 | 区政府常务会议必须有半数以上组成人员到会方可召开… |

项目 is one of ``MeetingItem`` (召集 主持 频次 法定人数 议题确定 出席 列席/邀请 邀请审批, and the
optional 请假 纪要); 内容 is the document's words, or ``未规定`` (with no quote) where it is silent.
A frequency and a quorum must be written exactly as the quote has them, so a unit the copy lost
stays visibly lost.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from routing._counts import parse_count
from routing._errors import ParseError
from routing._headers import Collector, RowGetter, key_of, text_of
from routing._meetings import (
    MEETING_SHEETS,
    UNSTATED,
    Meeting,
    MeetingFact,
    MeetingItem,
    Quorum,
)
from routing._model import BodyKind, Citation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from routing._errors import Location
    from routing._model import Body

_COLUMNS = {
    "会议": "meeting",
    "meeting": "meeting",
    "项目": "item",
    "item": "item",
    "内容": "content",
    "content": "content",
    "条款": "clause",
    "clause": "clause",
    "原文": "quote",
    "quote": "quote",
    "说明": "note",
    "note": "note",
}
_COLUMN_ZH = {
    "meeting": "会议",
    "item": "项目",
    "content": "内容",
    "clause": "条款",
    "quote": "原文",
}
_ITEMS = {
    **{item.value: item for item in MeetingItem},
    **{item.chinese: item for item in MeetingItem},
    "列席": MeetingItem.OBSERVERS,
    "邀请": MeetingItem.OBSERVERS,
    "列席邀请": MeetingItem.OBSERVERS,
}
# Items whose 内容 must be the quote's own words: no unit restored, no number rounded.
_VERBATIM = frozenset({MeetingItem.FREQUENCY, MeetingItem.QUORUM})
_NUMBER = "[0-9一二两三四五六七八九十]+"
_QUORUM = re.compile(
    rf"(?P<more>超过|多于|过)?(?:(?P<half>半数)|(?P<den>{_NUMBER})分之(?P<num>{_NUMBER}))"
    r"(?P<up>及以上|以上)?"
)


def parse_meetings(found: Collector, bodies: Sequence[Body]) -> tuple[Meeting, ...]:
    """The meetings of the 会议 sheet; ``()`` when the workbook has none."""
    sheet = found.raw.sheet(*MEETING_SHEETS)
    if sheet is None:
        return ()
    columns = found.header(sheet, 1, _COLUMNS)
    missing = [field for field in _COLUMN_ZH if field not in columns]
    if missing:
        found.report(
            "header.missing",
            "「会议」表缺少列:" + "、".join(_COLUMN_ZH[f] for f in missing),
            "the meetings sheet lacks the columns: " + ", ".join(missing),
            found.raw.location(sheet.name, 1),
        )
        return ()
    facts: dict[str, list[MeetingFact]] = {}
    firsts: dict[str, tuple[Body, Location]] = {}
    quorums: dict[str, Quorum] = {}
    for row in range(2, len(sheet.rows) + 1):
        get = RowGetter(sheet, row, columns)
        if not any(text_of(get(field)) for field in _COLUMN_ZH):
            continue

        def at(field: str, row: int = row) -> Location:
            return found.raw.location(sheet.name, row, columns.get(field, 1))

        body = _body(found, bodies, text_of(get("meeting")), at("meeting"))
        item = _item(found, text_of(get("item")), at("item"))
        fact = _fact(found, get, item, at) if item is not None else None
        if body is None or fact is None:
            continue
        firsts.setdefault(body.id, (body, at("meeting")))
        if fact.item is MeetingItem.QUORUM and fact.stated:
            quorum = _quorum(found, fact)
            if quorum is not None and body.id in quorums:
                found.report(
                    "meeting.quorum_duplicate",
                    f"{body.name}的法定人数写了两次",
                    f"the quorum of {body.id} is given twice",
                    fact.location,
                )
            elif quorum is not None:
                quorums[body.id] = quorum
        facts.setdefault(body.id, []).append(fact)
    meetings = []
    for body_id, (body, location) in firsts.items():
        _check_items(found, body, facts[body_id], location)
        meetings.append(Meeting(body, tuple(facts[body_id]), location, quorums.get(body_id)))
    return tuple(meetings)


def _body(found: Collector, bodies: Sequence[Body], ref: str, location: Location) -> Body | None:
    body = next((b for b in bodies if ref in {b.id, b.name} or ref in b.aliases), None)
    if body is None:
        found.report(
            "meeting.body_unknown",
            f"会议「{ref}」不在「机构」表中;请先在「机构」表中添加,或使用已有的编号、名称或别名",
            f"the meeting {ref!r} is not on the bodies sheet; use a body id, name or alias",
            location,
        )
    elif body.kind not in {BodyKind.MEETING, BodyKind.UNSPECIFIED}:
        found.report(
            "meeting.not_a_meeting",
            f"「{ref}」在「机构」表中的类型是「{body.kind.value}」,不是会议",
            f"{ref!r} is a {body.kind.id} on the bodies sheet, not a meeting",
            location,
        )
        return None
    return body


def _item(found: Collector, text: str, location: Location) -> MeetingItem | None:
    item = _ITEMS.get(text) or _ITEMS.get(key_of(text))
    if item is None:
        found.report(
            "meeting.item_unknown",
            f"无法识别的项目「{text}」,可用:" + "、".join(i.chinese for i in MeetingItem),
            f"unknown item {text!r}; expected one of " + ", ".join(i.value for i in MeetingItem),
            location,
        )
    return item


def _fact(
    found: Collector, get: RowGetter, item: MeetingItem, locate: Callable[[str], Location]
) -> MeetingFact | None:
    content, clause, quote = (text_of(get(f)) for f in ("content", "clause", "quote"))
    note = text_of(get("note"))
    if not content:
        found.report(
            "meeting.content_empty",
            f"「内容」为空;文本未规定时请写「{UNSTATED}」",
            f"the content is empty; write {UNSTATED} where the text is silent",
            locate("content"),
        )
        return None
    if content == UNSTATED:
        if quote:
            found.report(
                "meeting.unstated_quoted",
                f"内容为「{UNSTATED}」却给了原文;文本有规定时请照原文写内容",
                f"the content is {UNSTATED} but a quote is given; write what the quote states",
                locate("quote"),
            )
            return None
        return MeetingFact(item, UNSTATED, None, locate("content"), note)
    for field, value in (("clause", clause), ("quote", quote)):
        if not value:
            found.report(
                "meeting.citation_missing",
                f"「{_COLUMN_ZH[field]}」为空:每项规定都须注明条款和原文",
                f"the {field} is empty: every fact needs its clause and quote",
                locate(field),
            )
            return None
    if item in _VERBATIM and content not in quote:
        found.report(
            "meeting.not_quoted",
            f"{item.chinese}「{content}」应照原文逐字书写(原文中找不到);副本缺字的,保留缺字并在说明中写明",
            f"the {item.value} {content!r} must be the quote's exact words (not found in it); "
            "keep a lost character lost and say so in the note",
            locate("content"),
        )
        return None
    return MeetingFact(item, content, Citation(clause, quote, note), locate("content"), note)


def _quorum(found: Collector, fact: MeetingFact) -> Quorum | None:
    match = _QUORUM.search(fact.text)
    if match is None or bool(match["more"]) == bool(match["up"]):
        found.report(
            "meeting.quorum_invalid",
            f"无法读出法定人数「{fact.text}」:应写明比例和边界,如 半数以上、过半数、三分之二以上",
            f"cannot read the quorum {fact.text!r}: expected a fraction with its bound, "
            "e.g. 半数以上 (at least half), 过半数 (more than half), 三分之二以上",
            fact.location,
        )
        return None
    if match["half"]:
        numerator, denominator = 1, 2
    else:
        try:
            numerator, denominator = int(parse_count(match["num"])), int(parse_count(match["den"]))
        except ParseError:
            numerator = denominator = 0
        if not 0 < numerator <= denominator:
            found.report(
                "meeting.quorum_invalid",
                f"法定人数的比例「{match[0]}」应在0和1之间",
                f"the quorum fraction {match[0]!r} must lie between 0 and 1",
                fact.location,
            )
            return None
    return Quorum(numerator, denominator, inclusive=bool(match["up"]), words=fact.text)


def _check_items(
    found: Collector, body: Body, facts: Sequence[MeetingFact], location: Location
) -> None:
    for item in MeetingItem:
        of_item = [f for f in facts if f.item is item]
        if item.required and not of_item:
            found.report(
                "meeting.item_missing",
                f"{body.name}缺少「{item.chinese}」一行;文本未规定时写「{UNSTATED}」",
                f"{body.id} has no {item.value} row; write {UNSTATED} where the text is silent",
                location,
            )
        if any(f.stated for f in of_item) and any(not f.stated for f in of_item):
            found.report(
                "meeting.item_conflict",
                f"{body.name}的「{item.chinese}」既有规定又写了「{UNSTATED}」",
                f"{body.id}: {item.value} is both stated and {UNSTATED}",
                next(f for f in of_item if not f.stated).location,
            )
