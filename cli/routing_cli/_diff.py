"""The diff command: what changed in the routing between two versions of a workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from routing_cli._safe import echo

if TYPE_CHECKING:
    from routing import BookDiff


def render_diff(diff: BookDiff) -> None:
    """Plain text, one change per line, grouped by kind."""
    echo(f"--- {diff.old}\n+++ {diff.new}")
    if not diff.changed:
        echo("路由相同 Routing identical")
        return
    sections = (
        ("路由变化 Changed regions", [str(r) for r in diff.regions]),
        ("新增事项 Matters added", list(diff.matters_added)),
        ("删除事项 Matters removed", list(diff.matters_removed)),
        ("规则 Rules", [str(r) for r in diff.rules]),
        ("机构 Bodies", list(diff.bodies)),
        ("时限与节假日 Deadlines and holidays", [str(r) for r in diff.deadlines]),
        ("组合过多未穷举 Not exhaustive", list(diff.truncated)),
    )
    for title, lines in sections:
        if lines:
            echo(f"\n{title}")
            for line in lines:
                echo(f"  {line}")


@click.command()
@click.argument("old", metavar="OLD.xlsx")
@click.argument("new", metavar="NEW.xlsx")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="输出 JSON,供脚本使用 — print JSON for scripts instead of text.",
)
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, as_json: bool) -> None:
    """比较两个版本的工作簿 — semantic diff: what changed in the routing between two workbooks.

    列出结果改变的金额区间、改动的规则、条款和时限。
    退出码:0 两者路由相同、内容一致(行可以移动);1 有差异;2 工作簿无法读取。

    Lists the amount regions whose outcome changed, rules, citations and 时限 changed.
    Exit 0 when both workbooks route identically and say the same (rows may have moved),
    1 when anything differs, 2 when a workbook cannot be read.

    \b
    示例 Examples:
      routing diff 旧版/勐腊县.xlsx 勐腊县.xlsx
      routing diff old/mengla.xlsx tables/mengla.xlsx
      routing diff mengla new.xlsx --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant
    from routing_cli._render import print_json  # noqa: PLC0415

    ctx.meta["routing.json"] = as_json
    result = routing.diff_books(routing.load(old).book, routing.load(new).book)
    if as_json:
        print_json(
            {"changed": result.changed, "routing_changed": result.routing_changed, "diff": result}
        )
    else:
        render_diff(result)
    ctx.exit(1 if result.changed else 0)
