"""Writing the plan's own activities and their measurements: ``nhrp activity add|indicator|
link|unlink`` and ``nhrp measure``. Same path as every writing command (:mod:`nhrp.core.edit`):
lock, re-read, validate the change with the whole plan, write atomically, optionally commit.
Measurements are only ever created, never rewritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nhrp.core import layout
from nhrp.core.edit import (Change, _copy, _finish, _require, apply_updates, history_path,
                            writing)
from nhrp.core.edit import guess_language
from nhrp.core.importers.planmatrix import number_cell
from nhrp.core.names import NotFound
from nhrp.errors import UsageError

STATUSES = ("planned", "in-progress", "completed", "suspended", "cancelled")
INDICATOR_TYPES = ("structural", "process", "outcome")


def number(text: str, what: str) -> int | float:
    """A number as a clerk types it, as in the plan matrix: ``120``, ``12.5``, ``1,500``, or
    in Arabic-Indic digits ``١٢٠`` / ``١٢٫٥``. Never NaN or infinity."""
    try:
        parsed = number_cell(str(text), what)
    except UsageError:
        parsed = None
    if parsed is None or parsed[1] is not None:
        raise UsageError(f"{what} {text!r} is not a number (write e.g. 120, 12.5 or ١٢٠)")
    return parsed[0]


def _point(value: str | None, what: str) -> dict | None:
    """``VALUE@YYYY-MM-DD`` as ``{value, date}``."""
    if value is None:
        return None
    amount, _, date = value.partition("@")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"{what} {value!r}: write VALUE@YYYY-MM-DD, e.g. 200@2025-12-31") \
            from None
    return {"value": number(amount, what), "date": date}


def add(root: Path, activity_id: str, *, axis: str, title: str, lang: str | None, lead: str,
        partners: list[str], start: str, end: str, recommendations: list[str],
        status: str = "planned", budget: dict | None = None, today: dt.date,
        do_commit: bool = False) -> Change:
    path = layout.activity_path(activity_id)
    if status not in STATUSES:
        raise UsageError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    if not title.strip():
        raise UsageError("--title must not be empty")
    with writing(root, do_commit) as (loaded, plan):
        if activity_id in plan.activities or (root / path).exists():
            raise UsageError(f"activity {activity_id} exists already ({path}); change it with "
                             "'nhrp activity link' or by editing the file")
        _require(plan, "axis", axis, [a["id"] for a in plan.meta.get("axes") or []])
        for actor in (lead, *partners):
            _require(plan, "actor", actor, plan.actors)
        for rec_id in recommendations:
            _require(plan, "recommendation", rec_id, plan.recommendations)
        record = {"id": activity_id, "axis": axis,
                  "title": {lang or guess_language(title, plan.languages): title.strip()}}
        if recommendations:
            record["recommendations"] = list(dict.fromkeys(recommendations))
        record["lead"] = lead
        if partners:
            record["partners"] = list(dict.fromkeys(partners))
        record.update({"start": start, "end": end, "status": status})
        if budget:
            record["budget"] = budget
        written = apply_updates(root, loaded, {path: ("activity", record)}, today=today)
        return _finish(root, Change(written, [], f"Add activity {activity_id} ({axis})"),
                       do_commit)


def add_indicator(root: Path, activity_id: str, indicator_id: str, *, type_: str, unit: str,
                  description: str, lang: str | None, baseline: str | None,
                  target: str | None, data_source: str | None, today: dt.date,
                  do_commit: bool = False) -> Change:
    layout.check_slug(indicator_id, "indicator id")
    if type_ not in INDICATOR_TYPES:
        raise UsageError(f"--type must be one of {', '.join(INDICATOR_TYPES)}, not {type_!r}")
    with writing(root, do_commit) as (loaded, plan):
        _require(plan, "activity", activity_id, plan.activities)
        record = _copy(plan.activities[activity_id])
        indicators = record.setdefault("indicators", [])
        if any(i["id"] == indicator_id for i in indicators):
            raise UsageError(f"{activity_id} has an indicator {indicator_id} already")
        indicator = {"id": indicator_id, "type": type_,
                     "description": {lang or guess_language(description, plan.languages):
                                     description.strip()},
                     "unit": unit}
        for key, value in (("baseline", _point(baseline, "--baseline")),
                           ("target", _point(target, "--target"))):
            if value:
                indicator[key] = value
        if data_source:
            indicator["data_source"] = data_source
        indicators.append(indicator)
        written = apply_updates(root, loaded, {plan.activity_paths[activity_id]:
                                               ("activity", record)}, today=today)
        return _finish(root, Change(written, [], f"Add indicator {indicator_id} to "
                                    f"{activity_id}"), do_commit)


def link(root: Path, activity_id: str, rec_ids: list[str], *, reason: str | None = None,
         unlink: bool = False, today: dt.date, do_commit: bool = False) -> Change:
    """Add (or with ``unlink`` remove) recommendations of an activity. ``reason`` says why the
    plan acts on a recommendation the State did not support (rule A706)."""
    with writing(root, do_commit) as (loaded, plan):
        _require(plan, "activity", activity_id, plan.activities)
        record = _copy(plan.activities[activity_id])
        linked = record.get("recommendations") or []
        reasons = record.get("unsupported_reasons") or {}
        unchanged = []
        for rec_id in dict.fromkeys(rec_ids):
            if unlink:
                if rec_id not in linked:
                    unchanged.append(rec_id)
                linked = [r for r in linked if r != rec_id]
                reasons.pop(rec_id, None)
                continue
            _require(plan, "recommendation", rec_id, plan.recommendations)
            response = plan.recommendations[rec_id].get("response")
            if response not in ("supported", "partially-supported") and rec_id not in reasons:
                if not reason:
                    raise UsageError(f"{rec_id} was {response}, not supported: say why the plan "
                                     "acts on it with --reason TEXT")
                reasons[rec_id] = reason.strip()
            if rec_id in linked:
                unchanged.append(rec_id)
            else:
                linked.append(rec_id)
        for key, value in (("recommendations", linked), ("unsupported_reasons", reasons)):
            if value:
                record[key] = value
            else:
                record.pop(key, None)
        written = apply_updates(root, loaded, {plan.activity_paths[activity_id]:
                                               ("activity", record)}, today=today)
        verb = "Unlink" if unlink else "Link"
        change = Change(written, unchanged, f"{verb} {', '.join(rec_ids)} "
                        f"{'from' if unlink else 'to'} activity {activity_id}")
        return _finish(root, change, do_commit)


def measure(root: Path, activity_id: str, indicator_id: str, *, value: str, as_of: str,
            by: str, source: str, supersedes: str | None = None, today: dt.date,
            do_commit: bool = False) -> Change:
    """Record one value of an indicator, in the indicator's unit."""
    if not source.strip():
        raise UsageError("--source must say where the value comes from")
    with writing(root, do_commit) as (loaded, plan):
        _require(plan, "activity", activity_id, plan.activities)
        indicators = {i["id"]: i for i in plan.activities[activity_id].get("indicators") or []}
        if indicator_id not in indicators:
            raise NotFound(f"indicator of {activity_id}", indicator_id, sorted(indicators))
        _require(plan, "actor", by, plan.actors)
        if supersedes:
            _require(plan, "measurement", supersedes,
                     [m.id for m in plan.measurements.get((activity_id, indicator_id), [])])
        unit = indicators[indicator_id]["unit"]
        record = {"activity": activity_id, "indicator": indicator_id,
                  "value": number(value, "--value"), "unit": unit,
                  "as_of": as_of, "by": by, "source": source.strip()}
        if supersedes:
            record["supersedes"] = supersedes
        path = history_path(root, layout.measurement_folder(activity_id, indicator_id), as_of,
                            by)
        written = apply_updates(root, loaded, {path: ("measurement", record)}, today=today,
                                new_files=True)
        change = Change(written, [], f"Measure {activity_id}/{indicator_id}: {record['value']} "
                        f"{unit} as of {as_of} (by {by})")
        return _finish(root, change, do_commit)
