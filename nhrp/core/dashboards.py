"""``nhrp status``'s dashboard with its memos: of the working tree, reused while no file of the
plan changed, and of a revision, kept per commit. Apart from :mod:`nhrp.core.service`, so that
``list`` does not load the dashboard's modules."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from nhrp.core.analysis import analyze
from nhrp.core.plan import LABELS, Plan, gc_paused, restored_problems, stored_problems
from nhrp.core.layout import WorkTree
from nhrp.core.service import built, lean_values, touched_plans
from nhrp.core.status import dashboard
from nhrp.core.status_patch import patched
from nhrp.core.store import memo
from nhrp.core.store.revision import Point, open_repo, plan_at, resolve_at


def cached_dashboard(root: Path, today: dt.date, **filters) -> tuple[dict, Plan]:
    """:func:`nhrp.core.status.dashboard` of the working tree at ``root`` with the plan's
    labels, reusing the last result while no file of the plan changed (same filters, same
    day): a secretariat running ``nhrp status`` again gets it at once, even on a large plan.
    After a change, only the changed files are read (see :func:`lean_values`); when they are
    recommendations and entries only, the last result is patched from the dashboards of the
    recommendations they touch, before and after (:mod:`nhrp.core.status_patch`), else the
    dashboard is derived again from every kept lean record."""
    options = [today.isoformat(), sorted(filters.items())]
    snapshot = memo.Snapshot.of_tree(root, ("status", *options), name="status")
    stored = snapshot.get()
    if isinstance(stored, dict) and {"meta", "themes", "data", "unreadable"} <= set(stored):
        return stored["data"], Plan(root=root, meta=stored["meta"], themes=stored["themes"],
                                    unreadable=restored_problems(stored["unreadable"]))
    lean, full, kept = lean_values(snapshot.source or WorkTree(root), snapshot)
    with gc_paused():  # (many small containers, no cycles: see gc_paused)
        found = _patched(snapshot.previous(), options, lean, kept, root, today, filters)
        if found is None:
            plan = built(lean, full, root)
            del lean, full
            kept.forget_values()
            data = dashboard(analyze(plan, today), **filters)
            plan = plan.without_records()  # frees the records before the result is stored
        else:
            data, plan = found
    snapshot.put({"meta": plan.meta, "themes": plan.themes, "data": data,
                  "unreadable": stored_problems(plan), "options": options,
                  "marker": kept.marker()})
    return data, plan


def _patched(previous, options: list, lean: dict, kept: memo.PerFile, root: Path,
             today: dt.date, filters: dict) -> tuple[dict, Plan] | None:
    """The ``previous`` result patched from the recommendations changed since (see
    :mod:`nhrp.core.status_patch`), with the plan that labels it; None when it cannot be."""
    if not isinstance(previous, dict) or previous.get("options") != options \
            or not isinstance(previous.get("data"), dict):
        return None
    differ = kept.since(previous.get("marker"))
    plans = touched_plans(lean, differ, root) if differ is not None else None
    if plans is None:
        return None
    before, after = plans
    minus, plus = (dashboard(analyze(plan, today), **filters) for plan in plans)
    touched = {*before.recommendations, *after.recommendations}
    data = patched(previous["data"], minus, plus, touched)
    if data is None:
        return None
    plan = after.without_records()
    plan.unreadable = restored_problems(previous.get("unreadable"))
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
        return (data, stored_problems(plan), *(getattr(plan, name) for name in LABELS))

    key = (point.commit.id, repo.prefix, day.isoformat(), sorted(filters.items()))
    data, unreadable, *labels = memo.at_commit(
        repo.git_dir, key, compute, lambda v: isinstance(v, tuple) and len(v) == 2 + len(LABELS))
    if full:
        return data, full[0], point
    return data, Plan(root=None, unreadable=restored_problems(unreadable),
                      **dict(zip(LABELS, labels))), point
