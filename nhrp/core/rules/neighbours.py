"""Which files a change can affect, so that ``validate --changed-since`` reads only those.

Ids are file names, so whether an actor or a recommendation exists is known from the listing.
What else a rule reads about other files is spelled out here, reference by reference
(:func:`touched`):

* an actor is named anywhere (maintainers, parents, assignments, entries, activities,
  measurements, participation): the plan is searched for its id. The self-assessment rule
  (R313) places an entry through its author's parent actors, so a touched actor also touches
  the actors below it; names are compared with every other actor's (R312), so a touched
  actor makes every actor a neighbour;
* a recommendation is named by its entries, which live in its folder of data/monitoring/,
  and by other recommendations (``related``, ``repeats``) and activities: those two folders
  are searched for its id;
* an entry or a measurement is named only by the others of its series (``supersedes``, in
  its folder); an activity by its measurements (in its folder of data/measurements/);
* ids must be unique ignoring case (R302): files of the same kind whose name folds to the
  same key as a changed one, or as its ``id`` — :func:`collisions`;
* a file that is checked needs some records only to look things up — the other entries of
  its series (R306), its recommendation's cycle (D404), an activity's indicators (A703/A704),
  the response to a recommendation (A706), the cycle of the repeated one (A709):
  :func:`context`. Those are read, not reported.

A change to the plan's settings or vocabularies (nhrp.yaml, vocabularies/) can affect every
file: it is checked against the whole plan (:data:`PLAN_WIDE`). An entry filed in another
recommendation's folder already has its own problem (R310) and is not searched for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from nhrp.core import layout
from nhrp.core.plan import Loaded
from nhrp.core.rules.identity import collision_key

PLAN_WIDE = frozenset({layout.PLAN_FILE, layout.THEMES_FILE, layout.SDGS_FILE})
EVERYWHERE = (layout.PLAN_FILE, layout.DATA)  # where actors are named
NAMING_RECOMMENDATIONS = (layout.RECOMMENDATIONS, layout.ACTIVITIES)  # besides their entries
# listed whole; entries and measurements are listed folder by folder, as a change needs them
LISTED = (layout.PLAN_FILE, layout.ACTORS, layout.ACTIVITIES, layout.RECOMMENDATIONS,
          "data/vocabularies", layout.PARTICIPATION_FILE)
SERIES = (layout.MONITORING, layout.MEASUREMENTS)
# what other records read of a recommendation: whether its id exists (references), its cycle
# (A709, a recommendation that repeats it) and its response (A706, an activity acting on it)
LOOKED_UP = ("id", "cycle", "response")

_SERIES = tuple(f + "/" for f in SERIES)
_RECOMMENDATIONS = layout.RECOMMENDATIONS + "/"
Fetch = Callable[[list[str]], Iterable[str]]


class Listing:
    """Every record file of the plan, indexed by kind and id, by folder, and by the key that
    must be unique ignoring case. With ``fetch``, the files of the series folders (entries,
    measurements) are not in ``paths``: ``fetch(folders)`` lists them when they are first
    asked for — the files under those folders, spelt in any letter case."""

    def __init__(self, paths: Iterable[str], kinds: dict[str, str | None] | None = None,
                 fetch: Fetch | None = None):
        self.kinds: dict[str, str] = {}
        self.by_id: dict[tuple, list[str]] = defaultdict(list)
        self.by_folder: dict[str, list[str]] = defaultdict(list)
        self.by_key: dict[tuple, list[str]] = defaultdict(list)
        self.recommendations = _ByName()
        self.fetch, self.fetched = fetch, set()
        self._add(paths, kinds)

    def _add(self, paths: Iterable[str], kinds: dict[str, str | None] | None = None) -> None:
        recommendations = []
        for path in paths:
            if path in self.kinds:
                continue
            if path.startswith(_RECOMMENDATIONS) and path.endswith(".yaml"):
                recommendations.append(path)  # = layout.kind_of(path) == "recommendation"
                continue
            kind = kinds[path] if kinds is not None else layout.kind_of(path)
            if kind is None:
                continue
            self.kinds[path] = kind
            folder, _, name = path.rpartition("/")
            self.by_id[(kind, name[:-5])].append(path)
            if kind in ("monitoring-entry", "measurement"):
                self.by_folder[folder].append(path)
            self.by_key[(kind, name[:-5].casefold())].append(path)
        self.kinds.update(dict.fromkeys(recommendations, "recommendation"))
        self.recommendations.add(recommendations)

    def same_key(self, kind: str, key: str) -> list[str]:
        """Files of ``kind`` whose id folds to ``key`` (ignoring letter case)."""
        if kind == "recommendation":
            return self.recommendations.by_key(key)
        return self.by_key.get((kind, key), [])

    def unlisted(self, folders: Iterable[str]) -> list[str]:
        """The series folders among ``folders`` that :meth:`need` would list now (``fetch``'s
        argument), so that a caller can start listing them early."""
        return sorted({f.rstrip("/") for f in folders if f.startswith(_SERIES)
                       and not any((f + "/").casefold().startswith(done + "/")
                                   for done in self.fetched)})

    def need(self, folders: Iterable[str]) -> None:
        """List these series folders (and those below them), when not listed yet."""
        if self.fetch is None:
            return
        todo = self.unlisted(folders)
        if todo:
            self._add(self.fetch(todo))
            self.fetched.update(f.casefold() for f in todo)

    def ids(self) -> dict[str, set[str]]:
        """The ids of the records of each kind, from their file names."""
        out: dict[str, set[str]] = defaultdict(set)
        for kind, record_id in self.by_id:
            out[kind].add(record_id)
        out["recommendation"].update(self.recommendations.stems)
        return out

    def of_kind(self, kind: str) -> list[str]:
        return [p for p, k in self.kinds.items() if k == kind]

    def record(self, kind: str, record_id) -> list[str]:
        if not isinstance(record_id, str):
            return []
        if kind == "recommendation":
            return self.recommendations.by_id(record_id)
        return self.by_id.get((kind, record_id), [])

    def under(self, folders: Iterable[str]) -> set[str]:
        """The entries and measurements in these folders or below them."""
        wanted = tuple(f + "/" for f in folders)
        self.need(wanted)
        return {p for folder, paths in self.by_folder.items() if (folder + "/").startswith(wanted)
                for p in paths} if wanted else set()


class _ByName:
    """The recommendations' files (one per id, so many: 100,000 in a large plan), indexed by
    id and by folded id with a few steps in C rather than several Python steps a file."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.stems: list[str] = []
        self._by_id: dict[str, list[str]] | None = None
        self._by_key: dict[str, list[str]] | None = None

    def add(self, paths: list[str]) -> None:
        if paths:
            self.paths += paths
            self.stems += [p[p.rfind("/") + 1:-5] for p in paths]
            self._by_id = self._by_key = None

    def by_id(self, record_id: str) -> list[str]:
        if self._by_id is None:
            self._by_id = _group(self.stems, self.paths)
        return _found(self._by_id, record_id)

    def by_key(self, key: str) -> list[str]:
        if self._by_key is None:  # casefold() never makes or takes a NUL
            self._by_key = _group("\0".join(self.stems).casefold().split("\0"), self.paths)
        return _found(self._by_key, key)


