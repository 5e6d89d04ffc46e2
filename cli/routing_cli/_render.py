"""Rendering for people (rich, Chinese first) and for scripts (JSON). No rule logic here."""

from __future__ import annotations

import re
import sys
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
    from rich.text import Text  # noqa: PLC0415  # see above

    from routing import OutcomeKind  # noqa: PLC0415  # imported on use, like rich

    out.print(
        Text(
            f"{book.about.name or book.jurisdiction} · {decision.matter.name}({decision.matter.id})",
            style="bold",
        )
    )
    grid = _grid()
    deciders = decision.deciders
    if decision.kind is not OutcomeKind.DECISION:
        grid.add_row(
            "结果",
            Text.assemble(
                (decision.kind.value, "bold red" if decision.refused else "bold green"),
                f"  {decision.kind.id}",
                f" · {decision.result}" if decision.result else "",
            ),
        )
    if len(deciders) == 1:
        body = deciders[0]
        grid.add_row(
            "决策机构" if decision.kind is OutcomeKind.DECISION else "机构",
            Text.assemble(
                (body.name, "bold green"),
                f"  {body.id}",
                f" · {body.name_en}" if body.name_en else "",
            ),
        )
    elif deciders:
        either = decision.mode == "any"
        grid.add_row(
            "决策机构",
            Text.assemble(
                (("或" if either else "、").join(b.name for b in deciders), "bold green"),
                "  " + (" | " if either else " + ").join(b.id for b in deciders),
                "  (任一决定 any one of them decides)" if either else "  (共同决定 all of them)",
            ),
        )
    chain = decision.chain
    # The chain is shown whenever the decider alone does not tell it: several steps, several bodies.
    if chain is not None and (len(chain.steps) > 1 or len(chain.steps[0].bodies) > 1):
        steps = "\n".join(f"{n}. {step}" for n, step in enumerate(chain.steps, 1))
        grid.add_row("流程", steps)
    citation = decision.citation
    grid.add_row("条款", citation.clause)
    grid.add_row("原文", f"「{citation.quote}」")
    if citation.note:
        grid.add_row("说明", citation.note)
    grid.add_row("依据", _basis(decision.rule))
    grid.add_row("规则", f"{decision.rule.id} · {decision.rule.location}")
    grid.add_row(
        "命中策略", f"{decision.hit_policy.chinese} {decision.hit_policy.name.replace('_', ' ')}"
    )
    for rule in decision.alternatives:
        names = ("或" if rule.chain and rule.chain.mode == "any" else "、").join(
            b.name for b in rule.deciders
        )
        grid.add_row(
            "同时适用",
            f"{names or rule.kind.value} — {rule.id} {rule.citation.clause}「{rule.citation.quote}」"
            f" · {rule.location}",
        )
    out.print(grid)
    if meetings:
        render_meetings(out, meetings)
    if time_limits:
        render_time_limits(out, time_limits)


def render_meetings(out: Console, meetings: Sequence[Meeting]) -> None:
    """The 会议 section: who convenes and chairs each meeting the matter goes to, how often it
    meets and its quorum, as the 会议 sheet states them (``routing meeting`` shows every fact)."""
    from rich.text import Text  # noqa: PLC0415  # see above

    from routing import MeetingItem  # noqa: PLC0415  # imported on use, like rich

    shown = (MeetingItem.CONVENER, MeetingItem.CHAIR, MeetingItem.FREQUENCY, MeetingItem.QUORUM)
    for meeting in meetings:
        out.print(Text(f"会议 Meeting · {meeting.body.name}({meeting.body.id})", style="bold"))
        grid = _grid()
        for fact in meeting.facts:
            if fact.item not in shown:
                continue
            if fact.citation is None:
                grid.add_row(fact.item.chinese, Text("未规定 not stated", style="dim"))
            else:
                grid.add_row(
                    fact.item.chinese,
                    f"{fact.text} · {fact.citation.clause}「{fact.citation.quote}」",
                )
        out.print(grid)


def render_time_limits(out: Console, time_limits: Sequence[TimeLimit]) -> None:
    """The 时限 section: each procedural time limit of the meeting, with its due date if counted."""
    from rich.text import Text  # noqa: PLC0415  # see above

    out.print(Text("时限 Time limits", style="bold"))
    grid = _grid()
    for limit in time_limits:
        conditions = ";".join(limit.rule.conditions_shown)
        meetings = "、".join(body.name for body in limit.meetings)
        lines = [
            Text.assemble(
                (limit.matter, "bold"),
                f"  {limit.counting}",
                f"({conditions})" if conditions else "",
                f" · {meetings}",
            ),
            Text(f"{limit.clause}「{limit.quote}」"),
        ]
        if limit.deadline is not None:
            due = limit.deadline
            lines.append(Text.assemble("截止 ", (due.due.isoformat(), "bold green")))
            lines.extend(Text(f"警告 {warning}", style="yellow") for warning in due.warnings)
        else:
            start = limit.rule.subject.input(limit.start) if limit.rule.subject else None
            named = start.label if start is not None else limit.start
            lines.append(Text(f"截止 需要 --date {named}=…", style="dim"))
        if limit.consequence:
            lines.append(Text(f"后果 {limit.consequence}"))
        if limit.rule.note:
            lines.append(Text(f"说明 {limit.rule.note}", style="dim"))
        grid.add_row(limit.rule.matter_name or "时限", Text("\n").join(lines))
    out.print(grid)


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
