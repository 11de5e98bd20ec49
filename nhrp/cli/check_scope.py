"""nhrp check-scope"""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common


def check_scope(
    ctx: typer.Context,
    base: str = typer.Option(..., "--base", metavar="COMMIT", help="Where the change starts, e.g. "
                             "origin/main or the pull request's base commit."),
    head: str = typer.Option("HEAD", "--head", metavar="COMMIT", help="Where the change ends (a "
                             "commit). Default: HEAD."),
    actor: Optional[str] = typer.Option(None, "--as", metavar="ACTOR", help="Judge the change "
                                        "as made by this actor id."),
    author: Optional[str] = typer.Option(None, "--author", metavar="EMAIL", help="Judge the "
                                         "change as made by whoever lists this e-mail address "
                                         "in 'contributors' (in CI: the pull request's "
                                         "authenticated author)."),
    fmt: common.CheckFormat = common.format_option(common.CheckFormat, common.CheckFormat.text,
                                                   "Output format."),
) -> None:
    """Check that a change stays within what its author may touch.

    The change is what merging HEAD into BASE would do, however their histories cross
    (git 2.38 or newer); a merge that conflicts fails, naming the files.

    A monitor may add monitoring entries in its own name and change 'monitors' in its own
    actor file; the plan secretariat (maintainers) may change recommendations, assignments,
    actors, vocabularies and nhrp.yaml; nobody edits or deletes an existing monitoring entry;
    nothing outside nhrp.yaml and data/ is a data contribution. Without --as or --author, each
    commit's author e-mail is looked up in the actors' 'contributors' as they were at BASE.

    Prints one line per file outside the scope (path: reason). Exit 0 when everything is
    within scope, 1 when something is not.
    """
    from nhrp.cli import prelude
    from nhrp.core.scope import check_scope as run_check
    from nhrp.report import scope as reporters

    root = common.plan_root(ctx)
    early = prelude.early("check-scope", root, base, head)  # asked of git before typer was read
    result = run_check(root, base, head, actor=actor, author=author, early=early)
    common.finish_check(reporters.FORMATS[fmt.value](result), result.ok, fmt,
                        lambda: reporters.as_markdown_summary(result))


def register(app: typer.Typer) -> None:
    app.command("check-scope")(check_scope)
