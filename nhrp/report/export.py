"""The export document (nhrp.core.export.build) as JSON, CSV or XLSX.

CSV and XLSX are flat: one row per recommendation, the first column always the recommendation
id, column headings in the export language (en, ar, ckb; other languages get English headings),
lists joined with "; ". Every text cell goes through ``safe_cell``, so a cell that starts with
=, +, -, @, TAB or CR cannot run as a spreadsheet formula. CSV is UTF-8 with a byte order mark
and CRLF line ends, which Excel needs to show Arabic script correctly.
"""

from __future__ import annotations

import csv
import io
import json

from nhrp.escape import json_safe
from nhrp.report.rows import safe_cell

RTL_LANGUAGES = frozenset({"ar", "ckb", "fa", "he", "ps", "sd", "ug", "ur", "yi"})

# Column headings and fixed words. The Arabic and Sorani wording is nhrp's own.
LABELS = {
    "en": {
        "id": "ID", "cycle": "UPR cycle", "document": "Document", "paragraph": "Paragraph",
        "recommending_states": "Recommending States", "response": "Response",
        "action_category": "UPR Info action category", "themes": "Themes",
        "sdg_goals": "SDG goals", "summary": "Summary", "text": "Official text", "lead": "Lead",
        "support": "Supporting", "due": "Due date", "self_status": "self-reported status",
        "self_as_of": "self-reported as of", "independent_status": "independent status",
        "independent_as_of": "independent as of", "overdue": "Overdue",
        "diverging": "Assessments differ", "evidence": "Latest evidence",
        "evidence_as_of": "Evidence as of", "sheet": "Recommendations", "yes": "yes", "no": "no",
        "supported": "Supported", "noted": "Noted", "partially-supported": "Partially supported",
        "pending": "Pending",
    },
    "ar": {
        "id": "المعرّف", "cycle": "دورة الاستعراض", "document": "الوثيقة", "paragraph": "الفقرة",
        "recommending_states": "الدول الموصية", "response": "موقف الدولة",
        "action_category": "فئة الإجراء (UPR Info)", "themes": "المحاور",
        "sdg_goals": "أهداف التنمية المستدامة", "summary": "الملخص", "text": "النص الرسمي",
        "lead": "الجهة الرئيسية", "support": "الجهات الساندة", "due": "الموعد النهائي",
        "self_status": "الحالة وفق التقييم الذاتي", "self_as_of": "تاريخ التقييم الذاتي",
        "independent_status": "الحالة وفق التقييم المستقل",
        "independent_as_of": "تاريخ التقييم المستقل", "overdue": "متأخرة",
        "diverging": "تباين التقييمات", "evidence": "أحدث الأدلة", "evidence_as_of": "تاريخ الأدلة",
        "sheet": "التوصيات", "yes": "نعم", "no": "لا", "supported": "مؤيَّدة",
        "noted": "أُحيط بها علماً", "partially-supported": "مؤيَّدة جزئياً", "pending": "قيد النظر",
    },
    "ckb": {
        "id": "ناسێنەر", "cycle": "خولی پێداچوونەوە", "document": "بەڵگەنامە", "paragraph": "بڕگە",
        "recommending_states": "دەوڵەتانی ڕاسپێرەر", "response": "هەڵوێستی دەوڵەت",
        "action_category": "جۆری کردار (UPR Info)", "themes": "تەوەرەکان",
        "sdg_goals": "ئامانجەکانی گەشەپێدانی بەردەوام", "summary": "پوختە", "text": "دەقی فەرمی",
        "lead": "لایەنی سەرەکی", "support": "لایەنە پشتگیرەکان", "due": "وادەی کۆتایی",
        "self_status": "دۆخ بەپێی هەڵسەنگاندنی خۆیی",
        "self_as_of": "ڕێکەوتی هەڵسەنگاندنی خۆیی",
        "independent_status": "دۆخ بەپێی هەڵسەنگاندنی سەربەخۆ",
        "independent_as_of": "ڕێکەوتی هەڵسەنگاندنی سەربەخۆ", "overdue": "دواکەوتوو",
        "diverging": "جیاوازیی هەڵسەنگاندنەکان", "evidence": "نوێترین بەڵگە",
        "evidence_as_of": "ڕێکەوتی بەڵگە", "sheet": "ڕاسپاردەکان", "yes": "بەڵێ", "no": "نەخێر",
        "supported": "پشتگیریکراو", "noted": "تێبینیکراو",
        "partially-supported": "بەشێکی پشتگیریکراو", "pending": "لە چاوەڕوانیدا",
    },
}


