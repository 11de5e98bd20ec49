"""What a change to the plan *means*: two plans in, a summary of the domain changes out.

Pure data, no git: ``nhrp diff`` loads the two sides (a commit, a date, the working tree) and
hands them here. Derived facts (current status, divergence, overdue) come from
:func:`nhrp.core.analysis.analyze` on both sides, judged on the same day, so a change in them is
a change in the data, not in the calendar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from nhrp.core import layout
from nhrp.core.analysis import Analysis, analyze
from nhrp.core.names import natural_key
from nhrp.core.plan import Plan
from nhrp.core.sides import side_of


def _assignment_key(a: dict) -> tuple[str, str]:
    return (str(a.get("actor")), str(a.get("duty_bearer")))


def _assignments(rec: dict) -> dict[tuple[str, str], dict]:
    return {_assignment_key(a): a for a in rec.get("assignments") or [] if isinstance(a, dict)}


def _ids(ids) -> list[str]:
    return sorted(ids, key=natural_key)


def _without_unreadable(plan: Plan, skip_recs: set, skip_entries: set) -> Plan:
    """A copy of ``plan`` without the records whose file could not be read on either side."""
    return dataclasses.replace(
        plan,
        recommendations={k: v for k, v in plan.recommendations.items() if k not in skip_recs},
        entries={rec: [e for e in entries if e.path not in skip_entries]
                 for rec, entries in plan.entries.items() if rec not in skip_recs})


def compare(base: Plan, head: Plan, today: dt.date) -> dict:
    """The domain changes from ``base`` to ``head`` (see docs/history.md for each field).
    A record whose file cannot be read on either side is left out of the comparison and the
    file is listed under ``unreadable``: a broken file is not a withdrawn recommendation."""
    broken = [p.path for p in base.unreadable + head.unreadable]
    skip_recs = {layout.stem(p) for p in broken if layout.kind_of(p) == "recommendation"}
    skip_entries = {p for p in broken if layout.kind_of(p) == "monitoring-entry"}
    base_all, head_all = base, head
    base = _without_unreadable(base, skip_recs, skip_entries)
    head = _without_unreadable(head, skip_recs, skip_entries)
    a, b = analyze(base, today), analyze(head, today)
    old, new = base.recommendations, head.recommendations
    common = _ids(set(old) & set(new))
    result = {
        "today": today.isoformat(),
        "recommendations": {
            "added": _ids(set(new) - set(old)),
            "removed": _ids(set(old) - set(new)),
            "response_changed": [{"id": r, "from": old[r].get("response"),
                                  "to": new[r].get("response")}
                                 for r in common if old[r].get("response") != new[r].get("response")],
            "edited": [{"id": r, "fields": fields} for r in common
                       for fields in [sorted(k for k in set(old[r]) | set(new[r])
                                             if k not in ("assignments", "response")
                                             and old[r].get(k) != new[r].get(k))] if fields],
        },
        "assignments": _assignment_changes(old, new),
        "entries": _entry_changes(base, head),
        "status_changes": _status_changes(a, b),
        "divergences": _keyed_changes(
            {(f.id, d["duty_bearer"]): {"id": f.id, **d} for f in a.facts.values()
             for d in f.divergences},
            {(f.id, d["duty_bearer"]): {"id": f.id, **d} for f in b.facts.values()
             for d in f.divergences}, "opened", "closed"),
        "overdue": _keyed_changes(
            {(f.id, o["actor"], o["duty_bearer"]): {"id": f.id, **o} for f in a.facts.values()
             for o in f.overdue},
            {(f.id, o["actor"], o["duty_bearer"]): {"id": f.id, **o} for f in b.facts.values()
             for o in f.overdue}, "appeared", "resolved"),
        "actors": {"added": sorted(set(head.actors) - set(base.actors)),
                   "removed": sorted(set(base.actors) - set(head.actors))},
        "activities": _record_changes(base.activities, head.activities),
        "measurements": _measurement_changes(base, head),
    }
    # files that could not be read on either side: their records are not compared, so a broken
    # file is said as such instead of looking like a withdrawn recommendation
    result["unreadable"] = {"base": sorted(p.path for p in base_all.unreadable),
                            "head": sorted(p.path for p in head_all.unreadable)}
    result["summary"] = summary(result)
    result["changed"] = any(result["summary"].values())
    return result


def _assignment_changes(old: dict, new: dict) -> list[dict]:
    out = []
    for rec_id in _ids(set(old) | set(new)):
        before = _assignments(old.get(rec_id) or {})
        after = _assignments(new.get(rec_id) or {})
        for key in sorted(set(before) | set(after)):
            x, y = before.get(key), after.get(key)
            if x == y:
                continue
            change = "added" if x is None else "removed" if y is None else "changed"
            row = {"id": rec_id, "change": change, "actor": key[0], "duty_bearer": key[1],
                   "role": (y or x).get("role"), "due": (y or x).get("due")}
            if change == "changed":
                row["fields"] = {k: {"from": x.get(k), "to": y.get(k)}
                                 for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)}
            out.append(row)
    return out


def _entry_row(plan: Plan, e) -> dict:
    return {"id": e.recommendation, "entry": e.id, "by": e.data.get("by"),
            "side": side_of(plan.actors.get(e.data.get("by"))),
            "duty_bearer": e.data.get("duty_bearer"), "status": e.data.get("status"),
            "as_of": e.data.get("as_of"), "supersedes": e.data.get("supersedes"),
            "received": e.data.get("received")}


def _entry_changes(base: Plan, head: Plan) -> dict:
    before = {(e.recommendation, e.id): e for e in base.all_entries()}
    after = {(e.recommendation, e.id): e for e in head.all_entries()}

    def order(keys):
        return sorted(keys, key=lambda k: (natural_key(str(k[0])), k[1]))

    return {
        "added": [_entry_row(head, after[k]) for k in order(set(after) - set(before))],
        "removed": [_entry_row(base, before[k]) for k in order(set(before) - set(after))],
        "edited": [{**_entry_row(head, after[k]),
                    "fields": sorted(f for f in set(before[k].data) | set(after[k].data)
                                     if before[k].data.get(f) != after[k].data.get(f))}
                   for k in order(set(before) & set(after))
                   if before[k].data != after[k].data],
    }


def _record_changes(old: dict, new: dict) -> dict:
    """Activities added, removed and edited (with the fields that changed)."""
    common = sorted(set(old) & set(new))
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
            "edited": [{"id": i, "fields": sorted(k for k in set(old[i]) | set(new[i])
                                                  if old[i].get(k) != new[i].get(k))}
                       for i in common if old[i] != new[i]]}


def _measurement_changes(base: Plan, head: Plan) -> dict:
    def rows(plan: Plan) -> dict:
        return {m.path: {"activity": m.activity, "indicator": m.data.get("indicator"),
                         "measurement": m.id, "value": m.data.get("value"),
                         "unit": m.data.get("unit"), "as_of": m.as_of, "by": m.data.get("by"),
                         "supersedes": m.supersedes}
                for series in plan.measurements.values() for m in series}

    before, after = rows(base), rows(head)
    return {"added": [after[p] for p in sorted(set(after) - set(before))],
            "removed": [before[p] for p in sorted(set(before) - set(after))],
            "edited": [after[p] for p in sorted(set(before) & set(after))
                       if before[p] != after[p]]}


def _status_changes(a: Analysis, b: Analysis) -> dict[str, list[dict]]:
    """Per duty bearer: every (recommendation, side) whose current status changed."""
    rank = b.rank or a.rank
    out: dict[str, list[dict]] = {}
    for rec_id in _ids(set(a.facts) | set(b.facts)):
        x, y = a.facts.get(rec_id), b.facts.get(rec_id)
        before = x.current if x else {}
        after = y.current if y else {}
        for key in sorted(set(before) | set(after)):
            was = before[key].status if key in before else None
            now = after[key].status if key in after else None
            if was == now:
                continue
            if was is None or now is None:
                direction = "first" if was is None else "withdrawn"
            else:
                steps = rank.get(now, 0) - rank.get(was, 0)
                direction = "up" if steps > 0 else "down" if steps < 0 else "changed"
            db, side = key
            out.setdefault(db, []).append({"id": rec_id, "side": side, "from": was, "to": now,
                                           "direction": direction})
    return dict(sorted(out.items()))


def _keyed_changes(before: dict, after: dict, opened: str, closed: str) -> dict:
    def order(keys):
        return sorted(keys, key=lambda k: (natural_key(k[0]), k[1:]))

    return {opened: [after[k] for k in order(set(after) - set(before))],
            closed: [before[k] for k in order(set(before) - set(after))]}


def summary(result: dict) -> dict[str, int]:
    recs, entries = result["recommendations"], result["entries"]
    return {
        "recommendations_added": len(recs["added"]),
        "recommendations_removed": len(recs["removed"]),
        "responses_changed": len(recs["response_changed"]),
        "recommendations_edited": len(recs["edited"]),
        "assignments_changed": len(result["assignments"]),
        "entries_added": len(entries["added"]),
        "entries_removed": len(entries["removed"]),
        "entries_edited": len(entries["edited"]),
        "status_changes": sum(len(v) for v in result["status_changes"].values()),
        "divergences_opened": len(result["divergences"]["opened"]),
        "divergences_closed": len(result["divergences"]["closed"]),
        "overdue_appeared": len(result["overdue"]["appeared"]),
        "overdue_resolved": len(result["overdue"]["resolved"]),
        "actors_added": len(result["actors"]["added"]),
        "actors_removed": len(result["actors"]["removed"]),
        **{f"{kind}_{change}": len(result[kind][change])
           for kind in ("activities", "measurements") for change in ("added", "removed",
                                                                      "edited")},
    }
