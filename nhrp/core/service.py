"""The services around the rules: the store's loads with validate's per-file checks bound,
and whole results reused while nothing changed (:mod:`nhrp.core.store.memo`), so that the
rules stay pure functions of records and the store knows no rule.

Layers (no cycles): the store (files, git, caches) <- the rules and validate (which use the
store's per-file cache) <- these services <- status, list and the commands.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from nhrp.core import layout
from nhrp.core.analysis import analyze
from nhrp.core.plan import Plan, restored_problems, stored_problems
from nhrp.core.status import dashboard
from nhrp.core.store import memo
from nhrp.core.store.load import INDEX, load
from nhrp.core.store.revision import Point, open_repo, plan_at, resolve_at


def load_index(root: Path, source: layout.WorkTree | None = None, *, texts: bool = True) -> Plan:
    """The index view of the working tree at ``root`` (see :mod:`nhrp.core.store.load`): all
    that status and list need, from the per-file cache where files are unchanged."""
    # validate is imported only here, on a miss: it brings the YAML parser and the rules
    # (~0.1 s), which a run answered from a memo never needs
    from nhrp.core.rules.check import check_file

    return load(source or layout.WorkTree(Path(root)), INDEX, check=check_file, texts=texts)


def cached_dashboard(root: Path, today: dt.date, **filters) -> tuple[dict, Plan]:
    """:func:`nhrp.core.status.dashboard` of the working tree at ``root`` with the plan's
    labels, reusing the last result while no file of the plan changed (same filters, same
    day): a secretariat running ``nhrp status`` again gets it at once, even on a large plan."""
    snapshot = memo.Snapshot.of_tree(root, ("status", today.isoformat(),
                                            sorted(filters.items())), name="status")
    stored = snapshot.get()
    if isinstance(stored, dict) and {"meta", "themes", "data", "unreadable"} <= set(stored):
        return stored["data"], Plan(root=root, meta=stored["meta"], themes=stored["themes"],
                                    unreadable=restored_problems(stored["unreadable"]))
    plan = load_index(root, snapshot.source, texts=False)
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
