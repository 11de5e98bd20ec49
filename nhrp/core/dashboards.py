"""``nhrp status``'s dashboard with its memos: of the working tree, reused while no file of the
plan changed, and of a revision, kept per commit. Apart from :mod:`nhrp.core.service`, so that
``list`` does not load the dashboard's modules."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from nhrp.core.analysis import analyze
from nhrp.core.plan import Plan, gc_paused, restored_problems, stored_problems
from nhrp.core.layout import WorkTree
from nhrp.core.service import lean_index
from nhrp.core.status import dashboard
from nhrp.core.store import memo
from nhrp.core.store.revision import Point, open_repo, plan_at, resolve_at


def cached_dashboard(root: Path, today: dt.date, **filters) -> tuple[dict, Plan]:
    """:func:`nhrp.core.status.dashboard` of the working tree at ``root`` with the plan's
    labels, reusing the last result while no file of the plan changed (same filters, same
    day): a secretariat running ``nhrp status`` again gets it at once, even on a large plan.
    After a change, the dashboard is derived again from the kept lean records, of which only
    the changed files are read."""
    snapshot = memo.Snapshot.of_tree(root, ("status", today.isoformat(),
                                            sorted(filters.items())), name="status")
    stored = snapshot.get()
    if isinstance(stored, dict) and {"meta", "themes", "data", "unreadable"} <= set(stored):
        return stored["data"], Plan(root=root, meta=stored["meta"], themes=stored["themes"],
                                    unreadable=restored_problems(stored["unreadable"]))
    plan, _, _ = lean_index(snapshot.source or WorkTree(root), snapshot)  # reads only what changed
    with gc_paused():  # (many small containers, no cycles: see gc_paused)
        data = dashboard(analyze(plan, today), **filters)
    plan = plan.without_records()  # frees the records before the result is stored and printed
    snapshot.put({"meta": plan.meta, "themes": plan.themes, "data": data,
                  "unreadable": stored_problems(plan)})
    return data, plan


def dashboard_at(repo_path: str | os.PathLike, at: str, today: dt.date, **filters
                 ) -> tuple[dict, Plan, Point]:
    """:func:`nhrp.core.status.dashboard` of the plan as of ``at`` (DATE or REV) with its
    labels and the resolved point. A commit never changes, so the result is kept per commit,
    day and filters."""
    repo = open_repo(repo_path)
    point = resolve_at(repo, at)
    day = point.today(today)
    full: list[Plan] = []

    def compute() -> tuple:
        plan = plan_at(repo, point)
        full.append(plan)
        data = dashboard(analyze(plan, day), **filters)
        return plan.meta, plan.themes, data, stored_problems(plan)

    key = (point.commit.id, repo.prefix, day.isoformat(), sorted(filters.items()))
    meta, themes, data, unreadable = memo.at_commit(
        repo.git_dir, key, compute, lambda v: isinstance(v, tuple) and len(v) == 4)
    if full:
        return data, full[0], point
    return data, Plan(root=None, meta=meta, themes=themes,
                      unreadable=restored_problems(unreadable)), point
