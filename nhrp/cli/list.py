"""nhrp list"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common


def list_recommendations(
    ctx: typer.Context,
    theme: Optional[List[str]] = common.theme_option("Theme id (repeat for any of several)."),
    actor: Optional[List[str]] = typer.Option(None, "--actor", metavar="ACTOR", help="Assigned actor id."),
    role: Optional[str] = typer.Option(None, "--role", metavar="ROLE", help="lead or support (with --actor: that actor's role)."),
    duty_bearer: Optional[List[str]] = common.duty_bearer_option("Duty bearer id, e.g. federal or krg."),
    status: Optional[List[str]] = typer.Option(None, "--status", metavar="STATUS", help="Current status id, or not-assessed."),
    response: Optional[List[str]] = typer.Option(None, "--response", metavar="RESPONSE", help="supported, noted, partially-supported, pending."),
    cycle: Optional[List[int]] = typer.Option(None, "--cycle", metavar="CYCLE", help="UPR cycle number."),
    sdg: Optional[List[int]] = typer.Option(None, "--sdg", metavar="SDG", help="SDG goal number."),
    state: Optional[List[str]] = typer.Option(None, "--state", metavar="STATE", help="Recommending State."),
    unassigned: bool = typer.Option(False, "--unassigned", help="Only recommendations nobody is assigned to."),
    overdue: bool = typer.Option(False, "--overdue", help="Only those past a due date and not implemented."),
    unmonitored: bool = typer.Option(False, "--unmonitored", help="Only those in no monitor's thematic files."),
    diverging: bool = typer.Option(False, "--diverging", help="Only those where self-assessment and independent assessment differ."),
    activity: Optional[List[str]] = typer.Option(None, "--activity", metavar="ACTIVITY", help="Only the recommendations this activity implements (repeat for any of several)."),
    search: Optional[str] = typer.Option(None, "--search", "-s", metavar="TEXT", help="Text to find in ids, States and summaries (ignores case, diacritics and Arabic spelling variants)."),
    sort: str = typer.Option("id", "--sort", metavar="KEY", help="id, due, status, response or cycle."),
    lang: Optional[str] = common.lang_option("Language of the summary shown (default: the plan's first)."),
    fmt: common.TableFormat = common.format_option(common.TableFormat, common.TableFormat.table, "table, json, csv or yaml."),
    at: Optional[str] = common.at_option("The plan as it stood then, read from git (also in a repository without a working folder): a commit, tag or date (YYYY-MM-DD)."),
) -> None:
    """Find recommendations. Filters combine: all must hold; a repeated filter matches any value."""
    from nhrp.cli.screens.tables import print_table
    from nhrp.core.index import cached_index, row, rows_json
    from nhrp.core.names import plural
    from nhrp.core.query import Filters, select
    from nhrp.report import rows as out_rows

    if at is not None:
        from nhrp.core.analysis import analyze
        from nhrp.core.index import build

        reading = common.read_plan(ctx, at)
        index = build(analyze(reading.plan, reading.today))
    else:
        index = cached_index(common.plan_root(ctx), common.today())
    loaded = index.plan
    filters = Filters(themes=theme or [], actors=actor or [], role=role,
                      duty_bearers=duty_bearer or [], statuses=status or [],
                      responses=response or [], cycles=cycle or [], sdgs=sdg or [],
                      states=state or [], unassigned=unassigned, overdue=overdue,
                      unmonitored=unmonitored, diverging=diverging, search=search,
                      activities=activity or [])
    language = common.language(lang, loaded)
    chosen = select(index, filters, sort)
    if fmt.value == "json":
        from nhrp.escape import json_safe

        common.out(json_safe(rows_json(chosen, language)))
        common.left_out(loaded)
        return
    rows = [row(x, language) for x in chosen]
    machine = out_rows.as_machine(rows, fmt.value)
    if machine is not None:
        common.out(machine)
    else:
        columns = [("id", "id"), ("response", "response"), ("lead", "lead"), ("due", "due"),
                   ("status", "status"), ("summary", f"summary ({language})")]
        console = common.console()
        print_table(console, rows, columns)
        total = plural(len(index.items), "recommendation", "recommendations")
        console.print(f"{len(rows)} of {total}")
    common.left_out(loaded)


def register(app: typer.Typer) -> None:
    app.command("list")(list_recommendations)
