"""The entry point: ``load`` a shipped jurisdiction or a workbook path into a ``RuleBook``."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from routing._errors import InputError
from routing._model import ID_PATTERN, RuleBook
from routing._parser import parse_workbook
from routing._reader import read_workbook


def shipped_tables() -> Path:
    """The folder of the shipped workbooks: inside the installed package, or the checkout's ``tables/``."""
    packaged = Path(str(importlib.resources.files("routing"))) / "tables"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "tables"


def shipped_jurisdictions() -> list[str]:
    """The ids of the jurisdictions whose workbooks ship with routing."""
    return sorted(
        path.stem for path in shipped_tables().glob("*.xlsx") if not path.name.startswith("~$")
    )


def resolve_source(source: str | Path) -> Path:
    """A shipped jurisdiction id becomes its workbook's path; anything else is taken as a path."""
    text = str(source)
    path = Path(text).expanduser()
    if isinstance(source, str) and ID_PATTERN.match(text) and not path.exists():
        shipped = shipped_tables() / f"{text}.xlsx"
        if not shipped.exists():
            raise InputError(
                "jurisdiction.unknown",
                f"没有名为「{text}」的辖区,也没有这个文件;内置辖区:{'、'.join(shipped_jurisdictions())}",
                f"no shipped jurisdiction or file named {text!r}; shipped: "
                + ", ".join(shipped_jurisdictions()),
            )
        return shipped
    return path


def load(source: str | Path) -> RuleBook:
    """Load a rule book: ``load("mengla")`` for a shipped one, or ``load("path/to/book.xlsx")``."""
    return parse_workbook(read_workbook(resolve_source(source)))
