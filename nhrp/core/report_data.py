"""Everything a report shows, as plain data: the dashboard's numbers, per-theme tables, the data
revision and the methodology facts. Rendering (Jinja2, HTML, SVG, Markdown) lives in nhrp.report;
this module decides *what* is said, in which order, with data labels resolved for one language.

Every text that comes from the data is handed on as ``{"text": ..., "lang": ...}`` so that the
renderer can mark a fallback (an English name on an Arabic page) with its own language and
direction.

The *overall* status of a recommendation, used by the overall and per-theme charts, is the lowest
settled status among the duty bearers in scope (a report never shows more progress than the least
advanced duty bearer has made); a recommendation with no settled status is "not assessed".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nhrp.core.analysis import Analysis, Facts, analyze
from nhrp.core.participation import overview as participation_overview
from nhrp.core.names import natural_key
from nhrp.core.sides import SELF_KINDS, SIDES, side_of
from nhrp.core.status import NOT_ASSESSED, dashboard
from nhrp.core.store import git

MAX_EVIDENCE = 3
PLAN_PATHS = ("nhrp.yaml", "data")


# --- labels ----------------------------------------------------------------------------------

def text_in(names: dict | None, lang: str, fallback: str = "") -> dict:
    """A data text in ``lang``, else English, else any language, else ``fallback`` (an id)."""
    names = names if isinstance(names, dict) else {}
    for code in (lang, "en", *sorted(names)):
        value = names.get(code)
        if isinstance(value, str) and value.strip():
            return {"text": value, "lang": code}
    return {"text": fallback, "lang": "zxx" if fallback else lang}


class Labels:
    """Names of the plan's things in one language."""

    def __init__(self, analysis: Analysis, lang: str) -> None:
        plan = analysis.plan
        self.plan, self.lang = plan, lang
        self._bearers = {d["id"]: d for d in plan.meta.get("duty_bearers", []) if "id" in d}
        self._steps = {s["id"]: s for s in plan.meta.get("status_scale", []) if "id" in s}

    def actor(self, actor_id: str) -> dict:
        return text_in((self.plan.actors.get(actor_id) or {}).get("names"), self.lang, actor_id)

    def bearer(self, db: str) -> dict:
        return text_in((self._bearers.get(db) or {}).get("names"), self.lang, db)

    def theme(self, theme_id: str) -> dict:
        return text_in((self.plan.themes.get(theme_id) or {}).get("names"), self.lang, theme_id)

    def status(self, status_id: str) -> dict | None:
        """Data name of a status on the plan's scale; None for not-assessed (an interface
        string the renderer takes from its catalogue)."""
        step = self._steps.get(status_id)
        return text_in(step.get("names"), self.lang, status_id) if step else None


# --- revision --------------------------------------------------------------------------------

def revision(root: Path | None, at_commit: str | None = None) -> dict:
    """Which data the report shows: a commit (id and date) or the working tree.

    ``at_commit`` is a commit already resolved by the caller (``report --at``)."""
    if root is None or not git.is_repository(root):
        return {"kind": "working-tree", "commit": None, "short": None, "date": None,
                "dirty": False}
    # the last commit that changed the plan's own files: a commit touching only other files
    # (docs, code) does not change the data, so it does not change the revision either
    rev = at_commit or "HEAD"
    raw = git.run(root, "log", "-1", "--format=%H%x00%cI", rev, "--", *PLAN_PATHS, check=False)
    parts = raw.decode("utf-8", "replace").strip().split("\0")
    if len(parts) != 2 or not parts[0]:
        return {"kind": "working-tree", "commit": None, "short": None, "date": None,
                "dirty": False}
    dirty = False
    if at_commit is None:
        status = git.run(root, "status", "--porcelain", "-z", "--", *PLAN_PATHS, check=False)
        dirty = bool(status.strip(b"\0"))
    return {"kind": "commit", "commit": parts[0], "short": parts[0][:10],
            "date": parts[1][:10], "datetime": parts[1], "dirty": dirty}


# --- selection -------------------------------------------------------------------------------

def select(analysis: Analysis, *, actor: str | None, theme: str | None) -> list[Facts]:
    """The recommendations a report covers; the same choice ``status.dashboard`` makes."""
    plan = analysis.plan
    facts = list(analysis.facts.values())
    if theme:
        facts = [x for x in facts if theme in x.rec.get("themes", [])]
    if actor:
        if side_of(plan.actors.get(actor)) == "self":
            facts = [x for x in facts if actor in x.assigned_actors]
        else:
            themes = set(((plan.actors[actor].get("monitors") or {}).get("themes")) or [])
            facts = [x for x in facts if themes & set(x.rec.get("themes", []))]
    return facts


