"""Meetings as data (the 会议 sheet): who convenes and chairs each meeting body, how often it meets
as the text writes it, its quorum, who settles the agenda, who attends and who may be invited.

Every fact carries its clause and exact quote; a fact the text does not state is ``未规定`` and has
no citation — shown as such, never filled in. The sheet's parser is ``_meeting_sheet``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from routing._counts import parse_count
from routing._errors import InputError, Location, NoRuleError, ParseError
from routing._model import Body, Citation

if TYPE_CHECKING:
    from collections.abc import Sequence

MEETING_SHEETS = ("会议", "meetings")
UNSTATED = "未规定"

# Why exactly half counts: the reading the quorum answer states with its clause.
INCLUSIVE_READING = "「以上」包括本数(《民法典》第一千二百五十九条),恰好达到该比例即满足法定人数"
INCLUSIVE_READING_EN = (
    "以上 includes the stated number (Civil Code art. 1259): exactly the fraction is enough"
)
EXCLUSIVE_READING = "「超过」「过」不包括本数(《民法典》第一千二百五十九条),须多于该比例"
EXCLUSIVE_READING_EN = "超过/过 excludes the stated number (Civil Code art. 1259): more is needed"


class MeetingItem(enum.Enum):
    """What a row of the 会议 sheet states about a meeting."""

    CONVENER = "convener"
    CHAIR = "chair"
    FREQUENCY = "frequency"
    QUORUM = "quorum"
    AGENDA = "agenda"
    ATTENDANCE = "attendance"
    OBSERVERS = "observers"
    INVITATION_APPROVAL = "invitation_approval"
    LEAVE = "leave"
    MINUTES = "minutes"

    @property
    def chinese(self) -> str:
        return _ITEM_ZH[self]

    @property
    def required(self) -> bool:
        """Every meeting states these (or writes 未规定); leave and minutes are optional rows."""
        return self not in {MeetingItem.LEAVE, MeetingItem.MINUTES}


_ITEM_ZH = {
    MeetingItem.CONVENER: "召集",
    MeetingItem.CHAIR: "主持",
    MeetingItem.FREQUENCY: "频次",
    MeetingItem.QUORUM: "法定人数",
    MeetingItem.AGENDA: "议题确定",
    MeetingItem.ATTENDANCE: "出席",
    MeetingItem.OBSERVERS: "列席/邀请",
    MeetingItem.INVITATION_APPROVAL: "邀请审批",
    MeetingItem.LEAVE: "请假",
    MeetingItem.MINUTES: "纪要",
}


@attrs.frozen
class MeetingFact:
    """One fact about a meeting in the document's words; ``citation`` is ``None`` when unstated."""

    item: MeetingItem
    text: str
    citation: Citation | None
    location: Location
    note: str = ""  # the 说明: for 未规定, what the text does say and why it settles nothing

    @property
    def stated(self) -> bool:
        return self.citation is not None


@attrs.frozen
class Quorum:
    """A quorum rule: at least (``inclusive``) or more than ``numerator/denominator`` of members."""

    numerator: int
    denominator: int
    inclusive: bool
    words: str

    def needed(self, members: int) -> int:
        """The fewest members present for the meeting to be held."""
        share, remainder = divmod(members * self.numerator, self.denominator)
        if remainder:
            return share + 1
        return share if self.inclusive else share + 1

    @property
    def reading(self) -> tuple[str, str]:
        """How the bound is read, Chinese and English."""
        if self.inclusive:
            return INCLUSIVE_READING, INCLUSIVE_READING_EN
        return EXCLUSIVE_READING, EXCLUSIVE_READING_EN


@attrs.frozen
class QuorumAnswer:
    """Whether ``present`` of ``members`` may hold the meeting, and under which clause."""

    meeting: Meeting
    members: int
    present: int
    needed: int
    fact: MeetingFact

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed


@attrs.frozen
class Meeting:
    """A meeting body and what the text says about it, row by row of the 会议 sheet."""

    body: Body
    facts: tuple[MeetingFact, ...]
    location: Location
    quorum: Quorum | None = None

    def facts_of(self, item: MeetingItem) -> tuple[MeetingFact, ...]:
        return tuple(f for f in self.facts if f.item is item)

    def answer_quorum(self, members: object, present: object) -> QuorumAnswer:
        """Whether ``present`` of ``members`` make the quorum (counts as ``15`` or ``15人``).

        Raises ``InputError`` for counts that cannot be, ``NoRuleError`` when the text sets no quorum.
        """
        total, here = _member_count("members", members), _member_count("present", present)
        if total < 1:
            raise InputError(
                "quorum.no_members",
                f"组成人员数应至少为1,而不是「{members}」",
                f"members must be at least 1, not {members!r}",
            )
        if here > total:
            raise InputError(
                "quorum.present_exceeds_members",
                f"到会人数 {here} 多于组成人员数 {total}",
                f"present ({here}) exceeds members ({total})",
            )
        fact = next((f for f in self.facts_of(MeetingItem.QUORUM) if f.stated), None)
        if self.quorum is None or fact is None:
            unstated = next(iter(self.facts_of(MeetingItem.QUORUM)), None)
            raise NoRuleError(
                "quorum.unstated",
                f"文本未规定{self.body.name}的法定人数,无法回答是否可以召开",
                f"the text sets no quorum for {self.body.id}: the question has no answer",
                location=unstated.location if unstated else self.location,
            )
        return QuorumAnswer(self, total, here, self.quorum.needed(total), fact)


def _member_count(name: str, value: object) -> int:
    try:
        return int(parse_count(value))
    except ParseError as error:
        raise InputError.from_parse(error, name) from None


def require_meeting(found: Meeting | None, meetings: Sequence[Meeting], ref: str) -> Meeting:
    """``found`` (``RuleBook.meeting(ref)``), or an ``InputError`` naming the meetings there are."""
    if found is not None:
        return found
    if not meetings:
        raise InputError(
            "meeting.none",
            f"这本工作簿没有「会议」表,无法查询会议「{ref}」",
            f"this workbook has no 会议 (meetings) sheet: cannot look up {ref!r}",
        )
    known = "、".join(f"{m.body.name}({m.body.id})" for m in meetings)
    raise InputError(
        "meeting.unknown",
        f"「{ref}」不是「会议」表中的会议,可选:{known}",
        f"{ref!r} is not a meeting of the 会议 sheet; known: "
        + ", ".join(m.body.id for m in meetings),
    )
