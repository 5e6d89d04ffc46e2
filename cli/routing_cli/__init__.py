"""The ``routing`` command: each command parses its arguments, makes one library call, and renders.

Exit codes: 0 success; 1 a domain outcome a script must see (no rule matched, a hit-policy violation,
check found errors, tests failed); 2 bad usage or an unreadable workbook. Never a traceback.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from routing_cli._batch import batch
from routing_cli._check import check
from routing_cli._commands import matters, route
from routing_cli._deadline import deadline
from routing_cli._diff import diff
from routing_cli._dump import dump
from routing_cli._new import new
from routing_cli._show import show
from routing_cli._testcmd import test

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class RoutingGroup(click.Group):
    """Turns the library's errors into messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        from routing import RoutingError  # noqa: PLC0415  # keep `routing --help` fast

        try:
            return super().invoke(ctx)
        except RoutingError as error:
            if ctx.meta.get("routing.json"):
                from routing._json import error_json  # noqa: PLC0415

                click.echo(json.dumps(error_json(error), ensure_ascii=False, indent=2))
            else:
                click.echo(f"错误 Error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=RoutingGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="routing")
def cli() -> None:
    """决策路由 — which body decides a matter, under which clause, through which chain.

    \b
    Examples:
      routing route mengla fund_adjustment amount=1500万
      routing matters mengla
    """


cli.add_command(route)
cli.add_command(matters)
cli.add_command(test)
cli.add_command(deadline)
cli.add_command(batch)
cli.add_command(diff)
cli.add_command(dump)
cli.add_command(new)
cli.add_command(show)
cli.add_command(check)


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="routing", standalone_mode=True))
