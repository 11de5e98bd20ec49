"""Who is who across files: unique ids (R302), corrections that supersede an earlier record
of the same series (R306), actor names that cannot be told apart (R312)."""

from __future__ import annotations

from collections import defaultdict

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan
from nhrp.core.rules import Problem, confusables


def duplicate_ids(loaded: list[Loaded]) -> list[Problem]:
    """Same id twice, or ids/file names equal after case folding (they collide on macOS/Windows)."""
    out: list[Problem] = []
    seen: dict[tuple, str] = {}
    for item in loaded:
        if item.problem is not None or item.kind not in ("actor", "recommendation",
                                                         "monitoring-entry", "activity"):
            continue
        key = (item.kind, collision_key(item.kind, item.path))
        if key in seen:
            out.append(Problem(item.path, "R302", f"same id as {seen[key]} (ids must be unique, "
                               "ignoring letter case)", ("id",) if item.kind != "monitoring-entry" else ()))
            continue
        seen[key] = item.path
        if item.kind != "monitoring-entry" and isinstance(item.data.get("id"), str):
            id_key = (item.kind + "-id", item.data["id"].casefold())
            if id_key in seen:
                out.append(Problem(item.path, "R302", f"id '{item.data['id']}' is also used by "
                                   f"{seen[id_key]}", ("id",)))
            else:
                seen[id_key] = item.path
    for item in loaded:
        if item.kind == "themes" and item.problem is None:
            out += _duplicate_themes(item)
    return out


def collision_key(kind: str | None, path: str) -> str:
    """What must be unique, ignoring case: an entry's path, else the record's file name."""
    return path.casefold() if kind == "monitoring-entry" else layout.stem(path).casefold()


def _duplicate_themes(item: Loaded) -> list[Problem]:
    out = []
    first: dict[str, int] = {}
    themes = item.data.get("themes")
    for i, t in enumerate(themes if isinstance(themes, list) else []):
        tid = t.get("id") if isinstance(t, dict) else None
        if isinstance(tid, str):
            if tid.casefold() in first:
                out.append(Problem(item.path, "R302", f"themes[{i}]: theme id '{tid}' is listed "
                                   f"twice (first at themes[{first[tid.casefold()]}])",
                                   ("themes", i, "id")))
            else:
                first[tid.casefold()] = i
    return out


def supersedes(e, by_id: dict, owner: str, what: str, whats: str) -> list[Problem]:
    """R306: ``supersedes`` of a monitoring entry or a measurement names an earlier record of
    the same series by the same actor, without a loop."""
    target = e.supersedes
    if not isinstance(target, str):
        return []
    earlier = by_id.get(target)
    if earlier is None or target == e.id:
        message = f"no {what} '{target}' for {owner}"
    elif earlier.data.get("by") != e.data.get("by"):
        message = (f"{what} '{target}' is by {earlier.data.get('by')}; an actor can only "
                   f"correct its own {whats}")
    elif str(earlier.data.get("as_of")) > str(e.data.get("as_of")):
        message = (f"{what} '{target}' is as of {earlier.data.get('as_of')}, later than this "
                   f"one; a correction supersedes an earlier {what}")
    elif _supersedes_loop(e, by_id):
        message = f"'{target}' leads back to this {what}; corrections cannot supersede each other"
    else:
        return []
    return [Problem(e.path, "R306", f"supersedes: {message}", ("supersedes",))]


def _supersedes_loop(entry, by_id: dict) -> bool:
    seen, current = {entry.id}, by_id.get(entry.supersedes)
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        target = current.data.get("supersedes")
        current = by_id.get(target) if isinstance(target, str) else None
    return False


def confusable_names(plan: Plan) -> list[Problem]:
    """Actors whose names look alike in some language (R312), reported in each of their files."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for actor_id in sorted(plan.actors):
        names = plan.actors[actor_id].get("names")
        if isinstance(names, dict) and layout.SLUG.match(actor_id):
            for lang, name in names.items():
                if isinstance(name, str) and confusables.skeleton(name):
                    groups[(lang, confusables.skeleton(name))].append(actor_id)
    out: list[Problem] = []
    for (lang, _), ids in sorted(groups.items()):
        for actor_id in ids if len(ids) > 1 else ():
            others = ", ".join(f"'{i}'" for i in ids if i != actor_id)
            out.append(Problem(layout.actor_path(actor_id), "R312", f"names.{lang}: looks the "
                               f"same as the name of actor {others}; names must be "
                               "distinguishable", ("names", lang)))
    return out
