"""nhrp monitor"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common


def monitor(
    ctx: typer.Context,
    actor: str = typer.Argument(..., metavar="ACTOR", help="Actor id of the monitor (an NGO, institution or UN office)."),
    theme: Optional[List[str]] = common.theme_option("Thematic file to follow (repeatable); replaces the earlier choice."),
    decline: bool = typer.Option(False, "--decline", help="Record that the monitor declined to follow any file."),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="With --decline: why the monitor declined, in its words."),
    lang: Optional[str] = common.lang_option("Language of --reason (default: guessed from its script)."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record which thematic files a monitor chose to follow, or that it declined.

    Examples:

    \b
      nhrp monitor pao --theme death-penalty --theme torture-and-other-cid-treatment --commit

    \b
      nhrp monitor pao --decline
    """
    from nhrp.core.edit import monitor as do_monitor

    root = common.plan_root(ctx)
    change = do_monitor(root, actor, themes=theme or [], decline=decline, today=common.today(),
                        reason=reason, lang=lang, do_commit=do_commit)
    for path in change.written:
        common.say(f"updated {path}")
    if not change.written:
        common.say(f"{actor}: already so, unchanged")
    if change.commit:
        common.say(f"committed {change.commit}")


def register(app: typer.Typer) -> None:
    app.command("monitor")(monitor)
