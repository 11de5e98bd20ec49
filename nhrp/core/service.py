"""The index view with the rules bound: the store's load with validate's per-file check, so
that the rules stay pure functions of records and the store knows no rule. Whole results are
reused while nothing changed in :mod:`nhrp.core.index` (list) and :mod:`nhrp.core.dashboards`
(status); when something changed, :func:`lean_values` reads only the files changed since, and
when those are recommendations and entries only, :func:`touched_plans` gives the few
recommendations they touch, before and after, to patch the last result from.

Layers (no cycles): the store (files, git, caches) <- the rules and validate (which use the
store's per-file cache) <- these services <- status, list and the commands.
"""

from __future__ import annotations

import marshal
import stat
from pathlib import Path

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan, build, checked, gc_paused
from nhrp.core.rules import Problem
from nhrp.core.store import files, memo
from nhrp.core.store.load import INDEX, index_records, load, without_texts

LEAN = "lean-index"  # the memo of each file's lean record (see lean_values)


def load_index(root: Path, source: layout.WorkTree | None = None, *, texts: bool = True) -> Plan:
    """The index view of the working tree at ``root`` (see :mod:`nhrp.core.store.load`): all
    that status and list need, from the per-file cache where files are unchanged."""
    return load(source or layout.WorkTree(Path(root)), INDEX, check=_check(), texts=texts)


def _check():
    # validate is imported only here, on a miss: it brings the YAML parser and the rules
    # (~0.1 s), which a run answered from a memo never needs
    from nhrp.core.rules.check import check_file

    return check_file


def built(lean: dict[str, tuple], full: dict[str, Loaded], root: Path) -> Plan:
    """The plan of :func:`lean_values`' records: those read now as read, the others lean."""
    with gc_paused():
        loaded = [full.get(path) or _restored(path, value) for path, value in lean.items()]
    return checked(build(loaded, root))


def lean_values(source: layout.WorkTree, tree: memo.Snapshot | None = None
                ) -> tuple[dict[str, tuple], dict[str, Loaded], memo.PerFile]:
    """Each file's lean record (``{path: record}``, see :func:`_lean`, in the
    listing's order), the records of the files read now (with texts), and the kept records.
    Each file's lean record is kept with its ``lstat`` (:class:`nhrp.core.store.memo.PerFile`),
    so after a change only the changed and new files are read: the cost follows the change
    plus one pass over the kept records, not the per-file cache of every file (~640 MiB of
    objects at 100,000 recommendations). With the ``tree``'s snapshot (after its ``get()``),
    a change of tracked files only is found without listing the tree."""
    full: dict[str, Loaded] = {}
    kept = memo.PerFile(source, LEAN, tree)

    def derive(todo: list[str]) -> dict[str, tuple]:
        for item in _read(source, todo, many=len(todo) * 4 > len(kept)):
            full[item.path] = item
        return {path: _lean(full[path]) for path in todo}

    with gc_paused():
        lean, _ = kept.values(lambda: _plan_files(source), _wanted, derive)
    return lean, full, kept


TOUCHED_KINDS = ("recommendation", "monitoring-entry")


def touched_plans(lean: dict[str, tuple], differ: dict[str, tuple], root: Path
                  ) -> tuple[Plan, Plan] | None:
    """Two small plans, before and after the change ``differ`` (``{path: (lean record then,
    now)}``, see :meth:`nhrp.core.store.memo.PerFile.since`): the settings, actors,
    vocabularies and activities of ``lean``'s plan with only the recommendations the change
    touches, each with all its entries. A result derived per recommendation can be patched
    from them. None when the change reaches further: another kind of file, a file unreadable
    then or now, or a recommendation that repeats another or is repeated (its description
    names the other's status)."""
    touched: set[str] = set()
    for pair in differ.values():
        for kind, about, repeats, unreadable, _ in pair:
            if unreadable or kind not in TOUCHED_KINDS or about is None or repeats:
                return None
            touched.add(about)
    before, after = [], []
    with gc_paused():
        for path, value in lean.items():
            kind, about, repeats, unreadable, _ = value
            if unreadable:
                continue  # (none of them is touched: each result keeps its count of these)
            if repeats in touched:
                return None
            if kind in TOUCHED_KINDS and about not in touched:
                continue
            after.append(_restored(path, value))
            then = differ.get(path)
            before.append(_restored(path, then[0]) if then is not None else after[-1])
    return checked(build(before, root)), checked(build(after, root))


def _plan_files(source: layout.WorkTree) -> list[str]:
    return [p for p in source.paths() if layout.kind_of(p) and not source.is_symlink(p)]


def _wanted(path: str, mode: int) -> bool:
    return bool(layout.kind_of(path)) and not stat.S_ISLNK(mode)


def with_texts(source: layout.WorkTree, plan: Plan, rec_ids: list[str]) -> None:
    """Read the named recommendations again, with their texts, into ``plan``."""
    many = len(rec_ids) * 4 > len(plan.recommendations)
    found = _read(source, [plan.recommendation_paths[i] for i in rec_ids], many=many)
    for rec_id, item in zip(rec_ids, found):
        if item.data is not None:  # (else the file changed since it was listed)
            plan.recommendations[rec_id] = item.data


def _read(source: layout.WorkTree, paths: list[str], *, many: bool) -> list[Loaded]:
    """The index records of ``paths``, with texts. Many files (the first run, a checkout that
    touched most of the plan) go through the per-file cache of every file; a few are read
    without loading it."""
    if many:
        results = files.checked_files(source, _plan_files(source), _check())
    else:
        results = files.checked_files(source, paths, _check(), use_cache=False)
    return index_records(paths, results, True)


def _lean(item: Loaded) -> tuple:
    """One file's record as kept: ``(kind, the recommendation it is about, the one it repeats,
    whether it is unreadable, the rest encoded)`` — the data without texts and the problem,
    as marshal bytes, decoded only where used: a change touches few records (see
    :func:`touched_plans`), and bytes load in a fraction of the time and memory (at 100,000
    recommendations ~150 MB against ~350 MB of objects)."""
    data, problem = item.data, item.problem
    about = repeats = None
    if item.kind == "recommendation" and isinstance(data, dict):
        data = without_texts(data)
        about, repeats = data.get("id"), data.get("repeats")
    elif item.kind == "monitoring-entry" and isinstance(data, dict):
        about = data.get("recommendation")
    problem = problem and (problem.code, problem.message, problem.json_path, problem.line,
                           problem.column)
    return (item.kind, about if isinstance(about, str) else None,
            repeats if isinstance(repeats, str) else None, problem is not None,
            marshal.dumps((data, problem)))


def _restored(path: str, kept: tuple) -> Loaded:
    data, problem = marshal.loads(kept[4])
    return Loaded(path, kept[0], data, problem and Problem(path, *problem))
