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
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="Language for names (default: en in the terminal)."),
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
        return
    from nhrp.report.show import print_details

    # the terminal speaks English: names in English unless another language is asked for
    print_details(common.console(), data, loaded, lang or "en")


def register(app: typer.Typer) -> None:
    app.command("show")(show)
