"""Answers received for nhrp's forms, whatever file they came in (a form server's export or an
assessment sheet): the rows :mod:`nhrp.core.responses` and :mod:`nhrp.core.sheet` read, and
``nhrp import responses`` imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Row:
    """One answer: the row number as a spreadsheet shows it (header = row 1) and its values."""

    number: int
    submission: str
    submitted_on: str | None
    values: dict = field(default_factory=dict)


@dataclass
class Answers:
    file: str
    kind: str  # participation | assessment
    via: str  # form | sheet
    source: str  # kobo-csv, odk-csv, xlsx, assessment-sheet
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row, problem)
    organisation: str | None = None  # an assessment sheet is for one organisation


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
