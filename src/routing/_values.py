"""Cell values that need no model: yes/no, "any", and lists of values. Pure functions of text."""

from __future__ import annotations

import re

from routing._amounts import normalize_text
from routing._errors import ParseError

ANY_MARKS = frozenset({"", "-", "不限", "任意", "any"})
_TRUE = frozenset({"是", "y", "yes", "true", "√", "✓", "✔", "1", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "×", "✗", "✘", "0", "不是"})
_ENUM_SEPARATORS = re.compile(r"[,、;|]")


def is_any(value: object) -> bool:
    return value is None or (isinstance(value, str) and normalize_text(value).lower() in ANY_MARKS)


def parse_bool(value: object) -> bool:
    """Read 是/否, Y/N, √/×, true/false (or an Excel boolean cell)."""
    if isinstance(value, bool):
        return value
    text = normalize_text(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(
        "boolean.invalid",
        f"无法识别的是/否值「{value}」,应为 是/否、Y/N、√/×、true/false,或 - 表示不限",
        f"cannot read {value!r} as yes/no: expected 是/否, Y/N, √/×, true/false, or - for any",
    )


def split_values(text: str) -> list[str]:
    return [part for part in (p.strip() for p in _ENUM_SEPARATORS.split(text)) if part]
