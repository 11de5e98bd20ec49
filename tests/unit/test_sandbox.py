"""nhrp sandbox: a valid practice plan with dated git history, reproducible, and flagged as
SIMULATED in every record and every output made from it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from nhrp.core import yamlio
from nhrp.core.sandbox import create

TODAY = dt.date(2026, 1, 15)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sandbox") / "practice"
    create(root, today=TODAY)
    return root


def test_sandbox_is_a_valid_plan(cli, sandbox):
    result = cli("validate", repo=sandbox)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_history_is_dated_commits_over_2021_2025(sandbox):
    dates = git(sandbox, "log", "--format=%cs").split()
    assert len(dates) >= 15
    years = {d[:4] for d in dates}
    assert years == {"2021", "2022", "2023", "2024", "2025"}
    assert min(dates) == "2021-05-06" and max(dates) <= "2025-12-31"
    assert git(sandbox, "status", "--porcelain") == ""


def test_every_simulated_record_is_flagged(sandbox):
    meta = yamlio.load_bytes((sandbox / "nhrp.yaml").read_bytes())
    assert meta["simulated"] is True and meta["notes"].startswith("SIMULATED")
    entries = list((sandbox / "data" / "monitoring").rglob("*.yaml"))
    assert len(entries) > 300
    for path in entries:
        data = yamlio.load_bytes(path.read_bytes())
        assert data["simulated"] is True, path
        assert "imulated" in data["summary"]["en"] and "not real data" in data["summary"]["en"]
        for item in data.get("evidence", []):
            assert item["document"].startswith("SIMULATED/") and "no such document" in item["title"]
    assigned = 0
    for path in (sandbox / "data" / "recommendations").glob("*.yaml"):
        for a in yamlio.load_bytes(path.read_bytes()).get("assignments", []):
            assert a["simulated"] is True, path
            assigned += 1
    assert assigned > 100
    assert "SIMULATED" in (sandbox / "README.md").read_text(encoding="utf-8")


def test_same_seed_same_commits(tmp_path, sandbox):
    again = tmp_path / "again"
    create(again, today=TODAY)
    assert git(again, "rev-parse", "HEAD") == git(sandbox, "rev-parse", "HEAD")
    other = tmp_path / "other"
    create(other, seed=7, today=TODAY)
    assert git(other, "rev-parse", "HEAD") != git(sandbox, "rev-parse", "HEAD")


def test_outputs_say_simulated(cli, sandbox):
    status = cli("status", "--format", "json", repo=sandbox)
    assert '"simulated": true' in status.stdout
    report = cli("report", "--lang", "ar", "--format", "md", repo=sandbox).stdout
    assert report.count("بيانات محاكاة") >= 2
    html = cli("report", "--lang", "en", repo=sandbox).stdout
    assert '<div class="simulated"' in html and "<title>[SIMULATED]" in html
    # progress over time comes from the sandbox's git history
    assert 'id="chart-timeline-federal"' in html and 'id="chart-timeline-krg"' in html


def test_report_at_an_earlier_date(cli, sandbox):
    now = cli("report", "--lang", "en", "-f", "md", repo=sandbox).stdout
    then = cli("report", "--lang", "en", "-f", "md", "--at", "2022-01-01", repo=sandbox)
    assert then.exit_code == 0, then.output
    assert "of 31 December 2021" in then.stdout  # the last commit on or before that day
    assert "Status on:** 1 January 2022" in then.stdout
    entries = lambda text: int(text.split("| Monitoring entries | ")[1].split(" ")[0].replace(",", ""))
    assert 0 < entries(then.stdout) < entries(now)


def test_refuses_a_folder_that_is_not_empty(cli, tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = cli("sandbox", target)
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_activities_and_measurements_are_simulated_and_reviewable(cli, sandbox):
    meta = yamlio.load_bytes((sandbox / "nhrp.yaml").read_bytes())
    assert meta["axes"] and all("SIMULATED" in a["names"]["en"] for a in meta["axes"])
    activities = list((sandbox / "data" / "activities").glob("*.yaml"))
    measurements = list((sandbox / "data" / "measurements").rglob("*.yaml"))
    assert len(activities) >= 6 and len(measurements) >= 10
    for path in activities + measurements:
        data = yamlio.load_bytes(path.read_bytes())
        assert data["simulated"] is True, path
    result = cli("review", "--period", "2024-H1", "--format", "md", "--lang", "en", repo=sandbox)
    assert result.exit_code == 0, result.output
    assert "SIMULATED DATA" in result.stdout and "Simulated activity 1 for training" in result.stdout
