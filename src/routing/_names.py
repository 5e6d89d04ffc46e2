"""Chinese names for what people type: jurisdictions, the matters of the 时限 sheets, "did you mean".

The names themselves are the workbooks' (辖区名称, 事项名称); this module only matches and lists them.
"""

from __future__ import annotations

from routing._amounts import normalize_text
from routing._errors import InputError


def close_matches(text: str, candidates: dict[str, str]) -> list[str]:
    """Up to three of ``candidates`` (id → Chinese name) near ``text``, each as ``中文名(id)``."""
    import difflib  # noqa: PLC0415  # lazy: only a misspelt name needs it

    names = {name: id_ for id_, name in candidates.items() if name}
    keys = {**{id_: id_ for id_ in candidates}, **names}
    found = difflib.get_close_matches(normalize_text(text), list(keys), n=3, cutoff=0.5)
    ids = dict.fromkeys(keys[key] for key in found)
    return [f"{candidates[id_]}({id_})" if candidates[id_] else id_ for id_ in ids]


def did_you_mean(near: list[str]) -> tuple[str, str]:
    """The "did you mean" of a message in Chinese and English (``("", "")`` when nothing is near):
    ``;是否应为 资金调整(fund_adjustment)?`` — every refusal of a name words it this way."""
    if not near:
        return "", ""
    return f";是否应为 {'、'.join(near)}?", f"; did you mean {', '.join(near)}?"


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
    hint_zh, hint_en = did_you_mean(near)
    return InputError(
        "jurisdiction.unknown",
        f"没有名为「{text}」的辖区,也没有这个文件;内置辖区:{'、'.join(listed)}{hint_zh}",
        f"no shipped jurisdiction or file named {text!r}; shipped: {', '.join(listed)}{hint_en}",
    )


def unknown_deadline_matter(matter: str, known: dict[str, str]) -> tuple[str, str]:
    """The Chinese and English text of ``deadline.none``: the known matters (id → the 事项名称 the
    时限 sheet gives, or ``""``), each as ``中文名(id)``, and the close ones."""
    shown = [f"{name}({id_})" if name else id_ for id_, name in sorted(known.items())]
    near = close_matches(matter, known)
    zh, en = did_you_mean(near)
    return (
        f"事项「{matter}」没有时限规则;有时限的事项:{'、'.join(shown) or '无'}{zh}",
        (
            f"no deadline rule for the matter {matter!r}; matters with deadlines: "
            f"{', '.join(shown) or 'none'}{en}"
        ),
    )
