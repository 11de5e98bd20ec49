"""The cross-file rules: references between files (R303–R305, R307, R308, R340), conflicting
assignments (R309), languages (R311, W701), and the rules of identity, entries and activities.

Tolerant of records that break their schema (those have their own S2xx problems). A file that
could not be read already has its own problem; its file name still counts as a known id, and
when a whole vocabulary (the plan file, the theme list) is unreadable the references into it
are not checked, so one broken file does not cascade into dozens of false "unknown" reports.
"""

from __future__ import annotations

import difflib

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan, build
from nhrp.core.rules import Problem, activities, entries, identity, json_path_text
from nhrp.core.translations import missing_translations


def cross_file(loaded: list[Loaded], ids: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every cross-file problem among ``loaded``. ``ids`` holds the file names of every
    record of the plan by kind when only some are loaded (``validate --changed-since``): ids
    are file names, so which actors and recommendations exist is known from the listing."""
    readable = [item for item in loaded if item.problem is None]
    unreadable = {item.path for item in loaded if item.problem is not None}
    if ids is None:
        ids = {kind: {layout.stem(i.path) for i in loaded if i.kind == kind}
               for kind in ("actor", "recommendation")}
    return _rules(build(readable), readable, unreadable, ids)


def _rules(plan: Plan, loaded: list[Loaded], unreadable: set[str],
           ids: dict[str, set[str]]) -> list[Problem]:
    out: list[Problem] = []
    out += identity.duplicate_ids(loaded)
    out += missing_translations(loaded, plan.languages)
    meta, plan_path = plan.meta, layout.PLAN_FILE
    actors = set(plan.actors) | ids.get("actor", set())
    recommendations = set(plan.recommendations) | ids.get("recommendation", set())
    themes = plan.themes
    statuses, bearers = set(plan.status_ids), set(plan.duty_bearer_ids)
    languages = set(plan.languages)
    unchecked = {name for name, missing in (("theme", layout.THEMES_FILE in unreadable),
                                            ("plan", layout.PLAN_FILE in unreadable or not meta))
                 if missing}

    def ref(path, at, value, known, code, what):
        if {"status": "plan", "duty bearer": "plan", "theme": "theme"}.get(what) in unchecked:
            return
        if isinstance(value, str) and value not in known:
            out.append(Problem(path, code, f"{json_path_text(at)}: {_unknown(what, value, known)}", at))

    for i, m in enumerate(_list(meta.get("maintainers"))):
        ref(plan_path, ("maintainers", i), m, actors, "R303", "actor")
    for i, d in enumerate(_list(meta.get("duty_bearers"))):
        if isinstance(d, dict) and "actor" in d:
            ref(plan_path, ("duty_bearers", i, "actor"), d["actor"], actors, "R303", "actor")
    for kind_list, label in (("duty_bearers", "duty bearer"), ("status_scale", "status")):
        seen: set = set()
        for i, d in enumerate(_list(meta.get(kind_list))):
            if isinstance(d, dict) and d.get("id") in seen:
                out.append(Problem(plan_path, "R302", f"{kind_list}[{i}]: {label} id '{d['id']}' "
                                   "is listed twice", (kind_list, i, "id")))
            elif isinstance(d, dict):
                seen.add(d.get("id"))
    for item in loaded:
        if item.kind in ("actor", "recommendation", "monitoring-entry", "activity") and \
                "plan" not in unchecked:
            out += _languages(item, languages)
    out += identity.confusable_names(plan)
    if "plan" not in unchecked:
        out += entries.check(plan)
    for actor_id, actor in plan.actors.items():
        path = layout.actor_path(actor_id) if layout.SLUG.match(actor_id) else actor_id
        ref(path, ("parent",), actor.get("parent"), actors, "R303", "actor")
        ref(path, ("duty_bearer",), actor.get("duty_bearer"), bearers, "R308", "duty bearer")
        for i, t in enumerate(_list(_dict(actor.get("monitors")).get("themes"))):
            ref(path, ("monitors", "themes", i), t, themes, "R305", "theme")
    for rec_id, rec in plan.recommendations.items():
        path = plan.recommendation_paths[rec_id]
        for i, t in enumerate(_list(rec.get("themes"))):
            ref(path, ("themes", i), t, themes, "R305", "theme")
        for i, r in enumerate(_list(rec.get("related"))):
            ref(path, ("related", i), r, recommendations, "R304", "recommendation")
        out += _assignments(path, rec, ref, actors, bearers)
    taking_part = plan.participation
    for field in ("invitations", "answers"):
        for i, item in enumerate(_list(taking_part.get(field))):
            item = _dict(item)
            ref(layout.PARTICIPATION_FILE, (field, i, "actor"), item.get("actor"), actors, "R303",
                "actor")
            out += _importer(layout.PARTICIPATION_FILE, (field, i, "imported_by"), item, meta)
            for j, t in enumerate(_list(item.get("themes"))):
                ref(layout.PARTICIPATION_FILE, (field, i, "themes", j), t, themes, "R305", "theme")
    for rec_id, series in plan.entries.items():
        by_id = {e.id: e for e in series}
        for e in series:
            ref(e.path, ("recommendation",), rec_id, recommendations, "R304", "recommendation")
            ref(e.path, ("by",), e.data.get("by"), actors, "R303", "actor")
            ref(e.path, ("duty_bearer",), e.data.get("duty_bearer"), bearers, "R308", "duty bearer")
            ref(e.path, ("status",), e.data.get("status"), statuses, "R307", "status")
            out += _importer(e.path, ("received", "imported_by"), _dict(e.data.get("received")),
                             meta)
            out += identity.supersedes(e, by_id, rec_id, "entry", "entries")
    for key, series in plan.measurements.items():
        by_id = {m.id: m for m in series}
        out += [p for m in series for p in identity.supersedes(m, by_id, "/".join(key),
                                                                "measurement", "measurements")]
    out += activities.cross_file(plan, ref, actors, recommendations, "plan" in unchecked)
    return out


def _assignments(path: str, rec: dict, ref, actors: set, bearers: set) -> list[Problem]:
    """References of a recommendation's assignments, and R309: an actor assigned twice for one
    duty bearer, or two leads for one duty bearer."""
    out: list[Problem] = []
    seen_actor: set = set()
    leads: set = set()
    for i, a in enumerate(_list(rec.get("assignments"))):
        a = _dict(a)
        ref(path, ("assignments", i, "actor"), a.get("actor"), actors, "R303", "actor")
        ref(path, ("assignments", i, "duty_bearer"), a.get("duty_bearer"), bearers, "R308",
            "duty bearer")
        key = (str(a.get("actor")), str(a.get("duty_bearer")))
        if key in seen_actor:
            out.append(Problem(path, "R309", f"assignments[{i}]: {a.get('actor')} is assigned "
                               f"twice for {a.get('duty_bearer')}; keep one", ("assignments", i)))
        seen_actor.add(key)
        if a.get("role") == "lead":
            if str(a.get("duty_bearer")) in leads:
                out.append(Problem(path, "R309", f"assignments[{i}]: a second lead for duty "
                                   f"bearer {a.get('duty_bearer')}; make one of them support",
                                   ("assignments", i, "role")))
            leads.add(str(a.get("duty_bearer")))
    return out


def _importer(path: str, at: tuple, item: dict, meta: dict) -> list[Problem]:
    """R340: answers received by form or sheet are imported by the secretariat, which alone
    may add entries in another actor's name (check-scope)."""
    who = item.get("imported_by")
    maintainers = _list(meta.get("maintainers"))
    if not isinstance(who, str) or not meta or who in maintainers:
        return []
    return [Problem(path, "R340", f"{json_path_text(at)}: '{who}' is not a maintainer of the plan "
                    f"({', '.join(map(str, maintainers)) or 'none'}); answers received by form "
                    "or sheet are imported by the secretariat", at)]


def _languages(item: Loaded, languages: set) -> list[Problem]:
    out = []
    for key in ("names", "summary", "text", "title"):
        value = item.data.get(key)
        if isinstance(value, dict):
            for lang in value:
                if lang not in languages:
                    out.append(Problem(item.path, "R311", f"{key}.{lang}: '{lang}' is not one of "
                                       f"the plan's languages ({', '.join(sorted(languages))})",
                                       (key, lang), at_key=True))
    return out


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _unknown(what: str, value: str, known) -> str:
    near = difflib.get_close_matches(value, list(known), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown {what} '{value}'{hint}"
