"""Rules on one record that depend on nothing else, not even today's date: the id is the
file name (R301), an entry is where its recommendation and author say (R310), text hygiene
(T5xx), dates that exist and come in order (D401, D403), and the activities' own rules."""

from __future__ import annotations

import re

from nhrp.core import layout
from nhrp.core.plan import Loaded
from nhrp.core.rules import Problem, activities
from nhrp.core.rules.dates import date_fields, date_problems, order, parse_date
from nhrp.core.rules.text import text_hygiene


def record_rules(item: Loaded, text: str | None = None,
                 dates: list[tuple] | None = None) -> list[Problem]:
    """``text``, the file as written, lets clean files skip the per-string text checks;
    ``dates`` are its date fields when the caller has them already."""
    out: list[Problem] = []
    data, path, kind = item.data, item.path, item.kind
    if kind in ("actor", "recommendation", "activity") and isinstance(data.get("id"), str):
        expected = layout.stem(path)
        if data["id"] != expected:
            out.append(Problem(path, "R301", f"id '{data['id']}' differs from the file name "
                               f"'{expected}.yaml'; rename the file or fix the id", ("id",)))
    if kind == "monitoring-entry":
        out += _entry_location(item)
    if kind in ("activity", "measurement"):
        out += activities.record_rules(item)
    out += text_hygiene(path, data, text)
    dates = date_fields(data) if dates is None else dates
    out += [p for at, value in dates for p in date_problems(path, value, at)]
    if kind == "recommendation":
        assignments = data.get("assignments")
        for i, a in enumerate(assignments if isinstance(assignments, list) else []):
            if isinstance(a, dict):
                out += order(path, ("assignments", i), a.get("assigned_on"), a.get("due"),
                             "due date", "assignment date")
    if kind == "plan" and isinstance(data.get("period"), dict):
        period = data["period"]
        out += order(path, ("period",), period.get("start"), period.get("end"), "period end",
                     "period start")
    return out


def _entry_location(item: Loaded) -> list[Problem]:
    data, path = item.data, item.path
    folder = path.split("/")[-2]
    out = []
    rec = data.get("recommendation")
    if isinstance(rec, str) and rec != folder:
        out.append(Problem(path, "R310", f"entry for '{rec}' is in the folder of '{folder}'; move "
                           f"it to data/monitoring/{rec}/", ("recommendation",)))
    stem = layout.stem(path)
    match = layout.ENTRY_STEM.match(stem)
    as_of, by = data.get("as_of"), data.get("by")
    if isinstance(as_of, str) and isinstance(by, str) and parse_date(as_of) and layout.SLUG.match(by):
        expected = f"{as_of}-{by}"
        if not match or not (stem == expected or re.fullmatch(re.escape(expected) + r"-[0-9]+", stem)):
            if match and match.group("by") != by:  # which one is right is not known here: a
                # typo in 'by' must not be suggested as the new file name
                out.append(Problem(path, "R310", f"the file name says the entry is by "
                                   f"'{match.group('by')}' but by: says '{by}'; make them agree "
                                   "(fix by: if it has a typo, else rename the file)", ("by",)))
            else:
                out.append(Problem(path, "R310", f"file name should be {expected}.yaml (as_of "
                                   "date, then the assessing actor)", ()))
    return out


def unknown_file_hint(path: str) -> str:
    if path.endswith(".yml"):
        return "unknown file: plan files end in .yaml, not .yml"
    return ("unknown file: data/ holds actors/, recommendations/, monitoring/<recommendation>/, "
            "activities/, measurements/<activity>/<indicator>/, vocabularies/themes.yaml, "
            "vocabularies/sdgs.yaml, participation.yaml and Markdown notes")
