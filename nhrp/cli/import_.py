"""nhrp import ohchr-matrix / nhrp import upr-info"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common

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
    _print(result, fmt, "recommendations")


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
    _print(result, fmt, "recommendations")


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
    from nhrp.report import imports as render

    if fmt == common.TextFormat.json:
        common.out(render.as_json(outcome))
    else:
        for line in render.answers(outcome, dry_run):
            common.say(line)
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
    _print(result, fmt, "activities")


def _print(result, fmt: common.TextFormat, kind: str) -> None:
    """The result as JSON, or as the lines :mod:`nhrp.report.imports` words for ``kind``
    (recommendations or activities)."""
    from nhrp.report import imports as render

    if fmt == common.TextFormat.json:
        common.out(render.as_json(result))
        return
    lines = render.recommendations if kind == "recommendations" else render.activities
    for line in lines(result):
        common.say(line)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
