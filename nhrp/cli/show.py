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
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. upr2-127.5."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="Language for names (default: the plan's first)."),
    fmt: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """Everything about one recommendation: source, response, themes, assignments, current
    status per duty bearer from each side, and every monitoring entry in date order."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.analysis import analyze
    from nhrp.core.query import details

    loaded = plan_mod.load(common.plan_root(ctx))
    data = details(analyze(loaded, common.today()), rec_id)
    if fmt == ShowFormat.json:
        common.out(json_text(data))
    else:
        from nhrp.report.show import print_details

        print_details(common.console(), data, loaded, lang or loaded.languages[0])
    common.left_out(loaded)


def register(app: typer.Typer) -> None:
    app.command("show")(show)
