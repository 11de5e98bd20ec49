"""nhrp new"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common

new_app = common.command_group(
    "new",
    "Start a new record from a commented template to fill in.",
)


@new_app.command("assessment")
def assessment(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="RECOMMENDATION", help="Recommendation id, e.g. upr2-127.5."),
    by: str = typer.Option(..., "--by", metavar="ACTOR", help="Actor id of who assesses "
                           "(your organisation)."),
    duty_bearer: Optional[str] = common.duty_bearer_option("Duty bearer assessed, e.g. federal or krg (default: left to choose, unless the plan has only one)."),
) -> None:
    """Write a commented monitoring entry to fill in.

    The file is data/monitoring/RECOMMENDATION/<today>-ACTOR.yaml (an existing file is never
    overwritten: a second one that day gets -2, -3, ...).

    Its placeholders fail 'nhrp validate' until they are filled in, so an unfinished
    template cannot be merged by mistake.

    Examples:

    \b
      nhrp new assessment upr2-127.5 --by pao --duty-bearer federal
    """
    from nhrp.core.entry_template import SCHEMA_FILE, new_assessment

    root = common.plan_root(ctx)
    made = new_assessment(root, rec_id, by=by, duty_bearer=duty_bearer, today=common.today())
    common.say(f"created {made.path}")
    common.say("fill in the fields marked CHOOSE-ONE and the summary, then run: "
               f"nhrp validate {made.path}")
    if not made.schema_found:
        common.say(f"note: this plan has no {SCHEMA_FILE}, so editors cannot check the file "
                   "while you type; the secretariat can add it once with: nhrp schema "
                   f"monitoring-entry > {SCHEMA_FILE}", err=True)


@new_app.command("activity")
def activity(
    ctx: typer.Context,
    activity_id: str = typer.Argument(..., metavar="ID", help="New activity id, e.g. judges-training."),
    lead: Optional[str] = typer.Option(None, "--lead", metavar="ACTOR", help="Actor id of the responsible body (default: left to choose)."),
) -> None:
    """Write a commented activity (data/activities/ID.yaml) to fill in; its placeholders fail
    'nhrp validate' until they are filled in.

    Examples:

    \b
      nhrp new activity judges-training --lead moj
    """
    from nhrp.core.activity_template import new_activity

    path = new_activity(common.plan_root(ctx), activity_id, lead=lead,
                        today=common.today())
    common.say(f"created {path}")
    common.say(f"fill in the fields marked CHOOSE-ONE and the texts, then run: nhrp validate {path}")


@new_app.command("plan-matrix")
def plan_matrix(
    lang: str = common.lang_option("Language of the headers: ar, ckb or en.", default="en"),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE.xlsx", help="Where to write the template (never overwritten)."),
) -> None:
    """Write an empty plan matrix (Excel) with the headers 'nhrp import plan-matrix' reads.

    Examples:

    \b
      nhrp new plan-matrix --out plan-matrix.xlsx
    """
    from nhrp.cli.form import write_xlsx
    from nhrp.errors import UsageError
    from nhrp.report.planmatrix import workbook

    if lang not in ("ar", "ckb", "en"):
        raise UsageError(f"--lang {lang}: choose ar, ckb or en")
    if out.exists():
        raise UsageError(f"{out} exists already; give a new file name")
    write_xlsx(out, lambda: workbook(lang, [], "Plan matrix"))
    common.say(f"created {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(new_app, name="new")
