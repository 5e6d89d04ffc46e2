"""The meeting command: what the text says about a meeting body, and whether it has a quorum."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from routing_cli._commands import json_option, parse_assignments
from routing_cli._render import print_json
from routing_cli._safe import visible

if TYPE_CHECKING:
    from routing import Meeting, QuorumAnswer

# The names a quorum question may use for its two counts: the text's (组成人员, 到会) and a
# meeting record's (应到, 实到).
_COUNTS = {
    **dict.fromkeys(("members", "组成人员", "组成人数", "应到", "应到人数"), "members"),
    **dict.fromkeys(("present", "到会", "到会人数", "实到", "实到人数", "出席人数"), "present"),
}


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@click.argument("meeting_ref", metavar="MEETING")
@click.argument("counts", nargs=-1, metavar="[members=N present=N]")
@json_option
@click.pass_context
def meeting(
    ctx: click.Context, source: str, meeting_ref: str, counts: tuple[str, ...], as_json: bool
) -> None:
    """会议的召集、主持、频次、法定人数、议题与列席,各附条款原文 — the facts of a meeting.

    What the text says about MEETING: who convenes and chairs it, how often it meets (as
    written), its quorum, agenda, attendance and invitations, each with clause and quote.

    With members=N present=N, also whether the meeting may be held: exit 0 when it has its
    quorum, 1 when it has not (or the text sets none), 2 for bad input.

    \b
    示例 Examples:
      routing meeting tongzhou 常务会议
      routing meeting tongzhou standing_meeting members=15 present=8
      routing meeting 通州区 常务会议 组成人员=15 到会=8
      routing meeting mengla 党组会议 --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    given = _counts(parse_assignments(counts, hint="[members=N present=N]"))
    book = routing.load(source)
    found = book.meeting(meeting_ref)
    answer = found.answer_quorum(given["members"], given["present"]) if given else None
    if as_json:
        print_json({"jurisdiction": book.jurisdiction, "meeting": found, "answer": answer})
    else:
        _render(found, answer)
    if answer is not None and not answer.quorate:
        ctx.exit(1)


def _counts(values: dict[str, str]) -> dict[str, str]:
    named: dict[str, str] = {}
    for name, value in values.items():
        field = _COUNTS.get(name)
        if field is None or field in named:
            raise click.BadParameter(
                f"「{name}」不是可用的人数名称,应为 组成人员(应到)=N 到会(实到)=N — "
                f"{name!r} is not a count: use members=N present=N",
                param_hint="[members=N present=N]",
            )
        named[field] = value
    if named and len(named) != len(set(_COUNTS.values())):
        raise click.BadParameter(
            "members 与 present 须同时给出 — give both members=N and present=N",
            param_hint="[members=N present=N]",
        )
    return named


def _render(found: Meeting, answer: QuorumAnswer | None) -> None:
    click.echo(f"会议 Meeting: {visible(found.body.name)} ({found.body.id})")
    for fact in found.facts:
        label = f"{fact.item.chinese} {fact.item.value}"
        if fact.citation is None:
            click.echo(f"  {label}: 未规定 (not stated by the text)")
        else:
            click.echo(f"  {label}: {visible(fact.text)}")
            click.echo(
                f"      条款 {visible(fact.citation.clause)}「{visible(fact.citation.quote)}」"
            )
        if fact.note:
            click.echo(f"      说明 {visible(fact.note)}")
    if answer is None:
        return
    citation = answer.fact.citation
    assert citation is not None  # noqa: S101  # an answer is only given on a stated quorum
    verdict = "可以召开 yes: quorate" if answer.quorate else "不能召开 no: not quorate"
    reading, reading_en = answer.meeting.quorum.reading if answer.meeting.quorum else ("", "")
    click.echo(
        f"法定人数 Quorum: {answer.present}/{answer.members} 到会,至少需 {answer.needed} 人"
        f" (needs {answer.needed}) → {verdict}"
    )
    click.echo(f"  条款 Clause: {visible(citation.clause)}「{visible(citation.quote)}」")
    click.echo(f"  读法 Reading: {reading} — {reading_en}")
