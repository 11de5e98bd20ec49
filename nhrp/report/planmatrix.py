"""The plan matrix as an Excel workbook: the empty template (``nhrp new plan-matrix``) and the
plan's activities (``nhrp export plan-matrix``), with the headers ``nhrp import plan-matrix``
reads, in the chosen language. One row per indicator; an activity's own cells are on its first
row, its id on every row. Text cells are neutralised against formulas (``safe_cell``)."""

from __future__ import annotations

import datetime as dt
import io

from nhrp.core.importers.planmatrix import HEADERS
from nhrp.core.plan import Plan
from nhrp.report.export import RTL_LANGUAGES
from nhrp.report.rows import safe_cell

COLUMNS = ("id", "axis", "activity", "recommendations", "unsupported_reason", "lead", "partners",
           "start", "end", "status", "budget", "currency", "budget_source", "indicator_id",
           "indicator", "type", "unit", "baseline", "target", "data_source")
WIDE = {"activity", "indicator", "axis"}


def headers(lang: str) -> list[str]:
    return [HEADERS[c].get(lang, HEADERS[c]["en"])[0] for c in COLUMNS]


def _pick(texts: dict | None, lang: str) -> str:
    texts = texts or {}
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def rows(plan: Plan, lang: str) -> list[list]:
    """The plan's activities, axis by axis (in nhrp.yaml order), as matrix rows."""
    axes = {a["id"]: a for a in plan.meta.get("axes") or []}
    order = {axis: i for i, axis in enumerate(axes)}
    sep = "، " if lang in ("ar", "ckb") else ", "

    def name(actor_id: str) -> str:
        return _pick((plan.actors.get(actor_id) or {}).get("names"), lang) or actor_id

    def point(p: dict | None) -> str | None:
        return f"{p['value']} ({p['date']})" if p else None

    out = []
    for act_id, act in sorted(plan.activities.items(),
                              key=lambda kv: (order.get(kv[1]["axis"], len(order)), kv[0])):
        budget = act.get("budget") or {}
        first = {"id": act_id,
                 "axis": _pick((axes.get(act["axis"]) or {}).get("names"), lang) or act["axis"],
                 "activity": _pick(act.get("title"), lang),
                 "recommendations": sep.join(act.get("recommendations") or []),
                 "unsupported_reason": "; ".join(dict.fromkeys(
                     (act.get("unsupported_reasons") or {}).values())) or None,
                 "lead": name(act["lead"]),
                 "partners": sep.join(name(p) for p in act.get("partners") or []),
                 "start": dt.date.fromisoformat(act["start"]),
                 "end": dt.date.fromisoformat(act["end"]), "status": act["status"],
                 "budget": budget.get("amount"), "currency": budget.get("currency"),
                 "budget_source": budget.get("source")}
        for i, ind in enumerate(act.get("indicators") or [{}]):
            cells = dict(first) if i == 0 else {"id": act_id}
            if ind:
                cells.update({"indicator_id": ind["id"], "indicator": _pick(ind.get("description"), lang),
                              "type": ind["type"], "unit": ind["unit"],
                              "baseline": point(ind.get("baseline")),
                              "target": point(ind.get("target")),
                              "data_source": ind.get("data_source")})
            out.append([cells.get(c) for c in COLUMNS])
    return out


def workbook(lang: str, data: list[list], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value):
        if value is None or isinstance(value, (int, float, dt.date)) and \
                not isinstance(value, bool):
            return value
        return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(str(value)))

    book = Workbook()
    sheet = book.active
    sheet.title = HEADERS["activity"].get(lang, HEADERS["activity"]["en"])[0][:31]
    sheet.append(headers(lang))
    for row in data:
        sheet.append([cell(v) for v in row])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 40 if column in WIDE else 16
        if column in ("start", "end"):
            for c in sheet[get_column_letter(i)][1:]:
                c.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.sheet_view.rightToLeft = lang in RTL_LANGUAGES
    book.properties.creator = "nhrp"
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
