"""The test command: run the 测试 sheet of workbooks."""

from __future__ import annotations

import click
from rich.text import Text

from routing_cli._commands import json_option
from routing_cli._render import console, print_json


@click.command(name="test")
@click.argument("sources", nargs=-1, required=True, metavar="WORKBOOK|DIR|JURISDICTION...")
@json_option
@click.pass_context
def test(ctx: click.Context, sources: tuple[str, ...], as_json: bool) -> None:
    """运行工作簿 测试 表中的示例 — run the examples of each workbook's 测试 sheet.

    退出码:0 每行都得到预期结果;1 有失败(逐条列出所在行);2 工作簿无法读取。

    Exit 0 when every row gets its expected outcome, 1 when any fails (each failure is listed with
    its row), 2 when a workbook cannot be read.

    \b
    示例 Examples:
      routing test 勐腊县工作规则.xlsx
      routing test tables/
      routing test mengla tongzhou
      routing test my_county.xlsx --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    reports = routing.run_workbook_tests(sources)
    failed = sum(len(report.failures) for report in reports)
    if as_json:
        print_json(reports)
    else:
        out = console()
        for report in reports:
            passed = len(report.results) - len(report.failures)
            style = "green" if not report.failures else "red"
            out.print(
                Text(
                    f"{report.book.source}: {passed} 通过, {len(report.failures)} 失败", style=style
                )
            )
            for result in report.failures:
                case = result.case
                inputs = ";".join(f"{name}={value}" for name, value in case.inputs) or "(无输入)"
                out.print(Text(f"  {case.location} · {case.matter} {inputs}"))
                out.print(
                    Text(f"    期望 {case.expected} · 实际 {result.actual} — expected, got"),
                    style="red",
                )
                if result.actual.startswith("错误") or "无法读取" in result.message:
                    out.print(Text(f"    {result.message}", style="dim"))
        total = sum(len(r.results) for r in reports)
        out.print(f"{total - failed} passed, {failed} failed")
    ctx.exit(1 if failed else 0)