def _group(keys: list[str], paths: list[str]) -> dict[str, str | list[str]]:
    """``{key: path}``; ``{key: [paths]}`` when a key is there twice."""
    out: dict = dict(zip(keys, paths))
    if len(out) < len(paths):
        out = defaultdict(list)
        for key, path in zip(keys, paths):
            out[key].append(path)
    return out


def _found(index: dict[str, str | list[str]], key: str) -> list[str]:
    found = index.get(key, [])
    return [found] if isinstance(found, str) else found


@dataclass
class Touched:
    """What a change touches: ids to search for, and folders whose files it may break."""

    actors: set[str] = field(default_factory=set)  # searched for in the whole plan
    recommendations: set[str] = field(default_factory=set)  # in NAMING_RECOMMENDATIONS
    folders: set[str] = field(default_factory=set)  # every entry or measurement below


def touched(changed: Iterable[str], deleted: Iterable[str], actors: dict[str, dict]) -> Touched:
    """What the added, changed and deleted files touch; ``actors``: every actor, by id."""
    out = Touched()
    for path in (*changed, *deleted):
        kind, record_id = layout.kind_of(path), layout.stem(path)
        if kind == "actor":
            out.actors.add(record_id)
        elif kind == "recommendation":
            out.recommendations.add(record_id)
            out.folders.add(f"{layout.MONITORING}/{record_id}")
        elif kind == "activity":
            out.folders.add(f"{layout.MEASUREMENTS}/{record_id}")
        elif kind in ("monitoring-entry", "measurement"):
            out.folders.add(path.rpartition("/")[0])
    if out.actors:
        out.actors |= _below(out.actors, actors)
    return out


def searched_for(before: dict | None, now: dict | None) -> tuple[str, ...]:
    """Where the unchanged records that read a changed recommendation may be (``before``, at
    the base, and ``now``: its data, None when it was not there or cannot be read): a new,
    unreadable or renumbered recommendation, or a new cycle, may break any that name it;
    a new response only the activities acting on it; other fields nothing elsewhere."""
    if not isinstance(before, dict) or not isinstance(now, dict):
        return NAMING_RECOMMENDATIONS
    old, new = ([record.get(k) for k in LOOKED_UP] for record in (before, now))
    if old[:2] != new[:2]:
        return NAMING_RECOMMENDATIONS
    return (layout.ACTIVITIES,) if old[2] != new[2] else ()


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


def collisions(listing: Listing, changed: Iterable[Loaded]) -> set[str]:
    """Files whose id equals a changed file's, or its ``id``'s, ignoring letter case (R302)."""
    out: set[str] = set()
    changed = list(changed)
    listing.need(i.path.rpartition("/")[0] for i in changed)
    for item in changed:
        key = collision_key(item.kind, item.path)
        out.update(p for p in listing.same_key(item.kind, layout.stem(item.path).casefold())
                   if collision_key(item.kind, p) == key)
        record_id = item.data.get("id") if item.problem is None else None
        if item.kind != "monitoring-entry" and isinstance(record_id, str):
            out.update(listing.same_key(item.kind, record_id.casefold()))
    return out


def context(listing: Listing, items: Iterable[Loaded]) -> set[str]:
    """The records the rules look up when they check ``items``."""
    items = list(items)
    listing.need(_series_folders(items))
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


def _series_folders(items: list[Loaded]) -> set[str]:
    """The folders of entries and measurements :func:`context` looks in."""
    out: set[str] = set()
    for item in items:
        data = item.data if item.problem is None else {}
        if item.kind == "monitoring-entry":
            out.add(item.path.rpartition("/")[0])
            if isinstance(data.get("recommendation"), str):
                out.add(f"{layout.MONITORING}/{data['recommendation']}")
        elif item.kind == "measurement":
            out.add(item.path.rpartition("/")[0])
            if isinstance(data.get("activity"), str):
                out.add(f"{layout.MEASUREMENTS}/{data['activity']}/{data.get('indicator')}")
    return out
