"""nhrp status"""

from __future__ import annotations

import json
from typing import Optional

import typer

from nhrp.cli import common


def status(
    ctx: typer.Context,
    by: Optional[str] = typer.Option(None, "--by", help="Add a breakdown by theme, actor, response, cycle or sdg."),
    actor: Optional[str] = typer.Option(None, "--actor", help="One institution's assignments, or one monitor's files and workload."),
    theme: Optional[str] = typer.Option(None, "--theme", help="Only this thematic file."),
    duty_bearer: Optional[str] = typer.Option(None, "--duty-bearer", help="Only this duty bearer."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language for names (default: en in the terminal)."),
    fmt: common.ReportFormat = typer.Option(common.ReportFormat.text, "--format", "-f", help="text (dashboard), json or markdown."),
) -> None:
    """Where the plan stands: totals, status per duty bearer (self-reported and independent),
    lead actors, coverage gaps, divergences and overdue items."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.analysis import analyze
    from nhrp.core.status import dashboard

    loaded = plan_mod.load(common.plan_root(ctx))
    data = dashboard(analyze(loaded, common.today()), actor=actor, theme=theme,
                     duty_bearer=duty_bearer, by=by)
    if fmt == common.ReportFormat.json:
        common.out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from nhrp.report import status as render

    if fmt == common.ReportFormat.markdown:
        common.out(render.as_markdown(data, loaded, lang or "en"))
    else:
        render.print_dashboard(common.console(), data, loaded, lang or "en")


def register(app: typer.Typer) -> None:
    app.command("status")(status)
