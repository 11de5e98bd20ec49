"""What is derived from activities and measurements: an activity's details (``nhrp show``),
whether it is late, and each indicator's series of values with superseded values left out."""

from __future__ import annotations

import datetime as dt

from nhrp.core.names import NotFound, natural_key
from nhrp.core.plan import Measurement, Plan

CLOSED = ("completed", "cancelled")


def is_late(activity: dict, day: dt.date) -> bool:
    """Its end date has passed and it is neither completed nor cancelled."""
    return str(activity.get("end", "9999")) < day.isoformat() and \
        activity.get("status") not in CLOSED


def series(plan: Plan, activity_id: str, indicator_id: str,
           until: str | None = None) -> list[Measurement]:
    """The values of one indicator in as-of order (up to ``until``), without those a later
    measurement supersedes."""
    found = [m for m in plan.measurements.get((activity_id, indicator_id), [])
             if until is None or m.as_of <= until]
    superseded = {m.supersedes for m in found if m.supersedes}
    return [m for m in found if m.id not in superseded]


def linked_activities(plan: Plan, rec_id: str) -> list[dict]:
    """The activities that implement a recommendation: id, axis, title, status."""
    return [{"id": a_id, "axis": act.get("axis"), "title": act.get("title", {}),
             "status": act.get("status")}
            for a_id, act in sorted(plan.activities.items())
            if rec_id in (act.get("recommendations") or [])]


def details(plan: Plan, activity_id: str, today: dt.date) -> dict:
    """Everything about one activity: its record, its recommendations (with their response)
    and every indicator's series."""
    if activity_id not in plan.activities:
        raise NotFound("activity", activity_id, sorted(plan.activities))
    act = plan.activities[activity_id]
    axes = {a.get("id"): a.get("names", {}) for a in plan.meta.get("axes") or []}
    recs = []
    for rec_id in sorted(act.get("recommendations") or [], key=natural_key):
        rec = plan.recommendations.get(rec_id, {})
        recs.append({"id": rec_id, "response": rec.get("response"),
                     "summary": rec.get("summary") or rec.get("text") or {},
                     "reason": (act.get("unsupported_reasons") or {}).get(rec_id)})
    indicators = []
    for ind in act.get("indicators") or []:
        values = series(plan, activity_id, ind["id"])
        indicators.append({**ind, "measurements": [
            {"id": m.id, "value": m.data["value"], "unit": m.data.get("unit"),
             "as_of": m.as_of, "by": m.data.get("by"), "source": m.data.get("source"),
             "supersedes": m.supersedes} for m in values],
            "latest": values[-1].data["value"] if values else None})
    return {"id": activity_id, "kind": "activity", "axis": act.get("axis"),
            "axis_names": axes.get(act.get("axis"), {}), "title": act.get("title", {}),
            "lead": act.get("lead"), "partners": act.get("partners", []),
            "start": act.get("start"), "end": act.get("end"), "status": act.get("status"),
            "late": is_late(act, today), "budget": act.get("budget"),
            "recommendations": recs, "indicators": indicators}
