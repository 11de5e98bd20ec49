"""nhrp activity add|indicator|link|unlink"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common
from nhrp.cli.assess import report_created

activity_app = common.command_group(
    "activity",
    "The plan's own activities: add one, give it indicators, link it to recommendations.",
)

COMMIT = common.commit_option()


@activity_app.command("add")
def add(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ID", help="New activity id (lower-case ASCII, digits, hyphens)."),
    axis: str = typer.Option(..., "--axis", metavar="AXIS", help="Axis id from nhrp.yaml."),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="The activity's title."),
    lang: Optional[str] = common.lang_option("Language of the title (default: guessed from its script)."),
    lead: str = typer.Option(..., "--lead", metavar="ACTOR", help="Actor id of the responsible body."),
    partner: Optional[List[str]] = typer.Option(None, "--partner", metavar="ACTOR", help="Partner actor id (repeatable)."),
    start: str = typer.Option(..., "--start", metavar="DATE", help="Planned start, YYYY-MM-DD."),
    end: str = typer.Option(..., "--end", metavar="DATE", help="Planned end, YYYY-MM-DD."),
    recommendation: Optional[List[str]] = typer.Option(None, "--recommendation", "-r", metavar="ID", help="A recommendation it implements (repeatable)."),
    status: str = typer.Option("planned", "--status", metavar="STATUS", help="planned, in-progress, completed, suspended or cancelled."),
    budget: Optional[str] = typer.Option(None, "--budget", metavar="AMOUNT", help="Budget amount (with --currency)."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="CODE", help="ISO 4217 code, e.g. IQD."),
    budget_source: Optional[str] = typer.Option(None, "--budget-source", metavar="TEXT", help="Where the money comes from."),
    do_commit: bool = COMMIT,
) -> None:
    """Add an activity (data/activities/ID.yaml). Nothing is written if it would make the plan
    invalid.

    Examples:

    \b
      nhrp activity add judges-training --axis justice --title "Training of judges" --lead moj --start 2025-01-01 --end 2025-12-31 --commit
    """
    from nhrp.core.activities import add as do_add

    money = None
    if budget is not None or currency:
        if budget is None or not currency:
            from nhrp.errors import UsageError

            raise UsageError("give --budget and --currency together")
        from nhrp.core.activities import number

        money = {"amount": number(budget, "--budget"), "currency": currency}
        if budget_source:
            money["source"] = budget_source
    change = do_add(common.plan_root(ctx), activity_id, axis=axis,
                    title=title, lang=lang, lead=lead, partners=partner or [],
                    start=common.parse_date(start, "--start"), end=common.parse_date(end, "--end"),
                    recommendations=recommendation or [], status=status, budget=money,
                    today=common.today(), do_commit=do_commit)
    report_created(change)


@activity_app.command("indicator")
def indicator(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ACTIVITY", help="Activity id."),
    indicator_id: str = typer.Argument(..., metavar="ID", help="New indicator id."),
    type_: str = typer.Option(..., "--type", metavar="TYPE", help="structural, process or outcome."),
    unit: str = typer.Option(..., "--unit", metavar="UNIT", help="Unit of every value, e.g. persons or percent."),
    description: str = typer.Option(..., "--description", metavar="TEXT", help="What is measured."),
    lang: Optional[str] = common.lang_option("Language of the description (default: guessed)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="VALUE@DATE", help="e.g. 0@2021-12-31."),
    target: Optional[str] = typer.Option(None, "--target", metavar="VALUE@DATE", help="e.g. 200@2025-12-31."),
    data_source: Optional[str] = typer.Option(None, "--data-source", metavar="TEXT", help="Where the values come from."),
    do_commit: bool = COMMIT,
) -> None:
    """Give an activity an indicator (OHCHR's types: structural, process, outcome).

    Examples:

    \b
      nhrp activity indicator judges-training judges-trained --type process --unit persons --description "Judges trained" --baseline 0@2024-12-31 --target 200@2025-12-31 --commit
    """
    from nhrp.core.activities import add_indicator

    root = common.plan_root(ctx)
    common.report_change(add_indicator(root, activity_id, indicator_id, type_=type_, unit=unit,
                                       description=description, lang=lang, baseline=baseline,
                                       target=target, data_source=data_source,
                                       today=common.today(), do_commit=do_commit))


@activity_app.command("link")
def link(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ACTIVITY", help="Activity id."),
    ids: List[str] = typer.Argument(..., metavar="ID...", help="Recommendation ids."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Why the plan acts on a recommendation the State did not support (required for those)."),
    do_commit: bool = COMMIT,
) -> None:
    """Say that an activity implements recommendations (a recommendation may have several
    activities). Running it again changes nothing.

    Examples:

    \b
      nhrp activity link judges-training upr2-127.5 upr2-127.6 --commit
    """
    from nhrp.core.activities import link as do_link

    root = common.plan_root(ctx)
    common.report_change(do_link(root, activity_id, ids, reason=reason, today=common.today(),
                                 do_commit=do_commit))


@activity_app.command("unlink")
def unlink(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ACTIVITY", help="Activity id."),
    ids: List[str] = typer.Argument(..., metavar="ID...", help="Recommendation ids."),
    do_commit: bool = COMMIT,
) -> None:
    """Remove recommendations from an activity.

    Examples:

    \b
      nhrp activity unlink judges-training upr2-127.6 --commit
    """
    from nhrp.core.activities import link as do_link

    root = common.plan_root(ctx)
    common.report_change(do_link(root, activity_id, ids, unlink=True, today=common.today(),
                                 do_commit=do_commit))


def register(app: typer.Typer) -> None:
    app.add_typer(activity_app, name="activity")
