"""The new command: a fresh, ready-to-edit workbook for a jurisdiction."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("jurisdiction", metavar="JURISDICTION_ID")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="新工作簿(.xlsx) — the new .xlsx.",
)
@click.option("--name", default="", help="辖区中文名,如 勐腊县 — Chinese name of the jurisdiction.")
@click.option("--force", is_flag=True, help="覆盖已存在的 OUTPUT — replace OUTPUT if it exists.")
def new(jurisdiction: str, output: Path, name: str, force: bool) -> None:
    """新建工作簿模板 — create a new workbook: instructions, common bodies, an example and tests.

    含 填写说明、常用机构、示例决策表和 测试 表;命中策略和机构有下拉选项,表头冻结,按 A4 横向
    打印。OUTPUT 已存在时拒绝(退出码 2),除非 --force。

    The workbook has dropdowns for hit policies and bodies, frozen headers, column widths and
    A4 landscape printing, and loads without problems. An existing OUTPUT is refused (exit 2)
    unless --force.

    \b
    示例 Examples:
      routing new mengla -o 勐腊县工作规则.xlsx --name 勐腊县
      routing new mengla -o mengla.xlsx --name 勐腊县
      routing new tongzhou -o tongzhou.xlsx --name 通州区
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    path = routing.new_workbook(jurisdiction, output, name=name, force=force)
    click.echo(f"已创建 Created {path}", err=True)
