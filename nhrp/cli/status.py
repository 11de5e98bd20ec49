"""nhrp status"""

from __future__ import annotations

import json

import typer

from nhrp.cli import common


def status(
    ctx: typer.Context,
    fmt: common.ReportFormat = typer.Option(common.ReportFormat.text, "--format", "-f",
                                            help="text (dashboard), json or markdown."),
) -> None:
    """Where the plan stands: recommendations by cycle, response and theme; actors; how many
    are assigned and assessed."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.status import overview

    root = common.plan_root(ctx)
    plan = plan_mod.load(root)
    data = overview(plan)
    if fmt == common.ReportFormat.json:
        common.out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == common.ReportFormat.markdown:
        from nhrp.report.status import as_markdown

        common.out(as_markdown(data))
        return
    from nhrp.report.status import print_dashboard

    print_dashboard(common.console(), data, plan)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
