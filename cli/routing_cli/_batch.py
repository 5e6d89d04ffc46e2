"""The batch command: route a whole agenda (xlsx, xls, ods, csv, parquet) into a new file."""

from __future__ import annotations

import contextlib
import gc
import json
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Iterator

    from routing import BatchRow


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so the temporary files are removed on the way out."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous: Any = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. an embedding application): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command()
@click.argument(
    "source", metavar="AGENDA.xlsx|.xls|.ods|.csv|.parquet", type=click.Path(path_type=Path)
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="新的结果文件:.xlsx(含 汇总 表)、.csv(UTF-8 带 BOM)或 .parquet — the new file: .xlsx (with a 汇总 sheet), .csv or .parquet.",
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
    """批量查询议程的每一行,写入新文件 — route every row of an agenda into a NEW file.

    列:辖区、事项,然后是各输入(id 或中文标签,如 金额),以及 会议日期(用于会议时限)。表头上方的标题行
    会被跳过。出错的行标明错误代码和说明,其余行照常处理;.xlsx 另有 汇总 表。不修改输入文件;OUTPUT
    已存在时拒绝(退出码 2),除非 --force。退出码:0 每行都有结果;1 有出错的行或结果为拒绝(结果类型 拒绝)的行;
    2 用法错误或输入无法读取。

    Columns: 辖区/jurisdiction, 事项/matter, then inputs by id or Chinese label (amount/金额),
    and 会议日期 for the meeting's time limits. Title rows above the header are skipped. A bad
    row is marked with its error code and message; the batch goes on. The input is never
    modified; an existing OUTPUT is refused (exit 2) unless --force. Exit 0 when every row routed,
    1 when some rows have errors or are refused by the text (结果类型 拒绝), 2 for bad usage or an
    unreadable input.

    \b
    示例 Examples:
      routing batch 议程.xlsx -o 结果.xlsx
      routing batch agenda.xlsx -o routed.xlsx
      routing batch agenda.csv -o routed.csv --jurisdiction mengla --json
    """
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    import routing  # noqa: PLC0415  # imported on use so that --help stays instant
    from routing import to_json  # noqa: PLC0415

    # The agenda has no size limit: the cycle collector that `routing_cli.main` pauses runs again.
    gc.enable()
    ctx.meta["routing.json"] = as_json
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} 行/秒 rows/s"),
        TimeRemainingColumn(),
    )
    progress = Progress(*columns, console=Console(stderr=True), transient=True, disable=as_json)
    with progress, _terminate_as_interrupt():
        task = progress.add_task("路由 routing", total=None, rate="-")

        def on_progress(done: int, total: int | None) -> None:
            speed = progress.tasks[0].speed
            rate = f"{speed:,.0f}" if speed else "-"
            progress.update(task, completed=done, total=total, rate=rate)

        def on_row(row: BatchRow) -> None:
            record = {
                "row": row.number,
                "jurisdiction": row.jurisdiction,
                "matter": row.matter,
                "decision": None if row.decision is None else to_json(row.decision),
                "error": None if row.ok else {"code": row.error_code, "message": row.error},
            }
            click.echo(json.dumps(record, ensure_ascii=False))

        summary = routing.run_batch(
            source,
            output,
            jurisdiction=jurisdiction,
            force=force,
            on_row=on_row if as_json else None,
            on_progress=None if as_json else on_progress,
        )
    click.echo(
        f"{summary.rows} 行 rows, {summary.routed} 已路由 routed "
        f"({summary.refused} 拒绝 refused), {summary.errors} 错误 errors → {output}",
        err=True,
    )
    # A refused row is a domain outcome, as `routing route` exits 1 on a refusal.
    ctx.exit(1 if summary.errors or summary.refused else 0)
