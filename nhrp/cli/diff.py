"""nhrp diff"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common
from nhrp.report.rows import json_text


def diff(
    ctx: typer.Context,
    base: Optional[str] = typer.Argument(None, metavar="[BASE]", help="DATE (YYYY-MM-DD) or commit, branch or tag. Default: the merge base with main (else master, origin/main, origin/master, the upstream)."),
    head: Optional[str] = typer.Argument(None, metavar="[HEAD]", help="DATE or commit, branch or tag. Default: the working tree (HEAD in a bare repository)."),
    fmt: common.ReportFormat = typer.Option(common.ReportFormat.text, "--format", "-f", help="text, json or markdown (safe to post as a pull-request comment)."),
) -> None:
    """What a change means for the plan, not which lines moved: recommendations added or
    removed, assignments changed, new monitoring entries, current-status changes per duty
    bearer, divergences opened or closed, overdue items appeared or resolved. Both sides are
    judged on the same day (today, or $NHRP_TODAY). When BASE and HEAD have diverged, HEAD's
    side is what merging it into BASE would produce (git 2.38 or newer).

    Exit 2: an unknown BASE/HEAD, a date before the first commit, or no main branch to compare
    with. Exit 3: not a git repository, or a shallow clone that lacks the commits needed."""
    from nhrp.core.history import diff as history_diff
    from nhrp.core.history import find_repository

    data = history_diff(find_repository(common.state(ctx).repo), base, head, today=common.today())
    if fmt == common.ReportFormat.json:
        common.out(json_text(data))
        return
    from nhrp.report.history import diff_markdown, diff_text

    common.out(diff_markdown(data) if fmt == common.ReportFormat.markdown else diff_text(data))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