def overall_status(x: Facts, bearers: list[str], rank: dict[str, int]) -> str:
    settled = [s for db, s in x.settled.items() if db in bearers]
    return min(settled, key=lambda s: rank.get(s, -1)) if settled else NOT_ASSESSED


def evidence_links(data: dict, limit: int | None = MAX_EVIDENCE) -> list[dict]:
    """An entry's evidence as links (title, url when it is one, document symbol)."""
    items = []
    for item in (data.get("evidence") or [])[:limit]:
        if isinstance(item, dict):
            items.append({"title": str(item.get("title") or item.get("document") or
                                       item.get("url") or ""),
                          "url": item.get("url") if isinstance(item.get("url"), str) else None,
                          "document": item.get("document")})
    return items


def received(entry: dict) -> bool:
    """The entry came through a form or an assessment sheet (nhrp import responses)."""
    return isinstance(entry.get("received"), dict) and bool(entry["received"].get("submission"))


def words(analysis: Analysis, rec_id: str, entry_id: str | None, labels: Labels) -> dict:
    """What an assessment says: its summary in the reader's language when given, else the
    original marked with its language, and its evidence."""
    entry = next((e for e in analysis.plan.entries.get(rec_id, []) if e.id == entry_id), None)
    if entry is None:
        return {"summary": None, "links": [], "received": False}
    summary = text_in(entry.data.get("summary"), labels.lang, "")
    return {"summary": summary if summary["text"] else None,
            "links": evidence_links(entry.data), "received": received(entry.data)}


def _side_cells(x: Facts, side: str, bearers: list[str], labels: Labels,
                analysis: Analysis) -> list[dict]:
    """The latest assessment of one side per duty bearer, with its words and evidence."""
    cells = []
    for db in bearers:
        cur = x.current.get((db, side))
        if cur is None and db not in x.duty_bearers:
            continue
        cells.append({"duty_bearer": db, "bearer_name": labels.bearer(db),
                      "status": cur.status if cur else NOT_ASSESSED,
                      "status_name": labels.status(cur.status) if cur else None,
                      "as_of": cur.as_of if cur else None,
                      "by": cur.by if cur else None,
                      "by_name": labels.actor(cur.by) if cur else None,
                      **(words(analysis, x.id, cur.entry, labels) if cur
                         else {"summary": None, "links": [], "received": False})})
    return cells


def recommendation_row(analysis: Analysis, x: Facts, bearers: list[str], labels: Labels) -> dict:
    rec = x.rec
    source = rec.get("source") or {}
    return {
        "id": x.id,
        "document": source.get("document"),
        "paragraph": source.get("paragraph"),
        "summary": text_in(rec.get("summary"), labels.lang, ""),
        "response": rec.get("response"),
        "leads": [{"actor": a["actor"], "name": labels.actor(a["actor"]),
                   "duty_bearer": a["duty_bearer"], "bearer_name": labels.bearer(a["duty_bearer"])}
                  for a in x.assignments if a.get("role") == "lead" and a.get("duty_bearer") in bearers],
        "self": _side_cells(x, "self", bearers, labels, analysis),
        "independent": _side_cells(x, "independent", bearers, labels, analysis),
        "overall": overall_status(x, bearers, analysis.rank),
        "overdue": any(o["duty_bearer"] in bearers for o in x.overdue),
        "diverging": any(d["duty_bearer"] in bearers for d in x.divergences),
        "simulated": bool(rec.get("simulated")),
        "repeats": _repeats(analysis, rec, bearers, labels),
    }


def _repeats(analysis: Analysis, rec: dict, bearers: list[str], labels: Labels) -> dict | None:
    """The earlier cycle's recommendation this one repeats, with its latest (settled) status
    per duty bearer in scope."""
    earlier = rec.get("repeats")
    if not earlier:
        return None
    facts = analysis.facts.get(earlier)
    settled = facts.settled if facts else {}
    return {"id": earlier, "cells": [{"bearer_name": labels.bearer(db), "status": settled[db]}
                                     for db in bearers if db in settled]}


