"""nhrp assess"""

from __future__ import annotations

from typing import List, Optional

import typer

from nhrp.cli import common


def assess(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="RECOMMENDATION", help="Recommendation id, e.g. upr2-127.5 (find it with nhrp list)."),
    by: str = typer.Option(..., "--by", metavar="ACTOR", help="Actor id of who assesses."),
    duty_bearer: str = common.duty_bearer_option("Duty bearer assessed, e.g. federal or krg.", default=...),
    status: str = typer.Option(..., "--status", metavar="STATUS", help="A status from the plan's scale, e.g. in-progress."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Date the assessment describes, YYYY-MM-DD (default: today)."),
    summary: str = typer.Option(..., "--summary", metavar="TEXT", help="What was found."),
    lang: Optional[str] = common.lang_option("Language of the summary (default: guessed from its script)."),
    evidence: Optional[List[str]] = typer.Option(None, "--evidence", metavar="URL[|TITLE]", help="URL or 'URL|title' (repeatable)."),
    supersedes: Optional[str] = typer.Option(None, "--supersedes", metavar="ENTRY", help="Earlier entry (file name without .yaml) this one corrects."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record a new monitoring entry. Existing entries are never changed: to correct one, add a
    new entry with --supersedes.

    Examples:

    \b
      nhrp assess upr2-127.5 --by pao --duty-bearer federal --status in-progress --summary "..." --commit

    \b
      nhrp assess upr2-127.5 --by pao --duty-bearer federal --status in-progress --as-of 2025-06-30 --summary "..." --evidence "https://example.org/report|Annual report"
    """
    from nhrp.core.edit import assess as do_assess

    root = common.plan_root(ctx)
    change = do_assess(root, rec_id, by=by, duty_bearer=duty_bearer, status=status,
                       as_of=common.parse_date(as_of, "--as-of") or common.today().isoformat(), summary=summary, lang=lang,
                       evidence=evidence or [], supersedes=supersedes, today=common.today(),
                       do_commit=do_commit)
    report_created(change)


def report_created(change) -> None:
    for path in change.written:
        common.say(f"created {path}")
    if change.commit:
        common.say(f"committed {change.commit}")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
