"""Dates (D401 impossible, D402 in the future, D403 out of order) and where a record holds
them. D402 alone depends on today's date, so it is judged apart from the cached checks."""

from __future__ import annotations

import datetime as dt
import re

from nhrp.core.rules import Problem, json_path_text

DATE_FIELDS = {"as_of", "assigned_on", "due", "since", "start", "end", "review_date", "date",
               "on"}
PAST_DATE_FIELDS = {"as_of", "assigned_on", "review_date", "since", "on"}  # on: invited, answered
TEXT_MAPS = ("names", "summary", "text", "description")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def date_fields(data: dict) -> list[tuple]:
    """(place, value) of every date field. Only mappings (and lists of mappings) are walked:
    texts and lists of plain values never hold a date field."""
    out, stack = [], [(data, ())]
    while stack:
        node, at = stack.pop()
        for key, value in node.items():
            if isinstance(value, str):
                if key in DATE_FIELDS:
                    out.append((at + (key,), value))
            elif isinstance(value, dict):
                if key not in TEXT_MAPS:
                    stack.append((value, at + (key,)))
            elif isinstance(value, list):
                stack.extend((item, at + (key, i)) for i, item in enumerate(value)
                             if isinstance(item, dict))
    return out


def past_only(dates: list[tuple]) -> list[tuple]:
    """The dates that must not lie in the future (D402), as (place, value)."""
    return [(at, value) for at, value in dates if at[-1] in PAST_DATE_FIELDS and parse_date(value)]


def future_dates(path: str, past_dates: list, today: dt.date) -> list[Problem]:
    limit = today.isoformat()
    return [Problem(path, "D402", f"{json_path_text(tuple(at))}: {value} is in the future (today "
                    f"is {limit}); record what has happened, as of today or earlier", tuple(at))
            for at, value in past_dates if value > limit]


def parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def date_problems(path: str, value: str, at: tuple) -> list[Problem]:
    if not _DATE.match(value):
        return []  # the schema reports the form
    if parse_date(value) is None:
        return [Problem(path, "D401", f"{json_path_text(at)}: {value} is not a date in the "
                        "calendar", at)]
    return []


def order(path, at, start, end, end_name, start_name) -> list[Problem]:
    first, last = parse_date(start), parse_date(end)
    if first and last and last < first:
        return [Problem(path, "D403", f"{json_path_text(at)}: {end_name} {end} is before the "
                        f"{start_name} {start}", at + (("due",) if end_name == "due date" else ("end",)))]
    return []