def _notes(notes, lang: str) -> dict | None:
    """The plan's notes in ``lang`` when translated; a plain string is of unknown language."""
    if isinstance(notes, dict):
        return text_in(notes, lang, "") if notes else None
    return {"text": notes, "lang": None} if notes else None


# --- the report ------------------------------------------------------------------------------

def scale(analysis: Analysis, labels: Labels) -> list[dict]:
    """The status scale from lowest to highest, then not-assessed."""
    steps = [{"id": s, "rank": i, "name": labels.status(s)}
             for i, s in enumerate(analysis.plan.status_ids)]
    return steps + [{"id": NOT_ASSESSED, "rank": None, "name": None}]


def _ordered_counts(counter: Counter, statuses: list[str]) -> list[dict]:
    return [{"status": s, "count": counter.get(s, 0)} for s in statuses]


def timeline_series(timeline: dict | None, bearers: list[str], statuses: list[str],
                    labels: Labels) -> dict | None:
    """``nhrp.core.timeline.timeline`` output as series per duty bearer and side; None when no
    period has a commit yet (a plan whose git history starts after its period)."""
    if not timeline or not any(p.get("commit") for p in timeline.get("periods", [])):
        return None
    periods = timeline["periods"]
    out = []
    for db in bearers:
        sides = []
        for side in SIDES:
            series = []
            for p in periods:
                counts = ((p.get("by_duty_bearer") or {}).get(db) or {}).get(side) or {}
                series.append([{"status": st, "count": int(counts.get(st, 0))} for st in statuses])
            sides.append({"side": side, "series": series})
        out.append({"duty_bearer": db, "name": labels.bearer(db), "sides": sides})
    return {"period": timeline.get("period"),
            "periods": [{"label": p["period"], "end": p["end"], "commit": p.get("commit")}
                        for p in periods],
            "bearers": out}


def participation_view(plan, labels: "Labels") -> dict:
    """:func:`nhrp.core.participation.overview` with names in the labels' language, for reports and the site."""
    data = participation_overview(plan)
    organisations = [{**o, "name": labels.actor(o["actor"]),
                      "theme_names": [labels.theme(t) for t in o["themes"]],
                      "reason_text": text_in(o["reason"], labels.lang) if o["reason"] else None}
                     for o in data["organisations"]]
    files = [{"theme": f["theme"], "name": labels.theme(f["theme"]),
              "monitors": [{"id": m, "name": labels.actor(m)} for m in f["monitors"]]}
             for f in data["files"]]
    return {"organisations": organisations, "files": files, "counts": data["counts"]}


