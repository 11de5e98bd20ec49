"""``nhrp status``: the dashboard's numbers, as plain data (the CLI's json output is this dict)."""

from __future__ import annotations

from collections import Counter

from nhrp.core.analysis import Analysis, Facts
from nhrp.core.names import resolve
from nhrp.core.participation import overview as participation_overview
from nhrp.core.repeats import describe as describe_repeat
from nhrp.core.sides import SIDES, side_of
from nhrp.errors import UsageError

BREAKDOWNS = ("theme", "actor", "response", "cycle", "sdg", "axis", "activity")
NOT_ASSESSED = "not-assessed"


def _counts(counter: Counter) -> dict:
    return {str(k): v for k, v in sorted(counter.items(), key=lambda kv: str(kv[0]))}


def _group_keys(x: Facts, by: str, links: dict) -> list:
    rec = x.rec
    if by in ("axis", "activity"):
        return list(dict.fromkeys(pair[by == "activity"] for pair in links.get(x.id, ()))) \
            or ["(none)"]
    return {
        "theme": lambda: rec.get("themes", []),
        "actor": lambda: x.leads or ["(unassigned)"],
        "response": lambda: [rec.get("response")],
        "cycle": lambda: [rec.get("cycle")],
        "sdg": lambda: rec.get("sdg_goals", []) or ["(none)"],
    }[by]()


def dashboard(analysis: Analysis, *, actor: str | None = None, theme: str | None = None,
              duty_bearer: str | None = None, by: str | None = None) -> dict:
    plan, today = analysis.plan, analysis.today
    top = analysis.top_status
    theme = theme and resolve(plan, "theme", theme)
    duty_bearer = duty_bearer and resolve(plan, "duty bearer", duty_bearer)
    actor = actor and resolve(plan, "actor", actor)
    if by and by not in BREAKDOWNS:
        raise UsageError(f"--by must be one of {', '.join(BREAKDOWNS)}")
    facts = list(analysis.facts.values())
    if theme:
        facts = [x for x in facts if theme in x.rec.get("themes", [])]
    monitor = None
    if actor:
        if side_of(plan.actors[actor]) == "self":
            facts = [x for x in facts if actor in x.assigned_actors]
        else:
            monitor, facts = _monitor(analysis, actor, facts)
    bearers = [duty_bearer] if duty_bearer else plan.duty_bearer_ids
    scope = {duty_bearer} if duty_bearer else None  # totals for one duty bearer, or for all
    meta = plan.meta
    assigned = sum(1 for x in facts if _assigned(x, scope))
    result = {
        "plan": {"id": meta.get("id"), "name": meta.get("name", {}),
                 "state": (meta.get("state") or {}).get("code"),
                 "period": meta.get("period", {}), "simulated": bool(meta.get("simulated"))},
        "today": today.isoformat(),
        "filters": {"actor": actor, "theme": theme, "duty_bearer": duty_bearer},
        "totals": {
            "recommendations": len(facts),
            "by_cycle": _counts(Counter(x.rec.get("cycle") for x in facts)),
            "by_response": _counts(Counter(x.rec.get("response") for x in facts)),
            "by_theme": dict(sorted(Counter(t for x in facts for t in x.rec.get("themes", []))
                                    .items(), key=lambda kv: (-kv[1], kv[0]))),
            "assigned": assigned,
            "unassigned": len(facts) - assigned,
            "assessed": sum(1 for x in facts if _assessed(x, scope)),
            "implemented": sum(1 for x in facts if x.implemented(top, scope)),
            "monitoring_entries": sum(len(plan.entries.get(x.id, [])) for x in facts),
            "actors": len(plan.actors),
            "actors_by_kind": _counts(Counter(a.get("kind") for a in plan.actors.values())),
        },
        "status_by_duty_bearer": _distribution(analysis, facts, bearers),
        "lead_actors": _lead_actors(analysis, facts, bearers),
        "coverage": {
            "unassigned": [x.id for x in facts if not x.assignments],
            "unmonitored": [x.id for x in facts if not x.monitored_by],
            "stale": [{"id": x.id, "duty_bearer": db, "side": side,
                       "as_of": x.current[(db, side)].as_of}
                      for x in facts for db, side in x.stale if db in bearers],
            "stale_after_months": plan.setting("stale_after_months", 12),
        },
        "divergences": [{"id": x.id, **d} for x in facts for d in x.divergences
                        if d["duty_bearer"] in bearers],
        "overdue": _overdue(facts, bearers),
        "unreadable_files": len(plan.unreadable),
        "participation": participation_counts(plan),
        "repeats": [{"id": x.id, "repeats": describe_repeat(analysis, x.rec)} for x in facts
                    if x.rec.get("repeats")],
    }
    if by:
        result["breakdown"] = {"by": by, "rows": _breakdown(analysis, facts, by, bearers, scope)}
        if by in ("axis", "activity"):
            result["breakdown"]["in_several"] = _in_several(analysis.plan, facts, by)
            result["breakdown"]["names"] = _names(plan, by)
    if monitor is not None:
        result["monitor"] = monitor
    return result


def participation_counts(plan) -> dict:
    """How many organisations were invited, chose files, declined or have not answered."""
    return participation_overview(plan)["counts"]


def _assigned(x: Facts, scope: set | None) -> bool:
    return any(scope is None or a["duty_bearer"] in scope for a in x.assignments)


def _assessed(x: Facts, scope: set | None) -> bool:
    return any(scope is None or db in scope for db, _ in x.current)


