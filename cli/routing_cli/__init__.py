"""The ``routing`` command: each command parses its arguments, makes one library call, and renders.

Exit codes: 0 success; 1 a domain outcome a script must see (no rule matched, a hit-policy violation,
check found errors, tests failed); 2 bad usage or an unreadable workbook. Never a traceback.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

# Each command's module, imported when the command runs (or for --help): `routing route` does not
# pay for rich's progress bars, openpyxl or the checker.
COMMANDS = {
    "route": "_commands",
    "matters": "_commands",
    "test": "_testcmd",
    "deadline": "_deadline",
    "meeting": "_meeting",
    "batch": "_batch",
    "diff": "_diff",
    "dump": "_dump",
    "new": "_new",
    "show": "_show",
    "check": "_check",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands (click takes any mutable mapping), each imported on first access."""

    def __init__(self, modules: dict[str, str]) -> None:
        self.modules = modules
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self.loaded.get(name)
        if command is None:
            module = importlib.import_module(f"routing_cli.{self.modules[name]}")
            command = self.loaded[name] = getattr(module, name)
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.modules.setdefault(name, "")
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.modules[name]
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class RoutingGroup(click.Group):
    """Turns the library's errors into messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        from routing import NoRuleError, RoutingError  # noqa: PLC0415  # keep `routing --help` fast

        try:
            return super().invoke(ctx)
        except RoutingError as error:
            if ctx.meta.get("routing.json"):
                from routing_cli._render import print_json  # noqa: PLC0415  # only --json needs it

                print_json({"error": error})
            else:
                from routing_cli._safe import visible  # noqa: PLC0415  # only errors need it

                # A message quotes workbook text and user input: shown, never obeyed.
                click.echo(f"错误 Error: {visible(error)}", err=True)
                if isinstance(error, NoRuleError) and error.citation is not None:
                    # A declared gap: the words that are silent, so the reader can judge them.
                    click.echo(f"原文 Quote: 「{visible(error.citation.quote)}」", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=RoutingGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="routing")
def cli() -> None:
    """决策路由:某事项由哪个机构决定、依据哪一条款、经过哪些签批环节。

    Decision routing: which body decides a matter, under which clause, through which chain.

    每个命令加 --help 查看说明和示例;辖区可写 id 或中文名(mengla、勐腊县)。
    Add --help to any command for its usage and examples.

    \b
    示例 Examples:
      routing route mengla 资金调整 金额=1500万
      routing route mengla fund_adjustment amount=1500万
      routing matters mengla
    """


cli.commands = LazyCommands(dict(COMMANDS))


def main() -> None:
    """Console-script entry point."""
    # A command answers from its workbooks and exits. The modules and rule books it loads (tens of
    # thousands of objects) live until then and hold no garbage cycles, yet the cycle collector
    # would walk them some 70 times: ≈ 8 ms of a 130 ms `routing route` (bench/README.md, #16).
    # Reference counting still frees everything that is not in a cycle. `routing batch`, whose
    # agenda has no size limit, turns the collector back on (`_batch.batch`).
    gc.disable()
    sys.exit(cli.main(prog_name="routing", standalone_mode=True))
