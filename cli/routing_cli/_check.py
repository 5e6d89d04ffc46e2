"""The check command: verify workbooks; a summary line per workbook, then each error and warning."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

import click

from routing_cli._render import console, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from routing import CheckReport, Finding

_SEVERITY = {"error": ("错误", "red"), "warning": ("警告", "yellow"), "info": ("提示", "dim")}


def _workbook(finding: Finding) -> str:
    place = finding.location or (finding.rules[0].location if finding.rules else None)
    return place.workbook if place is not None else ""


def _cells(finding: Finding) -> str:
    """The cells of a finding, the workbook and sheet said once: ``mengla.xlsx › 资金调整 › 第6行、第7行``."""
    places = [rule.location for rule in finding.rules] or (
        [finding.location] if finding.location is not None else []
    )
    if not places:
        return ""
    first = places[0]
    rest = [
        (p.cell or (f"第{p.row}行" if p.row else "")) if p.sheet == first.sheet else str(p)
        for p in places[1:]
    ]
    return "、".join([str(first), *(r for r in rest if r)])


def render_report(out: Console, report: CheckReport, *, verbose: bool = False) -> None:
    """One summary line per workbook, then its errors and warnings (and infos when verbose)."""
    from rich.text import Text  # noqa: PLC0415  # rich only when drawing

    by_book: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_book.setdefault(_workbook(finding), []).append(finding)
    for source in report.sources:
        name = PurePath(source).name  # the sources are workbook paths, .ods and all
        found = by_book.get(name, [])
        counts = {
            code: sum(f.code == code for f in found)
            for code in ("overlap.declared", "gap.declared")
        }
        errors = sum(f.severity == "error" for f in found)
        warnings = sum(f.severity == "warning" for f in found)
        style = "red" if errors else ("yellow" if warnings else "green")
        out.print(
            Text.assemble(
                (f"{name}: ", "bold"),
                (f"{errors} 个错误, {warnings} 个警告", style),
                f", {counts['overlap.declared']} 处声明的重叠, {counts['gap.declared']} 处声明的未规定"
                f" — {errors} errors, {warnings} warnings, {counts['overlap.declared']} declared "
                f"overlaps, {counts['gap.declared']} declared gaps",
            )
        )
        for finding in found:
            if finding.severity == "info" and not verbose:
                continue
            word, colour = _SEVERITY[finding.severity]
            out.print(
                Text.assemble(
                    "  ", (f"{word} [{finding.code}] ", f"bold {colour}"), finding.message
                )
            )
            cells = _cells(finding)
            detail = [f"位置 {cells}"] if cells else []
            if verbose:
                detail.append(finding.message_en)
                if finding.witness:
                    detail.append(f"例 {finding.witness_text}")
            if detail:
                out.print(Text("    " + " · ".join(detail), style="dim"))
    if any(f.code == "overlap" and f.severity == "warning" for f in report.findings):
        out.print(
            "未声明的重叠:如属原文本意,请在其中一行的「允许重叠」写上另一行的编号,并在「说明」中引用条款;"
            "否则请修改范围 — undeclared overlap: declare it in 允许重叠 with the clause in 说明 if "
            "the text means it, or fix the ranges"
        )
    errors, warnings = len(report.errors), len(report.warnings)
    out.print(
        f"检查了 {len(report.sources)} 个工作簿:{errors} 个错误,{warnings} 个警告 — "
        f"checked {len(report.sources)} workbook(s): {errors} error(s), {warnings} warning(s)"
        + ("" if verbose else ";提示信息请加 --verbose — infos with --verbose")
    )


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="WORKBOOK|DIR|JURISDICTION...")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="输出 JSON,供脚本使用 — print JSON for scripts instead of text.",
)
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束 — exit 1 on warnings too.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="也列出提示、英文说明和示例输入 — also list infos, English messages and witnesses.",
)
@click.pass_context
def check(
    ctx: click.Context, sources: tuple[str, ...], as_json: bool, strict: bool, verbose: bool
) -> None:
    """检查工作簿:规则重叠、空档、被遮蔽的规则和不变式 — find overlaps, gaps, shadowed rules.

    每个工作簿一行汇总,再列出每个错误和警告及其单元格;声明的重叠(允许重叠)和声明的未规定(无规则)
    只计数,加 --verbose 时列出。文件夹中的每个工作簿都会检查,即使其中一个无法读取。
    退出码:0 没有错误;1 有错误(加 --strict 时警告也算);2 有工作簿无法读取。

    One summary line per workbook, then each error and warning with its cells; declared overlaps
    and gaps are counted, and listed with --verbose. Every workbook of a folder is reported. Exit
    0 when there are no errors, 1 when there are (or warnings, with --strict), 2 when a workbook
    cannot be read.

    \b
    示例 Examples:
      routing check 勐腊县工作规则.xlsx
      routing check tables/
      routing check mengla --strict
      routing check tables/mengla.xlsx --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    report = routing.check(sources)
    if as_json:
        print_json(report)
    else:
        render_report(console(wrap=True), report, verbose=verbose)
    ctx.exit(report.exit_code(strict=strict))
