"""Exports of nhrp's forms as KoboToolbox and ODK Central write them, made from the XLSForm
that ``nhrp form build`` wrote (its survey sheet gives the question names and groups), with
the layouts described in /work/shared/samples/forms/README.md: Kobo CSV ``;`` with group
paths joined by ``/`` and ``_uuid``/``_submission_time`` columns; ODK CSV ``,`` with ``-`` and
``meta-instanceID``/``SubmissionDate``/``KEY``; XLSX with the main table on the first sheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "_tags", "_index"]
ODK_META = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
            "ReviewState"]


def questions(form: Path) -> list[tuple[str, ...]]:
    """Each exported question of the form as its group path (groups..., name)."""
    sheet = load_workbook(form)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    groups: list[str] = []
    out = []
    for row in rows[1:]:
        kind, name = row[head.index("type")], row[head.index("name")]
        if kind in ("begin_group", "begin group"):
            groups.append(name)
        elif kind in ("end_group", "end group"):
            groups.pop()
        elif kind != "note":
            out.append((*groups, name))
    return out


def kobo_table(form: Path, answers: list[dict], *, per_choice: dict | None = None):
    """Header and rows of a Kobo export; ``answers``: {name: value, '_uuid': ..., 'date': ...}.
    ``per_choice`` {question: [choices]} exports those select_multiple as 1/0 columns."""
    per_choice = per_choice or {}
    header, cols = [], []
    for path in questions(form):
        name = path[-1]
        if name in per_choice:
            for choice in per_choice[name]:
                header.append("/".join(path) + "/" + choice)
                cols.append((name, choice))
        else:
            header.append("/".join(path))
            cols.append((name, None))
    header += KOBO_META
    rows = []
    for n, a in enumerate(answers, start=1):
        row = []
        for name, choice in cols:
            value = a.get(name, "")
            row.append(("1" if choice in value.split() else "0") if choice else value)
        row += [str(1000 + n), a["uuid"], a["date"] + "T10:00:00", "",
                "[]", "submitted_via_web", "", "[]", str(n)]
        rows.append(row)
    return header, rows


def odk_table(form: Path, answers: list[dict]):
    header = ["SubmissionDate"] + ["-".join(p) for p in questions(form)] + ODK_META
    names = [p[-1] for p in questions(form)]
    rows = [[a["date"] + "T10:00:00.000Z"] + [a.get(name, "") for name in names]
            + ["uuid:" + a["uuid"], "uuid:" + a["uuid"], "5", "collector", "0", ""]
            for a in answers]
    return header, rows


def write_csv(path: Path, header, rows, delimiter: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, header, rows) -> Path:
    book = Workbook()
    book.active.title = "form"
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
