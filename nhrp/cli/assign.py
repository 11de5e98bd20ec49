"""nhrp assign / nhrp unassign"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common


def assign(
    ctx: typer.Context,
    ids: Optional[List[str]] = typer.Argument(None, metavar="RECOMMENDATION", help="Recommendation ids, e.g. upr2-127.5 (find them with nhrp list)."),
    to: str = typer.Option(..., "--to", metavar="ACTOR", help="Actor id of the responsible institution."),
    role: str = typer.Option(..., "--role", metavar="ROLE", help="lead or support."),
    theme: Optional[List[str]] = common.theme_option("Assign every recommendation of this thematic file (repeatable)."),
    duty_bearer: Optional[str] = common.duty_bearer_option("Duty bearer the actor acts for (default from the actor's kind)."),
    due: Optional[str] = typer.Option(None, "--due", metavar="DATE", help="Due date, YYYY-MM-DD."),
    assigned_on: Optional[str] = typer.Option(None, "--assigned-on", metavar="DATE", help="Date the assignment was decided (default: today), YYYY-MM-DD."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Make an institution responsible for recommendations. Running it again changes nothing.
    Ids and names can be written in any letter case (see 'nhrp actors', 'nhrp themes').

    Examples:

    \b
      nhrp assign upr2-127.5 upr2-127.6 --to moj --role lead --due 2027-06-30 --commit

    \b
      nhrp assign --theme death-penalty --to moj --role lead --commit
    """
    from nhrp.core.edit import assign as do_assign

    root = common.plan_root(ctx)
    change = do_assign(root, ids or [], themes=theme or [], actor=to, role=role,
                       duty_bearer=duty_bearer, due=common.parse_date(due, "--due"),
                       today=common.today(),
                       assigned_on=common.parse_date(assigned_on, "--assigned-on"),
                       do_commit=do_commit)
    common.report_change(change)


def unassign(
    ctx: typer.Context,
    ids: List[str] = typer.Argument(..., metavar="RECOMMENDATION", help="Recommendation ids, e.g. upr2-127.5."),
    from_: str = typer.Option(..., "--from", metavar="ACTOR", help="Actor id to remove."),
    duty_bearer: Optional[str] = common.duty_bearer_option("Only for this duty bearer."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Remove an institution's assignment from recommendations.

    Examples:

    \b
      nhrp unassign upr2-127.5 --from moj --commit
    """
    from nhrp.core.edit import unassign as do_unassign

    root = common.plan_root(ctx)
    common.report_change(do_unassign(root, ids, actor=from_, duty_bearer=duty_bearer,
                                     today=common.today(),
                        do_commit=do_commit))


def register(app: typer.Typer) -> None:
    app.command("assign")(assign)
    app.command("unassign")(unassign)
