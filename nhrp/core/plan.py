"""The loaded plan: every record of a repository, indexed for the queries the commands ask.

Loading is lenient — an unreadable file is kept aside as a problem and the rest still loads — so
that ``status`` can speak about a plan with one broken file. ``validate`` is where strictness lives.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from nhrp.core import layout
from nhrp.core.rules import Problem
from nhrp.core.schemas import conforms
from nhrp.errors import InvalidData


@dataclass
class Loaded:
    """One file as read: its kind, its data, or the reason it could not be read."""

    path: str
    kind: str | None
    data: object = None
    problem: Problem | None = None


@dataclass
class Entry:
    """A monitoring entry; ``id`` is its file name without .yaml, unique per recommendation."""

    id: str
    path: str
    data: dict

    recommendation = property(lambda self: self.data["recommendation"])
    by = property(lambda self: self.data["by"])
    duty_bearer = property(lambda self: self.data["duty_bearer"])
    as_of = property(lambda self: self.data["as_of"])
    status = property(lambda self: self.data["status"])
    supersedes = property(lambda self: self.data.get("supersedes"))


class Measurement(Entry):
    """A value of an activity's indicator; ``id`` is its file name without .yaml. History like
    an entry (by, as_of, supersedes), of an indicator rather than a recommendation."""

    activity = property(lambda self: self.data["activity"])
    indicator = property(lambda self: self.data["indicator"])


@dataclass
class Plan:
    root: Path | None
    meta: dict
    actors: dict[str, dict] = field(default_factory=dict)
    recommendations: dict[str, dict] = field(default_factory=dict)
    recommendation_paths: dict[str, str] = field(default_factory=dict)
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    themes: dict[str, dict] = field(default_factory=dict)
    sdgs: dict[int, dict] = field(default_factory=dict)
    participation: dict = field(default_factory=dict)  # data/participation.yaml
    unreadable: list[Problem] = field(default_factory=list)
    activities: dict[str, dict] = field(default_factory=dict)
    activity_paths: dict[str, str] = field(default_factory=dict)
    measurements: dict[tuple[str, str], list[Measurement]] = field(default_factory=dict)

    @property
    def status_ids(self) -> list[str]:
        return _ids(self.meta.get("status_scale"))

    @property
    def duty_bearer_ids(self) -> list[str]:
        return _ids(self.meta.get("duty_bearers"))

    @property
    def languages(self) -> list[str]:
        found = self.meta.get("languages")
        return [x for x in found if isinstance(x, str)] if isinstance(found, list) else ["en"]

    def all_entries(self) -> Iterator[Entry]:
        for rec_id in sorted(self.entries):
            yield from self.entries[rec_id]

    def setting(self, name: str, default):
        return self.meta.get("settings", {}).get(name, default)

    def without_records(self) -> "Plan":
        """Settings, actors, vocabularies, activities and unreadable files: what labels a
        result, without holding every recommendation and entry in memory."""
        return Plan(root=self.root, unreadable=self.unreadable,
                    **{name: getattr(self, name) for name in LABELS})


# what labels a result (:meth:`Plan.without_records`, kept with a result computed once)
LABELS = ("meta", "actors", "themes", "sdgs", "participation", "activities")


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small containers: plan data
    has no reference cycles, and the collector's repeated passes otherwise cost more than the
    parsing (measured: loading 30,000 records 4x faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ids(items) -> list[str]:
    """Ids of a list of {id: ...} mappings, ignoring anything malformed."""
    if not isinstance(items, list):
        return []
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def read_one(source: layout.Source, path: str) -> Loaded:
    try:
        raw = source.read(path)
    except OSError as exc:
        return Loaded(path, layout.kind_of(path), None,
                      Problem(path, "Y101", f"cannot read the file: {exc.strerror}", (), 1, 1))
    return parse(path, raw)


def parse(path: str, raw: bytes) -> Loaded:
    """One file's bytes as a record, or the Y1xx problem that stops it from being one."""
    from nhrp.core import yamlio  # not at import: a cached result needs no parser

    kind = layout.kind_of(path)
    try:
        data = yamlio.load_bytes(raw)
    except yamlio.YamlProblem as exc:
        return Loaded(path, kind, None, Problem(path, exc.code, exc.message, (),
                                                exc.line or 1, exc.column or 1))
    if not isinstance(data, dict):
        return Loaded(path, kind, None, Problem(path, "Y109", "the file must hold a mapping of "
                                                "fields (key: value lines)", (), 1, 1))
    return Loaded(path, kind, data)


def read_all(source: layout.Source, paths: list[str] | None = None) -> list[Loaded]:
    """Read and parse every known record file (or just ``paths``)."""
    wanted = paths if paths is not None else list(source.paths())
    with gc_paused():
        return [read_one(source, p) for p in wanted if layout.kind_of(p)]


def build(loaded: list[Loaded], root: Path | None = None) -> Plan:
    """Index parsed records. Records that failed to parse are listed in ``unreadable``."""
    plan = Plan(root=root, meta={})
    with gc_paused():
        _index(plan, loaded)
    return plan


