"""nhrp export"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from nhrp.cli import common


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


def export(
    ctx: typer.Context,
    what: Optional[str] = typer.Argument(None, metavar="[plan-matrix]", help="plan-matrix: the plan's activities and indicators as the Excel matrix 'nhrp import plan-matrix' reads (with --out FILE.xlsx)."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv (UTF-8 for "
                                     "Excel), xlsx (Excel workbook) or json (schemas/"
                                     "export.schema.json)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="Language of names, summaries and "
                                       "headings (default: the plan's first language)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write to FILE "
                                       "instead of standard output (required for xlsx)."),
) -> None:
    """One row per recommendation: response, themes, lead and supporting actors, due date,
    current self-reported and independent status per duty bearer, latest evidence. With
    plan-matrix: one row per indicator of each activity, in Excel."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.analysis import analyze
    from nhrp.core.export import build
    from nhrp.errors import EnvironmentProblem, UsageError
    from nhrp.report import export as render

    if what is not None:
        return _plan_matrix(ctx, what, lang, out)
    if fmt == ExportFormat.xlsx and out is None:
        raise UsageError("--format xlsx writes a binary file: give it a name with --out FILE.xlsx")
    loaded = plan_mod.load(common.plan_root(ctx))
    language = lang or loaded.languages[0]
    if language not in loaded.languages:
        raise UsageError(f"--lang {language}: the plan's languages are "
                         f"{', '.join(loaded.languages)}")
    doc = build(analyze(loaded, common.today()), language)
    if fmt == ExportFormat.xlsx:
        try:
            data = render.as_xlsx(doc)
        except ImportError:
            raise EnvironmentProblem("writing .xlsx files needs openpyxl: pip install "
                                     "'nhrp[xlsx]' (or pip install openpyxl)") from None
    else:
        text = render.as_csv_text(doc) if fmt == ExportFormat.csv else render.as_json(doc)
        if out is None:
            common.out(text)
            return
        data = text.encode("utf-8")
    from nhrp.core.fsutil import atomic_write_bytes

    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    atomic_write_bytes(out, data)
    typer.echo(f"wrote {len(doc['recommendations'])} recommendation(s) to {out}", err=True)


def _plan_matrix(ctx: typer.Context, what: str, lang: str | None, out: Path | None) -> None:
    from nhrp.core import plan as plan_mod
    from nhrp.errors import UsageError
    from nhrp.report.planmatrix import rows, workbook

    if what != "plan-matrix":
        raise UsageError(f"nhrp export {what}: the only named export is plan-matrix")
    if out is None:
        raise UsageError("the plan matrix is an Excel file: give it a name with --out FILE.xlsx")
    loaded = plan_mod.load(common.plan_root(ctx))
    language = lang or loaded.languages[0]
    data = rows(loaded, language)
    write_xlsx(out, lambda: workbook(language, data, str(loaded.meta.get("id"))))
    typer.echo(f"wrote {len(loaded.activities)} activity(ies) to {out}", err=True)


def write_xlsx(out: Path, make) -> None:
    """``make()`` (workbook bytes) written atomically to ``out``; exit 3 without openpyxl."""
    from nhrp.core.fsutil import atomic_write_bytes
    from nhrp.errors import EnvironmentProblem, UsageError

    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    try:
        data = make()
    except ImportError:
        raise EnvironmentProblem("writing .xlsx files needs openpyxl: pip install "
                                 "'nhrp[xlsx]' (or pip install openpyxl)") from None
    atomic_write_bytes(out, data)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
