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
    template: Optional[Path] = common.template_option("A folder of templates that override the bundled ones and the plan's own templates/ (same names, e.g. report/report.html.j2, i18n/ar.yaml)."),
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
    from nhrp.core import report_data
    from nhrp.core.analysis import analyze
    from nhrp.report.render import render, template_folders

    loaded, today, rev, root, repo = plan_at(ctx, at)
    analysis = analyze(loaded, today)
    lang = common.language(lang, loaded)
    timeline = None
    if rev["kind"] == "commit" and not (actor or theme):
        timeline = progress(repo, rev["commit"], today)
    data = report_data.build(analysis, lang=lang, revision=rev, actor=actor, theme=theme,
                             duty_bearer=duty_bearer, timeline=timeline)
    text = render(data, fmt=fmt.value, folders=template_folders(root, template))
    write(out, text)
    common.left_out(loaded)


def plan_at(ctx: typer.Context, at: str | None):
    """(plan, the day it is judged on, its revision, its folder or None, the repository): the
    working tree, or with ``at`` (a commit, tag or date) the plan as it stood then, read from git."""
    from nhrp.core import plan as plan_mod
    from nhrp.core import report_data

    today = common.today()
    if at is not None:
        from nhrp.core.revision import snapshot

        repo = common.repository(ctx)
        snap = snapshot(repo, at)
        commit = snap.point.commit
        rev = {"kind": "commit", "commit": commit.id, "short": commit.id[:10], "date": commit.day,
               "datetime": commit.committed, "dirty": False, "as_of": snap.point.date}
        root = repo if (Path(repo) / "nhrp.yaml").is_file() else None
        return snap.plan, snap.point.today(today), rev, root, repo
    root = common.plan_root(ctx)
    return plan_mod.load(root), today, report_data.revision(root), root, root


def progress(repo, commit: str, today):
    """Counts per status at the end of each quarter, from the plan's git history."""
    from nhrp.core.timeline import timeline

    return timeline(repo, period="quarter", rev=commit, today=today)


def write(out: Path | None, text: str) -> None:
    if out is None:
        common.out(text)
        return
    import os

    from nhrp.core.fsutil import atomic_write

    atomic_write(out, text)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(out, 0o666 & ~mask)  # a report is for sharing: not the temp file's 0600
    common.say(f"wrote {out}", err=True)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
