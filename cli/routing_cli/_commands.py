"""The route and matters commands."""

from __future__ import annotations

import click

from routing_cli._render import (
    console,
    decision_sections,
    print_json,
    render_matters,
    show_sections,
)

json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="输出 JSON,供脚本使用 — print JSON for scripts instead of text.",
)


def parse_assignments(pairs: tuple[str, ...], hint: str = "INPUTS") -> dict[str, str]:
    """Read ``name=value`` arguments; anything else is a usage error (exit 2)."""
    inputs: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                f"「{pair}」应写成 名称=值,如 amount=1500万 — expected name=value, e.g. amount=1500万",
                param_hint=hint,
            )
        if name.strip() in inputs:
            raise click.BadParameter(
                f"「{name.strip()}」给了两次 — {name.strip()!r} is given twice", param_hint=hint
            )
        inputs[name.strip()] = value.strip()
    return inputs


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@click.argument("matter")
@click.argument("inputs", nargs=-1, metavar="[NAME=VALUE]...")
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="NAME=DATE",
    help="会议时限的起算日期,写「时限」表的输入名称或 id(会议日期=2026-10-09),可重复 — a date the "
    "meeting's time limits count from, by name or id; repeatable.",
)
@json_option
@click.pass_context
def route(  # noqa: PLR0917  # click passes each argument and option by name
    ctx: click.Context,
    source: str,
    matter: str,
    inputs: tuple[str, ...],
    dates: tuple[str, ...],
    as_json: bool,
) -> None:
    """查询事项由哪个机构决定 — which body decides MATTER, under which clause, through which chain.

    JURISDICTION 辖区:内置辖区的 id 或中文名(mengla、勐腊县),或工作簿路径。MATTER 事项:id 或
    中文名(资金调整)。输入写成 名称=值,金额如 1500万、20万元、贰拾万元整、200000.01。
    事项上会(全体会议、常务会议、党组会议、专题会议……)时,同时列出会议的时限;
    --date meeting_date=2026-10-09 计算截止日期。
    退出码:0 有机构决定(或视为、前提、备案、允许);1 文本拒绝(拒绝)、没有规则覆盖这些输入或违反
    命中策略;2 输入错误或工作簿无法读取。

    JURISDICTION is a shipped id or Chinese name (mengla, 勐腊县) or the path of a workbook. MATTER
    is a matter id or its Chinese name; inputs are NAME=VALUE, with amounts as 1500万, 20万元,
    贰拾万元整, 200000.01. When the matter goes to a meeting, the answer also lists the meeting's
    procedural time limits (时限); --date meeting_date=2026-10-09 computes due dates.
    Exit 0 when a body decides (or the text deems, requires, files or permits), 1 when the text
    refuses the matter (拒绝), no rule covers the inputs or the hit policy is violated, 2 for bad
    input or an unreadable workbook.

    \b
    示例 Examples:
      routing route 勐腊县 资金调整 金额=20万元
      routing route mengla fund_adjustment amount=1500万
      routing route mengla 资金调整 金额=20万元 --json
      routing route tables/tongzhou.xlsx supplementary_budget amount=2000万 policy_origin=none
      routing route dongchuan meeting_matter kind=sanzhong_yida --date meeting_date=2026-10-09
      routing route 东川区 会议决策事项 事项类别=三重一大事项 --date 会议日期=2026-10-09
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    values = parse_assignments(inputs)
    given = parse_assignments(dates, "--date")
    book = routing.load(source)
    decision = book.route(matter, **values)
    limits = book.time_limits(decision, **given)
    meetings = book.meetings_of(decision)
    if as_json:
        print_json(
            {
                "jurisdiction": book.jurisdiction,
                "inputs": values,
                "dates": given,
                "decision": decision,
                "meetings": list(meetings),
                "time_limits": list(limits),
            }
        )
    else:
        show_sections(decision_sections(book, decision, limits, meetings))
    if decision.refused:
        ctx.exit(1)  # the text refuses the matter: a domain outcome a script must see


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@json_option
@click.pass_context
def matters(ctx: click.Context, source: str, as_json: bool) -> None:
    """列出可查询的事项及其输入和条款 — list the matters a rule book answers, with inputs and clauses.

    每个选项显示为 中文标签(id),两种写法都可用作输入值。
    Each choice is shown as 中文标签(id); either may be given as an input value.

    \b
    示例 Examples:
      routing matters 勐腊县
      routing matters mengla
      routing matters tables/tongzhou.xlsx --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    book = routing.load(source)
    if as_json:
        print_json(routing.describe_matters(book.book))
    else:
        render_matters(console(), book)
