"""The route and matters commands."""

from __future__ import annotations

import click

from routing_cli._render import console, print_json, render_decision, render_matters

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text."
)


def parse_assignments(pairs: tuple[str, ...], hint: str = "INPUTS") -> dict[str, str]:
    """Read ``name=value`` arguments; anything else is a usage error (exit 2)."""
    inputs: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                f"「{pair}」应写成 名称=值,如 amount=1500万 — expected name=value, e.g. amount=1500万",
                param_hint=hint,
            )
        if name.strip() in inputs:
            raise click.BadParameter(
                f"「{name.strip()}」给了两次 — {name.strip()!r} is given twice", param_hint=hint
            )
        inputs[name.strip()] = value.strip()
    return inputs


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@click.argument("matter")
@click.argument("inputs", nargs=-1, metavar="[NAME=VALUE]...")
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="NAME=DATE",
    help="A date the meeting's time limits count from (meeting_date, received_date, "
    "meeting_end_date); repeatable.",
)
@json_option
@click.pass_context
def route(  # noqa: PLR0917  # click passes each argument and option by name
    ctx: click.Context,
    source: str,
    matter: str,
    inputs: tuple[str, ...],
    dates: tuple[str, ...],
    as_json: bool,
) -> None:
    """Which body decides MATTER, under which clause, through which chain.

    JURISDICTION is a shipped id (mengla, tongzhou, …) or the path of a workbook. MATTER is a
    matter id or its Chinese name; inputs are NAME=VALUE, with amounts as 1500万, 20万元, 200000.01.

    When the matter goes to a meeting (全体会议, 常务会议, 党组会议, 专题会议…), the answer also lists
    the meeting's procedural time limits (时限); --date meeting_date=2026-10-09 computes due dates.

    Exit 0 when a body decides (or the text deems, requires, files or permits), 1 when the text
    refuses the matter (拒绝), no rule covers the inputs or the hit policy is violated, 2 for bad
    input or an unreadable workbook.

    \b
    Examples:
      routing route mengla fund_adjustment amount=1500万
      routing route mengla 资金调整 金额=20万元 --json
      routing route tables/tongzhou.xlsx supplementary_budget amount=2000万 policy_origin=none
      routing route dongchuan meeting_matter kind=sanzhong_yida --date meeting_date=2026-10-09
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    values = parse_assignments(inputs)
    given = parse_assignments(dates, "--date")
    book = routing.load(source)
    decision = book.route(matter, **values)
    limits = book.time_limits(decision, **given)
    if as_json:
        print_json(
            {
                "jurisdiction": book.jurisdiction,
                "inputs": values,
                "dates": given,
                "decision": decision,
                "time_limits": list(limits),
            }
        )
    else:
        render_decision(console(), book, decision, limits)
    if decision.refused:
        ctx.exit(1)  # the text refuses the matter: a domain outcome a script must see


@click.command()
@click.argument("source", metavar="JURISDICTION|PATH")
@json_option
@click.pass_context
def matters(ctx: click.Context, source: str, as_json: bool) -> None:
    """List the matters a rule book can answer, with their inputs and clauses.

    \b
    Examples:
      routing matters mengla
      routing matters tables/tongzhou.xlsx --json
    """
    import routing  # noqa: PLC0415  # imported on use so that --help stays instant

    ctx.meta["routing.json"] = as_json
    book = routing.load(source)
    if as_json:
        print_json(routing.describe_matters(book.book))
    else:
        render_matters(console(), book)