def _index(plan: Plan, loaded: list[Loaded]) -> None:
    for item in loaded:
        if item.problem is not None:
            plan.unreadable.append(item.problem)
            continue
        data = item.data
        if item.kind == "plan":
            plan.meta = data
        elif item.kind == "actor" and isinstance(data.get("id"), str):
            plan.actors[data["id"]] = data
        elif item.kind == "recommendation" and isinstance(data.get("id"), str):
            plan.recommendations[data["id"]] = data
            plan.recommendation_paths[data["id"]] = item.path
        elif item.kind == "monitoring-entry" and isinstance(data.get("recommendation"), str):
            entry = Entry(layout.stem(item.path), item.path, data)
            plan.entries.setdefault(data["recommendation"], []).append(entry)
        elif item.kind == "activity" and isinstance(data.get("id"), str):
            plan.activities[data["id"]] = data
            plan.activity_paths[data["id"]] = item.path
        elif item.kind == "measurement" and isinstance(data.get("activity"), str):
            found = Measurement(layout.stem(item.path), item.path, data)
            plan.measurements.setdefault((data["activity"], str(data.get("indicator"))),
                                         []).append(found)
        elif item.kind == "themes" and isinstance(data.get("themes"), list):
            plan.themes = {t["id"]: t for t in data["themes"] if isinstance(t, dict)
                           and isinstance(t.get("id"), str)}
        elif item.kind == "sdgs" and isinstance(data.get("goals"), list):
            plan.sdgs = {g["goal"]: g for g in data["goals"] if isinstance(g, dict)
                         and isinstance(g.get("goal"), int)}
        elif item.kind == "participation":
            plan.participation = data
    for entries in (*plan.entries.values(), *plan.measurements.values()):
        entries.sort(key=lambda e: (str(e.data.get("as_of", "")), e.id))


def load(root: Path, source: layout.WorkTree | None = None) -> Plan:
    """Load the plan in the working tree at ``root``, every field of every record. A record
    that breaks its schema is left out and listed in ``unreadable`` (``nhrp validate`` says
    why), so that what is derived from the plan can rely on the schema. This is the full view
    of :func:`nhrp.core.store.load.load` for a working tree (which calls it)."""
    return checked(build(conforming(read_all(source or layout.WorkTree(root))), root))


def checked(plan: Plan) -> Plan:
    """A plan whose nhrp.yaml is usable; otherwise a clear error (exit 1) rather than a
    dashboard of blanks."""
    broken = next((p for p in plan.unreadable if p.path == layout.PLAN_FILE), None)
    if broken is not None or not plan.meta:
        reason = f": {broken.code} {broken.message}" if broken else ""
        raise InvalidData(f"{layout.PLAN_FILE} cannot be used{reason}; run 'nhrp validate' and "
                          "fix it first")
    return plan


def stored_problems(plan: Plan) -> list[tuple]:
    """The files left out of ``plan``, as plain tuples a result cache can keep."""
    return [(p.path, p.code, p.message, p.line, p.column) for p in plan.unreadable]


def restored_problems(stored) -> list[Problem]:
    return [Problem(path, code, message, (), line, column)
            for path, code, message, line, column in stored or ()]


def unreadable_record(plan: Plan, kind: str, record_id: str) -> str | None:
    """The path of a record that exists as a file but could not be read or breaks its
    schema, so that "unknown id" is not said of a file that is merely broken."""
    for problem in plan.unreadable:
        if layout.kind_of(problem.path) == kind and layout.stem(problem.path) == record_id:
            return problem.path
    return None


def conforming(loaded: list[Loaded]) -> list[Loaded]:
    """Records that break their schema turned into problems: what is derived from a plan
    (status, diffs, reports) may then rely on the schema's shape. Used for every plan that is
    analysed — working tree and git history alike — so both see the same records."""
    return [item if item.problem is not None or item.kind is None
            or conforms(item.kind, item.data) else malformed(item.path, item.kind)
            for item in loaded]


def malformed(path: str, kind: str | None) -> Loaded:
    return Loaded(path, kind, None, Problem(path, "S206", "the record does not match its "
                                            "schema; run 'nhrp validate'", (), 1, 1))


def load_vocabularies(root: Path) -> Plan:
    """The plan file, the actors and the themes of the working tree at ``root`` — all that
    naming needs, without reading every recommendation (fast on a large plan)."""
    source = layout.WorkTree(root)
    paths = [layout.PLAN_FILE, layout.THEMES_FILE, layout.SDGS_FILE]
    try:
        with os.scandir(os.path.join(root, layout.ACTORS)) as it:
            paths += sorted(f"{layout.ACTORS}/{e.name}" for e in it
                            if e.name.endswith(".yaml") and not e.name.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        pass
    present = [p for p in paths if os.path.lexists(os.path.join(root, p))]
    return checked(build(conforming(read_all(source, present)), root))
