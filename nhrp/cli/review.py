"""nhrp review"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common


def review(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", metavar="PERIOD", help="2024-H1 (January–June), 2024-H2 (July–December) or 2024 (the annual report)."),
    lang: Optional[str] = common.lang_option(),
    fmt: common.DocumentFormat = common.format_option(common.DocumentFormat, common.DocumentFormat.html, "html (one self-contained file) or md (Markdown)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE instead of standard output."),
    template: Optional[Path] = common.template_option("A folder of templates that override the bundled ones (e.g. review/review.html.j2, i18n/ar.yaml)."),
    at: Optional[str] = common.at_option(),
) -> None:
    """The six-monthly (or annual) review of the plan: per axis, the activities started,
    finished and late, each indicator's latest value against its baseline and target (with a
    small chart); the assessments received and the divergences opened and closed in the
    period; the supported recommendations no activity implements.

    Records count in the period of their as-of date, as the plan holds them now (or at --at):
    an entry recorded in July about June belongs to the first half.

    Examples:

    \b
      nhrp review --period 2024-H1 --lang ar --out review-2024-h1.html
    """
    from nhrp.core.review import build, parse_period
    from nhrp.report.render import template_folders
    from nhrp.report.review import render

    wanted = parse_period(period)
    reading = common.read_plan(ctx, at)
    data = build(reading.plan, wanted, today=reading.today,
                 lang=common.language(lang, reading.plan), revision=reading.revision)
    common.write_out(out, render(data, fmt=fmt.value,
                                 folders=template_folders(reading.root, template)))


def register(app: typer.Typer) -> None:
    app.command("review")(review)
