"""nhrp form build participation|assessment"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common

form_app = common.command_group(
    "form",
    "XLSForms (KoboToolbox, ODK) through which organisations take part without git; read the "
    "answers back with 'nhrp import responses'.",
)


class FormKind(StrEnum):
    participation = "participation"
    assessment = "assessment"


@form_app.command("build")
def build(
    ctx: typer.Context,
    kind: FormKind = typer.Argument(..., metavar="KIND", help="participation: which organisation, the thematic "
                                    "files it chooses or that it declines (why). assessment: per "
                                    "recommendation a status from the plan's scale, duty bearer, "
                                    "as-of date, summary and evidence."),
    lang: Optional[List[str]] = common.lang_option("A language of the form (repeatable; the first is the default). Default: the plan's languages."),
    by: Optional[str] = typer.Option(None, "--by", metavar="ACTOR", help="assessment: the "
                                     "organisation that will answer (its files, unless --theme)."),
    theme: Optional[List[str]] = common.theme_option("assessment: a thematic file to cover (repeatable)."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE.xlsx", help="Where to write the "
                             "XLSForm (upload it to KoboToolbox or ODK Central)."),
) -> None:
    """Write an XLSForm in the plan's languages.

    Examples:

    \b
      nhrp form build participation --out participation.xlsx

    \b
      nhrp form build assessment --by pao --out pao-assessment.xlsx
    """
    from nhrp.core import forms
    from nhrp.core import plan as plan_mod
    from nhrp.errors import UsageError

    if kind == FormKind.participation and (by or theme):
        raise UsageError("--by and --theme belong to the assessment form")
    root = common.plan_root(ctx)
    plan = plan_mod.load(root)
    langs, words, names = catalogues(root, [common.language(x, plan) for x in lang]
                                     if lang else plan.languages)
    today = common.today().isoformat()
    if kind == FormKind.participation:
        form = forms.participation(plan, langs, words, today)
    else:
        form = forms.assessment(plan, langs, words, today, by=by, themes=theme or [])
    from nhrp.report.xlsform import as_xlsx

    write_xlsx(out, lambda: as_xlsx(form, langs, names))
    questions = sum(1 for row in form.survey if not row["type"].endswith("_group"))
    common.say(f"wrote the {kind.value} form ({questions} questions, {', '.join(langs)}) to {out}",
               err=True)


def catalogues(root: Path, langs: list[str]):
    """The languages (each once), ``t(lang, key)`` and each language's own name."""
    from nhrp.report.i18n import load
    from nhrp.report.render import template_folders

    langs = list(dict.fromkeys(langs))
    folders = template_folders(root)
    loaded = {lang: load(lang, folders) for lang in langs}
    return (langs, lambda lang, key: loaded[lang].t(key),
            {lang: loaded[lang].raw("meta.name") for lang in langs})


def write_xlsx(out: Path, make) -> None:
    """Write the workbook ``make()`` returns; a missing openpyxl is an environment error."""
    from nhrp.core.outfile import write_document
    from nhrp.errors import EnvironmentProblem, UsageError

    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    if out.suffix.lower() != ".xlsx":  # Excel, Kobo and ODK go by the name: .xls, .csv would fail
        raise UsageError(f"--out {out}: the file is an Excel workbook; name it FILE.xlsx")
    try:
        data = make()
    except ImportError:
        raise EnvironmentProblem("writing .xlsx files needs openpyxl: pip install 'nhrp[xlsx]' "
                                 "(or pip install openpyxl)") from None
    write_document(out, data)


def register(app: typer.Typer) -> None:
    app.add_typer(form_app, name="form")