def _distribution(analysis: Analysis, facts: list[Facts], bearers: list[str]) -> dict:
    out = {}
    of: dict[str, list[Facts]] = {db: [] for db in bearers}  # one pass, not one per bearer
    for x in facts:
        for db in x.duty_bearers:
            if db in of:
                of[db].append(x)
    for db in bearers:
        concerned = of[db]
        sides = {}
        for side in SIDES:
            counter = Counter({s: 0 for s in analysis.plan.status_ids})
            for x in concerned:
                cur = x.current.get((db, side))
                counter[cur.status if cur else NOT_ASSESSED] += 1
            ordered = {s: counter[s] for s in analysis.plan.status_ids}
            ordered[NOT_ASSESSED] = counter[NOT_ASSESSED]
            sides[side] = ordered
        out[db] = {"recommendations": len(concerned), **sides}
    return out


def _lead_actors(analysis: Analysis, facts: list[Facts], bearers: list[str]) -> list[dict]:
    rows: dict[str, Counter] = {}
    top = analysis.top_status
    for x in facts:
        for a in x.assignments:
            if a.get("role") != "lead" or a["duty_bearer"] not in bearers:
                continue
            c = rows.setdefault(a["actor"], Counter())
            db = a["duty_bearer"]
            c["assigned"] += 1
            c["assessed"] += any(k[0] == db for k in x.current)
            c["implemented"] += x.settled.get(db) == top
            c["overdue"] += any(o["actor"] == a["actor"] and o["duty_bearer"] == db
                                for o in x.overdue)
    return [{"actor": actor, "assigned": c["assigned"], "assessed": c["assessed"],
             "implemented": c["implemented"], "overdue": c["overdue"]}
            for actor, c in sorted(rows.items(), key=lambda kv: (-kv[1]["assigned"], kv[0]))]


def _overdue(facts: list[Facts], bearers: list[str]) -> dict:
    grouped: dict[str, list] = {}
    for x in facts:
        for o in x.overdue:
            if o["duty_bearer"] in bearers:
                grouped.setdefault(o["actor"], []).append(
                    {"id": x.id, "duty_bearer": o["duty_bearer"], "role": o["role"],
                     "due": o["due"], "status": o["status"] or NOT_ASSESSED})
    # facts come in natural id order (see analyze), and sorting is stable: by due date alone
    return {actor: sorted(items, key=lambda i: i["due"])
            for actor, items in sorted(grouped.items())}


def _breakdown(analysis: Analysis, facts: list[Facts], by: str, bearers: list[str],
               scope: set | None) -> list[dict]:
    rows: dict[str, Counter] = {}
    top = analysis.top_status
    links = activity_links(analysis.plan)
    for x in facts:
        for key in _group_keys(x, by, links):
            c = rows.setdefault(str(key), Counter())
            c["recommendations"] += 1
            c["assigned"] += _assigned(x, scope)
            c["assessed"] += _assessed(x, scope)
            c["implemented"] += x.implemented(top, scope)
            c["overdue"] += any(o["duty_bearer"] in bearers for o in x.overdue)
            c["diverging"] += any(d["duty_bearer"] in bearers for d in x.divergences)
    fields = ("recommendations", "assigned", "assessed", "implemented", "overdue", "diverging")
    return [{"key": key, **{f: c[f] for f in fields}}
            for key, c in sorted(rows.items(), key=lambda kv: (-kv[1]["recommendations"], kv[0]))]


def activity_links(plan) -> dict[str, list[tuple[str, str]]]:
    """Recommendation id -> the (axis, activity) pairs of the activities that implement it."""
    links: dict[str, list[tuple[str, str]]] = {}
    for act_id, act in sorted(plan.activities.items()):
        for rec_id in act.get("recommendations") or []:
            links.setdefault(rec_id, []).append((act.get("axis"), act_id))
    return links


def _names(plan, by: str) -> dict[str, dict]:
    """The axes' names or the activities' titles, by id, for the breakdown's labels."""
    if by == "axis":
        return {a["id"]: a.get("names", {}) for a in plan.meta.get("axes") or []}
    return {act_id: act.get("title", {}) for act_id, act in sorted(plan.activities.items())}


def _in_several(plan, facts: list[Facts], by: str) -> int:
    """Recommendations linked to activities in more than one axis (or more than one activity):
    each counts in every row it belongs to, so the rows add up to more than the total."""
    links = activity_links(plan)
    return sum(1 for x in facts
               if len({pair[by == "activity"] for pair in links.get(x.id, ())}) > 1)


def _monitor(analysis: Analysis, actor: str, facts: list[Facts]) -> tuple[dict, list[Facts]]:
    """A monitor's files and workload: recommendations in its files without a current
    (non-stale) assessment from it."""
    choice = analysis.plan.actors[actor].get("monitors") or {}
    themes = choice.get("themes") or []
    mine = [x for x in facts if set(themes) & set(x.rec.get("themes", []))]
    workload = []
    for x in mine:
        entries = analysis.plan.entries.get(x.id, [])
        superseded = {e.supersedes for e in entries if e.supersedes}
        if not any(e.by == actor and e.id not in superseded and e.as_of >= analysis.stale_before
                   for e in entries):
            workload.append(x.id)
    return ({"actor": actor, "declined": bool(choice.get("declined")), "themes": themes,
             "since": choice.get("since"), "recommendations": len(mine),
             "workload": workload}, mine)
