"""``nhrp review``: the plan's six-monthly (``2024-H1``) or annual (``2024``) review, as data.

Records count in the period of their *as-of* date, as the plan holds them now (or at the
revision given): an entry recorded in July about June belongs to the first half. Per axis: the
activities that started, finished (completed, with an end date in the period) or are late at the
period's end; each indicator's latest value by then against its baseline and target. Then the
assessments received in the period, the divergences between self-reported and independent
status opened and closed in it, and the supported recommendations no activity implements.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import NamedTuple

from nhrp.core.rules.activities import SUPPORTED
from nhrp.core.activity_view import is_late, series
from nhrp.core.analysis import analyze
from nhrp.core.names import natural_key
from nhrp.core.plan import Plan
from nhrp.core.report_data import text_in
from nhrp.core.sides import side_of
from nhrp.core.textfold import fold
from nhrp.errors import UsageError

_PERIOD = re.compile(r"([0-9]{4})(?:-H([12]))?\Z")


class Period(NamedTuple):
    label: str
    start: dt.date
    end: dt.date
    half: int | None  # 1, 2, or None for a whole year

    def holds(self, iso: str | None) -> bool:
        return isinstance(iso, str) and self.start.isoformat() <= iso <= self.end.isoformat()


def parse_period(value: str) -> Period:
    """``2024-H1`` (January–June), ``2024-H2`` (July–December) or ``2024`` (the year)."""
    match = _PERIOD.match(fold(value.strip()).upper())  # ٢٠٢٤-h1 as 2024-H1
    if not match:
        raise UsageError(f"--period {value!r}: write YYYY-H1, YYYY-H2 or YYYY, e.g. 2024-H1")
    year, half = int(match.group(1)), match.group(2)
    if half is None:
        return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), None)
    if half == "1":
        return Period(f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30), 1)
    return Period(f"{year}-H2", dt.date(year, 7, 1), dt.date(year, 12, 31), 2)


def _entries_until(plan: Plan, day: str) -> Plan:
    """The plan with only the monitoring entries as of ``day`` or earlier."""
    return dataclasses.replace(plan, entries={
        rec: kept for rec, entries in plan.entries.items()
        for kept in [[e for e in entries if e.as_of <= day]] if kept})


def _divergences(plan: Plan, day: dt.date) -> dict[tuple, dict]:
    analysis = analyze(_entries_until(plan, day.isoformat()), day)
    return {(x.id, d["duty_bearer"]): {"id": x.id, **d}
            for x in analysis.facts.values() for d in x.divergences}


def build(plan: Plan, period: Period, *, today: dt.date, lang: str, revision: dict) -> dict:
    if period.start > today:
        raise UsageError(f"the period {period.label} has not begun (today is {today})")
    judged = min(period.end, today)
    end = judged.isoformat()
    axes = [a for a in plan.meta.get("axes") or [] if isinstance(a, dict)]
    by_axis: dict[str, list] = {a["id"]: [] for a in axes}
    for act_id in sorted(plan.activities):
        act = plan.activities[act_id]
        by_axis.setdefault(act.get("axis"), []).append(_activity(plan, act_id, act, period,
                                                                 judged, lang))
    names = {a["id"]: a.get("names") for a in axes}
    axis_rows = [{"id": axis, "name": text_in(names.get(axis), lang, axis),
                  "activities": acts,
                  "started": sum(a["started"] for a in acts),
                  "finished": sum(a["finished"] for a in acts),
                  "late": sum(a["late"] for a in acts)}
                 for axis, acts in by_axis.items()]
    received = sorted((e for e in plan.all_entries() if period.holds(e.as_of)),
                      key=lambda e: (e.as_of, natural_key(e.recommendation), e.id))
    before = _divergences(plan, period.start - dt.timedelta(days=1))
    after = _divergences(plan, judged)
    linked = {r for act in plan.activities.values() for r in act.get("recommendations") or []}
    gaps = [{"id": r, "summary": text_in(rec.get("summary") or rec.get("text"), lang, r)}
            for r, rec in sorted(plan.recommendations.items(), key=lambda kv: natural_key(kv[0]))
            if rec.get("response") in SUPPORTED and r not in linked]
    meta = plan.meta
    return {
        "lang": lang,
        "simulated": bool(meta.get("simulated")),
        "plan": {"id": meta.get("id"), "name": text_in(meta.get("name"), lang, meta.get("id", "")),
                 "state": text_in((meta.get("state") or {}).get("name"), lang,
                                  (meta.get("state") or {}).get("code", "")),
                 "period": meta.get("period", {})},
        "period": {"label": period.label, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "half": period.half,
                   "year": period.start.year, "judged_on": end},
        "today": today.isoformat(),
        "revision": revision,
        "scale": [{"id": step["id"], "name": text_in(step.get("names"), lang, step["id"])}
                  for step in meta.get("status_scale") or []],
        "axes": axis_rows,
        "assessments": [{"id": e.recommendation, "entry": e.id, "by": e.by,
                         "by_name": text_in((plan.actors.get(e.by) or {}).get("names"), lang,
                                            e.by),
                         "side": side_of(plan.actors.get(e.by)), "duty_bearer": e.duty_bearer,
                         "status": e.status, "as_of": e.as_of} for e in received],
        "divergences": {"opened": [after[k] for k in sorted(set(after) - set(before))],
                        "closed": [before[k] for k in sorted(set(before) - set(after))]},
        "without_activity": gaps,
        "unreadable_files": len(plan.unreadable),
    }


def _activity(plan: Plan, act_id: str, act: dict, period: Period, judged: dt.date,
              lang: str) -> dict:
    indicators = []
    for ind in act.get("indicators") or []:
        values = series(plan, act_id, ind["id"], until=judged.isoformat())
        latest = values[-1] if values else None
        indicators.append({
            "id": ind["id"], "type": ind["type"], "unit": ind["unit"],
            "description": text_in(ind.get("description"), lang, ind["id"]),
            "baseline": ind.get("baseline"), "target": ind.get("target"),
            "latest": {"value": latest.data["value"], "as_of": latest.as_of,
                       "by": latest.data.get("by")} if latest else None,
            "in_period": sum(period.holds(m.as_of) for m in values),
            "series": [{"as_of": m.as_of, "value": m.data["value"]} for m in values]})
    return {"id": act_id, "title": text_in(act.get("title"), lang, act_id),
            "lead": act.get("lead"),
            "lead_name": text_in((plan.actors.get(act.get("lead")) or {}).get("names"), lang,
                                 str(act.get("lead"))),
            "start": act.get("start"), "end": act.get("end"), "status": act.get("status"),
            "started": period.holds(act.get("start")),
            "finished": act.get("status") == "completed" and period.holds(act.get("end")),
            "late": is_late(act, judged),
            "recommendations": sorted(act.get("recommendations") or [], key=natural_key),
            "indicators": indicators}
