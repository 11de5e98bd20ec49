"""``nhrp list``: filters that combine, sorting, and the rows they produce.

Several values of one filter mean "any of them"; different filters must all hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nhrp.core.activity_view import linked_activities
from nhrp.core.analysis import Analysis
from nhrp.core.index import Item, ListIndex
from nhrp.core.names import NotFound, canonical, choices, match, natural_key, resolve
from nhrp.core.plan import Plan, unreadable_record
from nhrp.core.repeats import describe as describe_repeat
from nhrp.core.textfold import fold
from nhrp.errors import InvalidData, UsageError


@dataclass
class Filters:
    themes: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    role: str | None = None
    duty_bearers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    cycles: list[int] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    unassigned: bool = False
    overdue: bool = False
    unmonitored: bool = False
    diverging: bool = False
    search: str | None = None
    activities: list[str] = field(default_factory=list)


SORT_KEYS = ("id", "due", "status", "response", "cycle")
RESPONSES = ("supported", "noted", "partially-supported", "pending")  # the schema's enum


def check_filters(plan: Plan, f: Filters) -> None:
    """Ids in filters as canonical ids (any letter case, or a name in any plan language);
    unknown ones are usage errors listing the closest valid values, not empty results."""
    f.themes = [resolve(plan, "theme", t) for t in f.themes]
    f.actors = [resolve(plan, "actor", a) for a in f.actors]
    f.duty_bearers = [resolve(plan, "duty bearer", d) for d in f.duty_bearers]
    f.statuses = [resolve(plan, "status", s, extra={"not-assessed": None}) for s in f.statuses]
    f.responses = [canonical("response", r, RESPONSES) for r in f.responses]
    f.activities = [canonical("activity", a, sorted(plan.activities)) for a in f.activities]
    if f.role and f.role not in ("lead", "support"):
        raise UsageError(f"--role must be lead or support, not {f.role!r}")


def matches(x: Item, f: Filters, plan: Plan) -> bool:
    """Every filter but the text search (see :meth:`ListIndex.find`)."""
    if f.themes and not set(f.themes) & set(x.themes):
        return False
    if f.responses and x.response not in f.responses:
        return False
    if f.cycles and x.cycle not in f.cycles:
        return False
    if f.sdgs and not set(f.sdgs) & set(x.sdg_goals):
        return False
    if f.states:
        wanted = {fold(s) for s in f.states}
        if not wanted & {fold(s) for s in x.states}:
            return False
    assignments = x.assignments  # (actor, role, duty bearer, due)
    if f.duty_bearers:
        assignments = [a for a in assignments if a[2] in f.duty_bearers]
        if not assignments and not any(db in f.duty_bearers for db, _, _ in x.current):
            return False
    if f.actors:
        assignments = [a for a in assignments if a[0] in f.actors]
        if not assignments:
            return False
    if f.role and not any(a[1] == f.role for a in assignments):
        return False
    if f.unassigned and x.assignments:
        return False
    if f.statuses:
        settled = dict(x.settled)
        bearers = f.duty_bearers or x.duty_bearers or plan.duty_bearer_ids
        if not {settled.get(db, "not-assessed") for db in bearers} & set(f.statuses):
            return False
    if f.overdue and not x.overdue:
        return False
    if f.unmonitored and x.monitored_by:
        return False
    if f.diverging and not x.diverging:
        return False
    if f.activities and not any(x.id in (plan.activities[a].get("recommendations") or [])
                                for a in f.activities):
        return False
    return True


def select(index: ListIndex, f: Filters, sort: str = "id") -> list[Item]:
    check_filters(index.plan, f)
    if sort not in SORT_KEYS:
        raise UsageError(f"--sort must be one of {', '.join(SORT_KEYS)}")
    query = fold(f.search) if f.search else None
    items = index.items
    candidates = [items[i] for i in index.find(query)] if query else items
    chosen = [x for x in candidates if matches(x, f, index.plan)]
    if sort == "id":
        return chosen  # the index is in natural id order already
    rank = index.rank
    order = {
        "due": lambda x: x.due or "9999",
        "status": lambda x: min((rank.get(s, -1) for _, s in x.settled), default=-1),
        "response": lambda x: x.response or "",
        "cycle": lambda x: x.cycle or 0,
    }[sort]
    return sorted(chosen, key=order)  # stable: ties keep the id order


def details(analysis: Analysis, rec_id: str) -> dict:
    """Everything about one recommendation (``nhrp show``)."""
    plan = analysis.plan
    if rec_id not in analysis.facts:
        rec_id = match(rec_id, dict.fromkeys(analysis.facts)) or rec_id
    if rec_id not in analysis.facts:
        broken = unreadable_record(plan, "recommendation", rec_id)
        if broken:
            raise InvalidData(f"{broken} cannot be read or does not match its schema; run "
                              "'nhrp validate'")
        raise NotFound("recommendation", rec_id, sorted(analysis.facts, key=natural_key))
    x = analysis.facts[rec_id]
    rec = x.rec
    entries = plan.entries.get(rec_id, [])
    superseded = {e.supersedes: e.id for e in entries if e.supersedes}
    return {
        "id": rec_id,
        "cycle": rec.get("cycle"),
        "source": rec.get("source"),
        "recommending_states": rec.get("recommending_states", []),
        "response": rec.get("response"),
        "action_category": rec.get("action_category"),
        "themes": [{"id": t, "names": plan.themes.get(t, {}).get("names", {})}
                   for t in rec.get("themes", [])],
        "sdg_goals": [{"goal": g, "names": plan.sdgs.get(g, {}).get("names", {})}
                      for g in rec.get("sdg_goals", [])],
        "summary": rec.get("summary", {}),
        "text": rec.get("text", {}),
        "assignments": x.assignments,
        "related": rec.get("related", []),
        "activities": linked_activities(plan, rec_id),
        "repeats": describe_repeat(analysis, rec),
        "current": [{"duty_bearer": db, "side": side, **cur.as_dict()}
                    for (db, side), cur in x.current.items()],
        "divergences": x.divergences,
        "overdue": x.overdue,
        "monitored_by": x.monitored_by,
        "entries": [{"id": e.id, "path": e.path, **e.data,
                     "superseded_by": superseded.get(e.id)} for e in entries],
    }


def lookup(analysis: Analysis, wanted: str) -> tuple[str, dict]:
    """What ``nhrp show`` shows for ``wanted``: a recommendation (by id in any letter case),
    else an actor (by id or by a name in any plan language)."""
    plan = analysis.plan
    if wanted in analysis.facts or match(wanted, dict.fromkeys(analysis.facts)):
        return "recommendation", details(analysis, wanted)
    actor = match(wanted, choices(plan, "actor")) if wanted not in plan.actors else wanted
    if actor is not None:
        return "actor", actor_details(analysis, actor)
    if unreadable_record(plan, "recommendation", wanted):
        return "recommendation", details(analysis, wanted)  # says which file is broken
    known = {**dict.fromkeys(sorted(analysis.facts, key=natural_key)), **choices(plan, "actor")}
    raise NotFound("recommendation or actor", wanted, known)


def actor_details(analysis: Analysis, actor_id: str) -> dict:
    """One actor (``nhrp show ACTOR``): who it is, what it is assigned, what it assessed."""
    plan = analysis.plan
    actor = plan.actors[actor_id]
    assigned, overdue = [], {(o["actor"], x.id) for x in analysis.facts.values()
                             for o in x.overdue}
    for x in sorted(analysis.facts.values(), key=lambda x: natural_key(x.id)):
        for a in x.assignments:
            if a.get("actor") == actor_id:
                assigned.append({"recommendation": x.id, "role": a.get("role"),
                                 "duty_bearer": a.get("duty_bearer"), "due": a.get("due"),
                                 "overdue": (actor_id, x.id) in overdue})
    entries = [{"recommendation": e.recommendation, "id": e.id, "path": e.path,
                "as_of": e.as_of, "duty_bearer": e.duty_bearer, "status": e.status}
               for e in plan.all_entries() if e.by == actor_id]
    return {"id": actor_id, "kind": actor.get("kind"), "names": actor.get("names", {}),
            "parent": actor.get("parent"), "notes": actor.get("notes"),
            "monitors": actor.get("monitors"), "assignments": assigned,
            "entries": sorted(entries, key=lambda e: (e["as_of"], natural_key(e["recommendation"])))}
