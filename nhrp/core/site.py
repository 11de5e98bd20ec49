"""``nhrp site build``: what the static site holds, as plain data, and writing its tree.

The pages themselves are rendered by nhrp.report.site (templates); this module decides which pages
exist, what each shows, and writes the files so that the same data gives the same bytes: no
clock, sorted iteration, LF line endings, and a manifest (``.nhrp-site``) so that a rebuild
removes pages that no longer exist and never touches a folder it did not make.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from pathlib import Path

from nhrp.core import layout, settings
from nhrp.core.analysis import Analysis, analyze
from nhrp.core.names import natural_key
from nhrp.core.query import details
from nhrp.core.report_data import (Labels, evidence_links, received, recommendation_row,
                                   text_in)
from nhrp.core.reading import working_tree
from nhrp.core.sides import side_of
from nhrp.errors import InvalidData, UsageError

MANIFEST = ".nhrp-site"
LANG = re.compile(r"[a-z]{2,3}\Z")
FEED_LIMIT = 200


def published_on(revision: dict, today: dt.date) -> dt.date:
    """The day the site describes: the data revision's commit date, so that the same data gives
    the same site on any day (a site is rebuilt when its data changes). A working tree that is
    not committed, or not in git, is judged on today ($NHRP_TODAY pins it)."""
    if revision["kind"] == "commit" and not revision["dirty"] and settings.current().today is None:
        return min(dt.date.fromisoformat(revision["date"]), today)
    return today


def read(root: Path, today: dt.date) -> tuple[Analysis, dict, dict | None]:
    """What the site of the plan in ``root`` shows: the analysed plan on the day it describes,
    its revision, and the quarterly progress from git (None outside git)."""
    reading = working_tree(root, today)
    reading = dataclasses.replace(reading, today=published_on(reading.revision, today))
    return analyze(reading.plan, reading.today), reading.revision, reading.progress()


def check_names(analysis: Analysis) -> None:
    """Ids become file names: refuse any that could leave the site folder (the plan should have
    been validated; this is the last line of defence)."""
    plan = analysis.plan
    bad = [i for i in plan.recommendations if not layout.RECOMMENDATION_ID.match(str(i))]
    bad += [i for i in plan.actors if not layout.SLUG.match(str(i))]
    bad += [i for i in plan.themes if not layout.SLUG.match(str(i))]
    bad += [lang for lang in plan.languages if not LANG.match(str(lang))]
    if bad:
        raise InvalidData(f"ids that cannot be file names: {', '.join(map(repr, sorted(bad)[:5]))}; "
                          "run 'nhrp validate' and fix them first")


def rec_path(lang: str, rec_id: str) -> str:
    return f"{lang}/recommendations/{rec_id}.html"


def actor_path(lang: str, actor_id: str) -> str:
    return f"{lang}/actors/{actor_id}.html"


def theme_path(lang: str, theme_id: str) -> str:
    return f"{lang}/themes/{theme_id}.html"


# --- page data -------------------------------------------------------------------------------

def _entry_view(analysis: Analysis, e, labels: Labels, superseded_by: dict) -> dict:
    data = e.data
    evidence = evidence_links(data, limit=None)
    return {"id": e.id, "recommendation": e.recommendation, "as_of": e.as_of, "by": e.by,
            "by_name": labels.actor(e.by), "side": side_of(analysis.plan.actors.get(e.by)),
            "duty_bearer": e.duty_bearer, "bearer_name": labels.bearer(e.duty_bearer),
            "status": e.status, "summary": text_in(data.get("summary"), labels.lang, ""),
            "evidence": evidence, "supersedes": e.supersedes,
            "superseded_by": superseded_by.get(e.id), "simulated": bool(data.get("simulated")),
            "received": received(data)}


def recommendation_page(analysis: Analysis, rec_id: str, labels: Labels) -> dict:
    plan = analysis.plan
    x = analysis.facts[rec_id]
    rec = x.rec
    bearers = plan.duty_bearer_ids
    entries = plan.entries.get(rec_id, [])
    superseded_by = {e.supersedes: e.id for e in entries if e.supersedes}
    text = rec.get("text") or {}
    return {
        "row": recommendation_row(analysis, x, bearers, labels),
        "cycle": rec.get("cycle"),
        "source": rec.get("source") or {},
        "states": list(rec.get("recommending_states") or []),
        "themes": [{"id": t, "name": labels.theme(t)} for t in rec.get("themes", [])
                   if t in plan.themes],
        "sdgs": [{"goal": g, "name": text_in((plan.sdgs.get(g) or {}).get("names"), labels.lang,
                                             str(g))} for g in rec.get("sdg_goals", [])],
        "text": text_in(text, labels.lang, "") if text else None,
        "assignments": [{"actor": a["actor"], "name": labels.actor(a["actor"]),
                         "role": a.get("role"), "duty_bearer": a.get("duty_bearer"),
                         "bearer_name": labels.bearer(a.get("duty_bearer", "")),
                         "assigned_on": a.get("assigned_on"), "due": a.get("due"),
                         "known": a["actor"] in plan.actors,
                         "simulated": bool(a.get("simulated"))} for a in x.assignments],
        "related": [r for r in rec.get("related", []) if r in plan.recommendations],
        "monitored_by": [{"id": m, "name": labels.actor(m)} for m in x.monitored_by],
        "entries": [_entry_view(analysis, e, labels, superseded_by)
                    for e in sorted(entries, key=lambda e: (str(e.as_of), e.id), reverse=True)],
    }


def actor_page(analysis: Analysis, actor_id: str, labels: Labels) -> dict:
    plan = analysis.plan
    actor = plan.actors[actor_id]
    bearers = plan.duty_bearer_ids
    assignments = []
    for x in analysis.facts.values():
        for a in x.assignments:
            if a.get("actor") == actor_id:
                row = recommendation_row(analysis, x, bearers, labels)
                assignments.append({"row": row, "role": a.get("role"), "due": a.get("due"),
                                    "duty_bearer": a.get("duty_bearer"),
                                    "bearer_name": labels.bearer(a.get("duty_bearer", "")),
                                    "overdue": any(o["actor"] == actor_id and
                                                   o["duty_bearer"] == a.get("duty_bearer")
                                                   for o in x.overdue)})
    made = []
    for rec_id in sorted(plan.entries, key=natural_key):
        entries = plan.entries[rec_id]
        superseded_by = {e.supersedes: e.id for e in entries if e.supersedes}
        made += [_entry_view(analysis, e, labels, superseded_by) for e in entries
                 if e.by == actor_id]
    made.sort(key=lambda e: (str(e["as_of"]), natural_key(e["recommendation"]), e["id"]),
              reverse=True)
    monitors = actor.get("monitors") or {}
    parent = actor.get("parent")
    return {
        "id": actor_id, "name": labels.actor(actor_id), "kind": actor.get("kind"),
        "side": side_of(actor),
        "parent": {"id": parent, "name": labels.actor(parent)} if parent in plan.actors else None,
        "notes": actor.get("notes"),
        "monitors": {"themes": [{"id": t, "name": labels.theme(t)}
                                for t in monitors.get("themes") or [] if t in plan.themes],
                     "declined": bool(monitors.get("declined")), "since": monitors.get("since")},
        "assignments": assignments,
        "entries": made,
        "simulated": bool(actor.get("simulated")),
    }


def theme_page(analysis: Analysis, theme_id: str, labels: Labels) -> dict:
    bearers = analysis.plan.duty_bearer_ids
    members = [x for x in analysis.facts.values() if theme_id in x.rec.get("themes", [])]
    monitors = sorted(a for a, d in analysis.plan.actors.items()
                      if theme_id in ((d.get("monitors") or {}).get("themes") or []))
    return {"id": theme_id, "name": labels.theme(theme_id),
            "rows": [recommendation_row(analysis, x, bearers, labels) for x in members],
            "monitors": [{"id": m, "name": labels.actor(m)} for m in monitors]}


def feed_entries(analysis: Analysis, labels: Labels, limit: int = FEED_LIMIT) -> list[dict]:
    """The latest monitoring entries, newest first (as-of date, then recommendation, then id)."""
    out = []
    for rec_id in analysis.plan.entries:
        entries = analysis.plan.entries[rec_id]
        superseded_by = {e.supersedes: e.id for e in entries if e.supersedes}
        out += [_entry_view(analysis, e, labels, superseded_by) for e in entries]
    out.sort(key=lambda e: (str(e["as_of"]), natural_key(e["recommendation"]), e["id"]),
             reverse=True)
    return out[:limit]


def due_dates(analysis: Analysis, labels: Labels) -> list[dict]:
    out = []
    for x in analysis.facts.values():
        for a in x.assignments:
            if a.get("due"):
                out.append({"recommendation": x.id, "actor": a["actor"],
                            "name": labels.actor(a["actor"]), "role": a.get("role"),
                            "duty_bearer": a.get("duty_bearer"),
                            "bearer_name": labels.bearer(a.get("duty_bearer", "")),
                            "due": a["due"], "summary": text_in(x.rec.get("summary"),
                                                                labels.lang, ""),
                            "simulated": bool(a.get("simulated"))})
    out.sort(key=lambda d: (d["due"], natural_key(d["recommendation"]), d["actor"],
                            str(d["duty_bearer"])))
    return out


def stamp(analysis: Analysis, revision: dict) -> str:
    """The one date the site may carry: the data revision's, else the latest date in the data."""
    if revision.get("date"):
        return revision["date"]
    dates = [str(e.as_of) for e in analysis.plan.all_entries()]
    dates += [str(a.get("assigned_on")) for x in analysis.facts.values() for a in x.assignments
              if a.get("assigned_on")]
    period = analysis.plan.meta.get("period") or {}
    return max(dates, default=str(period.get("start") or "1970-01-01"))


