"""Chinese names for what people type: jurisdictions, the matters of the 时限 sheets, "did you mean".

The 时限 sheet names its matters by id only; these are the names the documents and the clerks use
for them (``routing route`` prints them, ``routing deadline`` accepts them).
"""

from __future__ import annotations

import difflib

from routing._amounts import normalize_text
from routing._errors import InputError

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


_SUFFIXES = ("自治县", "县", "区", "市", "旗")


def shipped_id(text: str, names: dict[str, str]) -> str | None:
    """The shipped jurisdiction that ``text`` names: its id in any case (``Mengla``), its 辖区名称
    (``勐腊县``) or that name without 县/区/市 (``勐腊``); ``None`` when none does."""
    folded = normalize_text(text).casefold()
    for id_, name in names.items():
        short = next((name.removesuffix(s) for s in _SUFFIXES if name.endswith(s)), name)
        if folded in {id_.casefold(), normalize_text(name), normalize_text(short)}:
            return id_
    return None


def unknown_jurisdiction(text: str, names: dict[str, str]) -> InputError:
    """``jurisdiction.unknown``, listing the shipped ones and those whose id or name is close."""
    near = close_matches(text, names)
    listed = [f"{name}({id_})" if name else id_ for id_, name in sorted(names.items())]
    hint_zh = f";是否应为 {'、'.join(near)}?" if near else ""
    hint_en = f"; did you mean {', '.join(near)}?" if near else ""
    return InputError(
        "jurisdiction.unknown",
        f"没有名为「{text}」的辖区,也没有这个文件;内置辖区:{'、'.join(listed)}{hint_zh}",
        f"no shipped jurisdiction or file named {text!r}; shipped: {', '.join(listed)}{hint_en}",
    )


def unknown_deadline_matter(matter: str, known: list[str]) -> tuple[str, str]:
    """The Chinese and English text of ``deadline.none``: the known matters, the close ones."""
    candidates = {id_: DEADLINE_MATTER_NAMES.get(id_, "") for id_ in known}
    listed = "、".join(deadline_matter_name(id_) for id_ in known) or "无"
    near = close_matches(matter, candidates)
    zh, en = (
        (f";是否应为 {'、'.join(near)}?", f"; did you mean {', '.join(near)}?")
        if near
        else ("", "")
    )
    return (
        f"事项「{matter}」没有时限规则;有时限的事项:{listed}{zh}",
        (
            f"no deadline rule for the matter {matter!r}; matters with deadlines: "
            f"{', '.join(deadline_matter_name(id_) for id_ in known) or 'none'}{en}"
        ),
    )
