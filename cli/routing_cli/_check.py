"""The check command: verify workbooks and list findings by severity, with cells and witnesses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from routing_cli._render import print_json

if TYPE_CHECKING:
    from routing import CheckReport

_HEADINGS = {"error": "错误 Errors", "warning": "警告 Warnings", "info": "提示 Info"}


def render_report(report: CheckReport) -> None:
    """Findings grouped by severity: code, Chinese message, cells, witness."""
    for severity, heading in _HEADINGS.items():
        found = report.by_severity(severity)
        if not found:
            continue
        click.secho(f"{heading} ({len(found)})", bold=True)
        for finding in found:
            click.echo(f"  [{finding.code}] {finding.message}")
            click.echo(f"      {finding.message_en}")
            cells = [str(rule.location) for rule in finding.rules]
            if not cells and finding.location is not None:
                cells = [str(finding.location)]
            for cell in cells:
                click.echo(f"      位置 at: {cell}")
            if finding.witness:
                click.echo(f"      例 witness: {finding.witness_text}")
    errors, warnings = len(report.errors), len(report.warnings)
    click.echo(
        f"检查了 {len(report.sources)} 个工作簿:{errors} 个错误,{warnings} 个警告 — "
        f"checked {len(report.sources)} workbook(s): {errors} error(s), {warnings} warning(s)"
    )


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="WORKBOOK|DIR|JURISDICTION...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.pass_context
def check(ctx: click.Context, sources: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Find overlapping rules, gaps, shadowed rules and broken invariants, with witness amounts.

    Exit 0 when there are no errors, 1 when there are (or warnings, with --strict),
    2 when a workbook cannot be read.

    \b
    Examples:
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
        render_report(report)
    ctx.exit(report.exit_code(strict=strict))
