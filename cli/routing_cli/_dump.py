"""The dump command: a workbook as stable plain text, for git diff and review."""

from __future__ import annotations

import click


@click.command()
@click.argument("workbook", metavar="WORKBOOK")
def dump(workbook: str) -> None:
    """把工作簿输出为稳定的纯文本 — print WORKBOOK as stable plain text, for review and git diff.

    依次输出每个工作表的单元格和每张表的规则。WORKBOOK 为路径或内置辖区。有错误的工作簿照样
    输出,后附问题列表。退出码:0;文件无法读取时为 2。

    Every sheet's cells, then each table's rules. WORKBOOK is a path, or a shipped jurisdiction.
    A workbook with errors is still printed, followed by its problems. Exit 0, or 2 when the
    file cannot be read. As git's textconv, `git diff` shows cell changes (see docs/office.md):

    \b
    示例 Examples:
      routing dump 勐腊县工作规则.xlsx
      git config diff.routing.textconv "routing dump"
      echo 'tables/*.xlsx diff=routing' >> .gitattributes
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    click.echo(routing.dump_workbook(workbook), nl=False)
