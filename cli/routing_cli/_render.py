"""Rendering for people (rich, Chinese first) and for scripts (JSON). No rule logic here."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, TextIO, cast

import click

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console
    from rich.table import Table

    from routing import Decision, Jurisdiction, Meeting, Rule, TimeLimit

# rich is imported inside the functions that draw: `--json` and the error paths never load it.


class _TrimmedLines:
    """A text stream that drops the spaces rich pads table cells with at the end of each line.

    They are invisible on a terminal but make copied text and saved output ragged; the last
    column's padding carries no style, so stripping spaces before trailing colour codes is safe.
    """

    _TRAILING = re.compile(r" +(?=(?:\x1b\[[0-9;]*m)*$)")

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            self.target.write(self._TRAILING.sub("", line) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending)
            self.pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.target, "encoding", None) or "utf-8"


def console(*, wrap: bool = False) -> Console:
    """A console on the current stdout (so click's test runner captures it), without trailing
    padding; ``wrap`` folds long lines to the terminal's width ($COLUMNS), counting Chinese
    characters as two columns. Workbook text is never markup and never a control sequence."""
    from routing_cli._safe import safe_console  # noqa: PLC0415  # see above

    # rich only writes, flushes and asks isatty/fileno/encoding, which _TrimmedLines provides.
    trimmed = cast("TextIO", _TrimmedLines(sys.stdout))
    return safe_console(file=trimmed, soft_wrap=not wrap, highlight=False)


def print_json(value: object) -> None:
    import json  # noqa: PLC0415  # only --json needs it

    from routing import to_json  # noqa: PLC0415  # cattrs is only needed for --json

    click.echo(json.dumps(to_json(value), ensure_ascii=False, indent=2))


def _basis(rule: Rule) -> str:
    return "推断(文本未明文规定,由本表推断)" if rule.inferred else "明文"


def _grid() -> Table:
    from rich.table import Table  # noqa: PLC0415  # see above

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def render_decision(
    out: Console,
    book: Jurisdiction,
    decision: Decision,
    time_limits: Sequence[TimeLimit] = (),
    meetings: Sequence[Meeting] = (),
) -> None:
    """The answer drawn by rich on ``out``."""
    draw_sections(out, decision_sections(book, decision, time_limits, meetings))


def draw_sections(out: Console, sections: list[Section]) -> None:
    """Each section's title, then its rows as a grid: labels in bold cyan, values folded."""
    from rich.text import Text  # noqa: PLC0415  # see above

    from routing_cli._safe import visible  # noqa: PLC0415  # on use

    def text(line: Line) -> Text:
        # Made visible before rich sees it: a Text drops BEL and backspace instead of showing them.
        return Text.assemble(*[(visible(span), style) for span, style in line])

    for title, rows in sections:
        out.print(text(title))
        grid = _grid()
        for label, lines in rows:
            grid.add_row(visible(label), Text("\n").join(map(text, lines)))
        out.print(grid)


Span = tuple[str, str]
"""Text and the rich style it is drawn in ("" for none)."""
Line = tuple[Span, ...]
Section = tuple[Line, list[tuple[str, list[Line]]]]
"""A title, then rows: a label and the lines of its value."""


def _line(*spans: str | Span) -> Line:
    return tuple((span, "") if isinstance(span, str) else span for span in spans)


def decision_sections(
    book: Jurisdiction,
    decision: Decision,
    time_limits: Sequence[TimeLimit] = (),
    meetings: Sequence[Meeting] = (),
) -> list[Section]:
    """What ``routing route`` shows, drawn by rich (``render_decision``) or as plain lines."""
    from routing import OutcomeKind  # noqa: PLC0415  # imported on use

    title = _line(
        (
            f"{book.about.name or book.jurisdiction} · {decision.matter.name}({decision.matter.id})",
            "bold",
        )
    )
    rows: list[tuple[str, list[Line]]] = []
    deciders = decision.deciders
    if decision.kind is not OutcomeKind.DECISION:
        kind = _line(
            (decision.kind.value, "bold red" if decision.refused else "bold green"),
            f"  {decision.kind.id}",
            f" · {decision.result}" if decision.result else "",
        )
        rows.append(("结果", [kind]))
    if len(deciders) == 1:
        body = deciders[0]
        rows.append(
            (
                "决策机构" if decision.kind is OutcomeKind.DECISION else "机构",
                [
                    _line(
                        (body.name, "bold green"),
                        f"  {body.id}",
                        f" · {body.name_en}" if body.name_en else "",
                    )
                ],
            )
        )
    elif deciders:
        either = decision.mode == "any"
        names = ("或" if either else "、").join(b.name for b in deciders)
        ids = "  " + (" | " if either else " + ").join(b.id for b in deciders)
        how = "  (任一决定 any one of them decides)" if either else "  (共同决定 all of them)"
        rows.append(("决策机构", [_line((names, "bold green"), ids, how)]))
    chain = decision.chain
    # The chain is shown whenever the decider alone does not tell it: several steps, several bodies.
    if chain is not None and (len(chain.steps) > 1 or len(chain.steps[0].bodies) > 1):
        steps = [_line(f"{n}. {step}") for n, step in enumerate(chain.steps, 1)]
        rows.append(("流程", steps))
    citation = decision.citation
    rows.append(("条款", _lines(citation.clause)))
    rows.append(("原文", _lines(f"「{citation.quote}」")))
    if citation.note:
        rows.append(("说明", _lines(citation.note)))
    rows.append(("依据", [_line(_basis(decision.rule))]))
    rows.append(("规则", _lines(f"{decision.rule.id} · {decision.rule.location}")))
    policy = decision.hit_policy
    rows.append(("命中策略", [_line(f"{policy.chinese} {policy.name.replace('_', ' ')}")]))
    for rule in decision.alternatives:
        names = ("或" if rule.chain and rule.chain.mode == "any" else "、").join(
            b.name for b in rule.deciders
        )
        also = (
            f"{names or rule.kind.value} — {rule.id} {rule.citation.clause}「{rule.citation.quote}」"
            f" · {rule.location}"
        )
        rows.append(("同时适用", _lines(also)))
    sections: list[Section] = [(title, rows)]
    sections.extend(_meeting_sections(meetings))
    if time_limits:
        sections.append((_line(("时限 Time limits", "bold")), _time_limit_rows(time_limits)))
    return sections


def show_sections(sections: list[Section]) -> None:
    """Draw with rich on a terminal; write plain lines when stdout is a pipe or a file.

    Off a terminal rich draws no colours anyway, but importing and laying out with it is ≈ 25 ms of
    a 110 ms ``routing route`` (bench/README.md, #16). The plain lines hold the same text: each
    label padded to the widest of its section, each further line of a value indented under the
    first, no folding at 80 columns (a file keeps each line whole). "Terminal" is what rich takes
    for one (``Console.is_terminal``): ``TTY_COMPATIBLE``, then ``FORCE_COLOR``, then ``isatty()``.
    """
    if _is_terminal(sys.stdout):
        draw_sections(console(), sections)
        return
    from routing_cli._safe import visible  # noqa: PLC0415  # on use

    text: list[str] = []
    for title, rows in sections:
        text.append("".join(span for span, _ in title))
        width = max((_cells(label) for label, _ in rows), default=0)
        for label, lines in rows:
            indent = " " * (width + 2)
            first = label + " " * (width - _cells(label) + 2)
            for n, line in enumerate(lines or [()]):
                text.append(((indent if n else first) + "".join(s for s, _ in line)).rstrip())
    # Workbook text is shown, never obeyed: control characters made visible, as on a terminal.
    click.echo(visible("\n".join(text)))


def _is_terminal(stream: object) -> bool:
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in {"0", "1"}:
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _cells(text: str) -> int:
    """Terminal columns of a label: wide and fullwidth characters (CJK) take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _lines(text: str) -> list[Line]:
    """Workbook text that may hold line breaks: one line each."""
    return [_line(part) for part in text.split("\n")]


def _meeting_sections(meetings: Sequence[Meeting]) -> list[Section]:
    """The 会议 sections: who convenes and chairs each meeting the matter goes to, how often it
    meets and its quorum, as the 会议 sheet states them (``routing meeting`` shows every fact)."""
    from routing import MeetingItem  # noqa: PLC0415  # imported on use

    shown = (MeetingItem.CONVENER, MeetingItem.CHAIR, MeetingItem.FREQUENCY, MeetingItem.QUORUM)
    sections: list[Section] = []
    for meeting in meetings:
        title = _line((f"会议 Meeting · {meeting.body.name}({meeting.body.id})", "bold"))
        rows: list[tuple[str, list[Line]]] = []
        for fact in meeting.facts:
            if fact.item not in shown:
                continue
            if fact.citation is None:
                rows.append((fact.item.chinese, [_line(("未规定 not stated", "dim"))]))
            else:
                quoted = f"{fact.text} · {fact.citation.clause}「{fact.citation.quote}」"
                rows.append((fact.item.chinese, _lines(quoted)))
        sections.append((title, rows))
    return sections


def _time_limit_rows(time_limits: Sequence[TimeLimit]) -> list[tuple[str, list[Line]]]:
    """The 时限 rows: each procedural time limit of the meeting, with its due date if counted."""
    rows: list[tuple[str, list[Line]]] = []
    for limit in time_limits:
        conditions = ";".join(limit.rule.conditions_shown)
        meetings = "、".join(body.name for body in limit.meetings)
        lines = [
            _line(
                (limit.matter, "bold"),
                f"  {limit.counting}",
                f"({conditions})" if conditions else "",
                f" · {meetings}",
            ),
            *_lines(f"{limit.clause}「{limit.quote}」"),
        ]
        if limit.deadline is not None:
            due = limit.deadline
            lines.append(_line("截止 ", (due.due.isoformat(), "bold green")))
            lines.extend(_line((f"警告 {warning}", "yellow")) for warning in due.warnings)
        else:
            start = limit.rule.subject.input(limit.start) if limit.rule.subject else None
            named = start.label if start is not None else limit.start
            lines.append(_line((f"截止 需要 --date {named}=…", "dim")))
        if limit.consequence:
            lines.extend(_lines(f"后果 {limit.consequence}"))
        if limit.rule.note:
            lines.extend(_line((part, "dim")) for part in f"说明 {limit.rule.note}".split("\n"))
        rows.append((limit.rule.matter_name or "时限", lines))
    return rows


def _labelled(label: str, id_: str) -> str:
    """``中文标签(id)``: what people read first, then what scripts and other workbooks use."""
    return f"{label}({id_})" if label and label != id_ else id_


def render_matters(out: Console, book: Jurisdiction) -> None:
    """One small table per matter, each input and choice as ``中文标签(id)`` on its own line.

    Lines break between entries, never inside an id, so that the list reads at 80 columns.
    """
    from rich.cells import cell_len  # noqa: PLC0415  # see above
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    from routing import describe_matters  # noqa: PLC0415

    out.print(
        Text(
            f"{book.about.name or book.jurisdiction}({book.jurisdiction})"
            f" · {book.about.document} {book.about.number}",
            style="bold",
        )
    )
    for info in describe_matters(book.book):
        matter = info.matter
        out.print()
        out.print(
            Text.assemble(
                (_labelled(matter.name, matter.id), "bold"),
                f"  命中策略 {info.hit_policy.chinese}",
            )
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column(overflow="fold")  # only Chinese labels that fill a line fold, see below
        room = out.width - 8  # the 输入 column and the padding
        for input_ in matter.inputs:
            optional = "" if input_.required else ",可选"
            head = f"{_labelled(input_.label, input_.id)}  {input_.kind.chinese}{optional}"
            lines = [head]
            if cell_len(head) > room and input_.label not in {"", input_.id}:
                # Too long for one line: the id goes on a line of its own rather than be cut.
                lines = [input_.label, f"({input_.id})  {input_.kind.chinese}{optional}"]
            for choice in input_.choices:
                entry = f"  {_labelled(choice.label, choice.id)}"
                # Too long for one line: the id goes on a line of its own rather than be cut.
                fits = cell_len(entry) <= room or choice.label in {"", choice.id}
                lines.extend([entry] if fits else [f"  {choice.label}", f"  ({choice.id})"])
            grid.add_row("输入", "\n".join(lines))
        if not matter.inputs:
            grid.add_row("输入", "-")
        grid.add_row("条款", " ".join(info.clauses) or "-")
        out.print(grid)
    if book.deadlines:
        _render_deadline_rules(out, book)


def _render_deadline_rules(out: Console, book: Jurisdiction) -> None:
    """The 时限 rows, so that the matters ``routing deadline`` answers are listed too."""
    from rich.table import Table  # noqa: PLC0415  # see above
    from rich.text import Text  # noqa: PLC0415

    out.print()
    out.print(Text("时限 Deadlines — routing deadline 辖区 事项 输入名称=值", style="bold"))
    for rule in book.deadlines:
        out.print()
        out.print(Text.assemble((rule.matter_label, "bold"), f"  {rule.clause}"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column()
        grid.add_row("期限", rule.period)
        if rule.conditions_text:
            grid.add_row("条件", "\n".join(rule.conditions_shown))
        if rule.meetings:
            bodies = (book.body(id_) for id_ in rule.meetings)
            grid.add_row(
                "会议",
                "\n".join(
                    _labelled(body.name, id_) if body else id_
                    for body, id_ in zip(bodies, rule.meetings, strict=True)
                ),
            )
        out.print(grid)
