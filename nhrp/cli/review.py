"""nhrp review"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common
from nhrp.cli.report import Format, write


def review(
    ctx: typer.Context,
    period: str = typer.Option(..., "--period", metavar="PERIOD", help="2024-H1 (January–June), 2024-H2 (July–December) or 2024 (the annual report)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="ar, en or ckb (default: the plan's first language)."),
    fmt: Format = typer.Option(Format.html, "--format", "-f", help="html (one self-contained file) or md (Markdown)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE instead of standard output."),
    template: Optional[Path] = typer.Option(None, "--template", metavar="DIR", help="A folder of templates that override the bundled ones (e.g. review/review.html.j2, i18n/ar.yaml)."),
    at: Optional[str] = typer.Option(None, "--at", metavar="DATE|REV", help="The plan as it stood then, read from git: a date YYYY-MM-DD or a commit, branch or tag."),
) -> None:
    """The six-monthly (or annual) review of the plan: per axis, the activities started,
    finished and late, each indicator's latest value against its baseline and target (with a
    small chart); the assessments received and the divergences opened and closed in the
    period; the supported recommendations no activity implements.

    Records count in the period of their as-of date, as the plan holds them now (or at --at):
    an entry recorded in July about June belongs to the first half."""
    from nhrp.core import plan as plan_mod
    from nhrp.core import report_data
    from nhrp.core.review import build, parse_period
    from nhrp.report.render import template_folders
    from nhrp.report.review import render

    wanted = parse_period(period)
    today = common.today()
    if at is not None:
        from nhrp.core.history import find_repository, snapshot

        repo = find_repository(common.state(ctx).repo)
        snap = snapshot(repo, at)
        loaded, today = snap.plan, snap.point.today(today)
        commit = snap.point.commit
        rev = {"kind": "commit", "commit": commit.id, "short": commit.id[:10], "date": commit.day,
               "datetime": commit.committed, "dirty": False, "as_of": snap.point.date}
        root = repo if (Path(repo) / "nhrp.yaml").is_file() else None
    else:
        root = common.plan_root(ctx)
        loaded = plan_mod.load(root)
        rev = report_data.revision(root)
    lang = lang or (loaded.languages[0] if loaded.languages else "en")
    data = build(loaded, wanted, today=today, lang=lang, revision=rev)
    write(out, render(data, fmt=fmt.value, folders=template_folders(root, template)))


def register(app: typer.Typer) -> None:
    app.command("review")(review)
