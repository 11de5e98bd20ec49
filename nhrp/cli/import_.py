"""nhrp import ohchr-matrix / nhrp import upr-info"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common
from nhrp.escape import json_safe

import_app = common.command_group(
    "import",
    "Load recommendations from OHCHR thematic lists (.docx) or UPR Info exports (.csv), "
    "answers to nhrp's forms and assessment sheets, or the plan's activities from its matrix "
    "(.xlsx, .csv). Running an import again changes nothing; what the plan added is never "
    "overwritten.",
)


CYCLE = typer.Option(..., "--cycle", help="UPR cycle the recommendations belong to (ids are "
                     "upr<cycle>-...).", min=1, max=99)
DOCUMENT_HELP = "UN symbol of the Working Group report that holds the recommendations, e.g. " \
    "A/HRC/43/14 (default: {})."
DRY_RUN = typer.Option(False, "--dry-run", help="Check and report, write nothing.")
OVERWRITE = typer.Option(False, "--overwrite", help="Where the plan holds a different value for "
                         "a fact the file states (text, response, States, ...), take the file's. "
                         "Summaries, translations, assignments, related links and themes are "
                         "kept.")
COMMIT = common.commit_option("Record the import as a git commit.")
FORMAT = common.format_option(common.TextFormat, common.TextFormat.text, "text or json.")


@import_app.command("ohchr-matrix")
def ohchr_matrix(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE.docx", help="OHCHR 'Thematic list of "
                                "recommendations' for the State, as .docx."),
    cycle: int = CYCLE,
    document: Optional[str] = typer.Option(None, "--document", metavar="DOCUMENT", help=DOCUMENT_HELP.format(
        "the report the list's positions cite, else the first document nhrp.yaml lists for "
        "the cycle")),
    dry_run: bool = DRY_RUN,
    overwrite: bool = OVERWRITE,
    do_commit: bool = COMMIT,
    fmt: common.TextFormat = FORMAT,
) -> None:
    """Import an OHCHR thematic list of recommendations (the UPR matrix).

    Examples:

    \b
      nhrp import ohchr-matrix list.docx --cycle 3 --dry-run

    \b
      nhrp import ohchr-matrix list.docx --cycle 3 --commit
    """
    from nhrp.core.importers import import_ohchr_matrix

    root = common.plan_root(ctx)
    result = import_ohchr_matrix(root, file, cycle=cycle, document=document,
                                 today=common.today(), dry_run=dry_run, overwrite=overwrite,
                                 do_commit=do_commit)
    _report(result, fmt)


@import_app.command("upr-info")
def upr_info(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE.csv", help="UPR Info database export."),
    state: str = typer.Option(..., "--state", metavar="STATE", help="State under review, as the export's To "
                              "column names it, e.g. Iraq."),
    session: Optional[int] = typer.Option(None, "--session", metavar="SESSION", help="UPR session to take when the "
                                          "file holds several reviews of the State."),
    cycle: int = CYCLE,
    document: Optional[str] = typer.Option(None, "--document", metavar="DOCUMENT", help=DOCUMENT_HELP.format(
        "the first document nhrp.yaml lists for the cycle")),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="Text encoding of the file "
                                           "(default: UTF-8, else Mac Roman or Windows-1252)."),
    dry_run: bool = DRY_RUN,
    overwrite: bool = OVERWRITE,
    do_commit: bool = COMMIT,
    fmt: common.TextFormat = FORMAT,
) -> None:
    """Import one State's recommendations from a UPR Info database export.

    Examples:

    \b
      nhrp import upr-info export.csv --state Iraq --cycle 3 --dry-run
    """
    from nhrp.core.importers import import_upr_info

    root = common.plan_root(ctx)
    result = import_upr_info(root, file, state=state, session=session, cycle=cycle,
                             document=document, encoding=encoding, today=common.today(),
                             dry_run=dry_run, overwrite=overwrite, do_commit=do_commit)
    _report(result, fmt)


@import_app.command("responses")
def responses(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="A KoboToolbox or ODK Central export "
                                "(.csv or .xlsx, 'XML values and headers') of a form made by "
                                "'nhrp form build', or an assessment sheet made by 'nhrp export "
                                "assessment-sheet'."),
    imported_by: Optional[str] = typer.Option(None, "--as", metavar="ACTOR", help="The "
                                              "secretariat member importing (a maintainer; "
                                              "default: the only one)."),
    dry_run: bool = DRY_RUN,
    do_commit: bool = COMMIT,
    fmt: common.TextFormat = FORMAT,
) -> None:
    """Import answers to the participation or assessment form: monitor choices, declines (with
    their reason) and monitoring entries. Each answer is imported once (by its submission id);
    a bad row is reported as FILE:row N and writes nothing, the other rows still go in (exit 1
    when any row was rejected). Answers from organisations the plan does not know go to
    'nhrp participation pending'; contact details are never read.

    Examples:

    \b
      nhrp import responses answers.csv --dry-run

    \b
      nhrp import responses pao.xlsx --commit
    """
    from nhrp.core.intake import import_responses

    root = common.plan_root(ctx)
    outcome = import_responses(root, file, imported_by=imported_by, today=common.today(),
                               dry_run=dry_run, do_commit=do_commit)
    if fmt == common.TextFormat.json:
        common.out(json_safe(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2)) + "\n")
    else:
        verb = "would be " if dry_run else ""
        common.say(f"{outcome.file}: {outcome.kind} answers ({outcome.source})")
        for line in outcome.new:
            common.say(f"  {verb}imported {line}")
        common.say(f"  new: {len(outcome.new)}, already imported: {len(outcome.already)}, "
                   f"pending review: {len(outcome.pending)}, rejected: {len(outcome.rejected)}")
        if outcome.pending:
            common.say("  answers from organisations that are not actors of the plan: "
                       "see 'nhrp participation pending'")
        if dry_run:
            common.say("dry run: nothing was written")
        elif outcome.commit:
            common.say(f"committed {outcome.commit}")
    for line in outcome.rejected:
        common.say(line, err=True)
    if outcome.rejected:
        common.fail(common.ExitCode.INVALID)


@import_app.command("plan-matrix")
def plan_matrix(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE.xlsx|FILE.csv", help="The plan's table of activities (headers in Arabic, Sorani or English; see docs/import-export.md)."),
    cycle: Optional[int] = typer.Option(None, "--cycle", help="Read paragraph numbers as this UPR cycle's (default: any cycle, when the number is unique).", min=1, max=99),
    dry_run: bool = DRY_RUN,
    do_commit: bool = COMMIT,
    fmt: common.TextFormat = FORMAT,
) -> None:
    """Import the plan's activities and indicators from the matrix a ministry keeps in Excel.
    Axes found are added to nhrp.yaml. Running it again changes nothing; an activity whose
    values differ from the file is reported, never overwritten.

    Examples:

    \b
      nhrp import plan-matrix plan-matrix.xlsx --dry-run
    """
    from nhrp.core.importers.planmatrix_merge import import_plan_matrix

    result = import_plan_matrix(common.plan_root(ctx), file, cycle=cycle,
                                today=common.today(), dry_run=dry_run, do_commit=do_commit)
    if fmt == common.TextFormat.json:
        common.out(json_safe(json.dumps(result.as_dict(), ensure_ascii=False, indent=2)) + "\n")
        return
    echo = typer.echo
    verb = "would be " if result.dry_run else ""
    activities = result.added + result.updated + result.unchanged + result.conflicting
    echo(f"{result.file}: {result.rows} row(s), {len(activities)} activity(ies)")
    echo(f"  {verb}added: {len(result.added)}, {verb}updated: {len(result.updated)}, "
         f"unchanged: {len(result.unchanged)}, conflicting: {len(result.conflicting)}")
    if result.axes_added:
        echo(f"  axes {verb}added to nhrp.yaml: {', '.join(result.axes_added)}")
    for label, ids in (("added", result.added), ("updated", result.updated)):
        if ids:
            echo(f"  {label}: {_ids(ids)}")
    if result.conflicts:
        _conflicts(result, "left as the plan has them (change the plan or the file)")
    _outcome(result)


def _report(result, fmt: common.TextFormat) -> None:
    if fmt == common.TextFormat.json:
        common.out(json_safe(json.dumps(result.as_dict(), ensure_ascii=False, indent=2)) + "\n")
        return
    echo = common.say
    details = result.as_dict()
    about = ", ".join(f"{k} {details[k]}" for k in ("layout", "state", "session", "encoding",
                                                     "document") if details.get(k) is not None)
    from nhrp.core.names import plural

    count = plural(result.total, "recommendation", "recommendations")
    echo(f"{result.file}: {count} of cycle {result.cycle}"
         + (f" ({about})" if about else ""))
    verb = "would be " if result.dry_run else ""
    echo(f"  {verb}added: {len(result.added)}, {verb}updated: {len(result.updated)}, "
         f"unchanged: {len(result.unchanged)}, conflicting: {len(result.conflicting)}")
    for label, ids in (("added", result.added), ("updated", result.updated)):
        if ids:
            echo(f"  {label}: {_ids(ids)}")
    if result.conflicts:
        kept = "taken from the file (--overwrite)" if result.overwrite else \
            "left as the plan has them (rerun with --overwrite to take the file's values)"
        _conflicts(result, kept)
    if result.unmapped:
        echo("  theme labels that map to no theme of the plan (kept in source_themes; add them "
             "to the ohchr lists in data/vocabularies/themes.yaml):")
        for label, count in sorted(result.unmapped.items(), key=lambda kv: (-kv[1], kv[0])):
            echo(f"    {label} ({count})")
    for note in result.notes:
        echo(f"  note: {note}")
    _outcome(result)


def _conflicts(result, kept: str) -> None:
    common.say(f"  conflicting, {kept}:")
    for c in result.conflicts[:30]:
        common.say(f"    {c.id} {c.field}: plan {_short(c.plan)} / file {_short(c.file)}")
    if len(result.conflicts) > 30:
        common.say(f"    ... and {len(result.conflicts) - 30} more (--format json lists all)")


def _outcome(result) -> None:
    if result.dry_run:
        common.say("dry run: nothing was written")
    elif result.commit:
        common.say(f"committed {result.commit}")
    elif result.written:
        from nhrp.core.names import plural

        common.say(f"wrote {plural(len(result.written), 'file', 'files')}")
    else:
        common.say("nothing to change")


def _ids(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", ... ({len(ids)} in all)" if len(ids) > limit else "")


def _short(value, limit: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
