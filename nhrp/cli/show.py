"""nhrp show"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common
from nhrp.escape import json_text


def show(
    ctx: typer.Context,
    wanted: str = typer.Argument(..., metavar="ID", help="A recommendation id (e.g. upr2-127.5), an activity id, or an actor id or name (e.g. moj); find ids with 'nhrp list' and 'nhrp actors'."),
    lang: Optional[str] = common.lang_option("Language for names (default: en in the terminal)."),
    fmt: common.TextFormat = common.format_option(common.TextFormat, common.TextFormat.text, "text or json."),
    at: Optional[str] = common.at_option("As it stood then, read from git (also in a repository without a working folder): a commit, tag or date (YYYY-MM-DD)."),
) -> None:
    """Everything about one recommendation: source, response, themes, assignments, current
    status per duty bearer from each side, the activities that implement it, and every
    monitoring entry in date order. For an activity: its recommendations and each indicator's
    values. For an actor: its assignments and the entries it wrote."""
    from nhrp.core.analysis import analyze
    from nhrp.core.query import lookup

    reading = common.read_plan(ctx, at)
    loaded, today = reading.plan, reading.today
    language = common.language(lang, loaded, default="en")  # the terminal speaks English
    if wanted in loaded.activities and wanted not in loaded.recommendations:
        from nhrp.core.activity_view import details as activity_details

        data = activity_details(loaded, wanted, today)
        if fmt == common.TextFormat.json:
            common.out(json_text(data))
        else:
            from nhrp.cli.screens.show import print_activity

            print_activity(common.console(), data, language)
        common.left_out(loaded)
        return
    kind, data = lookup(analyze(loaded, today), wanted)
    if fmt == common.TextFormat.json:
        common.out(json_text({"record": "actor", **data} if kind == "actor" else data))
    else:
        from nhrp.cli.screens.show import print_actor, print_details

        (print_actor if kind == "actor" else print_details)(common.console(), data, loaded,
                                                            language)
    common.left_out(loaded)


def register(app: typer.Typer) -> None:
    app.command("show")(show)
