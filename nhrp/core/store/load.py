"""``load(source, view)``: the one way a plan is loaded, from the working tree or from git.

Views:

- ``FULL`` — every field of every record (show, report, export, diff, history): records that
  break their schema are left out and listed in ``unreadable``, from either source alike;
- ``INDEX`` — what ``status`` and ``list`` need: the per-file results of the caller's
  ``check(path, bytes)`` (validate's per-file checks, which keep a lean projection of each
  record), reused from :mod:`.files` where a file is unchanged — for a git revision too,
  wherever the working tree's file had the same blob id. A record with a schema problem
  is listed as malformed, as in the full view. ``texts=False`` also drops the summaries and
  official texts of recommendations (status never shows them; at 100,000 they hold ~130 MB).

The store knows no rule: ``check`` comes from the caller (see :mod:`nhrp.core.service`), so
validate may use the store without a cycle.
"""

from __future__ import annotations

from typing import Callable

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan, build, checked, gc_paused, malformed
from nhrp.core.plan import load as load_work_tree
from nhrp.core.rules import Problem
from nhrp.core.store import files
from nhrp.core.store.revision import plan_from_tree
from nhrp.core.store.sources import GitTree, Source

FULL, INDEX = "full", "index"
VIEWS = (FULL, INDEX)


def load(source: Source, view: str = FULL, *, check: Callable[[str, bytes], tuple] | None = None,
         texts: bool = True) -> Plan:
    """The plan in ``source`` (a :class:`nhrp.core.layout.WorkTree` or a
    :class:`.sources.GitTree`) as ``view`` (``FULL`` or ``INDEX``, which needs ``check``).
    A working tree whose nhrp.yaml is unusable is an error (exit 1); a git revision keeps it
    in ``unreadable`` (history shows what was there)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if view == FULL:
        if isinstance(source, GitTree):
            return plan_from_tree(source.repo, source.tree)
        return load_work_tree(source.root, source)
    if check is None:
        raise ValueError("the index view needs the per-file check")
    paths = [p for p in source.paths() if layout.kind_of(p) and not source.is_symlink(p)]
    if isinstance(source, GitTree):
        results = _commit_results(source, paths, check)
        return build(index_records(paths, results, texts), None)
    results = files.checked_files(source, paths, check)
    return checked(build(index_records(paths, results, texts), source.root))


def index_records(paths: list[str], results: dict[str, tuple], texts: bool) -> list[Loaded]:
    """The records of the index view from per-file check results (``texts``: keep the
    recommendations' summaries and official texts)."""
    loaded = []
    for path in paths:
        kind, data, problems, _ = results[path]
        if data is None:
            loaded.append(Loaded(path, kind, None, Problem(path, *problems[0])))
        elif any(p[0].startswith("S") for p in problems):
            loaded.append(malformed(path, kind))
        else:
            if kind == "recommendation" and not texts:
                data = without_texts(data)
            loaded.append(Loaded(path, kind, data))
    return loaded


def without_texts(recommendation: dict) -> dict:
    """A recommendation without its summaries and official texts: what status needs of it."""
    return {k: v for k, v in recommendation.items() if k not in ("summary", "text")}


def _commit_results(source: GitTree, paths: list[str], check) -> dict[str, tuple]:
    """``check`` of a commit's files: the working tree's kept result where the file there had
    the same blob id (a commit and its checkout share their results), else read from git."""
    kept = {} if source.repo.bare else files.by_blob(layout.WorkTree(source.repo.path))
    results: dict[str, tuple] = {}
    todo = []
    for path in paths:
        hit = kept.get(path)
        if hit is not None and hit[0] == source.key(path):
            results[path] = hit[1]
        else:
            todo.append(path)
    raws = source.read_many(todo) if todo else {}
    with gc_paused():
        for path in todo:
            results[path] = check(path, raws[path])
    return results
