"""The deadline command: by when a matter is due, on the Chinese working-day calendar."""

from __future__ import annotations

import click

from routing_cli._commands import json_option, parse_assignments
from routing_cli._render import print_json
from routing_cli._safe import echo


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@click.argument("matter")
@click.argument("inputs", nargs=-1, metavar="[NAME=VALUE]...")
@json_option
@click.pass_context
def deadline(
    ctx: click.Context, source: str, matter: str, inputs: tuple[str, ...], as_json: bool
) -> None:
    """计算事项的截止日期 — by when MATTER is due, under which clause, skipping which days off.

    按中国法定工作日历计算(跳过周末和节假日,计入调休上班日)。MATTER 和各输入可写 id 或「时限」表给的
    中文名称(征求意见、收文日期),routing matters 列出每个事项的输入,写作 中文名称(id)。
    退出码:0 得出截止日期;1 没有适用的时限规则;2 输入错误。

    Counted on the Chinese working-day calendar; MATTER and each input are an id or the Chinese
    name the 时限 sheet gives them (routing matters lists them as 中文名称(id)).
    Exit 0 with a due date, 1 when no deadline rule applies, 2 for bad input.

    \b
    示例 Examples:
      routing deadline 勐腊县 征求意见 收文日期=2026-09-28
      routing deadline 勐腊县 会前报送 会议日期=2026-10-09 重大事项=是
      routing deadline mengla consultation_reply received_date=2026-09-28
      routing deadline tongzhou public_opinion_response event_time=2026-09-28T10:00 --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    values = parse_assignments(inputs)
    book = routing.load(source)
    answer = book.deadline(matter, **values)
    if as_json:
        print_json({"jurisdiction": book.jurisdiction, "inputs": values, "deadline": answer})
        return
    echo(f"期限 Due: {answer.due.isoformat()}  ({answer.start.isoformat()} {answer.counting})")
    echo(f"条款 Clause: {answer.clause}  「{answer.quote}」")
    if answer.consequence:
        echo(f"后果 Consequence: {answer.consequence}")
    if answer.skipped:
        echo("跳过 Skipped: " + "、".join(day.isoformat() for day in sorted(answer.skipped)))
    for warning in answer.warnings:
        echo(f"警告 Warning: {warning}", err=True)
