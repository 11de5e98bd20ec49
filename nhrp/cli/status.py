"""nhrp status"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common
from nhrp.escape import json_text


def status(
    ctx: typer.Context,
    by: Optional[str] = typer.Option(None, "--by", metavar="GROUP", help="Add a breakdown by theme, actor, response, cycle, sdg, axis or activity (a recommendation linked to activities in several axes counts in each)."),
    actor: Optional[str] = typer.Option(None, "--actor", metavar="ACTOR", help="One institution's assignments, or one monitor's files and workload."),
    theme: Optional[str] = common.theme_option(),
    duty_bearer: Optional[str] = common.duty_bearer_option("Only this duty bearer."),
    lang: Optional[str] = common.lang_option("Language for names (default: en in the terminal)."),
    fmt: common.ReportFormat = common.format_option(common.ReportFormat, common.ReportFormat.text, "text (dashboard), json or markdown."),
    participation: bool = typer.Option(False, "--participation", help="Participation at a glance instead: every NGO (invited when, files chosen, declined and why, no answer yet) and every thematic file with its monitors."),
    at: Optional[str] = common.at_option("The plan as it stood then, read from git without changing your files (also in a repository without a working folder): a commit, tag or date (YYYY-MM-DD: the last commit of the main line on or before that day; deadlines judged on that day). Exit 2: unknown, or a date before the first commit. Exit 3: not a git repository, or a shallow clone that lacks the date."),
) -> None:
    """Where the plan stands: totals, status per duty bearer (self-reported and independent),
    lead actors, coverage gaps, divergences and overdue items."""
    if participation:
        if by or actor or theme or duty_bearer or at:
            from nhrp.errors import UsageError

            raise UsageError("--participation shows every organisation and thematic file; it "
                             "takes only --lang and --format")
        return _participation(ctx, lang, fmt)
    filters = {"actor": actor, "theme": theme, "duty_bearer": duty_bearer, "by": by}
    today, as_of = common.today(), ""
    if at is not None:
        from nhrp.core.dashboards import dashboard_at

        data, loaded, point = dashboard_at(common.repository(ctx), at, today, **filters)
        as_of = f"Plan {point.label}"
    else:
        from nhrp.core.dashboards import cached_dashboard

        data, loaded = cached_dashboard(common.plan_root(ctx), today, **filters)
    language = common.language(lang, loaded, default="en")
    if fmt == common.ReportFormat.json:
        common.out(json_text(data))
    elif fmt == common.ReportFormat.markdown:
        from nhrp.report.status import as_markdown

        if as_of:
            from nhrp.report.markdown import text

            common.out(f"_{text(as_of)}_\n\n")
        common.out(as_markdown(data, loaded, language))
    else:
        from nhrp.cli.screens.status import print_dashboard

        if as_of:
            common.console().print(as_of, markup=False, highlight=False)
        print_dashboard(common.console(), data, loaded, language)
    common.left_out(loaded)


def _participation(ctx: typer.Context, lang: Optional[str], fmt: common.ReportFormat) -> None:
    from nhrp.cli.screens.status import print_participation
    from nhrp.core.participation import overview
    from nhrp.core.service import load_index
    from nhrp.report import participation as render

    plan = load_index(common.plan_root(ctx), texts=False)
    data = overview(plan)
    language = common.language(lang, plan, default="en")
    if fmt == common.ReportFormat.json:
        common.out(json_text(data))
    elif fmt == common.ReportFormat.markdown:
        common.out(render.as_markdown(data, plan, language))
    else:
        print_participation(common.console(), data, plan, language)
    common.left_out(plan)


def register(app: typer.Typer) -> None:
    app.command("status")(status)
