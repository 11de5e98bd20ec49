"""``nhrp list``: filters that combine, sorting, and the rows they produce.

Several values of one filter mean "any of them"; different filters must all hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nhrp.core.analysis import Analysis, Facts
from nhrp.core.plan import natural_key
from nhrp.core.textfold import fold
from nhrp.errors import NotFound, UsageError


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


SORT_KEYS = ("id", "due", "status", "response", "cycle")


def check_filters(analysis: Analysis, f: Filters) -> None:
    """Unknown ids in filters are usage errors with a suggestion, not silently empty results."""
    plan = analysis.plan
    for theme in f.themes:
        if theme not in plan.themes:
            raise NotFound("theme", theme, sorted(plan.themes))
    for actor in f.actors:
        if actor not in plan.actors:
            raise NotFound("actor", actor, sorted(plan.actors))
    for db in f.duty_bearers:
        if db not in plan.duty_bearer_ids:
            raise NotFound("duty bearer", db, plan.duty_bearer_ids)
    for status in f.statuses:
        if status not in plan.status_ids and status != "not-assessed":
            raise NotFound("status", status, plan.status_ids + ["not-assessed"])
    if f.role and f.role not in ("lead", "support"):
        raise UsageError(f"--role must be lead or support, not {f.role!r}")


def search_index(facts: Facts) -> str:
    if facts.search is None:
        from nhrp.core.index import search_text

        facts.search = search_text(facts.rec)
    return facts.search


def matches(facts: Facts, f: Filters, analysis: Analysis, folded_query: str | None) -> bool:
    rec = facts.rec
    if f.themes and not set(f.themes) & set(rec.get("themes", [])):
        return False
    if f.responses and rec.get("response") not in f.responses:
        return False
    if f.cycles and rec.get("cycle") not in f.cycles:
        return False
    if f.sdgs and not set(f.sdgs) & set(rec.get("sdg_goals", [])):
        return False
    if f.states:
        wanted = {fold(s) for s in f.states}
        if not wanted & {fold(s) for s in rec.get("recommending_states", [])}:
            return False
    assignments = facts.assignments
    if f.duty_bearers:
        assignments = [a for a in assignments if a.get("duty_bearer") in f.duty_bearers]
        if not assignments and not any(db in f.duty_bearers for db, _ in facts.current):
            return False
    if f.actors:
        assignments = [a for a in assignments if a.get("actor") in f.actors]
        if not assignments:
            return False
    if f.role and not any(a.get("role") == f.role for a in assignments):
        return False
    if f.unassigned and facts.assignments:
        return False
    if f.statuses:
        bearers = f.duty_bearers or facts.duty_bearers or analysis.plan.duty_bearer_ids
        found = {facts.settled.get(db, "not-assessed") for db in bearers}
        if not found & set(f.statuses):
            return False
    if f.overdue and not facts.overdue:
        return False
    if f.unmonitored and facts.monitored_by:
        return False
    if f.diverging and not facts.divergences:
        return False
    if folded_query and folded_query not in search_index(facts):
        return False
    return True


def select(analysis: Analysis, f: Filters, sort: str = "id") -> list[Facts]:
    check_filters(analysis, f)
    if sort not in SORT_KEYS:
        raise UsageError(f"--sort must be one of {', '.join(SORT_KEYS)}")
    query = fold(f.search) if f.search else None
    chosen = [x for x in analysis.facts.values() if matches(x, f, analysis, query)]
    if sort == "id":
        return chosen  # the analysis is in natural id order already
    rank = analysis.rank
    position = {rec_id: i for i, rec_id in enumerate(analysis.facts)}

    def key(x: Facts):
        dues = sorted(a["due"] for a in x.assignments if a.get("due"))
        by = {
            "due": (dues[0] if dues else "9999",),
            "status": (min((rank.get(s, -1) for s in x.settled.values()), default=-1),),
            "response": (x.rec.get("response", ""),),
            "cycle": (x.rec.get("cycle", 0),),
        }[sort]
        return by + (position[x.id],)

    return sorted(chosen, key=key)


def row(x: Facts, analysis: Analysis, lang: str) -> dict:
    """One recommendation as a flat row: the shape of list's json/csv/yaml output."""
    rec = x.rec
    dues = sorted(a["due"] for a in x.assignments if a.get("due"))
    return {
        "id": x.id,
        "cycle": rec.get("cycle"),
        "paragraph": (rec.get("source") or {}).get("paragraph"),
        "response": rec.get("response"),
        "themes": list(rec.get("themes", [])),
        "sdg_goals": list(rec.get("sdg_goals", [])),
        "recommending_states": list(rec.get("recommending_states", [])),
        "lead": x.leads,
        "support": [a["actor"] for a in x.assignments if a.get("role") == "support"],
        "due": dues[0] if dues else None,
        "status": {f"{db}/{side}": cur.status for (db, side), cur in x.current.items()},
        "overdue": bool(x.overdue),
        "diverging": bool(x.divergences),
        "monitored_by": x.monitored_by,
        **_summary(rec, lang),
    }


def _summary(rec: dict, lang: str) -> dict:
    """The summary in ``lang`` if there is one, else English, else any; imported records
    without a summary show their official text, marked as such."""
    for key, marker in (("summary", ""), ("text", " (official text)")):
        texts = rec.get(key) or {}
        for code in (lang, "en", *texts):
            if texts.get(code):
                return {"summary": texts[code], "summary_lang": code + marker}
    return {"summary": "", "summary_lang": ""}


def details(analysis: Analysis, rec_id: str) -> dict:
    """Everything about one recommendation (``nhrp show``)."""
    plan = analysis.plan
    if rec_id not in analysis.facts:
        from nhrp.core.plan import unreadable_record

        broken = unreadable_record(plan, "recommendation", rec_id)
        if broken:
            from nhrp.errors import InvalidData

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
        "current": [{"duty_bearer": db, "side": side, **cur.as_dict()}
                    for (db, side), cur in x.current.items()],
        "divergences": x.divergences,
        "overdue": x.overdue,
        "monitored_by": x.monitored_by,
        "entries": [{"id": e.id, "path": e.path, **e.data,
                     "superseded_by": superseded.get(e.id)} for e in entries],
    }
