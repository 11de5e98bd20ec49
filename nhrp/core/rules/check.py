"""Checking records: one file on its own (:func:`check_file`, the per-file result that the
validation cache keeps), or a whole set of parsed records (:func:`check_loaded`, what the
writing commands run before they write). Both apply the same rules; neither reads files."""

from __future__ import annotations

import datetime as dt

from nhrp.core import yamlio
from nhrp.core.plan import Loaded, parse
from nhrp.core.rules import Problem
from nhrp.core.rules.dates import date_fields, future_dates, past_only
from nhrp.core.rules.record import record_rules
from nhrp.core.rules.references import cross_file
from nhrp.core.schemas import schema_problems

_DROPPED = ("notes", "evidence")


def check_file(path: str, raw: bytes) -> tuple:
    """Everything about one file that does not depend on other files or on today's date:
    ``(kind, data for the cross-file rules or None, problems as tuples, past-only dates)``.
    Problems carry their line and column already. Runs in worker processes; results are cached."""
    item = parse(path, raw)
    if item.problem is not None:
        p = item.problem
        return item.kind, None, [(p.code, p.message, (), p.line, p.column)], []
    text = raw.decode("utf-8-sig")  # parse() has checked that it decodes
    dates = date_fields(item.data)
    problems = schema_problems(item.kind, item.data, item.path) + record_rules(item, text, dates)
    locate(problems, text)
    return (item.kind, projection(item.kind, item.data),
            [(p.code, p.message, p.json_path, p.line, p.column) for p in problems],
            past_only(dates))


def check_loaded(loaded: list[Loaded], *, today: dt.date, only: set[str] | None = None,
                 texts: dict[str, str] | None = None) -> list[Problem]:
    """All checks over already-parsed records (used to validate a change before writing it):
    per-record for ``only`` (default all), cross-file for all, reported in ``only``. Problems
    in a file whose text is in ``texts`` (what is about to be written) get its line and
    column, as ``validate`` would report them; the others have none."""
    texts = texts or {}
    problems: list[Problem] = []
    for item in loaded:
        if only is not None and item.path not in only:
            continue
        if item.problem is not None:
            problems.append(item.problem)
        else:
            text = texts.get(item.path)
            problems += schema_problems(item.kind, item.data, item.path)
            problems += record_rules(item, text)
            problems += future_dates(item.path, past_only(date_fields(item.data)), today)
    problems += [p for p in cross_file(loaded) if only is None or p.path in only]
    for path, text in texts.items():
        locate([p for p in problems if p.path == path], text)
    return problems


def projection(kind: str, data: dict) -> dict:
    """What the cross-file rules and the index (``plan.load_index``: status, list) read. Notes,
    evidence and the summaries of monitoring entries are left out, which keeps the cache and
    the data passed between processes small; recommendations keep their texts for search."""
    if kind in ("plan", "themes", "sdgs", "participation"):
        return data
    out = {}
    for key, value in data.items():
        if key in _DROPPED:
            continue
        if kind == "monitoring-entry" and key == "summary" and isinstance(value, dict):
            value = dict.fromkeys(value, "")
        out[key] = value
    return out


def locate(problems: list[Problem], text: str | None) -> None:
    """Fill in line:column from each problem's place in the data (1:1 without the text)."""
    for p in problems:
        if p.line:
            continue
        if text is None:
            p.line, p.column = 1, 1
            continue
        pos = yamlio.locate(text, p.json_path, key=p.at_key)
        p.line, p.column = pos.line, pos.column
        if p.quote_hint and pos.source is not None:
            p.message += f"; write it in quotes: '{pos.source}'"
