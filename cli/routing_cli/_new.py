"""The new command: a fresh, ready-to-edit workbook for a jurisdiction."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("jurisdiction", metavar="JURISDICTION_ID")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="New .xlsx.")
@click.option("--name", default="", help="Chinese name of the jurisdiction, e.g. 勐腊县.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def new(jurisdiction: str, output: Path, name: str, force: bool) -> None:
    """Create a new workbook: instructions, common bodies, an example table and tests.

    The workbook has dropdowns for hit policies and bodies, frozen headers and column widths,
    and loads without problems. An existing OUTPUT is refused (exit 2) unless --force.

    \b
    Examples:
      routing new mengla -o mengla.xlsx --name 勐腊县
      routing new tongzhou -o tongzhou.xlsx --name 通州区
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    path = routing.new_workbook(jurisdiction, output, name=name, force=force)
    click.echo(f"已创建 Created {path}", err=True)
