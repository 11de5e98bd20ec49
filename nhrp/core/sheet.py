"""The assessment sheet: a spreadsheet path without any form server.

``nhrp export assessment-sheet --by ACTOR`` writes one row per recommendation of the actor's
thematic files, with drop-down lists (data validation) of the plan's status scale and duty
bearers, right to left for Arabic-script languages. A hidden sheet ``nhrp`` holds the sheet id,
the plan and the organisation; a hidden first column holds each row's key (the recommendation
id). ``nhrp import responses FILE.xlsx`` reads it back: the submission id of a row is
``sheet:<sheet id>:<row key>``, so importing the same sheet again adds nothing.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Callable

from nhrp.core import forms, xlsxgrid
from nhrp.core.answers import Answers, Row, cell_text
from nhrp.core.plan import Plan
from nhrp.errors import InvalidData
from nhrp.escape import spreadsheet

MARK = "nhrp-assessment-sheet"
META_SHEET, LISTS_SHEET = "nhrp", "lists"
COLUMNS = ("key", "recommendation", "summary", "themes", "duty_bearer", "status", "as_of",
           "finding", "evidence_url", "evidence_title")
RTL = frozenset({"ar", "ckb", "fa", "he", "ps", "sd", "ug", "ur", "yi"})


def sheet_id(plan: Plan, by: str, lang: str, today: str, ids: list[str]) -> str:
    """Stable for the same plan, organisation, language, day and rows: two copies exported
    the same day are the same sheet."""
    digest = hashlib.sha256("\n".join([str(plan.meta.get("id")), by, lang, today, *ids])
                            .encode()).hexdigest()
    return digest[:16]


def build(plan: Plan, *, by: str, themes: list[str], lang: str, today: str,
          t: Callable[[str], str]) -> tuple[bytes, int]:
    """The workbook's bytes and its number of rows. Needs openpyxl."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ids = forms.chosen_recommendations(plan, by, themes)
    text = lambda value, fallback: forms.one_line(value, lang, fallback)  # noqa: E731
    book = Workbook()
    main = book.active
    main.title = t("sheet.name")[:31]
    main.sheet_view.rightToLeft = lang in RTL
    main.append(["key", t("sheet.recommendation"), t("sheet.summary"), t("sheet.themes"),
                 t("sheet.duty_bearer"), t("sheet.status"), t("sheet.as_of"), t("sheet.finding"),
                 t("sheet.evidence_url"), t("sheet.evidence_title")])
    separator = t("meta.list_separator")
    for rec_id in ids:
        rec = plan.recommendations[rec_id]
        bearers = sorted({a.get("duty_bearer") for a in rec.get("assignments") or []} - {None})
        themes = separator.join(text(plan.themes.get(th, {}).get("names"), th)
                                for th in rec.get("themes") or [])
        bearer = _bearer_label(plan, bearers[0], lang) if len(bearers) == 1 else None
        main.append([rec_id, rec_id, cell_value(text(rec.get("summary") or rec.get("text"), "")),
                     cell_value(themes), cell_value(bearer), None, None, None, None, None])
    lists = book.create_sheet(LISTS_SHEET)
    scale = plan.meta.get("status_scale") or []
    bearers = plan.meta.get("duty_bearers") or []
    for n, s in enumerate(scale, start=1):
        lists.cell(n, 1, cell_value(text(s.get("names"), s["id"])))
    for n, d in enumerate(bearers, start=1):
        lists.cell(n, 2, cell_value(_bearer_label(plan, d["id"], lang)))
    lists.sheet_state = "hidden"
    last = len(ids) + 1
    for column, source, count in (("F", "A", len(scale)), ("E", "B", len(bearers))):
        source_range = f"={LISTS_SHEET}!${source}$1:${source}${count}"
        check = DataValidation(type="list", formula1=source_range, allow_blank=True,
                               showErrorMessage=True)
        main.add_data_validation(check)
        check.add(f"{column}2:{column}{last}")
    meta = book.create_sheet(META_SHEET)
    for row in (("format", MARK), ("sheet_id", sheet_id(plan, by, lang, today, ids)),
                ("plan", plan.meta.get("id")), ("organisation", by), ("language", lang)):
        meta.append(list(row))
    meta.sheet_state = "hidden"
    main.column_dimensions["A"].hidden = True
    for column, width in zip("BCDEFGHIJ", (14, 60, 24, 22, 22, 16, 50, 30, 30)):
        main.column_dimensions[column].width = width
    for cell in main[1]:
        cell.font = Font(bold=True)
    for row in main.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    main.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), len(ids)


def _bearer_label(plan: Plan, bearer: str, lang: str) -> str:
    found = next((d for d in plan.meta.get("duty_bearers") or [] if d.get("id") == bearer), {})
    return forms.one_line(found.get("names"), lang, bearer)


def cell_value(text):
    """Text as a spreadsheet cell (None when empty) that can never become a formula."""
    return spreadsheet(text) if text else None


def is_assessment_sheet(book) -> bool:
    if META_SHEET not in book.sheetnames:
        return False
    return book[META_SHEET]["B1"].value == MARK


def read_back(book, path: Path, plan: Plan):
    """The rows of an assessment sheet whose status is filled, as answers of the form."""
    meta = {cell_text(r[0]): cell_text(r[1]) for r in xlsxgrid.rows(book[META_SHEET], str(path))
            if len(r) >= 2}
    if meta.get("plan") != str(plan.meta.get("id")):
        raise InvalidData(f"this sheet was made for the plan '{meta.get('plan')}', not "
                          f"'{plan.meta.get('id')}'", path=str(path))
    lang = meta.get("language") or "en"
    statuses = _lookup(plan.meta.get("status_scale") or [], lang)
    bearers = _lookup(plan.meta.get("duty_bearers") or [], lang)
    answers = Answers(str(path), "assessment", "sheet", "assessment-sheet",
                      organisation=meta.get("organisation"))
    main = book.worksheets[0]
    for number, cells in enumerate(xlsxgrid.rows(main, str(path), min_row=2), start=2):
        values = dict(zip(COLUMNS, (cell_text(c) for c in cells)))
        if not values.get("status"):
            continue
        key = values.get("key") or values.get("recommendation")
        if not key:
            answers.problems.append((number, "the row has no recommendation"))
            continue
        item = {"recommendation": key,
                "status": statuses.get(values["status"].casefold(), values["status"]),
                "duty_bearer": bearers.get((values.get("duty_bearer") or "").casefold(),
                                           values.get("duty_bearer") or ""),
                **{k: values.get(k, "") for k in ("as_of", "evidence_url", "evidence_title")},
                "summary": values.get("finding", "")}
        answers.rows.append(Row(number, f"sheet:{meta.get('sheet_id')}:{key}", None,
                                {"items": [item]}))
    return answers


def _lookup(items: list[dict], lang: str) -> dict[str, str]:
    """Label (in the sheet's language, or English) or id -> id."""
    out = {}
    for item in items:
        for label in (item["id"], forms.one_line(item.get("names"), lang, item["id"]),
                      forms.one_line(item.get("names"), "en", item["id"])):
            out.setdefault(label.casefold(), item["id"])
    return out
