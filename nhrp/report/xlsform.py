"""A form (nhrp.core.forms.Form) as an XLSForm workbook: the ``survey``, ``choices`` and
``settings`` sheets that KoboToolbox, ODK and pyxform read, one label column per language
(``label::العربية (ar)``). Needs openpyxl."""

from __future__ import annotations

import io

from nhrp.core.forms import Form
from nhrp.core.sheet import cell_value

TEXT_COLUMNS = ("label", "hint")
PLAIN_COLUMNS = ("required", "relevant", "constraint", "calculation")


def language_column(column: str, lang: str, names: dict[str, str]) -> str:
    return f"{column}::{names.get(lang, lang)} ({lang})"


def as_xlsx(form: Form, langs: list[str], names: dict[str, str]) -> bytes:
    """``names``: each language's own name (the catalogues' meta.name)."""
    from openpyxl import Workbook

    def used(rows: list[dict], columns) -> list[str]:
        return [c for c in columns if any(c in row for row in rows)]

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    texts = used(form.survey, TEXT_COLUMNS)
    plain = used(form.survey, PLAIN_COLUMNS)
    survey.append(["type", "name"] + [language_column(c, lang, names) for c in texts
                                      for lang in langs] + plain)
    for row in form.survey:
        survey.append([row["type"], row["name"] or None]
                      + [cell_value((row.get(c) or {}).get(lang)) for c in texts for lang in langs]
                      + [row.get(c) for c in plain])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name"] + [language_column("label", lang, names)
                                            for lang in langs])
    for row in form.choices:
        choices.append([row["list_name"], row["name"]] + [cell_value(row["label"].get(lang))
                                                          for lang in langs])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "style"])
    settings.append([cell_value(form.title.get(langs[0])), form.form_id, form.version,
                     f"{names.get(langs[0], langs[0])} ({langs[0]})", "pages"])
    for sheet in (survey, choices, settings):
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

