"""Chinese names for what people type: the deadline matters of the 时限 sheets, and "did you mean".

The 时限 sheet names its matters by id only; these are the names the documents and the clerks use
for them (``routing route`` prints them, ``routing deadline`` accepts them).
"""

from __future__ import annotations

import difflib

from routing._amounts import normalize_text

DEADLINE_MATTER_NAMES = {
    "consultation_reply": "征求意见",
    "topic_submission": "会前报送",
    "document_issue_after_meeting": "会后印发",
    "district_meeting_request": "会议活动报批",
    "foreign_affairs_invitation": "外事活动邀请",
    "normative_doc_filing": "规范性文件备案",
    "public_opinion_response": "政务舆情回应",
}
"""Deadline matter id → its Chinese name."""


def deadline_matter_name(matter: str) -> str:
    """``征求意见(consultation_reply)``; the bare id for a matter without a Chinese name."""
    name = DEADLINE_MATTER_NAMES.get(matter)
    return f"{name}({matter})" if name else matter


def deadline_matter_id(text: str) -> str:
    """The id of a deadline matter given by id or Chinese name; other text comes back unchanged."""
    folded = normalize_text(text)
    return next((id_ for id_, name in DEADLINE_MATTER_NAMES.items() if folded == name), folded)


def close_matches(text: str, candidates: dict[str, str]) -> list[str]:
    """Up to three of ``candidates`` (id → Chinese name) near ``text``, each as ``中文名(id)``."""
    keys = {**{id_: id_ for id_ in candidates}, **{name: id_ for id_, name in candidates.items()}}
    found = difflib.get_close_matches(normalize_text(text), list(keys), n=3, cutoff=0.5)
    ids = dict.fromkeys(keys[key] for key in found)
    return [f"{candidates[id_]}({id_})" if candidates[id_] else id_ for id_ in ids]
