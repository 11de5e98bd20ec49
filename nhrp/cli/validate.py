"""nhrp validate"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common


def validate(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders to check "
                                                 "(default: the whole plan)."),
    fmt: common.CheckFormat = common.format_option(common.CheckFormat, common.CheckFormat.text,
                                                   "text, json or github (annotations)."),
    since: Optional[str] = typer.Option(None, "--changed-since", metavar="COMMIT", help="Fully "
                                        "check only the plan files added or changed since COMMIT "
                                        "(a commit, branch or tag) and untracked ones; references "
                                        "and unique ids are checked against the whole plan, and "
                                        "unchanged files the change breaks are reported too."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (such as W701, a "
                                "missing translation) as errors: exit 1 when there is any."),
) -> None:
    """Check every plan file against its schema and the rules (docs/rules.md).

    Prints one line per problem as path:line:col: CODE message, then a summary.
    Exit 0 when there is no error, 1 when there is (or, with --strict, any warning).
    """
    root = common.plan_root(ctx)
    early = None
    if since is not None and not paths:
        from nhrp.cli import prelude

        early = prelude.early("validate", root, since)  # git's first answers, asked before typer
    from nhrp.core.validate import validate as check
    from nhrp.report import problems as reporters

    report = check(root, today=common.today(), paths=paths or None, since=since, early=early)
    ok = report.ok and not (strict and report.warnings)
    common.finish_check(reporters.FORMATS[fmt.value](report), ok, fmt,
                        lambda: reporters.as_markdown_summary(report))


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
