"""Rendering for people (rich, Chinese first) and for scripts (JSON). No rule logic here."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console
    from rich.table import Table

    from routing import Decision, Jurisdiction, Rule, TimeLimit

# rich is imported inside the functions that draw: `--json` and the error paths never load it.


def console(*, wrap: bool = False) -> Console:
    """A console on the current stdout (so click's test runner captures it); ``wrap`` folds long
    lines to the terminal's width ($COLUMNS), counting Chinese characters as two columns."""
    from rich.console import Console  # noqa: PLC0415  # see above

    return Console(file=sys.stdout, soft_wrap=not wrap, highlight=False)


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
    out: Console, book: Jurisdiction, decision: Decision, time_limits: Sequence[TimeLimit] = ()
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
    if time_limits:
        render_time_limits(out, time_limits)


_STAGES = {
    "consultation_reply": "征求意见",
    "topic_submission": "会前报送",
    "document_issue_after_meeting": "会后印发",
}


def render_time_limits(out: Console, time_limits: Sequence[TimeLimit]) -> None:
    """The 时限 section: each procedural time limit of the meeting, with its due date if counted."""
    from rich.text import Text  # noqa: PLC0415  # see above

    out.print(Text("时限 Time limits", style="bold"))
    grid = _grid()
    for limit in time_limits:
        conditions = limit.rule.conditions_text
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
            lines.append(Text(f"截止 需要 --date {limit.start}=…", style="dim"))
        if limit.consequence:
            lines.append(Text(f"后果 {limit.consequence}"))
        if limit.rule.note:
            lines.append(Text(f"说明 {limit.rule.note}", style="dim"))
        grid.add_row(_STAGES.get(limit.matter, "时限"), Text("\n").join(lines))
    out.print(grid)


def render_matters(out: Console, book: Jurisdiction) -> None:
    from rich.table import Table  # noqa: PLC0415  # see above
    from rich.text import Text  # noqa: PLC0415

    from routing import describe_matters  # noqa: PLC0415

    out.print(
        Text(
            f"{book.about.name or book.jurisdiction}({book.jurisdiction})"
            f" · {book.about.document} {book.about.number}",
            style="bold",
        )
    )
    table = Table(show_lines=True)
    for column in ("事项", "输入", "命中策略", "条款"):
        table.add_column(column, overflow="fold")
    for info in describe_matters(book.book):
        inputs = []
        for input_ in info.matter.inputs:
            choices = "、".join(c.id for c in input_.choices)
            optional = "" if input_.required else ",可选"
            inputs.append(
                f"{input_.id} {input_.label}({input_.kind.chinese}{optional})"
                + (f": {choices}" if choices else "")
            )
        table.add_row(
            f"{info.matter.id}\n{info.matter.name}",
            "\n".join(inputs) or "-",
            info.hit_policy.chinese,
            "\n".join(info.clauses),
        )
    out.print(table)
    if book.deadlines:
        _render_deadline_rules(out, book)


def _render_deadline_rules(out: Console, book: Jurisdiction) -> None:
    """The 时限 rows, so that the matters ``routing deadline`` answers are listed too."""
    from rich.table import Table  # noqa: PLC0415  # see above
    from rich.text import Text  # noqa: PLC0415

    out.print(Text("时限 Deadlines — routing deadline ID 事项 起算=日期", style="bold"))
    table = Table(show_lines=True)
    for column in ("事项", "条件", "期限", "适用会议", "条款"):
        table.add_column(column, overflow="fold")
    for rule in book.deadlines:
        table.add_row(
            rule.matter,
            rule.conditions_text or "-",
            rule.period,
            "、".join(rule.meetings) or "-",
            rule.clause,
        )
    out.print(table)
