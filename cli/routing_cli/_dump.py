"""The dump command: a workbook as stable plain text, for git diff and review."""

from __future__ import annotations

import click


@click.command()
@click.argument("workbook", metavar="WORKBOOK")
def dump(workbook: str) -> None:
    """Print WORKBOOK as stable plain text: every sheet's cells, then each table's rules.

    WORKBOOK is a path, or a shipped jurisdiction id.

    Use it as git's textconv so that `git diff` shows cell changes (see docs/office.md):

    \b
      git config diff.routing.textconv "routing dump"
      echo 'tables/*.xlsx diff=routing' >> .gitattributes

    Exit 0, or 2 when the file cannot be read. A workbook with errors is still printed,
    followed by its problems.
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    click.echo(routing.dump_workbook(workbook), nl=False)
