"""nhrp fmt"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common
from nhrp.errors import ExitCode


def fmt(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders (default: all)."),
    check: bool = typer.Option(False, "--check", help="Change nothing; exit 1 and name each "
                               "file that is not laid out the standard way."),
) -> None:
    """Lay plan files out the one standard way: key order of the schema, block style, UTF-8, LF.

    Only the layout changes, never a value. Files that cannot be parsed are left alone and
    reported (run 'nhrp validate' for details).

    Examples:

    \b
      nhrp fmt

    \b
      nhrp fmt --check data/monitoring
    """
    from nhrp.core.validate import selected_paths
    from nhrp.core.fmt import format_files
    from nhrp.core.layout import WorkTree

    root = common.plan_root(ctx)
    targets = selected_paths(root, paths) if paths else list(WorkTree(root).paths())
    results = format_files(root, targets, write=not check)
    changed = [r for r in results if r.changed]
    broken = [r for r in results if r.error]
    from nhrp.escape import terminal

    for r in broken:
        common.say(f"{terminal(r.path)}: not formatted: {terminal(r.error)}", err=True)
    for r in changed:
        common.say(f"{terminal(r.path)}: {'would reformat' if check else 'reformatted'}")
    common.say(f"{len(results)} files: {len(changed)} {'to reformat' if check else 'reformatted'}"
               + (f", {len(broken)} unreadable" if broken else ""), err=True)
    if broken or (check and changed):
        common.fail(ExitCode.INVALID)


def register(app: typer.Typer) -> None:
    app.command("fmt")(fmt)
