"""nhrp measure"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common
from nhrp.cli.assess import report_created


def measure(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ACTIVITY", help="Activity id."),
    indicator_id: str = typer.Argument(..., metavar="INDICATOR", help="Indicator id of the activity."),
    value: str = typer.Option(..., "--value", metavar="NUMBER", help="The value, in the indicator's unit (120, 12.5, ١٢٠)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Date the value describes, YYYY-MM-DD (default: today)."),
    by: str = typer.Option(..., "--by", metavar="ACTOR", help="Actor id of who reports it."),
    source: str = typer.Option(..., "--source", metavar="TEXT", help="Where the value comes from (register, survey, document, link)."),
    supersedes: Optional[str] = typer.Option(None, "--supersedes", metavar="MEASUREMENT", help="Earlier measurement (file name without .yaml) this one corrects."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record a value of an activity's indicator (data/measurements/ACTIVITY/INDICATOR/
    <as-of>-<by>.yaml). The unit is the indicator's. Measurements are never changed: to correct
    one, add a new one with --supersedes.

    Examples:

    \b
      nhrp measure judges-training judges-trained --value 45 --by moj --source "Training register" --commit
    """
    from nhrp.core.activities import measure as do_measure

    change = do_measure(common.plan_root(ctx), activity_id, indicator_id,
                        value=value, as_of=common.parse_date(as_of, "--as-of") or common.today().isoformat(), by=by,
                        source=source, supersedes=supersedes, today=common.today(),
                        do_commit=do_commit)
    report_created(change)


def register(app: typer.Typer) -> None:
    app.command("measure")(measure)
