"""Write docs/vocabulary.md from the shipped workbooks, or check that it is current.

    python tools/vocabulary.py            # regenerate docs/vocabulary.md
    python tools/vocabulary.py --check    # exit 1 if docs/vocabulary.md differs from the workbooks

The document lists, for every jurisdiction, its matters with their inputs and values (ids and
Chinese labels), the outcome kinds its tables use, its bodies with their 类型, and its meetings;
first an index of every matter id across the jurisdictions, so that ids meaning the same question
can be aligned. Generated, never edited by hand: a test runs --check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import routing
from routing._meetings import MeetingItem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from routing import Jurisdiction, Matter

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tables"
TARGET = ROOT / "docs" / "vocabulary.md"
REGENERATE = "python tools/vocabulary.py"


def cell(text: object) -> str:
    """Markdown table cell text: pipes escaped, line breaks folded."""
    return " ".join(str(text).split()).replace("|", "\\|") or " "


def row(*cells: object) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    head = list(header)
    return [row(*head), "|" + "---|" * len(head), *(row(*r) for r in rows)]


def _values(matter: Matter) -> list[tuple[str, str, str, str]]:
    return [
        (
            f"`{i.id}`",
            i.label,
            f"{i.kind.chinese} ({i.kind.value})",
            "、".join(f"`{c.id}`={c.label}" if c.label else f"`{c.id}`" for c in i.choices),
        )
        for i in matter.inputs
    ]


def _outcome_kinds(book: Jurisdiction, matter: Matter) -> str:
    found = book.table(matter.id)
    if found is None:
        return "(无决策表 no table)"
    kinds = dict.fromkeys(rule.kind for rule in found.rules)  # first use order
    return "、".join(f"{k.value} ({k.id})" for k in kinds)


def _meeting_rows(book: Jurisdiction) -> list[list[str]]:
    rows = []
    for meeting in book.meetings:
        shown = []
        for item in (MeetingItem.FREQUENCY, MeetingItem.QUORUM):
            facts = meeting.facts_of(item)
            shown.append("；".join(f.text for f in facts) or "(未填)")
        rows.append([f"`{meeting.body.id}`", meeting.body.name, *shown])
    return rows


def jurisdiction_section(book: Jurisdiction) -> list[str]:
    about = book.about
    lines = [f"## `{book.jurisdiction}` {about.name}", ""]
    if about.document:
        lines += [f"{about.document}{f' ({about.number})' if about.number else ''}", ""]
    lines += ["### 事项 Matters", ""]
    lines += table(
        ["事项编号 id", "事项名称", "结果类型 outcome kinds used"],
        ([f"`{m.id}`", m.name, _outcome_kinds(book, m)] for m in book.matters),
    )
    lines += ["", "### 输入 Inputs", ""]
    lines += table(
        ["事项 matter", "输入编号 input", "输入名称", "类型 kind", "取值 values"],
        ([f"`{m.id}`", *values] for m in book.matters for values in _values(m)),
    )
    lines += ["", "### 机构 Bodies", ""]
    lines += table(
        ["编号 id", "名称", "类型 kind", "别名 aliases"],
        (
            [f"`{b.id}`", b.name, b.kind.value or "(未填)", "、".join(b.aliases)]
            for b in book.bodies
        ),
    )
    if book.meetings:
        lines += ["", "### 会议 Meetings", ""]
        lines += table(
            ["会议 id", "名称", "频次 (as written)", "法定人数 quorum"], _meeting_rows(book)
        )
    return [*lines, ""]


def matter_index(books: list[Jurisdiction]) -> list[str]:
    """Every matter id and, per jurisdiction, its Chinese name there (blank: not in that book)."""
    ids = sorted({m.id for book in books for m in book.matters})
    names = {(book.jurisdiction, m.id): m.name for book in books for m in book.matters}
    lines = ["## 事项编号索引 Matter ids across jurisdictions", ""]
    lines += [
        (
            "A blank cell: that workbook has no matter with this id (it may ask the same "
            "question under another id)."
        ),
        "",
    ]
    lines += table(
        ["事项编号 id", *(f"`{b.jurisdiction}`" for b in books)],
        (
            [f"`{matter_id}`", *(names.get((b.jurisdiction, matter_id), "") for b in books)]
            for matter_id in ids
        ),
    )
    return [*lines, ""]


def input_index(books: list[Jurisdiction]) -> list[str]:
    """For each matter id in several workbooks, its input ids there: where one is blank, the
    same question may be asked under another input id."""
    lines = ["## 输入编号索引 Input ids of shared matters", ""]
    rows = []
    for matter_id in sorted({m.id for b in books for m in b.matters}):
        having = [b for b in books if any(m.id == matter_id for m in b.matters)]
        if len(having) < 2:  # shared means in two workbooks or more
            continue
        inputs: dict[str, dict[str, str]] = {}
        for book in having:
            matter = next(m for m in book.matters if m.id == matter_id)
            for item in matter.inputs:
                inputs.setdefault(item.id, {})[book.jurisdiction] = item.label
        rows += [
            [f"`{matter_id}`", f"`{input_id}`", *(labels.get(b.jurisdiction, "") for b in books)]
            for input_id, labels in inputs.items()
        ]
    lines += table(["事项 matter", "输入 input", *(f"`{b.jurisdiction}`" for b in books)], rows)
    return [*lines, ""]


def render() -> str:
    books = [routing.load(TABLES / f"{j}.xlsx") for j in routing.shipped_jurisdictions()]
    lines = [
        "# Vocabulary of the shipped workbooks",
        "",
        (
            f"Generated from `tables/*.xlsx` by `{REGENERATE}`; do not edit by hand "
            "(a test checks it is current)."
        ),
        "",
        *matter_index(books),
        *input_index(books),
    ]
    for book in books:
        lines += jurisdiction_section(book)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None, target: Path = TARGET) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render()
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if args.check:
        if text != current:
            print(
                f"{target.name} is out of date with tables/*.xlsx: run {REGENERATE}",
                file=sys.stderr,
            )
            return 1
        return 0
    if text != current:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
