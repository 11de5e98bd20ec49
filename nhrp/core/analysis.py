"""Derived facts: current status, divergence, overdue, coverage. Never stored, always computed.

How the current status is derived (docs/status.md explains it for readers):

* Every monitoring entry belongs to a *side*: **self** when the assessing actor is an authority
  (kinds federal-government, krg, parliament, judiciary), **independent** otherwise (independent
  institutions, the UN, NGOs, other).
* An entry named by another entry's ``supersedes`` no longer counts.
* For each recommendation, duty bearer and side, the current status is the remaining entry with
  the latest ``as_of`` date. On the same date, the lower step of the scale wins (a report never
  shows more progress than some assessor saw that day); then the entry id decides.
* The *settled* status of a duty bearer, used for "implemented" and "overdue", is the
  independent status when there is one, else the self-reported one.
* Divergence: both sides have a current status for a duty bearer and they differ by at least
  ``settings.divergence_steps`` (default 1) steps of the scale.
* Overdue: an assignment whose due date has passed while the settled status of its duty bearer
  is not the top of the scale.
* Stale: a current status whose as-of date is more than ``settings.stale_after_months``
  (default 12) months before today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from nhrp.core.names import natural_key
from nhrp.core.plan import Entry, Plan
from nhrp.core.sides import side_of


class Current(NamedTuple):
    status: str
    as_of: str
    by: str
    entry: str

    def as_dict(self) -> dict:
        return {"status": self.status, "as_of": self.as_of, "by": self.by, "entry": self.entry}


@dataclass
class Facts:
    """Everything derived about one recommendation."""

    id: str
    rec: dict
    current: dict[tuple[str, str], Current] = field(default_factory=dict)
    settled: dict[str, str] = field(default_factory=dict)
    divergences: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    monitored_by: list[str] = field(default_factory=list)

    @property
    def assignments(self) -> list[dict]:
        return self.rec.get("assignments") or []

    @property
    def leads(self) -> list[str]:
        return [a["actor"] for a in self.assignments if a.get("role") == "lead"]

    @property
    def assigned_actors(self) -> list[str]:
        return [a["actor"] for a in self.assignments]

    @property
    def duty_bearers(self) -> list[str]:
        """Duty bearers this recommendation concerns: assigned ones and assessed ones."""
        seen = dict.fromkeys(a["duty_bearer"] for a in self.assignments)
        seen.update(dict.fromkeys(db for db, _ in self.current))
        return list(seen)

    def implemented(self, top: str, bearers=None) -> bool:
        """Every duty bearer it concerns (or each of ``bearers`` it concerns) has reached the
        top of the scale; a duty bearer that is assigned but not assessed has not."""
        concerned = [db for db in self.duty_bearers if bearers is None or db in bearers]
        return bool(concerned) and all(self.settled.get(db) == top for db in concerned)


@dataclass
class Analysis:
    plan: Plan
    today: dt.date
    facts: dict[str, Facts]
    rank: dict[str, int]
    stale_before: str  # as-of dates before this are stale

    @property
    def top_status(self) -> str:
        return self.plan.status_ids[-1] if self.plan.status_ids else ""


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def current_statuses(plan: Plan, entries: list[Entry], rank: dict[str, int],
                     sides: dict[str, str] | None = None) -> dict[tuple[str, str], Current]:
    """The current status per (duty bearer, side); ``sides`` is :func:`actor_sides` of the
    plan, when the caller has it already."""
    if sides is None:
        sides = actor_sides(plan)
    superseded = {e.supersedes for e in entries if e.supersedes}
    best: dict[tuple[str, str], tuple] = {}
    for e in entries:
        if e.id in superseded:
            continue
        key = (e.duty_bearer, sides.get(e.by, "independent"))  # = side_of(the actor or None)
        # latest date first; on the same date the lower step wins; then the entry id
        order = (e.as_of, -rank.get(e.status, 0), e.id)
        if key not in best or order > best[key][0]:
            best[key] = (order, e)
    return {key: Current(e.status, e.as_of, e.by, e.id) for key, (_, e) in sorted(best.items())}


def actor_sides(plan: Plan) -> dict[str, str]:
    """Each actor's side (see :func:`side_of`)."""
    return {actor_id: side_of(actor) for actor_id, actor in plan.actors.items()}


def analyze(plan: Plan, today: dt.date) -> Analysis:
    rank = {status: i for i, status in enumerate(plan.status_ids)}
    top = plan.status_ids[-1] if plan.status_ids else None
    threshold = plan.setting("divergence_steps", 1)
    stale_before = months_before(today, plan.setting("stale_after_months", 12)).isoformat()
    today_text = today.isoformat()
    sides = actor_sides(plan)
    followers: dict[str, list[str]] = {}
    for actor_id, actor in sorted(plan.actors.items()):
        for theme in (actor.get("monitors") or {}).get("themes") or []:
            followers.setdefault(theme, []).append(actor_id)
    facts: dict[str, Facts] = {}
    recommendations, entries = plan.recommendations, plan.entries
    for rec_id in sorted(recommendations, key=natural_key):
        rec = recommendations[rec_id]
        f = Facts(rec_id, rec)
        mine = entries.get(rec_id)
        current = f.current = current_statuses(plan, mine, rank, sides) if mine else {}
        settled = f.settled
        for (db, side), cur in current.items():
            if cur.as_of < stale_before:
                f.stale.append((db, side))
        # in sorted order (the keys of current are): output must not vary by run
        for db in dict.fromkeys(db for db, _ in current):
            own, independent = current.get((db, "self")), current.get((db, "independent"))
            settled[db] = (independent or own).status
            if own and independent:
                steps = rank.get(own.status, 0) - rank.get(independent.status, 0)
                if abs(steps) >= threshold:
                    f.divergences.append({"duty_bearer": db, "self": own.as_dict(),
                                          "independent": independent.as_dict(), "steps": steps})
        for a in rec.get("assignments") or ():
            due = a.get("due")
            if due and due < today_text and settled.get(a["duty_bearer"]) != top:
                f.overdue.append({"actor": a["actor"], "role": a["role"],
                                  "duty_bearer": a["duty_bearer"], "due": due,
                                  "status": settled.get(a["duty_bearer"])})
        if followers:
            f.monitored_by = sorted({m for t in rec.get("themes", [])
                                     for m in followers.get(t, ())})
        facts[rec_id] = f
    return Analysis(plan, today, facts, rank, stale_before)
