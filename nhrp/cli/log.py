"""nhrp log"""

from __future__ import annotations

import typer

from nhrp.cli import common


def log(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. upr2-127.5, or an activity id."),
    newest_first: bool = typer.Option(False, "--newest-first", "--reverse", help="Newest change first (default: oldest first)."),
    fmt: common.TableFormat = common.format_option(common.TableFormat, common.TableFormat.table, "table, json, csv or yaml."),
) -> None:
    """Every change to a recommendation and its monitoring entries, from git history: date,
    author (and the actor whose 'contributors' list has the author's e-mail), commit, and what
    changed - assignment added, removed or changed, due date moved, response changed, new
    assessment with the status it moved, entry superseded, recommendation added or deleted.

    Dates are commit dates; author names and e-mails are what the committer's git claimed.
    Works also in a repository without a working folder (given with
    --repo or as the current folder). Exit 2: unknown ID. Exit 3: not a git repository.

    For an activity: changes to its file and every measurement of its indicators."""
    from nhrp.cli.screens.tables import print_table
    from nhrp.core.audit import log as history_log
    from nhrp.core.names import NotFound
    from nhrp.report import rows as out_rows

    repo = common.repository(ctx)
    try:
        rows = history_log(repo, rec_id, newest_first=newest_first)
    except NotFound as missing:
        from nhrp.core import layout
        from nhrp.core.activity_history import activity_log

        if not layout.SLUG.match(rec_id):
            raise
        try:
            rows = activity_log(repo, rec_id, newest_first=newest_first)
        except NotFound:
            raise missing from None
    machine = out_rows.as_machine(rows, fmt.value)
    if machine is not None:
        common.out(machine)
    else:
        from nhrp.report.history import LOG_TABLE, log_table_rows

        console = common.console()
        print_table(console, log_table_rows(rows), LOG_TABLE, title=f"History of {rec_id}")
        console.print(f"{len(rows)} change" + ("" if len(rows) == 1 else "s"))


def register(app: typer.Typer) -> None:
    app.command("log")(log)