def labels(lang: str) -> dict:
    return LABELS.get(lang, LABELS["en"])


def as_json(doc: dict) -> str:
    return json_safe(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"


def table(doc: dict, state_name=None) -> tuple[list[str], list[list]]:
    """Headings and rows of the flat table. Values are text, whole numbers or empty.
    ``state_name`` names a recommending State in the export language (see report.states)."""
    state_name = state_name or (lambda name: {"text": name})
    words = labels(doc["language"])
    heads = ["id", "cycle", "document", "paragraph", "recommending_states", "response",
             "action_category", "themes", "sdg_goals", "summary", "text", "lead", "support", "due"]
    headings = [words[h] for h in heads]
    for b in doc["duty_bearers"]:
        for key in ("self_status", "self_as_of", "independent_status", "independent_as_of"):
            headings.append(f"{b['name'] or b['id']}: {words[key]}")
    headings += [words["overdue"], words["diverging"], words["evidence"], words["evidence_as_of"]]
    rows = []
    for r in doc["recommendations"]:
        row = [r["id"], r["cycle"], r["document"], r["paragraph"],
               _join(state_name(s)["text"] for s in r["recommending_states"]), words.get(r["response"], r["response"]),
               r["action_category"], _join(t["name"] for t in r["themes"]),
               _join(str(g) for g in r["sdg_goals"]), r["summary"], r["text"],
               _join(_actor(a) for a in r["lead"]), _join(_actor(a) for a in r["support"]),
               r["due"]]
        for s in r["status"]:
            for side in ("self", "independent"):
                cur = s[side]
                row += [cur["status_name"] if cur else None, cur["as_of"] if cur else None]
        evidence = r["latest_evidence"]
        row += [words["yes"] if r["overdue"] else words["no"],
                words["yes"] if r["diverging"] else words["no"],
                _join(_evidence(i) for i in evidence["items"]) if evidence else None,
                evidence["as_of"] if evidence else None]
        rows.append(row)
    return headings, rows


def _join(items) -> str:
    return "; ".join(items)


def _actor(a: dict) -> str:
    return a["name"] or a["actor"]


def _evidence(item: dict) -> str:
    ref = item.get("url") or item.get("document") or ""
    return item["title"] if item["title"] == ref else f"{item['title']} <{ref}>"


def as_csv_text(doc: dict, state_name=None) -> str:
    headings, rows = table(doc, state_name)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headings])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def as_xlsx(doc: dict, state_name=None) -> bytes:
    """An Excel workbook: one sheet, header row and id column frozen, right-to-left for
    Arabic-script languages. Needs openpyxl (pip install 'nhrp[xlsx]')."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    def cell(value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value in (None, ""):
            return None
        return safe_cell(value)  # without the controls that would make openpyxl refuse it

    headings, rows = table(doc, state_name)
    book = Workbook()
    sheet = book.active
    sheet.title = labels(doc["language"])["sheet"][:31]
    sheet.append([cell(h) for h in headings])
    for row in rows:
        sheet.append([cell(v) for v in row])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wide = {headings.index(labels(doc["language"])[k]) for k in ("summary", "text")}
    for i in range(1, len(headings) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 60 if i - 1 in wide else 18
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.sheet_view.rightToLeft = doc["language"] in RTL_LANGUAGES
    book.properties.creator = "nhrp"
    book.properties.title = doc["plan"]["name"] or doc["plan"]["id"]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
