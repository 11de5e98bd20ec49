"""nhrp validate"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common


def repo_paths(root: Path, given: list[Path]) -> list[str]:
    """Command-line paths (files or folders, relative to the current folder) as repository paths."""
    from nhrp.core.layout import WorkTree
    from nhrp.errors import UsageError

    every = list(WorkTree(root).paths())
    wanted: list[str] = []
    for item in given:
        absolute = os.path.abspath(item)  # the folder resolved, the name kept: a link stays one
        full = Path(os.path.realpath(os.path.dirname(absolute))) / os.path.basename(absolute)
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{item} is outside the plan repository {root}") from None
        if not full.exists() and not full.is_symlink():
            raise UsageError(f"{item} does not exist")
        prefix = "" if rel == "." else rel
        matches = [p for p in every if p == prefix or not prefix or p.startswith(prefix + "/")]
        wanted.extend(matches)
    return sorted(set(wanted))


def validate(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders to check "
                                                 "(default: the whole plan)."),
    fmt: common.CheckFormat = typer.Option(common.CheckFormat.text, "--format", "-f",
                                           help="Output format."),
    since: Optional[str] = typer.Option(None, "--changed-since", metavar="COMMIT", help="Fully "
                                        "check only the plan files added or changed since COMMIT (a commit, branch or tag) "
                                        "(and untracked ones); references and unique ids are "
                                        "still checked across the whole plan."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (such as W701, a "
                                "missing translation) as errors: exit 1 when there is any."),
) -> None:
    """Check every plan file against its schema and the rules (docs/rules.md).

    Prints one line per problem as path:line:col: CODE message, then a summary.
    Exit 0 when there is no error, 1 when there is (or, with --strict, any warning).
    """
    from nhrp.core.validate import validate_tree
    from nhrp.report import problems as reporters

    root = common.plan_root(ctx)
    if since is not None and paths:
        from nhrp.errors import UsageError

        raise UsageError("give either paths or --changed-since, not both")
    only = repo_paths(root, paths) if paths else None
    if since is not None:
        from nhrp.core.scope import changed_since

        only = changed_since(root, since)
    report = validate_tree(root, today=common.today(), only=only,
                           cross_file_everywhere=since is not None)
    ok = report.ok and not (strict and report.warnings)
    common.finish_check(reporters.FORMATS[fmt.value](report), ok, fmt,
                        lambda: reporters.as_markdown_summary(report))


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
