"""Reading the answers to nhrp's forms as people actually receive them.

* KoboToolbox CSV: ``;`` by default, group paths joined by ``/`` (``grp/organisation``),
  metadata ``_uuid`` and ``_submission_time``; a select_multiple either as one column of
  space-separated names or one 1/0 column per choice (``files/death-penalty``).
* ODK Central / Briefcase CSV: ``,``, group paths joined by ``-``, ``meta-instanceID``
  (``uuid:…``) and ``SubmissionDate``.
* An .xlsx export of either (the main table on the first sheet), or an assessment sheet made by
  ``nhrp export assessment-sheet`` (nhrp.core.sheet).

Only the "XML values and headers" export can be read: a "labels" export names questions and
choices by their text in one language, which cannot be matched safely; it is refused with a
message that names the export setting. Contact details are never read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from nhrp.core import forms, sheet, xlsxgrid
from nhrp.core.answers import Answers, Row, cell_text
from nhrp.core.importers.common import bound_office_file, csv_rows
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError

MAX_BYTES = 50 * 1024 * 1024
SUBMISSION_COLUMNS = ("meta/instanceID", "meta-instanceID", "instanceID", "_uuid", "KEY")
DATE_COLUMNS = ("_submission_time", "SubmissionDate", "submissiondate", "today")
PARTICIPATION = (forms.ORGANISATION, forms.OTHER_NAME, forms.ANSWER, forms.FILES, forms.REASON)
_STATUS = re.compile(r"(?:^|[/.:-])(r_[a-z0-9_]+)_status\Z")
LABELS_EXPORT = ("it is an export with labels as headers, export the data again with 'Value "
                 "and header format: XML values and headers' (KoboToolbox: Data > Downloads; "
                 "ODK Central exports names already)")


def read(path: Path, plan) -> Answers:
    """The answers in ``path``, matched against the questions of the forms of ``plan``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EnvironmentProblem(f"cannot read the file: {exc.strerror}", path=str(path)) from None
    if size > MAX_BYTES:
        raise UsageError(f"the file is {size:,} bytes; nhrp reads exports up to {MAX_BYTES:,}",
                         path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        book = _open_book(path)
        if sheet.is_assessment_sheet(book):
            return sheet.read_back(book, path, plan)
        headers, rows = _first_sheet(book, str(path))
        return _match(path, "xlsx", headers, rows, plan)
    if suffix in (".csv", ".txt"):
        headers, rows, source = _csv(path)
        return _match(path, source, headers, rows, plan)
    raise UsageError("give a .csv or .xlsx export (KoboToolbox, ODK Central) or an assessment "
                     "sheet (.xlsx)", path=str(path))


def _open_book(path: Path):
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise EnvironmentProblem("reading .xlsx files needs openpyxl: pip install 'nhrp[xlsx]'") \
            from None
    data = path.read_bytes()
    bound_office_file(data, path.name, "xlsx")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidData(f"not a readable .xlsx workbook ({type(exc).__name__})",
                          path=str(path)) from None


def _first_sheet(book, name: str) -> tuple[list[str], list[list[str]]]:
    rows = [[cell_text(v) for v in row] for row in xlsxgrid.rows(book.worksheets[0], name)]
    if not rows:
        return [], []
    return rows[0], rows[1:]


def _csv(path: Path) -> tuple[list[str], list[list[str]], str]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidData(f"the file is not UTF-8 (byte {exc.start}); export it again from the "
                          "form server, or save it from Excel as 'CSV UTF-8'", path=str(path)) \
            from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv_rows(text, str(path), delimiter)
    if not rows:
        return [], [], "csv"
    headers = [h.strip() for h in rows[0]]
    odk = any(h in ("meta-instanceID", "SubmissionDate", "KEY") for h in headers)
    source = "odk-csv" if odk else "kobo-csv" if delimiter == ";" or "_uuid" in headers else "csv"
    return headers, [[c.strip() for c in r] for r in rows[1:]], source


GROUP_SEPARATORS = "/-.:"  # Kobo's default, ODK's, and what Kobo lets people choose


def locate(headers: list[str], names) -> dict[str, int]:
    """The column of each question name: the header itself, or a group path ending in it
    (``grp/name``, ``grp-name``); only a whole part matches (``status`` is not ``x_status``)."""
    found: dict[str, int] = {}
    for name in sorted(names, key=len):
        for i, header in enumerate(headers):
            if header == name or (header.endswith(name) and len(header) > len(name)
                                  and header[-len(name) - 1] in GROUP_SEPARATORS):
                found[name] = i
    return found


def _per_choice(headers: list[str], name: str) -> dict[str, int]:
    """Kobo's "one column per choice" select_multiple export: ``[grp/]files/<choice>``."""
    out = {}
    for i, header in enumerate(headers):
        head, sep, choice = header.rpartition("/")
        if sep and (head == name or head.endswith("/" + name)) and choice:
            out[choice] = i
    return out


def _meta(headers: list[str]) -> tuple[int | None, int | None]:
    submission = next((headers.index(c) for c in SUBMISSION_COLUMNS if c in headers), None)
    date = next((headers.index(c) for c in DATE_COLUMNS if c in headers), None)
    return submission, date


def submission_id(value: str) -> str:
    """``uuid:…`` whichever tool exported it (Kobo's ``_uuid`` has no prefix)."""
    value = value.strip()
    return value if value.startswith("uuid:") or not re.fullmatch(r"[0-9a-fA-F-]{32,36}", value) \
        else "uuid:" + value


def _match(path: Path, source: str, headers: list[str], rows: list[list[str]], plan) -> Answers:
    if not headers:
        raise InvalidData("the file is empty", path=str(path))
    recs = {forms.group_name(r): r for r in plan.recommendations}
    statuses = {m.group(1) for h in headers if (m := _STATUS.search(h))}
    columns = locate(headers, PARTICIPATION)
    if forms.ANSWER in columns:
        kind = "participation"
    elif statuses:
        kind = "assessment"
    else:
        raise InvalidData("no question of an nhrp form (organisation, answer, files, or the "
                          f"status of a recommendation) is in the header row; if {LABELS_EXPORT}",
                          path=str(path))
    sub_col, date_col = _meta(headers)
    if sub_col is None:
        raise InvalidData("no submission id column (_uuid, meta-instanceID or KEY); export the "
                          "data with its metadata columns", path=str(path))
    if forms.ORGANISATION not in columns:
        raise InvalidData(f"no '{forms.ORGANISATION}' column", path=str(path))
    answers = Answers(str(path), kind, "form", source)
    per_choice = _per_choice(headers, forms.FILES) if forms.FILES not in columns else {}
    parts: dict[str, dict[str, int]] = {}
    if kind == "assessment":
        wanted = [forms.question(recs[g], p) for g in sorted(statuses) if g in recs
                  for p in forms.PARTS]
        found = locate(headers, wanted)
        for group in sorted(statuses):
            if group not in recs:
                answers.problems.append((1, f"the question {group}_status names no recommendation "
                                            "of this plan"))
                continue
            parts[recs[group]] = {p: found[forms.question(recs[group], p)] for p in forms.PARTS
                                  if forms.question(recs[group], p) in found}
    for number, cells in enumerate(rows, start=2):
        if not any(cells):
            continue

        def get(col: int | None) -> str:
            return cells[col] if col is not None and col < len(cells) else ""

        submission = submission_id(get(sub_col))
        if not submission:
            answers.problems.append((number, "no submission id"))
            continue
        values: dict = {"organisation": get(columns.get(forms.ORGANISATION))}
        if kind == "participation":
            values.update({k: get(columns.get(k)) for k in (forms.OTHER_NAME, forms.ANSWER,
                                                            forms.REASON)})
            if per_choice:
                values[forms.FILES] = [c for c, i in sorted(per_choice.items())
                                       if get(i) in ("1", "True", "true")]
            else:
                values[forms.FILES] = get(columns.get(forms.FILES)).split()
        else:
            values["items"] = [{"recommendation": rec, **{p: get(i) for p, i in cols.items()}}
                               for rec, cols in parts.items()]
        answers.rows.append(Row(number, submission, get(date_col)[:10] or None, values))
    return answers
