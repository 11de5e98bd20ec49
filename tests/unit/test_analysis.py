"""Current-status derivation rules (docs/status.md)."""

from __future__ import annotations

import datetime as dt

from nhrp.core.analysis import analyze, months_before
from nhrp.core.sides import side_of
from nhrp.core.plan import Entry, Plan

SCALE = [{"id": s, "names": {"en": s}} for s in
         ("regressed", "not-started", "in-progress", "partially-implemented", "implemented")]


def make_plan(entries: list[dict], assignments=()) -> Plan:
    plan = Plan(root=None, meta={"status_scale": SCALE, "duty_bearers": [{"id": "fed"}]})
    plan.actors = {"gov": {"id": "gov", "kind": "federal-government"},
                   "ngo": {"id": "ngo", "kind": "ngo"}, "un": {"id": "un", "kind": "un"}}
    plan.recommendations = {"r-1": {"id": "r-1", "themes": ["t"], "assignments": list(assignments)}}
    plan.entries = {"r-1": [Entry(e.pop("id"), "", {"recommendation": "r-1", "duty_bearer": "fed",
                                                   **e}) for e in entries]}
    return plan


def test_sides():
    assert side_of({"kind": "krg"}) == "self"
    assert side_of({"kind": "judiciary"}) == "self"
    assert side_of({"kind": "independent-institution"}) == "independent"
    assert side_of(None) == "independent"


def test_latest_date_wins_and_same_day_the_lower_step_wins():
    plan = make_plan([
        {"id": "2024-01-01-ngo", "by": "ngo", "as_of": "2024-01-01", "status": "implemented"},
        {"id": "2024-05-01-ngo", "by": "ngo", "as_of": "2024-05-01", "status": "implemented"},
        {"id": "2024-05-01-un", "by": "un", "as_of": "2024-05-01", "status": "in-progress"},
    ])
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert facts.current[("fed", "independent")].entry == "2024-05-01-un"
    assert facts.settled == {"fed": "in-progress"}


def test_superseded_entry_is_ignored_even_if_later():
    plan = make_plan([
        {"id": "2024-05-01-ngo", "by": "ngo", "as_of": "2024-05-01", "status": "regressed"},
        {"id": "2024-03-01-ngo", "by": "ngo", "as_of": "2024-03-01", "status": "in-progress",
         "supersedes": "2024-05-01-ngo"},
    ])
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert facts.current[("fed", "independent")].status == "in-progress"


def test_settled_prefers_independent_and_overdue_uses_it():
    plan = make_plan([
        {"id": "2024-01-01-gov", "by": "gov", "as_of": "2024-01-01", "status": "implemented"},
        {"id": "2024-02-01-ngo", "by": "ngo", "as_of": "2024-02-01", "status": "not-started"},
    ], assignments=[{"actor": "gov", "role": "lead", "duty_bearer": "fed",
                     "assigned_on": "2023-01-01", "due": "2024-03-01"}])
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert facts.settled == {"fed": "not-started"}
    assert facts.divergences[0]["steps"] == 3
    assert facts.overdue[0]["due"] == "2024-03-01"


def test_self_report_alone_settles_and_implemented_is_not_overdue():
    plan = make_plan([
        {"id": "2024-01-01-gov", "by": "gov", "as_of": "2024-01-01", "status": "implemented"},
    ], assignments=[{"actor": "gov", "role": "lead", "duty_bearer": "fed",
                     "assigned_on": "2023-01-01", "due": "2024-03-01"}])
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert facts.overdue == [] and facts.divergences == []


def test_stale_and_month_arithmetic():
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2024, 1, 15), 12) == dt.date(2023, 1, 15)
    plan = make_plan([{"id": "2023-01-01-ngo", "by": "ngo", "as_of": "2023-01-01",
                       "status": "in-progress"}])
    assert analyze(plan, dt.date(2024, 6, 1)).facts["r-1"].stale == [("fed", "independent")]


def _two_bearer_plan(entries):
    plan = make_plan(entries, assignments=[
        {"actor": "gov", "role": "lead", "duty_bearer": "fed", "assigned_on": "2023-01-01"},
        {"actor": "gov", "role": "lead", "duty_bearer": "reg", "assigned_on": "2023-01-01"}])
    plan.meta["duty_bearers"] = [{"id": "fed"}, {"id": "reg"}]
    return plan


def test_implemented_only_when_every_concerned_duty_bearer_is():
    plan = _two_bearer_plan([
        {"id": "2024-01-01-ngo", "by": "ngo", "as_of": "2024-01-01", "status": "implemented"}])
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert facts.implemented("implemented") is False  # 'reg' is assigned, not assessed
    assert facts.implemented("implemented", {"fed"}) is True


def test_divergences_come_in_a_stable_order():
    entries = []
    for db in ("reg", "fed"):
        entries += [
            {"id": f"2024-01-01-gov-{db}", "by": "gov", "as_of": "2024-01-01", "status": "implemented",
             "duty_bearer": db},
            {"id": f"2024-01-01-ngo-{db}", "by": "ngo", "as_of": "2024-01-01", "status": "regressed",
             "duty_bearer": db}]
    plan = _two_bearer_plan([])
    from nhrp.core.plan import Entry

    plan.entries = {"r-1": [Entry(e.pop("id"), "", {"recommendation": "r-1", **e}) for e in entries]}
    facts = analyze(plan, dt.date(2024, 6, 1)).facts["r-1"]
    assert [d["duty_bearer"] for d in facts.divergences] == ["fed", "reg"]


def test_supersedes_must_point_back_in_time_and_never_loop():
    import datetime as dt2

    from nhrp.core.plan import Loaded
    from nhrp.core.rules.check import check_loaded

    def entry(stem, as_of, supersedes):
        return Loaded(f"data/monitoring/r-1/{stem}.yaml", "monitoring-entry", {
            "recommendation": "r-1", "by": "ngo", "duty_bearer": "fed", "as_of": as_of,
            "status": "in-progress", "summary": {"en": "x"}, "supersedes": supersedes})

    loaded = [entry("2024-01-01-ngo", "2024-01-01", "2024-02-01-ngo"),
              entry("2024-02-01-ngo", "2024-02-01", "2024-01-01-ngo")]
    codes = [(p.path.rsplit("/", 1)[1], p.code, p.message.split(":")[0])
             for p in check_loaded(loaded, today=dt2.date(2024, 6, 1)) if p.code == "R306"]
    assert ("2024-01-01-ngo.yaml", "R306", "supersedes") in codes  # points forward in time
    assert ("2024-02-01-ngo.yaml", "R306", "supersedes") in codes  # part of a loop
