"""Progress over time: counts per status, duty bearer and side at each period's end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from history_scenario import build

from nhrp.core.store import git as gitio
from nhrp.core import timeline as history
from nhrp.errors import UsageError

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("timeline") / "plan")


def _counts(row, side):
    return {k: v for k, v in row["by_duty_bearer"]["federal"][side].items() if v}


def test_quarters_by_hand(scenario):
    t = history.timeline(scenario, "2023-01-01", "2024-06-30", "quarter", today=TODAY)
    rows = {r["period"]: r for r in t["periods"]}
    assert list(rows) == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]
    tag = {name: gitio.resolve(scenario, name) for name in ("v1", "v2", "v3", "v4")}
    assert rows["2023-Q1"]["commit"] == rows["2023-Q2"]["commit"] == tag["v1"]
    assert rows["2023-Q4"]["commit"] == tag["v2"]
    assert rows["2024-Q1"]["commit"] == tag["v3"] and rows["2024-Q2"]["commit"] == tag["v4"]

    assert _counts(rows["2023-Q1"], "independent") == {"not-started": 1, "not-assessed": 1}
    assert _counts(rows["2023-Q3"], "independent") == {"not-started": 1, "in-progress": 1}
    assert _counts(rows["2024-Q1"], "independent") == {"not-started": 1, "implemented": 1}
    assert _counts(rows["2024-Q1"], "self") == {"implemented": 1, "not-assessed": 1}
    assert _counts(rows["2024-Q2"], "independent") == {"implemented": 1}
    assert [rows[p]["recommendations"] for p in rows] == [2, 2, 2, 2, 2, 1]
    assert [rows[p]["implemented"] for p in rows] == [0, 0, 0, 0, 1, 1]
    assert rows["2023-Q3"]["end"] == "2023-09-30" and rows["2023-Q3"]["as_of"] == "2023-09-30"


def test_each_period_equals_status_at_its_last_day(scenario, cli):
    t = history.timeline(scenario, "2023-02-01", "2024-05-31", "month", today=TODAY)
    assert len(t["periods"]) == 16
    for row in t["periods"][::3]:
        result = cli("status", "--at", row["end"], "--format", "json", repo=scenario)
        status = json.loads(result.stdout)
        assert row["by_duty_bearer"] == status["status_by_duty_bearer"], row["period"]
        assert row["assessed"] == status["totals"]["assessed"]


def test_periods_before_the_first_commit_and_after_today(scenario):
    t = history.timeline(scenario, "2021-11-01", "2022-12-31", "month",
                         today=dt.date(2022, 2, 10))
    assert [r["period"] for r in t["periods"]] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    first = t["periods"][0]
    assert first["commit"] is None and first["recommendations"] == 0 and first["available"]
    assert t["periods"][2]["commit"] == gitio.resolve(scenario, "v0")
    assert t["periods"][-1]["as_of"] == "2022-02-10"  # the running month is judged today


def test_defaults_to_the_plan_period(scenario):
    t = history.timeline(scenario, period="quarter", today=TODAY)
    assert (t["start"], t["end"]) == ("2021-01-01", "2025-12-31")
    assert len(t["periods"]) == 20 and t["periods"][-1]["period"] == "2025-Q4"


def test_bad_arguments(scenario):
    with pytest.raises(UsageError):
        history.timeline(scenario, "2023-01-01", "2023-12-31", "week", today=TODAY)
    with pytest.raises(UsageError):
        history.timeline(scenario, "2024-01-01", "2023-12-31", today=TODAY)
    with pytest.raises(UsageError):
        history.timeline(scenario, "2024-13-01", "2024-12-31", today=TODAY)


def test_one_walk_one_object_reader(scenario, monkeypatch, tmp_path, git_calls):
    """History is read by one git log and one cat-file process, however many periods."""

    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "cold"))
    calls = git_calls
    calls.clear()  # count only what the command below runs
    history.timeline(scenario, "2021-01-01", "2025-12-31", "month", today=TODAY)
    assert calls.count("log") == 1 and calls.count("cat-file") == 1
    assert len(calls) <= 6, calls
