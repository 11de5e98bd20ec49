"""Which files a change can affect, so that ``validate --changed-since`` reads only those.

Ids are file names, so whether an actor or a recommendation exists is known from the listing.
What else a rule reads about other files is spelled out here, rule by rule:

* a changed, added or deleted record can break the unchanged files that *name* it: found by
  searching the plan for its id (references, ``supersedes``, ``repeats``, an activity's
  measurements) — :func:`touched_ids` lists the ids to search for;
* the self-assessment rule (R313) places an entry through its author's parent actors, so a
  changed actor also touches the actors below it; actor names are compared with every other
  actor's (R312), so a changed actor makes every actor a neighbour;
* ids must be unique ignoring case (R302): files of the same kind whose name folds to the
  same key as a changed one — :func:`collisions`;
* a file that is checked needs some records only to look things up — the other entries of
  its series (R306), its recommendation's cycle (D404), an activity's indicators (A703/A704),
  the response to a recommendation (A706), the cycle of the repeated one (A709):
  :func:`context`. Those are read, not reported.

A change to the plan's settings or vocabularies (nhrp.yaml, vocabularies/) can affect every
file: it is checked against the whole plan (:data:`PLAN_WIDE`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from nhrp.core import layout
from nhrp.core.plan import Loaded
from nhrp.core.rules.identity import collision_key

PLAN_WIDE = frozenset({layout.PLAN_FILE, layout.THEMES_FILE, layout.SDGS_FILE})
NAMED = ("actor", "recommendation", "activity", "monitoring-entry", "measurement")


class Listing:
    """Every record file of the plan, indexed by kind and id, by folder, and by the key that
    must be unique ignoring case."""

    def __init__(self, paths: Iterable[str], kinds: dict[str, str] | None = None):
        self.kinds: dict[str, str] = {}
        self.by_id: dict[tuple, list[str]] = defaultdict(list)
        self.by_folder: dict[str, list[str]] = defaultdict(list)
        self.by_key: dict[tuple, list[str]] = defaultdict(list)
        for path in paths:
            kind = kinds[path] if kinds is not None else layout.kind_of(path)
            if kind is None:
                continue
            self.kinds[path] = kind
            folder, _, name = path.rpartition("/")
            self.by_id[(kind, name[:-5])].append(path)
            if kind in ("monitoring-entry", "measurement"):
                self.by_folder[folder].append(path)
            self.by_key[(kind, name[:-5].casefold())].append(path)

    def ids(self) -> dict[str, set[str]]:
        """The ids of the records of each kind, from their file names."""
        out: dict[str, set[str]] = defaultdict(set)
        for kind, record_id in self.by_id:
            out[kind].add(record_id)
        return out

    def of_kind(self, kind: str) -> list[str]:
        return [p for p, k in self.kinds.items() if k == kind]

    def record(self, kind: str, record_id) -> list[str]:
        return self.by_id.get((kind, record_id), []) if isinstance(record_id, str) else []


def touched_ids(changed: Iterable[str], deleted: Iterable[str], loaded: Iterable[Loaded],
                actors: dict[str, dict]) -> set[str]:
    """The ids to search the plan for: of every added, changed or deleted record (by file name
    and, for one that was read, by its ``id``), and of the actors below a touched actor."""
    paths = [p for p in (*changed, *deleted) if layout.kind_of(p) in NAMED]
    ids = {layout.stem(p) for p in paths}
    for item in loaded:
        if item.problem is None and isinstance(item.data.get("id"), str):
            ids.add(item.data["id"])
    touched_actors = {layout.stem(p) for p in paths if layout.kind_of(p) == "actor"}
    if touched_actors:
        ids |= _below(touched_actors, actors)
    return {i for i in ids if i}


def _below(tops: set[str], actors: dict[str, dict]) -> set[str]:
    """Actors whose chain of parents reaches one of ``tops``."""
    found: set[str] = set()
    for actor_id in actors:
        seen, current = set(), actor_id
        while isinstance(current, str) and current not in seen:
            if current in tops:
                found.add(actor_id)
                break
            seen.add(current)
            current = (actors.get(current) or {}).get("parent")
    return found


def collisions(listing: Listing, changed: Iterable[str]) -> set[str]:
    """Files whose id equals a changed file's ignoring letter case (R302)."""
    out: set[str] = set()
    for path in changed:
        kind = layout.kind_of(path)
        key = collision_key(kind, path)
        out.update(p for p in listing.by_key.get((kind, layout.stem(path).casefold()), ())
                   if collision_key(kind, p) == key)
    return out


def context(listing: Listing, items: Iterable[Loaded]) -> set[str]:
    """The records the rules look up when they check ``items``."""
    out: set[str] = set()
    for item in items:
        data = item.data if item.problem is None else {}
        folder = item.path.rpartition("/")[0]
        if item.kind == "monitoring-entry":
            rec = data.get("recommendation")
            out.update(listing.by_folder.get(folder, ()))
            if isinstance(rec, str):
                out.update(listing.by_folder.get(f"{layout.MONITORING}/{rec}", ()))
            out.update(listing.record("recommendation", rec))
        elif item.kind == "measurement":
            activity = data.get("activity")
            out.update(listing.by_folder.get(folder, ()))
            if isinstance(activity, str):
                out.update(listing.by_folder.get(
                    f"{layout.MEASUREMENTS}/{activity}/{data.get('indicator')}", ()))
            out.update(listing.record("activity", activity))
        elif item.kind == "activity":
            recs = data.get("recommendations")
            for rec in recs if isinstance(recs, list) else ():
                out.update(listing.record("recommendation", rec))
        elif item.kind == "recommendation":
            out.update(listing.record("recommendation", data.get("repeats")))
    return out