def data_json(analysis: Analysis, revision: dict, dashboard: dict) -> str:
    """All the plan's data and derived facts, for machines."""
    plan = analysis.plan
    payload = {
        "generator": "nhrp",
        "simulated": bool(plan.meta.get("simulated")),
        "revision": {k: revision.get(k) for k in ("kind", "commit", "date", "dirty")},
        "plan": plan.meta,
        "status": dashboard,
        "actors": [plan.actors[a] for a in sorted(plan.actors)],
        "themes": [plan.themes[t] for t in sorted(plan.themes)],
        "recommendations": [details(analysis, r) for r in sorted(plan.recommendations,
                                                                   key=natural_key)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, default=str) + "\n"


# --- writing the tree ------------------------------------------------------------------------

def write_tree(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` ({relative POSIX path: bytes}) under ``out``; remove the files of the
    previous build that are gone. Refuses a non-empty folder that is not a previous build."""
    out = Path(out)
    manifest = out / MANIFEST
    previous: list[str] = []
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"--out {out} exists and is not a folder")
        if manifest.is_file():
            previous = [p for p in manifest.read_text(encoding="utf-8").splitlines() if p]
        elif any(out.iterdir()):
            raise UsageError(f"--out {out} is not empty and was not made by 'nhrp site build'; "
                             "choose an empty or new folder")
    root = os.path.realpath(out)
    for path in files:
        if path.startswith("/") or ".." in path.split("/") or path == MANIFEST:
            raise InvalidData(f"refusing to write {path!r} outside the site")  # pragma: no cover
    for path in sorted(set(previous) - set(files)):
        full = out / path
        if (".." not in path.split("/") and os.path.realpath(full).startswith(root + os.sep)
                and full.is_file() and not full.is_symlink()):
            full.unlink()
    for path in sorted(files):
        full = out / path
        full.parent.mkdir(parents=True, exist_ok=True)
        if full.is_symlink():
            full.unlink()
        if not full.is_file() or full.read_bytes() != files[path]:
            full.write_bytes(files[path])
    for folder in sorted({str(Path(p).parent) for p in previous}, key=len, reverse=True):
        full = out / folder
        if folder != "." and full.is_dir() and not any(full.iterdir()):
            full.rmdir()
    manifest.write_text("".join(f"{p}\n" for p in sorted(files)), encoding="utf-8")
    return sorted(files)
