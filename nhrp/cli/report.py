"""nhrp report"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common


def report(
    ctx: typer.Context,
    lang: Optional[str] = common.lang_option(),
    fmt: common.DocumentFormat = common.format_option(common.DocumentFormat, common.DocumentFormat.html, "html (one self-contained file, printable to PDF) or md (Markdown)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE instead of standard output."),
    actor: Optional[str] = typer.Option(None, "--actor", metavar="ACTOR", help="One institution's assignments, or one monitor's thematic files."),
    theme: Optional[str] = common.theme_option(),
    duty_bearer: Optional[str] = common.duty_bearer_option("Only this duty bearer."),
    template: Optional[Path] = common.template_option(),
    at: Optional[str] = common.at_option("The plan as it stood then, read from git: a commit, tag or date (YYYY-MM-DD; deadlines judged on that day)."),
) -> None:
    """A report to file: headline figures, charts, per-theme tables, divergences, overdue items,
    coverage gaps and the methodology, in Arabic, Sorani Kurdish or English.

    Examples:

    \b
      nhrp report --lang ar --out report-ar.html

    \b
      nhrp report --lang en --format md --out report.md

    \b
      nhrp report --at 2024-12-31 --out report-2024.html
    """
    from nhrp.core.report_data import for_reading
    from nhrp.report.render import render, template_folders

    reading = common.read_plan(ctx, at)
    data = for_reading(reading, lang=common.language(lang, reading.plan), actor=actor,
                       theme=theme, duty_bearer=duty_bearer)
    common.write_out(out, render(data, fmt=fmt.value, folders=template_folders(reading.root, template)))
    common.left_out(reading.plan)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
