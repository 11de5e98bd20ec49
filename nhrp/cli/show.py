"""nhrp show"""

from __future__ import annotations

from enum import Enum
from typing import Optional

import typer

from nhrp.cli import common
from nhrp.report.rows import json_text


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


def show(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. upr2-127.5, or an activity id."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="Language for names (default: the plan's first)."),
    fmt: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Everything about one recommendation: source, response, themes, assignments, current
    status per duty bearer from each side, the activities that implement it, and every
    monitoring entry in date order. For an activity: its recommendations and each indicator's
    values."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.analysis import analyze
    from nhrp.core.query import details

    loaded = plan_mod.load(common.plan_root(ctx))
    if rec_id in loaded.activities and rec_id not in loaded.recommendations:
        from nhrp.core.activity_view import details as activity_details

        data = activity_details(loaded, rec_id, common.today())
        if fmt == ShowFormat.json:
            common.out(json_text(data))
        else:
            from nhrp.report.activity import print_activity

            print_activity(common.console(), data, lang or loaded.languages[0])
        return
    data = details(analyze(loaded, common.today()), rec_id)
    if fmt == ShowFormat.json:
        common.out(json_text(data))
        return
    from nhrp.report.show import print_details

    print_details(common.console(), data, loaded, lang or loaded.languages[0])


def register(app: typer.Typer) -> None:
    app.command("show")(show)
