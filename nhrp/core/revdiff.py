"""What a change means between two revisions: the sides ``nhrp diff`` compares by default, the
merge result of a pull request, and the domain diff of the two plans (docs/history.md).

Between two commits the cost follows the change, not the plan (:func:`changed_plans`): ids are
file names (rules R301, R310), so the files a change touches come from comparing the two trees
and their neighbours — the other entries of a recommendation, the recommendation an entry
belongs to, every entry of an actor whose side changed — from the listing of the base; only
those, the actors and nhrp.yaml are parsed. Compared, the two reduced plans say what the whole
plans say.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Iterable, NamedTuple

from nhrp.core import branch, layout
from nhrp.core import plan as plan_mod
from nhrp.core.plan import Plan
from nhrp.core.plandiff import compare
from nhrp.core.sides import side_of
from nhrp.core.store import git
from nhrp.core.store.revision import (DATE, SYMLINK, Point, Repo, Tree, commit_header,
                                      commit_headers, list_tree, open_repo, parse_blobs,
                                      parse_trees, plan_from_tree, plans_from_trees, resolve_at,
                                      resolve_rev)
from nhrp.errors import EnvironmentProblem, UsageError

MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master", "@{upstream}")


# --- the sides of a diff ---------------------------------------------------------------------

def default_sides(repo: Repo) -> tuple[str, str, str | None]:
    """What ``nhrp diff`` compares without arguments: (base label, base commit, head) where
    head None is the working tree. Uncommitted plan changes: the branch's start (the merge
    base with main, else master, origin/main, origin/master or the upstream — on main itself
    HEAD) with the working tree. A clean tree: a branch's commits since it left main, or on
    main (or a bare repository) the last commit, HEAD~1 with HEAD."""
    head = resolve_rev(repo, "HEAD")
    dirty = not repo.bare and bool(repo.git("status", "--porcelain", "-z", "--",
                                            layout.PLAN_FILE, layout.DATA))
    for name in MAIN_BRANCHES if not repo.bare else ():
        branch = git.verify(repo.path, name)
        if branch is None:
            continue
        base = git.run(repo.path, "merge-base", branch, head, check=False).decode().strip()
        if not base:
            hint = " (this clone is shallow: fetch the full history)" if repo.shallow else ""
            raise EnvironmentProblem(f"{name} and HEAD have no common commit{hint}; name the "
                                     "base: nhrp diff BASE")
        if base != head:
            return f"where this branch left {name}", base, None if dirty else "HEAD"
        break
    if dirty:
        return "HEAD", head, None
    parent = git.verify(repo.path, "HEAD~1")
    if parent is None:
        raise UsageError("HEAD is the plan's first commit: there is nothing before it to "
                         "compare with; name what to compare: nhrp diff BASE [HEAD]")
    return "HEAD~1", parent, "HEAD"


def _has_plan(repo: Repo, treeish: str) -> bool:
    return _with_plan(repo, treeish) == {treeish}


def _with_plan(repo: Repo, *treeishes: str) -> set[str]:
    """Those of ``treeishes`` (commits or trees) that hold a plan: one ``git cat-file``."""
    asked = list(dict.fromkeys(treeishes))
    if "\n" in repo.prefix:  # not a line of the batch: ask for each
        return {t for t in asked if any(kind == "blob" for _, kind, _ in git.ls_tree(
            repo.path, t, [repo.prefix + layout.PLAN_FILE]).values())}
    lines = repo.git("cat-file", "--batch-check=%(objecttype)", input="".join(
        f"{t}:{repo.prefix}{layout.PLAN_FILE}\n" for t in asked).encode()).decode().split("\n")
    return {t for t, kind in zip(asked, lines) if kind == "blob"}


def _diverged(repo: Repo, base_id: str, head_id: str) -> bool:
    """Whether each of the two commits has one the other lacks (neither is in the other's
    history)."""
    return bool(repo.git("rev-list", "-1", base_id, f"^{head_id}").strip()) and \
        bool(repo.git("rev-list", "-1", head_id, f"^{base_id}").strip())


def _merged_tree(repo: Repo, base_id: str, head_id: str, base_label: str,
                 head_label: str, diverged: bool | None = None) -> str | None:
    """The tree that merging ``head_id`` into ``base_id`` produces when the two have diverged
    (``diverged``: :func:`_diverged`, when the caller asked already), or None when one is in
    the other's history (then comparing the two directly is exact, also backwards in time).
    Comparing diverged commits directly shows the base's own later changes as reverted;
    comparing with one merge base can hide what a merge deletes or reverts
    (docs/security.md)."""
    if not (_diverged(repo, base_id, head_id) if diverged is None else diverged):
        return None
    # the merge base beside the merge: two histories with none are a usage error, said so
    _, merge = branch.merged(repo.path, base_id, head_id, base_label, head_label)
    tree = git.clean(merge, base_label, head_label)
    if not _has_plan(repo, tree):
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) in {head_label} merged into "
                         f"{base_label}")
    return tree


# --- the plans a change needs ----------------------------------------------------------------

_DATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-")


class _Sides:
    """The files the reduced plans hold: what the base lists, and on the head side the same
    with the change applied (a file the change does not name is the same on both sides)."""

    def __init__(self, repo: Repo, base: str, head: str) -> None:
        """Start comparing ``base`` with ``head`` (one ``git diff-tree``) and listing the
        settings and the actors at the base; :meth:`take` the answers."""
        self.repo, self.base, self.head, self.prefix = repo, base, head, repo.prefix
        self.changes: dict[str, git.RawChange] = {}
        self.listed: dict[str, tuple[str, str]] = {}
        self._compared = git.Meanwhile(git.raw_diff, repo.path, base, head, [
            self.prefix + layout.PLAN_FILE, self.prefix + layout.DATA])
        self._settings = self.list([layout.PLAN_FILE, layout.ACTORS])

    def take(self) -> None:
        self.changes = {c.path[len(self.prefix):]: c for c in self._compared.result()}
        self.add(self._settings)

    def list(self, folders: Iterable[str], names: Iterable[str] | None = None) -> git.Meanwhile:
        """Start listing the files of the base under ``folders`` (paths from the plan root);
        :meth:`add` the answer."""
        return git.Meanwhile(git.ls_tree, self.repo.path, self.base,
                             [self.prefix + f for f in folders], names)

    def add(self, *listings: git.Meanwhile) -> None:
        for listing in listings:
            for path, (mode, kind, oid) in listing.result().items():
                if kind == "blob":
                    self.listed[path[len(self.prefix):]] = (mode, oid)

    def trees(self, paths: Iterable[str]) -> tuple[Tree, Tree]:
        base: Tree = {}
        head: Tree = {}
        for path in paths:
            change = self.changes.get(path)
            old = change.old if change else self.listed.get(path)
            new = change.new if change else old
            if old and old[0] != git.GITLINK:
                base[path] = old
            if new and new[0] != git.GITLINK:
                head[path] = new
        return base, head

    def plans(self, paths: Iterable[str]) -> tuple[Plan, Plan]:
        return tuple(plans_from_trees(self.repo, *self.trees(paths)))


def changed_plans(repo: Repo, base: str, head: str,
                  started: _Sides | None = None) -> tuple[Plan, Plan] | None:
    """The plans at ``base`` and ``head`` (commits or trees, both with a plan), each holding
    only what the change between them touches and what its meaning needs: nhrp.yaml, the
    actors, the changed files, and for every recommendation the change concerns its record
    and all its entries. :func:`nhrp.core.plandiff.compare` gives for them what it gives for
    the whole plans, except that ``unreadable`` names only the files read. None when the change
    reaches every recommendation (nhrp.yaml's status scale or settings changed) or a file read
    breaks the naming contract (an id that is not its file name): then read the whole plans.
    ``started``: the same questions, when the caller asked them already."""
    sides = started if started is not None and (started.base, started.head) == (base, head) \
        else _Sides(repo, base, head)
    sides.take()
    direct = {i for i in _changed_ids(sides) if layout.RECOMMENDATION_ID.match(i)}
    ahead = _listings(sides, direct)  # while the settings and the actors are read
    core = set(sides.listed) | set(sides.changes)
    old, new = sides.plans(core)
    if old.status_ids != new.status_ids or old.meta.get("settings") != new.meta.get("settings"):
        return None
    ids = _concerned(sides, old, new)
    if not all(isinstance(i, str) and layout.RECOMMENDATION_ID.match(i) for i in ids):
        return None
    sides.add(*ahead, *_listings(sides, ids - direct))
    trees = sides.trees(core | set(sides.listed))
    parse_trees(repo, *trees)  # both sides' files with one git process
    if not all(_named_by_file(repo, tree) for tree in trees):
        return None
    return plan_from_tree(repo, trees[0]), plan_from_tree(repo, trees[1])


def _listings(sides: _Sides, ids: set[str]) -> list[git.Meanwhile]:
    """Start listing, at the base, the records of ``ids`` the change leaves alone and all
    their entries (two git processes at once)."""
    changed_recs = {layout.stem(p) for p in sides.changes
                    if layout.kind_of(p) == "recommendation"}
    unchanged = sorted(ids - changed_recs)
    return ([sides.list([layout.RECOMMENDATIONS], [f"{i}.yaml" for i in unchanged])]
            if unchanged else []) + ([sides.list([f"{layout.MONITORING}/{i}/"
                                                  for i in sorted(ids)])] if ids else [])


def _changed_ids(sides: _Sides) -> set[str]:
    """The recommendations whose record or entries the change touches."""
    ids: set[str] = set()
    for path in sides.changes:
        kind = layout.kind_of(path)
        if kind == "recommendation":
            ids.add(layout.stem(path))
        elif kind == "monitoring-entry":
            ids.add(path.split("/")[2])
    return ids


def _concerned(sides: _Sides, old: Plan, new: Plan) -> set:
    """The recommendations whose meaning the change may alter: those whose record or entries
    changed, and those assessed by an actor whose side (self or independent) changed."""
    ids = _changed_ids(sides)
    for plan in (old, new):
        ids.update(plan.recommendations)
        ids.update(plan.entries)
    moved = {a for a in set(old.actors) | set(new.actors)
             if side_of(old.actors.get(a)) != side_of(new.actors.get(a))}
    if moved:  # every entry by them: their file names say who made them (<as_of>-<by>.yaml)
        def by_moved(path: str) -> bool:
            name = layout.stem(path)
            rest = name[11:] if _DATED.match(name) else None
            return rest is None or any(rest == a or rest.startswith(a + "-") for a in moved)

        found = git.ls_tree(sides.repo.path, sides.base, [sides.prefix + layout.MONITORING])
        ids.update(p[len(sides.prefix):].split("/")[2] for p in found
                   if layout.kind_of(p[len(sides.prefix):]) == "monitoring-entry"
                   and by_moved(p))
    return ids


def _named_by_file(repo: Repo, tree: Tree) -> bool:
    """Every recommendation and entry read keeps the contract the listing relies on: a
    recommendation's id is its file name; an entry sits in its recommendation's folder and is
    named <as_of>-<by>.yaml (R301, R310)."""
    wanted = {path: oid for path, (mode, oid) in tree.items() if mode != SYMLINK
              and layout.kind_of(path) in ("recommendation", "monitoring-entry")}
    parsed = parse_blobs(repo, [(oid, path) for path, oid in wanted.items()])
    for path, oid in wanted.items():
        data = parsed[oid].data
        if not isinstance(data, dict):
            continue  # unreadable: left out on its side, and said so
        if layout.kind_of(path) == "recommendation":
            if data.get("id") != layout.stem(path):
                return False
        elif data.get("recommendation") != path.split("/")[2] or not re.fullmatch(
                re.escape(f"{data.get('as_of')}-{data.get('by')}") + r"(-[0-9]+)?",
                layout.stem(path)):
            return False
    return True


def _plans(repo: Repo, base: str, head: str, started: _Sides | None = None) -> tuple[Plan, Plan]:
    return changed_plans(repo, base, head, started) or tuple(plans_from_trees(
        repo, list_tree(repo, base), list_tree(repo, head)))


# --- the diff --------------------------------------------------------------------------------

def _points(repo: Repo, base: str, head: str | None) -> _Points | None:
    """BASE and HEAD when both name commits (not dates), found with one git process, and
    what is asked of the two commits next; None otherwise, or when one of them is no commit
    (:func:`resolve_at` then says why)."""
    if head is None or DATE.match(base.strip()) or DATE.match(head.strip()):
        return None
    ids = branch.commit_ids(repo.path, base.strip(), head.strip())
    if not ids:
        return None
    planned = git.Meanwhile(_with_plan, repo, *ids)  # five git processes at once
    diverged = git.Meanwhile(_diverged, repo, *ids)
    sides = _Sides(repo, *ids)  # what the diff needs when neither commit has diverged
    return _Points(*(Point(c) for c in commit_headers(repo, *ids)), planned, diverged, sides)


class _Points(NamedTuple):
    base: Point
    head: Point
    planned: git.Meanwhile  # :func:`_with_plan` of both
    diverged: git.Meanwhile  # :func:`_diverged`
    sides: _Sides  # the change from one to the other (:func:`changed_plans`)


class Early(git.Meanwhile):
    """What ``diff BASE HEAD`` asks git first (:func:`_points`: the two commits, their headers,
    which hold a plan, whether they diverged, the change between them), asked on a thread from
    the start of the run: the entry point starts it before typer is imported (~40 ms of
    Python that git overlaps), and :func:`diff` takes it when it compares the same."""

    def __init__(self, path: Path, base: str, head: str) -> None:
        super().__init__(_opened_points, path, base, head)


def _opened_points(path: Path, base: str, head: str) -> tuple[Repo, _Points | None]:
    repo = open_repo(path)
    return repo, _points(repo, base, head)


def diff(repo: str | os.PathLike | Repo, base: str | None = None, head: str | None = None, *,
         today: dt.date, early: Early | None = None) -> dict:
    """What changed from ``base`` to ``head`` in domain terms (:func:`nhrp.core.plandiff.compare`).

    ``base``, ``head``: DATE or REV; ``head`` None is the working tree (HEAD in a bare
    repository). Without either, see :func:`default_sides`. ``early``: git's first answers
    (:class:`Early` of the same ``repo``, ``base`` and ``head``), when the caller asked already."""
    if early is not None:
        repo, points = early.result()
    else:
        repo = repo if isinstance(repo, Repo) else open_repo(repo)
        points = _points(repo, base, head) if base is not None else None
    if base is None and head is None:
        base_label, commit_id, head = default_sides(repo)
        base_point = Point(commit_header(repo, commit_id))
    elif base is None:
        raise UsageError("give BASE as well as HEAD: nhrp diff BASE HEAD")
    else:
        base_point = points[0] if points else resolve_at(repo, base)
        base_label = base
    base_id = base_point.commit.id
    planned = points.planned.result() if points else _with_plan(repo, base_id)
    if base_id not in planned:
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) {base_point.label}")
    if head is None and not repo.bare:
        if not (repo.path / layout.PLAN_FILE).is_file():
            raise EnvironmentProblem(f"{repo.path} has no {layout.PLAN_FILE}; run nhrp diff in "
                                     "the plan folder or pass --repo")
        merged = _merged_tree(repo, base_id, resolve_rev(repo, "HEAD"), base_label, "HEAD")
        if merged is None:
            base_plan = plan_from_tree(repo, list_tree(repo, base_id))
            head_plan = plan_mod.load(repo.path)
            head_side = {"label": "the working tree (uncommitted changes)", "commit": None,
                         "date": None}
        elif repo.git("status", "--porcelain", "-z", "--", layout.PLAN_FILE, layout.DATA):
            raise UsageError(f"{base_label} is not in the history of HEAD, so the change is what "
                             "merging HEAD into it would do, which needs commits: commit your "
                             "changes first, or name the revision: nhrp diff BASE HEAD")
        else:
            base_plan, head_plan = _plans(repo, base_id, merged)
            head_side = {"label": f"HEAD merged into {base_label}", "commit": None, "date": None}
    else:
        head_point = points[1] if points else resolve_at(repo, head or "HEAD")
        label = head or "HEAD"
        merged = _merged_tree(repo, base_id, head_point.commit.id, base_label, label,
                              points.diverged.result() if points else None)
        if merged is None and head_point.commit.id not in (
                planned if points else _with_plan(repo, head_point.commit.id)):
            where = f" in {repo.prefix.rstrip('/')}" if repo.prefix else ""
            raise UsageError(f"there is no plan ({layout.PLAN_FILE}{where}) "
                             f"{head_point.label}")
        if merged is not None:
            label = f"{label} merged into {base_label}"
        base_plan, head_plan = _plans(repo, base_id, merged or head_point.commit.id,
                                      points.sides if points else None)
        head_side = {"label": label, "commit": head_point.commit.id,
                     "date": head_point.commit.day}
    result = compare(base_plan, head_plan, today)
    return {"base": {"label": base_label, "commit": base_point.commit.id,
                     "date": base_point.commit.day},
            "head": head_side, **result}
