"""The analysed plan, kept between runs while no file changes.

``nhrp list`` on a large plan would otherwise parse (or load from the validation cache) every
record and derive every current status on each call. The analysis is stored per tree snapshot
and day (see :class:`nhrp.core.treecache.Snapshot`), with each recommendation's folded search
text, so that a query is a filter over ready facts. Entry details are not kept: ``show`` and
``report`` read the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nhrp.core import treecache
from nhrp.core.analysis import Analysis, Current, Facts, analyze
from nhrp.core.plan import Plan, gc_paused, load_index
from nhrp.core.textfold import fold


def search_text(rec: dict) -> str:
    """A recommendation's searchable text, folded (ids, States, summaries, official text)."""
    parts = [rec.get("id", ""), *rec.get("recommending_states", []),
             *(rec.get("summary") or {}).values(), *(rec.get("text") or {}).values(),
             (rec.get("source") or {}).get("document", "")]
    return fold("\n".join(str(p) for p in parts))


def cached_analysis(root: Path, today: dt.date) -> Analysis:
    snapshot = treecache.Snapshot.of_tree(root, ("analysis", today.isoformat()), name="analysis")
    stored = snapshot.get()
    if isinstance(stored, dict) and "facts" in stored:
        with gc_paused():
            return _restore(root, today, stored)
    analysis = analyze(load_index(root, snapshot.source), today)
    for facts in analysis.facts.values():
        facts.search = search_text(facts.rec)
    snapshot.put(_store(analysis))
    return analysis


def _store(a: Analysis) -> dict:
    plan = a.plan
    return {
        "meta": plan.meta, "themes": plan.themes, "actors": plan.actors,
        "unreadable": [(p.path, p.code, p.message) for p in plan.unreadable],
        "rank": a.rank, "stale_before": a.stale_before,
        "facts": [(f.id, _lean(f.rec), [(k, tuple(c.as_dict().values()))
                                         for k, c in f.current.items()],
                   f.settled, f.divergences, f.overdue, f.stale, f.monitored_by, f.search)
                  for f in a.facts.values()],
    }


def _lean(rec: dict) -> dict:
    """The official text is only shown when there is no summary; it is in the search text."""
    return {k: v for k, v in rec.items() if k != "text"} if rec.get("summary") else rec


def _restore(root: Path, today: dt.date, stored: dict) -> Analysis:
    from nhrp.core.rules import Problem

    plan = Plan(root=root, meta=stored["meta"], actors=stored["actors"], themes=stored["themes"],
                unreadable=[Problem(path, code, message, (), 1, 1)
                            for path, code, message in stored["unreadable"]])
    facts = {}
    for rec_id, rec, current, settled, divergences, overdue, stale, monitored, search \
            in stored["facts"]:
        plan.recommendations[rec_id] = rec
        facts[rec_id] = Facts(rec_id, rec, {tuple(k): Current(*v) for k, v in current}, settled,
                              divergences, overdue, [tuple(s) for s in stale], monitored, search)
    return Analysis(plan, today, facts, stored["rank"], stored["stale_before"])
