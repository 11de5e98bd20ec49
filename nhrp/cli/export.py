"""nhrp export"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


export_app = typer.Typer(name="export", rich_markup_mode=None)


@export_app.callback(invoke_without_command=True)
def export(
    ctx: typer.Context,
    fmt: ExportFormat = common.format_option(ExportFormat, ExportFormat.csv, "csv (UTF-8 for Excel), xlsx (Excel workbook) or json (schemas/export.schema.json)."),
    lang: Optional[str] = common.lang_option("Language of names, summaries and headings (default: the plan's first language)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE "
                                       "instead of standard output (required for xlsx)."),
) -> None:
    """One row per recommendation: response, themes, lead and supporting actors, due date,
    current self-reported and independent status per duty bearer, latest evidence.

    'nhrp export assessment-sheet' writes a sheet for a monitor to fill in instead, 'nhrp
    export plan-matrix' the plan's activities and indicators.

    Examples:

    \b
      nhrp export --format xlsx --out plan.xlsx

    \b
      nhrp export --lang ar --out plan-ar.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    from nhrp.core import plan as plan_mod
    from nhrp.core.analysis import analyze
    from nhrp.core.export import build
    from nhrp.errors import EnvironmentProblem, UsageError
    from nhrp.report import export as render
    from nhrp.core.names import plural

    if fmt == ExportFormat.xlsx and out is None:
        raise UsageError("--format xlsx writes a binary file: give it a name with --out FILE.xlsx")
    loaded = plan_mod.load(common.plan_root(ctx))
    language = lang or loaded.languages[0]
    if language not in loaded.languages:
        raise UsageError(f"--lang {language}: the plan's languages are "
                         f"{', '.join(loaded.languages)}")
    doc = build(analyze(loaded, common.today()), language)
    from nhrp.report.render import template_folders
    from nhrp.report.states import for_language

    states = for_language(language, template_folders(loaded.root))
    if fmt == ExportFormat.xlsx:
        try:
            data = render.as_xlsx(doc, states)
        except ImportError:
            raise EnvironmentProblem("writing .xlsx files needs openpyxl: pip install "
                                     "'nhrp[xlsx]' (or pip install openpyxl)") from None
    else:
        text = render.as_csv_text(doc, states) if fmt == ExportFormat.csv else render.as_json(doc)
        if out is None:
            common.out(text)
            common.left_out(loaded)
            return
        data = text.encode("utf-8")
    from nhrp.core.outfile import write_document

    write_document(out, data)
    common.say(f"wrote {plural(len(doc['recommendations']), 'recommendation', 'recommendations')}"
               f" to {out}", err=True)
    common.left_out(loaded)


@export_app.command("assessment-sheet")
def assessment_sheet(
    ctx: typer.Context,
    by: str = typer.Option(..., "--by", metavar="ACTOR", help="The monitor that will fill it in."),
    theme: Optional[List[str]] = common.theme_option("A thematic file to cover (repeatable; default: the files the monitor follows)."),
    lang: Optional[str] = common.lang_option("Language of the sheet (default: the plan's first language)."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE.xlsx", help="Where to write it."),
) -> None:
    """An Excel sheet for a monitor without a form server: one row per recommendation of its
    files, drop-down lists of the status scale and duty bearers, right to left in Arabic and
    Sorani. Send it; read the filled sheet back with 'nhrp import responses FILE.xlsx'.

    Examples:

    \b
      nhrp export assessment-sheet --by pao --lang ar --out pao.xlsx
    """
    from nhrp.cli.form import catalogues, write_xlsx
    from nhrp.core import plan as plan_mod
    from nhrp.core.names import plural
    from nhrp.core.sheet import build

    root = common.plan_root(ctx)
    plan = plan_mod.load(root)
    langs, words, _ = catalogues(root, [common.language(lang, plan)])
    rows: list[int] = []

    def make() -> bytes:
        data, count = build(plan, by=by, themes=theme or [], lang=langs[0],
                            today=common.today().isoformat(), t=lambda key: words(langs[0], key))
        rows.append(count)
        return data

    write_xlsx(out, make)
    common.say(f"wrote {plural(rows[0], 'recommendation', 'recommendations')} for {by} to "
               f"{out}", err=True)


@export_app.command("plan-matrix")
def plan_matrix(
    ctx: typer.Context,
    lang: Optional[str] = common.lang_option("Language of the headers and texts (default: the plan's first language)."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE.xlsx", help="Where to write it."),
) -> None:
    """The plan's activities and indicators as the Excel matrix 'nhrp import plan-matrix'
    reads: one row per indicator, the activity's own cells on its first row.

    Examples:

    \b
      nhrp export plan-matrix --lang ar --out plan-matrix.xlsx
    """
    from nhrp.cli.form import write_xlsx
    from nhrp.core import plan as plan_mod
    from nhrp.report.planmatrix import rows, workbook

    from nhrp.core.names import plural

    loaded = plan_mod.load(common.plan_root(ctx))
    language = common.language(lang, loaded)
    data = rows(loaded, language)
    write_xlsx(out, lambda: workbook(language, data, str(loaded.meta.get("id"))))
    common.say(f"wrote {plural(len(loaded.activities), 'activity', 'activities')} to {out}",
               err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
