"""The show command: the amount axis of a matter, each body's band drawn in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.text import Text

from routing_cli._commands import parse_assignments
from routing_cli._safe import safe_console

if TYPE_CHECKING:
    from rich.console import Console

    from routing import Band

_COLOURS = ("green", "yellow", "cyan", "magenta", "blue", "red")
_WIDTH = 16


def draw_bands(out: Console, title: str, bands: list[Band]) -> None:
    """One row per band, offset along a shared axis, with equal-width segments."""
    from routing import format_amount  # noqa: PLC0415  # imported on use, like the commands

    out.print(Text(title, style="bold"))
    colours: dict[str, str] = {}
    for index, band in enumerate(bands):
        colour = colours.setdefault(band.outcome, _COLOURS[len(colours) % len(_COLOURS)])
        line = Text(" " * (_WIDTH * index))
        line.append("█" * _WIDTH, style=colour)
        line.append(f" {band.outcome}  ", style="bold")
        line.append(band.span, style="dim")
        out.print(line)
    axis = Text("0")
    for band in bands:
        high = band.interval.high
        mark = "∞" if high is None else format_amount(high)
        axis.append("─" * (_WIDTH - len(mark) // 2 - 1) + " " + mark)
    out.print(axis)


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@click.argument("matter")
@click.argument("inputs", nargs=-1, metavar="[NAME=VALUE]...")
@click.option(
    "--svg",
    type=click.Path(path_type=Path),
    default=None,
    help="同时把图保存为 SVG — also save the drawing as SVG.",
)
@click.option(
    "--force", is_flag=True, help="覆盖已有的 --svg 文件 — replace the --svg file if it exists."
)
def show(source: str, matter: str, inputs: tuple[str, ...], svg: Path | None, force: bool) -> None:
    """画出事项的金额轴和各决策机构的区间 — draw MATTER's amount axis, each body's band.

    其他输入可用 名称=值 固定(如 三重一大=是);未给的可选输入视为"未给出"。--svg 文件 保存同一幅图。

    Other inputs may be fixed with NAME=VALUE (e.g. 三重一大=是); unset optional inputs are
    "not given". --svg FILE saves the same drawing as a new file: an existing FILE is refused (exit 2) unless
    --force, and the workbook shown is never replaced.

    \b
    示例 Examples:
      routing show mengla fund_adjustment
      routing show mengla 资金调整 三重一大=是 --svg bands.svg
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    book = routing.load(source)
    bands = routing.amount_bands(book, matter, parse_assignments(inputs))
    target = book.matter(matter)
    title = f"{book.about.name or book.jurisdiction} · {target.name}({target.id})"
    out = safe_console(file=sys.stdout, soft_wrap=True, highlight=False, record=svg is not None)
    draw_bands(out, title, bands)
    if svg is not None:
        routing.publish(
            svg,
            lambda path: out.save_svg(str(path), title=title),
            force=force,
            protected=[] if book.path is None else [book.path],
        )
        click.echo(f"SVG → {svg}", err=True)
