"""Progress over time: counts per status, duty bearer and side at the end of each month or
quarter, from one walk over the first-parent history (docs/history.md)."""

from __future__ import annotations

import datetime as dt
import os

from nhrp.core import layout
from nhrp.core.analysis import analyze
from nhrp.core.store.revision import (SYMLINK, Repo, Tree, last_on_or_before, list_tree,
                                      open_repo, parse_blobs, parse_day, plan_from_tree,
                                      resolve_rev, visible, walk)
from nhrp.core.status import dashboard
from nhrp.errors import UsageError

PERIODS = ("month", "quarter")


def _periods(start: dt.date, end: dt.date, period: str) -> list[tuple[str, dt.date, dt.date]]:
    step = 1 if period == "month" else 3
    month = (start.month - 1) // step * step + 1
    year = start.year
    out = []
    while dt.date(year, month, 1) <= end:
        first = dt.date(year, month, 1)
        ny, nm = (year + 1, 1) if month + step > 12 else (year, month + step)
        last = dt.date(ny, nm, 1) - dt.timedelta(days=1)
        label = f"{year}-{month:02d}" if period == "month" else f"{year}-Q{(month - 1) // 3 + 1}"
        out.append((label, first, last))
        year, month = ny, nm
    return out


def _as_date(value, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_day(str(value), what)


def timeline(repo: str | os.PathLike | Repo, start=None, end=None, period: str = "month", *,
             rev: str = "HEAD", today: dt.date | None = None) -> dict:
    """Counts per status, duty bearer and side at the end of each month (or quarter), from one
    walk over the first-parent history of ``rev``.

    ``start``/``end`` (dates or YYYY-MM-DD) default to the plan period as of ``rev``; periods
    that begin after ``today`` are left out. Each period holds the plan as of its last day,
    judged on that day (``by_duty_bearer`` is exactly ``nhrp status``'s
    ``status_by_duty_bearer`` as of then). Periods before the history of a shallow clone are
    marked ``available: false``."""
    if period not in PERIODS:
        raise UsageError(f"period must be {' or '.join(PERIODS)}, not {period!r}")
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    today = today or dt.date.today()
    head = resolve_rev(repo, rev)
    line = walk(repo, head, [layout.PLAN_FILE, layout.DATA + "/"], first_parent=True)
    start, end = _as_date(start, "start"), _as_date(end, "end")
    if start is None or end is None:
        tree = list_tree(repo, head)  # the plan period is in nhrp.yaml: nothing else is read
        plan_period = (plan_from_tree(repo, {layout.PLAN_FILE: tree[layout.PLAN_FILE]}
                                      if layout.PLAN_FILE in tree else {}).meta.get("period") or {})
        try:
            start = start or dt.date.fromisoformat(str(plan_period.get("start")))
            end = end or dt.date.fromisoformat(str(plan_period.get("end")))
        except ValueError:
            start = start or dt.date.fromisoformat(line[0][0].day if line else today.isoformat())
            end = end or today
    if end < start:
        raise UsageError(f"the timeline ends ({end}) before it starts ({start})")
    periods = [p for p in _periods(start, end, period) if p[1] <= today]
    days = [c.day for c, _ in line]
    chosen = [last_on_or_before(days, last.isoformat()) for _, _, last in periods]
    shallow_start = line[0][0].id in repo.shallow if line else False

    # one pass: replay the changes, keep the tree at each period's commit
    trees: dict[int, Tree] = {}
    wanted = sorted(set(i for i in chosen if i >= 0))
    tree: Tree = {}
    k = 0
    for index, (_, files) in enumerate(line):
        if k >= len(wanted):
            break
        for f in files:
            if f.new is None:
                tree.pop(f.path, None)
            else:
                tree[f.path] = (f.new_mode, f.new)
        if index == wanted[k]:
            trees[index] = dict(tree)
            k += 1
    parse_blobs(repo, [(oid, p) for t in trees.values() for p, (mode, oid) in t.items()
                       if mode != SYMLINK and visible(p)])

    rows = []
    for (label, first, last), index in zip(periods, chosen):
        judged = min(last, today)
        row = {"period": label, "start": first.isoformat(), "end": last.isoformat(),
               "as_of": judged.isoformat(), "available": not (index < 0 and shallow_start),
               "commit": line[index][0].id if index >= 0 else None,
               "recommendations": 0, "assigned": 0, "assessed": 0, "implemented": 0,
               "by_duty_bearer": {}}
        if index >= 0 and layout.PLAN_FILE in trees[index]:
            plan = plan_from_tree(repo, trees[index])
            board = dashboard(analyze(plan, judged))
            totals = board["totals"]
            row.update({key: totals[key] for key in ("recommendations", "assigned", "assessed",
                                                      "implemented")})
            row["by_duty_bearer"] = board["status_by_duty_bearer"]
        rows.append(row)
    return {"rev": head, "period": period, "start": start.isoformat(), "end": end.isoformat(),
            "periods": rows}
