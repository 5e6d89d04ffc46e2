"""The batch command: route a whole agenda (xlsx or csv) into a new workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from routing import BatchRow


@click.command()
@click.argument("source", metavar="INPUT.xlsx|INPUT.csv", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="新的结果工作簿 — the new workbook.",
)
@click.option(
    "--jurisdiction",
    default=None,
    help="没有 辖区 列或该格为空时使用的辖区 — jurisdiction for rows without a 辖区 column or cell.",
)
@click.option("--force", is_flag=True, help="覆盖已存在的 OUTPUT — replace OUTPUT if it exists.")
@click.option(
    "--json", "as_json", is_flag=True, help="每行输出一行 JSON — one JSON line per row on stdout."
)
@click.pass_context
def batch(
    ctx: click.Context,
    *,
    source: Path,
    output: Path,
    jurisdiction: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """批量查询议程的每一行,写入新工作簿 — route every row of an agenda into a NEW workbook.

    列:辖区、事项,然后是各输入(id 或中文标签,如 金额)。出错的行标明错误代码和说明,其余行照常
    处理;另有 汇总 表。不修改输入文件;OUTPUT 已存在时拒绝(退出码 2),除非 --force。
    退出码:0 每行都有结果;1 有出错的行;2 用法错误或输入无法读取。

    Columns: 辖区/jurisdiction, 事项/matter, then inputs by id or Chinese label (amount/金额),
    with a 汇总 summary sheet.
    A bad row is marked with its error code and message; the batch goes on. The input is never
    modified; an existing OUTPUT is refused (exit 2) unless --force. Exit 0 when every row routed,
    1 when some rows have errors, 2 for bad usage or an unreadable input.

    \b
    示例 Examples:
      routing batch 议程.xlsx -o 结果.xlsx
      routing batch agenda.xlsx -o routed.xlsx
      routing batch agenda.csv -o routed.xlsx --jurisdiction mengla --json
    """
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import Progress  # noqa: PLC0415

    import routing  # noqa: PLC0415  # imported on use so that --help stays instant
    from routing._json import to_json  # noqa: PLC0415

    ctx.meta["routing.json"] = as_json
    with Progress(console=Console(stderr=True), transient=True, disable=as_json) as progress:
        task = progress.add_task("路由 routing", total=None)

        def on_row(row: BatchRow) -> None:
            progress.advance(task)
            if as_json:
                record = {
                    "row": row.number,
                    "jurisdiction": row.jurisdiction,
                    "matter": row.matter,
                    "decision": None if row.decision is None else to_json(row.decision),
                    "error": None if row.ok else {"code": row.error_code, "message": row.error},
                }
                click.echo(json.dumps(record, ensure_ascii=False))

        summary = routing.run_batch(
            source, output, jurisdiction=jurisdiction, force=force, on_row=on_row
        )
    click.echo(
        f"{summary.rows} 行 rows, {summary.routed} 已路由 routed, {summary.errors} 错误 errors "
        f"→ {output}",
        err=True,
    )
    ctx.exit(1 if summary.errors else 0)
