"""Reading a plan matrix: the table of activities a ministry keeps in Excel (or CSV).

One row per activity, or several rows for an activity with several indicators (the activity's
cells left empty or merged on the following rows, or the same id or title repeated). Headers
may be in Arabic, Sorani or English (:data:`HEADERS`; docs/import-export.md lists them); the
header row is the first of the first ten rows where at least three cells are known headers.
Axis cells are often merged over several rows: an empty axis cell takes the axis above it.

Everything here is pure parsing into :class:`Row` objects, with ``file:row N`` in every
message; :mod:`nhrp.core.importers.planmatrix_merge` turns rows into activities.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import xlsxgrid
from nhrp.core.importers.common import bound_office_file, clean_text, csv_rows, read_input
from nhrp.core.textfold import fold
from nhrp.errors import EnvironmentProblem, UsageError

# column -> accepted header words (en, ar, ckb); the first word of each language is the one
# `nhrp new plan-matrix` writes. Compared after folding (case, Arabic spelling variants).
HEADERS: dict[str, dict[str, list[str]]] = {
    "id": {"en": ["Activity ID", "ID"], "ar": ["معرف النشاط", "المعرف", "الرمز"],
           "ckb": ["ناسێنەری چالاکی", "ناسێنەر"]},
    "axis": {"en": ["Axis", "Pillar", "Chapter"], "ar": ["المحور", "المحاور"],
             "ckb": ["تەوەر"]},
    "activity": {"en": ["Activity", "Action", "Measure"], "ar": ["النشاط", "الإجراء", "الأنشطة"],
                 "ckb": ["چالاکی"]},
    "recommendations": {"en": ["Recommendations", "UPR recommendations", "Paragraphs"],
                        "ar": ["التوصيات", "أرقام التوصيات", "الفقرات"],
                        "ckb": ["ڕاسپاردەکان", "ڕاسپاردە"]},
    "unsupported_reason": {"en": ["Why, if not supported", "Reason if not supported"],
                           "ar": ["سبب العمل بتوصية غير مؤيدة"],
                           "ckb": ["هۆکار بۆ ڕاسپاردەی پشتگیرینەکراو"]},
    "lead": {"en": ["Lead", "Responsible body", "Responsible"],
             "ar": ["الجهة المسؤولة", "الجهة المنفذة", "الجهة الرئيسية"],
             "ckb": ["لایەنی بەرپرس", "لایەنی سەرەکی"]},
    "partners": {"en": ["Partners", "Partner bodies"], "ar": ["الجهات الشريكة", "الشركاء"],
                 "ckb": ["هاوبەشەکان", "لایەنە هاوبەشەکان"]},
    "start": {"en": ["Start", "Start date"], "ar": ["تاريخ البدء", "البداية"],
              "ckb": ["دەستپێک", "ڕێکەوتی دەستپێک"]},
    "end": {"en": ["End", "End date"], "ar": ["تاريخ الانتهاء", "النهاية"],
            "ckb": ["کۆتایی", "ڕێکەوتی کۆتایی"]},
    "status": {"en": ["Status"], "ar": ["الحالة"], "ckb": ["دۆخ"]},
    "indicator": {"en": ["Indicator"], "ar": ["المؤشر", "مؤشر الأداء"], "ckb": ["نیشاندەر"]},
    "indicator_id": {"en": ["Indicator ID"], "ar": ["معرف المؤشر"], "ckb": ["ناسێنەری نیشاندەر"]},
    "type": {"en": ["Indicator type", "Type"], "ar": ["نوع المؤشر"], "ckb": ["جۆری نیشاندەر"]},
    "unit": {"en": ["Unit"], "ar": ["الوحدة", "وحدة القياس"], "ckb": ["یەکە"]},
    "baseline": {"en": ["Baseline"], "ar": ["خط الأساس"], "ckb": ["هێڵی بنەڕەت"]},
    "target": {"en": ["Target"], "ar": ["الهدف", "القيمة المستهدفة"], "ckb": ["ئامانج"]},
    "data_source": {"en": ["Data source", "Source of data"], "ar": ["مصدر البيانات"],
                    "ckb": ["سەرچاوەی داتا"]},
    "budget": {"en": ["Budget"], "ar": ["الميزانية", "الموازنة"], "ckb": ["بودجە"]},
    "currency": {"en": ["Currency"], "ar": ["العملة"], "ckb": ["دراو"]},
    "budget_source": {"en": ["Budget source", "Funding source"], "ar": ["مصدر التمويل"],
                      "ckb": ["سەرچاوەی بودجە"]},
}
# words for the status and indicator-type cells (ids are accepted too)
STATUS_WORDS = {
    "planned": ["planned", "not started", "مخطط", "مخطط له", "لم يبدأ", "پلانی بۆ داندراوە"],
    "in-progress": ["in progress", "ongoing", "قيد التنفيذ", "جاري", "لە جێبەجێکردندایە"],
    "completed": ["completed", "done", "منجز", "منفذ", "مكتمل", "تەواوکراوە"],
    "suspended": ["suspended", "معلق", "متوقف", "ڕاگیراوە"],
    "cancelled": ["cancelled", "canceled", "ملغى", "هەڵوەشێندراوەتەوە"],
}
TYPE_WORDS = {
    "structural": ["structural", "هيكلي", "پێکهاتەیی"],
    "process": ["process", "عملية", "إجرائي", "پرۆسە"],
    "outcome": ["outcome", "result", "نتيجة", "ناتج", "ئەنجام"],
}
DEFAULT_TYPE, DEFAULT_UNIT, DEFAULT_STATUS = "process", "number", "planned"
_LIST_SPLIT = re.compile(r"\s*[,;،؛\n]\s*")
_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)},
                         **{chr(0x06F0 + d): str(d) for d in range(10)},
                         "\u066b": ".", "\u066c": ",", "\u2013": "-", "\u2014": "-"})


def _key(text: str) -> str:
    return re.sub(r"[\s:*()\[\],،._-]+", " ", fold(clean_text(text))).strip()


_HEADER_INDEX = {_key(word): column for column, langs in HEADERS.items()
                 for words in langs.values() for word in words}


@dataclass
class Row:
    """One data row, with its cells by column (text, or a date for Excel date cells)."""

    number: int  # the row number in the file, for messages
    cells: dict[str, object] = field(default_factory=dict)

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = clean_text(str(value))
        # the apostrophe that export (safe_cell) puts before =, +, -, @ is not part of the value
        return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


@dataclass
class Matrix:
    name: str
    rows: list[Row]
    columns: list[str]
    language: str | None  # the language most headers were in


def read(path: Path) -> Matrix:
    """The data rows of an .xlsx or .csv plan matrix."""
    path = Path(path)
    raw = read_input(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        grid = _csv_grid(raw, path.name)
    elif suffix in (".xlsx", ".xlsm"):
        grid = _xlsx_grid(raw, path.name)
    else:
        raise UsageError(f"{path.name}: a plan matrix is an .xlsx or .csv file")
    return parse(grid, path.name)


def _csv_grid(raw: bytes, name: str) -> list[list]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{name}: the CSV file is not UTF-8; save it as 'CSV UTF-8'") from None
    return csv_rows(text, name)


def _xlsx_grid(raw: bytes, name: str) -> list[list]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise EnvironmentProblem("reading .xlsx files needs openpyxl: pip install 'nhrp[xlsx]' "
                                 "(or pip install openpyxl)") from None
    bound_office_file(raw, name, "xlsx")
    book = None
    try:  # openpyxl raises many kinds for a damaged file, some only while rows are read
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        return xlsxgrid.rows(book.worksheets[0], name)
    except UsageError:
        raise
    except Exception as exc:
        raise UsageError(f"{name}: not an Excel workbook that can be read "
                         f"({type(exc).__name__}: {exc})") from None
    finally:
        if book is not None:
            book.close()


def parse(grid: list[list], name: str) -> Matrix:
    header_at, columns = _find_header(grid, name)
    languages = [lang for column in columns if column for lang, words in
                 HEADERS[column[0]].items() if _key(column[1]) in {_key(w) for w in words}]
    language = max(set(languages), key=languages.count) if languages else None
    rows: list[Row] = []
    axis = None
    for offset, values in enumerate(grid[header_at + 1:], start=header_at + 2):
        cells = {}
        for i, value in enumerate(values):
            if i < len(columns) and columns[i] and value not in (None, ""):
                cells[columns[i][0]] = value
        if not cells:
            continue
        if "axis" in cells:
            axis = cells["axis"]
        elif axis is not None:
            cells["axis"] = axis  # merged (or left empty) below the axis cell
        rows.append(Row(offset, cells))
    return Matrix(name, rows, [c[0] for c in columns if c], language)


def _find_header(grid: list[list], name: str) -> tuple[int, list]:
    for at, values in enumerate(grid[:10]):
        columns = []
        for value in values:
            column = _HEADER_INDEX.get(_key(str(value))) if value not in (None, "") else None
            columns.append((column, str(value)) if column else None)
        found = [c[0] for c in columns if c]
        if len(found) >= 3:
            twice = sorted({c for c in found if found.count(c) > 1})
            if twice:
                raise UsageError(f"{name}:row {at + 1}: the column {twice[0]} appears twice")
            for needed in ("axis", "activity"):
                if needed not in found and not (needed == "activity" and "id" in found):
                    raise UsageError(f"{name}:row {at + 1}: no {needed} column (headers such as "
                                     f"{', '.join(HEADERS[needed]['en'] + HEADERS[needed]['ar'])})")
            return at, columns
    raise UsageError(f"{name}: no header row found in the first ten rows; the headers the plan "
                     "matrix needs include Axis/المحور/تەوەر and Activity/النشاط/چالاکی (see "
                     "docs/import-export.md)")


# --- cell values -----------------------------------------------------------------------------

def split_list(text: str) -> list[str]:
    """Items of a list cell: separated by commas (also the Arabic comma ،), semicolons (also
    ؛) or new lines."""
    return [item for item in (clean_text(x) for x in _LIST_SPLIT.split(text)) if item]


def paragraphs(text: str, where: str) -> list[str]:
    """Paragraph numbers or recommendation ids of a cell: ``127.5، 127.6``, Arabic-Indic
    digits (``١٢٧٫٥``), ranges ``127.5-127.8`` or ``127.5-8``; ids such as upr3-123.4 as they
    are."""
    out: list[str] = []
    for item in split_list(text.translate(_DIGITS)):
        item = item.replace(" ", "")
        if re.fullmatch(r"upr[0-9]+-[a-z0-9.]+", item, re.I):
            out.append(item.lower())
            continue
        ranged = re.fullmatch(r"([0-9]+)\.([0-9]+)-(?:([0-9]+)\.)?([0-9]+)", item)
        if ranged:
            head, first, other_head, last = ranged.groups()
            if (other_head and other_head != head) or int(last) < int(first) or \
                    int(last) - int(first) > 500:
                raise UsageError(f"{where}: '{item}' is not a range of paragraphs such as "
                                 "127.5-127.8")
            out += [f"{head}.{n}" for n in range(int(first), int(last) + 1)]
        elif re.fullmatch(r"[0-9]+(\.[0-9]+)+", item):
            out.append(item)
        else:
            raise UsageError(f"{where}: '{item}' is not a paragraph number such as 127.5 or a "
                             "recommendation id such as upr3-127.5")
    return list(dict.fromkeys(out))


def date_cell(value, where: str, *, end: bool = False) -> str | None:
    """An Excel date cell, or text: YYYY-MM-DD, DD/MM/YYYY, or a year alone (1 January, or
    31 December for an end date); Arabic-Indic digits are read."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean_text(str(value)).translate(_DIGITS)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value))
    try:
        if re.fullmatch(r"[0-9]{4}", text):
            return f"{text}-12-31" if end else f"{text}-01-01"
        if re.fullmatch(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", text):
            y, m, d = map(int, text.split("-"))
            return dt.date(y, m, d).isoformat()
        match = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})", text)
        if match:
            d, m, y = map(int, match.groups())
            return dt.date(y, m, d).isoformat()
    except ValueError:
        pass
    raise UsageError(f"{where}: '{value}' is not a date (write YYYY-MM-DD, DD/MM/YYYY or a "
                     "year, or use an Excel date cell)")


def number_cell(value, where: str) -> tuple[float | int, str | None] | None:
    """A number, optionally with a date: ``200``, ``200 (2025-12-31)`` or ``200@2025-12-31``."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (int(value) if float(value).is_integer() else value), None
    text = clean_text(str(value)).translate(_DIGITS).replace(",", "").lstrip("'")
    match = re.fullmatch(r"(-?[0-9]+(?:\.[0-9]+)?)\s*%?\s*(?:[@(]\s*([0-9][0-9/.-]+)\s*\)?)?",
                         text)
    if not match:
        raise UsageError(f"{where}: '{value}' is not a number (optionally with a date: "
                         "200 (2025-12-31))")
    number = float(match.group(1))
    when = date_cell(match.group(2), where) if match.group(2) else None
    return (int(number) if number.is_integer() else number), when


def word_cell(value: str, words: dict[str, list[str]], default: str, where: str,
              what: str) -> str:
    if not value:
        return default
    key = _key(value)
    for wanted, options in words.items():
        if key == _key(wanted) or key in {_key(o) for o in options}:
            return wanted
    raise UsageError(f"{where}: '{value}' is not a known {what} ({', '.join(words)})")
