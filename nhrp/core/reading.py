"""Which plan a reading command reads, and on which day it is judged: the working tree today,
or with ``--at`` the plan as it stood at a commit, tag or date, read from git (a date's
deadlines are judged on that date). ``report``, ``review``, ``show``, ``list`` and ``site``
read through here, so ``--at`` means the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout
from nhrp.core.plan import Plan, load
from nhrp.core.report_data import revision as working_revision
from nhrp.core.store.revision import snapshot
from nhrp.core.timeline import timeline


@dataclass
class Reading:
    plan: Plan
    today: dt.date  # the day deadlines are judged on
    revision: dict  # what report_data.revision describes: a commit, or the working tree
    root: Path | None  # the plan folder (its own templates/), None in a bare repository
    repo: Path  # where the history is read from

    def progress(self) -> dict | None:
        """Counts per status at the end of each quarter, from the plan's git history; None
        when the plan is not read from a commit."""
        if self.revision["kind"] != "commit":
            return None
        return timeline(self.repo, period="quarter", rev=self.revision["commit"],
                        today=self.today)


def working_tree(root: Path, today: dt.date) -> Reading:
    """The plan in the folder ``root`` as it is now."""
    return Reading(load(root), today, working_revision(root), root, root)


def at_revision(repo: Path, at: str, today: dt.date) -> Reading:
    """The plan as it stood at ``at`` (a commit, tag or date), read from the git objects of
    ``repo`` (a plan folder or a bare repository) without touching the working tree."""
    snap = snapshot(repo, at)
    commit = snap.point.commit
    rev = {"kind": "commit", "commit": commit.id, "short": commit.id[:10], "date": commit.day,
           "datetime": commit.committed, "dirty": False, "as_of": snap.point.date}
    root = repo if (Path(repo) / layout.PLAN_FILE).is_file() else None
    return Reading(snap.plan, snap.point.today(today), rev, root, repo)
