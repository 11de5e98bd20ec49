"""nhrp participation invite|pending|accept"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common

participation_app = common.command_group(
    "participation",
    "Organisations taking part without git: invitations, and answers waiting for the "
    "secretariat's review (docs/participation.md). See also 'nhrp status --participation'.",
)


@participation_app.command("invite")
def invite(
    ctx: typer.Context,
    actors: Optional[List[str]] = typer.Argument(None, metavar="ACTOR...", help="Organisations "
                                                 "the participation link was sent to."),
    on: Optional[str] = typer.Option(None, "--on", metavar="DATE", help="When it was sent "
                                     "(YYYY-MM-DD; default: today)."),
    all_ngos: bool = typer.Option(False, "--all-ngos", help="Every NGO actor of the plan."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record that the participation link was sent (data/participation.yaml).

    Examples:

    \b
      nhrp participation invite pao jnp --commit

    \b
      nhrp participation invite --all-ngos --on 2025-03-01 --commit
    """
    from nhrp.core.edit import invite as do_invite

    root = common.plan_root(ctx)
    when = common.parse_date(on, "--on") or common.today().isoformat()
    change = do_invite(root, actors or [], on=when, everyone=all_ngos, today=common.today(),
                       do_commit=do_commit)
    common.report_change(change)


@participation_app.command("pending")
def pending(
    ctx: typer.Context,
    fmt: common.TableFormat = common.format_option(common.TableFormat, common.TableFormat.table, "table, json, csv or yaml."),
) -> None:
    """Answers from organisations that are not actors of the plan, waiting for review. The list
    is kept in git's own folder, never in the plan's files. To accept one, add the
    organisation as an actor (after confirming the answer is really theirs), then 'nhrp
    participation accept SUBMISSION ACTOR'."""
    from nhrp.cli.screens.tables import print_table
    from nhrp.core.intake import pending_path, read_pending
    from nhrp.report.rows import as_machine

    root = common.plan_root(ctx)
    items = sorted(read_pending(root).values(), key=lambda i: (i.get("on", ""), i["submission"]))
    rows = [{"submission": i["submission"], "on": i.get("on"), "name": i.get("name"),
             "choice": i.get("choice"), "themes": " ".join(i.get("themes") or []),
             "reason": i.get("reason") or ""} for i in items]
    if not rows and fmt == common.TableFormat.table:
        common.say(f"no answer waiting for review ({pending_path(root)})")
        return
    text = as_machine(rows, fmt.value)
    if text is not None:
        common.out(text)
        return
    print_table(common.console(), rows, [(k, k) for k in ("submission", "on", "name", "choice",
                                                          "themes", "reason")])


@participation_app.command("accept")
def accept(
    ctx: typer.Context,
    submission: str = typer.Argument(..., metavar="SUBMISSION", help="The pending answer's "
                                     "submission id (see 'nhrp participation pending')."),
    actor: str = typer.Argument(..., metavar="ACTOR", help="The actor it comes from (add its "
                                "file to data/actors/ first)."),
    imported_by: Optional[str] = typer.Option(None, "--as", metavar="ACTOR", help="The "
                                              "secretariat member (a maintainer; default: the "
                                              "only one)."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record a pending answer as the answer of ACTOR, once the secretariat has confirmed
    who sent it, and take it off the pending list.

    Examples:

    \b
      nhrp participation accept SUBMISSION pao --commit
    """
    from nhrp.core.intake import accept as do_accept

    root = common.plan_root(ctx)
    common.report_change(do_accept(root, submission, actor, imported_by=imported_by,
                                   today=common.today(), do_commit=do_commit))


def register(app: typer.Typer) -> None:
    app.add_typer(participation_app, name="participation")
