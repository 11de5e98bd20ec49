"""nhrp diff"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common
from nhrp.errors import ExitCode
from nhrp.escape import json_text


def diff(
    ctx: typer.Context,
    base: Optional[str] = typer.Argument(None, metavar="[BASE]", help="What to compare from: a commit, tag or date (YYYY-MM-DD). Default: see below."),
    head: Optional[str] = typer.Argument(None, metavar="[HEAD]", help="What to compare to: a commit, tag or date. Default: the working tree (the last commit in a repository without a working folder)."),
    fmt: common.ReportFormat = common.format_option(common.ReportFormat, common.ReportFormat.text, "text, json or markdown (safe to post as a pull-request comment)."),
) -> None:
    """What a change means for the plan, not which lines moved: recommendations added or
    removed, assignments changed, new monitoring entries, current-status changes per duty
    bearer, divergences opened or closed, overdue items appeared or resolved. Both sides are
    judged on the same day (today, or $NHRP_TODAY). When BASE and HEAD have diverged, HEAD's
    side is what merging it into BASE would produce (git 2.38 or newer). The first line says
    what was compared.

    Without BASE and HEAD: uncommitted changes are compared with the last commit; a clean
    branch with where it left main (its pull request); a clean main with the commit before
    (HEAD~1 with HEAD).

    Exit 2: an unknown BASE/HEAD, or a date before the first commit. Exit 3: not a git
    repository, or a shallow clone that lacks the commits needed.

    Examples:

    \b
      nhrp diff

    \b
      nhrp diff 2024-01-01 2024-12-31

    \b
      nhrp diff main HEAD --format markdown
    """
    from nhrp.cli import prelude
    from nhrp.core.revdiff import diff as history_diff

    root = common.repository(ctx)
    early = prelude.early("diff", root, base, head)  # git's first answers, asked before typer
    data = history_diff(root, base, head, today=common.today(), early=early)
    if fmt == common.ReportFormat.json:
        common.out(json_text(data))
    else:
        from nhrp.report.history import diff_markdown, diff_text

        common.out(diff_markdown(data) if fmt == common.ReportFormat.markdown else diff_text(data))
    broken = data.get("unreadable", {}).get("head", [])
    if broken:  # the comparison is incomplete, as with every reading command
        from nhrp.core.names import plural

        typer.echo(f"nhrp: {plural(len(broken), 'file was', 'files were')} left out of the "
                   "comparison; 'nhrp validate' explains each problem", err=True)
        common.fail(ExitCode.INVALID)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