def build(analysis: Analysis, *, lang: str, revision: dict, actor: str | None = None,
          theme: str | None = None, duty_bearer: str | None = None,
          timeline: dict | None = None) -> dict:
    """The report's data in ``lang``. Unknown filter ids raise NotFound (via the dashboard)."""
    plan = analysis.plan
    dash = dashboard(analysis, actor=actor, theme=theme, duty_bearer=duty_bearer)
    actor, theme, duty_bearer = (dash["filters"][k] for k in ("actor", "theme", "duty_bearer"))
    labels = Labels(analysis, lang)
    bearers = [duty_bearer] if duty_bearer else plan.duty_bearer_ids
    facts = select(analysis, actor=actor, theme=theme)
    statuses = plan.status_ids + [NOT_ASSESSED]
    overall = {x.id: overall_status(x, bearers, analysis.rank) for x in facts}
    meta = plan.meta
    totals = dash["totals"]

    theme_order = [t for t in totals["by_theme"] if not theme or t == theme]
    themes = []
    for t in theme_order:
        members = [x for x in facts if t in x.rec.get("themes", [])]
        themes.append({"id": t, "name": labels.theme(t), "count": len(members),
                       "counts": _ordered_counts(Counter(overall[x.id] for x in members),
                                                 statuses),
                       "rows": [recommendation_row(analysis, x, bearers, labels)
                                for x in sorted(members, key=lambda x: natural_key(x.id))]})

    by_bearer = []
    for db, sides in dash["status_by_duty_bearer"].items():
        by_bearer.append({"duty_bearer": db, "name": labels.bearer(db),
                          "recommendations": sides["recommendations"],
                          "sides": [{"side": side, "counts": [{"status": s, "count": sides[side][s]}
                                                              for s in statuses]}
                                    for side in SIDES]})

    summaries = {x.id: text_in(x.rec.get("summary"), lang, "") for x in facts}
    divergences = [{**d, "summary": summaries.get(d["id"]), "bearer_name": labels.bearer(d["duty_bearer"]),
                    "self_name": labels.status(d["self"]["status"]),
                    "independent_name": labels.status(d["independent"]["status"]),
                    "self_by_name": labels.actor(d["self"]["by"]),
                    "independent_by_name": labels.actor(d["independent"]["by"]),
                    "self_words": words(analysis, d["id"], d["self"]["entry"], labels),
                    "independent_words": words(analysis, d["id"], d["independent"]["entry"],
                                               labels)}
                   for d in dash["divergences"]]
    overdue = [{"actor": a, "name": labels.actor(a),
                "rows": [{**i, "bearer_name": labels.bearer(i["duty_bearer"]),
                           "status_name": labels.status(i["status"]),
                           "summary": summaries.get(i["id"])} for i in items]}
               for a, items in dash["overdue"].items()]
    overdue.sort(key=lambda o: (-len(o["rows"]), o["actor"]))

    cycles = [{"cycle": c.get("cycle"), "documents": list(c.get("documents") or []),
               "review_date": c.get("review_date"), "recommendations": c.get("recommendations")}
              for c in meta.get("cycles") or [] if isinstance(c, dict)]
    unofficial = list(meta.get("unofficial_translations") or [])
    return {
        "lang": lang,
        "simulated": bool(meta.get("simulated")),
        "plan": {"id": meta.get("id"), "name": text_in(meta.get("name"), lang, str(meta.get("id"))),
                 "state": text_in((meta.get("state") or {}).get("name"), lang,
                                  str((meta.get("state") or {}).get("code", ""))),
                 "state_code": (meta.get("state") or {}).get("code"),
                 "period": dict(meta.get("period") or {}),
                 "languages": plan.languages,
                 "notes": _notes(meta.get("notes"), lang)},
        "revision": revision,
        "today": analysis.today.isoformat(),
        "filters": {
            "actor": {"id": actor, "name": labels.actor(actor)} if actor else None,
            "theme": {"id": theme, "name": labels.theme(theme)} if theme else None,
            "duty_bearer": {"id": duty_bearer, "name": labels.bearer(duty_bearer)}
            if duty_bearer else None,
        },
        "scale": scale(analysis, labels),
        "headline": {
            "recommendations": totals["recommendations"],
            "by_response": totals["by_response"],
            "assigned": totals["assigned"],
            "unassigned": totals["unassigned"],
            "assessed": totals["assessed"],
            "implemented": totals["implemented"],
            "monitoring_entries": totals["monitoring_entries"],
            "divergences": len(dash["divergences"]),
            "overdue": sum(len(v) for v in dash["overdue"].values()),
            "actors": totals["actors"],
        },
        "charts": {
            "overall": _ordered_counts(Counter(overall.values()), statuses),
            "by_duty_bearer": by_bearer,
            "by_theme": [{"theme": t["id"], "name": t["name"], "counts": t["counts"]}
                         for t in themes],
            # progress over time is plan-wide: it is left out of reports on one actor or theme
            "timeline": None if actor or theme else timeline_series(timeline, bearers, statuses,
                                                                    labels),
        },
        "themes": themes,
        "divergences": divergences,
        "overdue": overdue,
        "coverage": {**dash["coverage"],
                     "stale": [{**s, "bearer_name": labels.bearer(s["duty_bearer"])}
                               for s in dash["coverage"]["stale"]]},
        "unreadable_files": dash["unreadable_files"],
        "participation": participation_view(plan, labels),
        "methodology": {
            "self_kinds": sorted(SELF_KINDS),
            "stale_after_months": plan.setting("stale_after_months", 12),
            "divergence_steps": plan.setting("divergence_steps", 1),
            "cycles": cycles,
            "unofficial_translations": unofficial,
            "unofficial_here": lang in unofficial,
            "top_status": analysis.top_status,
            "top_status_name": labels.status(analysis.top_status) if analysis.top_status else None,
        },
    }


def for_reading(reading, *, lang: str, actor: str | None = None, theme: str | None = None,
                duty_bearer: str | None = None) -> dict:
    """:func:`build` for a :class:`nhrp.core.reading.Reading`, with the quarterly progress from
    git when the report covers the whole plan at a commit."""
    timeline = None if actor or theme else reading.progress()
    return build(analyze(reading.plan, reading.today), lang=lang, revision=reading.revision,
                 actor=actor, theme=theme, duty_bearer=duty_bearer, timeline=timeline)
