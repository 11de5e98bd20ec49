"""History internals: the walk parser, date resolution, merges, a plan inside a bigger
repository, and the promise of a bounded number of git processes."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import copy_plan, git
from history_scenario import commit, entry

from nhrp.core import audit
from nhrp.core.store import revision as history
from nhrp.errors import EnvironmentProblem, UsageError


def test_last_on_or_before_handles_dates_going_backwards():
    days = ["2024-01-01", "2024-03-01", "2024-02-01", "2024-04-01"]
    pick = history.last_on_or_before
    assert pick(days, "2023-12-31") == -1
    assert pick(days, "2024-01-31") == 0
    # the newest commit of the line dated on or before the day: index 2 (2024-02-01)
    assert pick(days, "2024-02-15") == 2
    assert pick(days, "2024-03-15") == 2
    assert pick(days, "2024-04-01") == 3


def test_walk_keeps_odd_file_names_exact(plan_repo):
    odd = "data/notes/a b\n\u0645\u0631\u062d\u0628\u0627 \x1e.md"
    (plan_repo / odd).parent.mkdir(parents=True)
    (plan_repo / odd).write_text("note\n", encoding="utf-8")
    commit(plan_repo, "a note", "2023-01-01")
    repo = history.open_repo(plan_repo)
    walked = history.walk(repo, "HEAD")
    assert [c.subject for c, _ in walked] == ["initial plan", "a note"]
    assert [f.path for f in walked[1][1]] == [odd]
    assert walked[1][1][0].old is None and len(walked[1][1][0].new) >= 40


def test_a_date_is_read_on_the_committers_calendar(plan_dir):
    git(plan_dir, "init", "-q", "-b", "main")
    git(plan_dir, "add", "-A")
    stamp = "2023-03-01T01:00:00+03:00"  # 2023-02-28 22:00 UTC, but 1 March where committed
    git(plan_dir, "commit", "-q", "-m", "init", env={"GIT_AUTHOR_DATE": stamp,
                                                    "GIT_COMMITTER_DATE": stamp})
    assert history.snapshot(plan_dir, "2023-03-01").point.commit.day == "2023-03-01"
    with pytest.raises(UsageError, match="before the first commit"):
        history.snapshot(plan_dir, "2023-02-28")


def test_merge_credits_the_branch_that_made_the_change(plan_repo):
    """A change made on a branch is logged at the branch's commit, by its author; the merge
    logs only what it changed itself (a conflict resolution)."""
    git(plan_repo, "checkout", "-q", "-b", "ngo")
    entry(plan_repo, "2023-06-20-watch", by="watch", status="in-progress")
    commit(plan_repo, "NGO assessment", "2023-07-01", email="watch@example.org")
    git(plan_repo, "checkout", "-q", "main")
    rec = plan_repo / "data/recommendations/upr2-127.10.yaml"
    rec.write_text(rec.read_text().replace("response: noted", "response: supported"))
    commit(plan_repo, "response", "2023-07-02")
    git(plan_repo, "merge", "-q", "--no-ff", "--no-commit", "ngo")
    # an "evil" merge: the merge itself also edits the new entry
    new = plan_repo / "data/monitoring/upr2-127.10/2023-06-20-watch.yaml"
    new.write_text(new.read_text().replace("in-progress", "not-started"))
    commit(plan_repo, "Merge ngo", "2023-07-03")
    rows = audit.log(plan_repo, "upr2-127.10")
    got = [(r["date"], r["actor"], r["change"], r["item"]) for r in rows]
    assert got == [
        ("2022-01-01", "secretariat", "recommendation-added", "upr2-127.10"),
        ("2023-07-01", "watch", "assessment-added", "2023-06-20-watch"),
        ("2023-07-02", "secretariat", "response-changed", "upr2-127.10"),
        ("2023-07-03", "secretariat", "entry-edited", "2023-06-20-watch"),
    ]
    assert (rows[3]["from"], rows[3]["to"]) == ("in-progress", "not-started")


def test_plan_in_a_subfolder_of_a_repository(tmp_path, cli):
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "README.txt").write_text("other things\n")
    copy_plan(outer / "plan")
    git(outer, "init", "-q", "-b", "main")
    commit(outer, "plan inside", "2023-01-01", tag="v1")
    entry(outer / "plan", "2023-06-20-watch", by="watch", status="in-progress")
    commit(outer, "assess", "2023-07-01")
    plan = outer / "plan"
    s = history.load_at(plan, "2023-06-30")
    assert sorted(s.recommendations) == ["upr2-127.1", "upr2-127.10"]
    assert "upr2-127.10" not in s.entries
    rows = audit.log(plan, "upr2-127.10")
    assert [r["change"] for r in rows] == ["recommendation-added", "assessment-added"]
    result = cli("status", "--at", "v1", "--format", "json", repo=plan)
    assert result.exit_code == 0


def test_a_commit_without_a_plan_is_a_usage_error(tmp_path):
    repo = tmp_path / "r"
    repo.mkdir()
    (repo / "x.txt").write_text("x\n")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "not a plan yet", "2023-01-01")
    with pytest.raises(UsageError, match="there is no plan"):
        history.load_at(repo, "HEAD")


def test_not_a_repository(tmp_path):
    with pytest.raises(EnvironmentProblem, match="is not a git repository"):
        history.open_repo(tmp_path)


def test_git_processes_do_not_grow_with_history(plan_repo, monkeypatch, tmp_path, git_calls):
    """log and status --at start a fixed number of git processes, however long the history."""
    for n in range(1, 25):
        entry(plan_repo, f"2023-{(n % 12) + 1:02d}-{(n % 27) + 1:02d}-watch-{n}", by="watch",
              status="in-progress")
        commit(plan_repo, f"assessment {n}", f"2023-{(n % 12) + 1:02d}-01")
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "cold"))
    calls = git_calls
    calls.clear()  # count only what the command below runs
    rows = audit.log(plan_repo, "upr2-127.10")
    assert len(rows) == 25
    assert calls.count("log") == 1 and calls.count("cat-file") <= 2 and len(calls) <= 8, calls
    calls.clear()
    history.snapshot(plan_repo, "2023-06-30")
    assert calls.count("log") == 1 and calls.count("cat-file") <= 1 and len(calls) <= 7, calls


def test_point_judges_dates_never_after_today():
    c = history.Commit("a" * 40, (), "A", "a@b", "2024-01-01T00:00:00+00:00",
                       "2024-01-01T00:00:00+00:00", "s")
    assert history.Point(c, "2030-01-01").today(dt.date(2026, 1, 15)) == dt.date(2026, 1, 15)
    assert history.Point(c, "2024-02-01").today(dt.date(2026, 1, 15)) == dt.date(2024, 2, 1)
    assert history.Point(c).today(dt.date(2026, 1, 15)) == dt.date(2026, 1, 15)


def test_a_moved_recommendation_file_is_one_move_not_a_deletion(plan_repo):
    old = plan_repo / "data/recommendations/upr2-127.10.yaml"
    new = plan_repo / "data/recommendations/cycle-2/upr2-127.10.yaml"
    new.parent.mkdir()
    new.write_text(old.read_text().replace("response: noted", "response: supported"))
    old.unlink()
    commit(plan_repo, "shard by cycle", "2023-01-01")
    rows = audit.log(plan_repo, "upr2-127.10")
    assert [(r["change"], r["from"], r["to"]) for r in rows[1:]] == [
        ("recommendation-moved", "data/recommendations/upr2-127.10.yaml",
         "data/recommendations/cycle-2/upr2-127.10.yaml"),
        ("response-changed", "noted", "supported")]


def test_a_rev_that_looks_like_an_option_is_refused(plan_repo):
    with pytest.raises(UsageError):
        history.load_at(plan_repo, "--output=/tmp/x")
