"""The pull-request commands ask git only about the paths a change needs: ``validate
--changed-since`` lists the entry folders it reads, not all of them, searches the plan for a
changed recommendation only where what changed of it is read, and the three commands start
few git processes. Each result is also compared with a full run."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, git
from nhrp.core import branch
from nhrp.core.revdiff import diff
from nhrp.core.scope import check_scope
from nhrp.core.validate import validate_changes, validate_tree
from nhrp.errors import UsageError

DAY = dt.date.fromisoformat(TODAY)
SECRETARIAT = "secretariat@example.org"
ACTIVITY = """id: justice-training
axis: justice
title:
  en: Train judges
lead: moj-hrd
recommendations:
- upr2-100.1
start: '2022-01-01'
end: '2023-12-31'
status: in-progress
simulated: true
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A valid synthetic plan of 150 recommendations with one activity acting on upr2-100.1,
    whose response is supported; the secretariat's address is a contributor of its actor."""
    folder = tmp_path_factory.mktemp("generated") / "plan"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "150", str(folder),
                    "--commits", "1"], check=True, capture_output=True)
    plan = folder / "nhrp.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "axes:\n- id: justice\n  names:\n"
                    "    en: Justice\n", encoding="utf-8")
    (folder / "data/activities").mkdir()
    (folder / "data/activities/justice-training.yaml").write_text(ACTIVITY, encoding="utf-8")
    actor = folder / "data/actors/moj-hrd.yaml"
    actor.write_text(actor.read_text(encoding="utf-8") + f"contributors:\n- {SECRETARIAT}\n",
                     encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "an activity")
    return folder


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-local", str(generated), str(clone)], check=True)
    git(clone, "tag", "base")
    git(clone, "checkout", "-q", "-b", "change")
    return clone


@pytest.fixture
def asked(monkeypatch) -> list[list[str]]:
    """The arguments of every git process started while a test runs."""
    seen: list[list[str]] = []
    real = subprocess.Popen

    class Counting(real):
        def __init__(self, args, *rest, **kwargs):
            if args and args[0] == "git":
                seen.append([a for a in args[1:] if a != "-C"][1:] if "-C" in args else args[1:])
            super().__init__(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    return seen


def rec_file(repo: Path, rec_id: str) -> Path:
    return next((repo / "data" / "recommendations").rglob(f"{rec_id}.yaml"))


def edit(repo: Path, rec_id: str, old: str, new: str) -> None:
    path = rec_file(repo, rec_id)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")


def judged(repo: Path):
    """validate --changed-since base, after checking it against a full run."""
    report = validate_changes(repo, "base", today=DAY)
    full = validate_tree(repo, today=DAY, use_cache=False)
    key = lambda p: (p.path, p.line, p.column, p.code, p.message)  # noqa: E731
    assert sorted(map(key, report.problems)) == sorted(map(key, full.problems))
    return report


def greps(asked: list[list[str]]) -> list[list[str]]:
    return [a[a.index("--") + 1:] for a in asked if a[0] == "grep"]


def test_the_base_is_valid(generated):
    assert validate_tree(generated, today=DAY, use_cache=False).ok


def test_changed_since_lists_only_the_entry_folders_it_reads(repo, asked):
    edit(repo, "upr2-100.10", "summary:\n  en: ", "summary:\n  en: Revised. ")
    entry = repo / "data/monitoring/upr2-100.100/2025-12-01-jnp.yaml"
    entry.parent.mkdir(exist_ok=True)
    entry.write_text("recommendation: upr2-100.100\nby: jnp\nduty_bearer: federal\n"
                     "as_of: '2025-12-01'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                     "simulated: true\n", encoding="utf-8")
    commit(repo)
    asked.clear()
    report = validate_changes(repo, "base", today=DAY)
    listings = [a for a in asked if a[0] in ("ls-files", "ls-tree") and "--others" not in a]
    listed = [p for a in listings for p in a[a.index("--") + 1:]]
    # the recommendations, actors and settings whole; of data/monitoring, only two folders
    assert not [p for p in listed if p.rstrip("/").endswith(("data", "data/monitoring"))]
    assert sorted(p for p in listed if "data/monitoring/" in p) == [
        ":(icase,literal)data/monitoring/upr2-100.10",
        ":(icase,literal)data/monitoring/upr2-100.100"]
    assert len(asked) <= 13, asked  # 17 before: a repository check before each question
    assert report.files == 2
    assert judged(repo).problems == report.problems


def test_a_recommendation_s_other_fields_are_searched_for_nowhere(repo, asked):
    edit(repo, "upr2-100.1", "summary:\n  en: ", "summary:\n  en: Revised. ")
    commit(repo)
    asked.clear()
    assert judged(repo).ok
    assert greps(asked) == []  # nothing elsewhere reads a summary


def test_a_new_response_is_searched_for_among_the_activities_only(repo, asked):
    edit(repo, "upr2-100.1", "response: supported", "response: noted")
    commit(repo)
    asked.clear()
    report = judged(repo)
    assert [p.code for p in report.problems] == ["A706"]
    assert report.problems[0].path == "data/activities/justice-training.yaml"
    assert greps(asked)[0] == ["data/activities"]


def test_a_new_cycle_is_searched_for_among_recommendations_and_activities(repo, asked):
    later = rec_file(repo, "upr2-100.10")
    later.write_text(later.read_text(encoding="utf-8") + "repeats: upr2-100.1\n",
                     encoding="utf-8")
    edit(repo, "upr2-100.1", "cycle: 2", "cycle: 1")
    commit(repo)
    git(repo, "tag", "-f", "base")
    assert validate_tree(repo, today=DAY, use_cache=False).ok
    edit(repo, "upr2-100.1", "cycle: 1", "cycle: 3")
    commit(repo)
    asked.clear()
    report = judged(repo)
    assert ("A709", "upr2-100.10.yaml") in [(p.code, Path(p.path).name) for p in report.problems]
    assert greps(asked)[0] == ["data/recommendations", "data/activities"]


def test_check_scope_and_diff_start_few_git_processes(repo, asked):
    edit(repo, "upr2-100.10", "summary:\n  en: ", "summary:\n  en: Revised. ")
    commit(repo)
    asked.clear()
    assert check_scope(repo, "base", "HEAD", author=SECRETARIAT).ok
    # the plan's place and both commits; then at once the merge, what is at BASE and the
    # change (BASE is in HEAD's history: HEAD's tree is the merge's); the blobs
    commands = [a[0] for a in asked]
    assert commands[0] == "rev-parse" and commands[-1] == "cat-file", asked
    assert sorted(commands[1:-1]) == ["diff-tree", "ls-tree", "merge-base", "merge-tree"], asked
    asked.clear()
    assert diff(repo, "base", "HEAD", today=DAY)["summary"]
    assert len(asked) <= 14, asked


def test_the_committed_change_of_a_branch_up_to_date_is_one_comparison(repo, asked):
    """BASE in HEAD's history (CI's merge commit, a branch up to date): HEAD's tree is the
    merge's, so one diff-tree beside the merge base gives the change and the deletions; a
    branch that diverged from BASE is merged as before (merge-tree, then two comparisons)."""
    edit(repo, "upr2-100.10", "summary:\n  en: ", "summary:\n  en: Revised. ")
    (repo / "data/actors/jnp.yaml").unlink()
    commit(repo)
    asked.clear()
    done = branch.committed(repo, "base")
    assert sorted(a[0] for a in asked) == ["diff-tree", "merge-base", "rev-parse"], asked
    assert done.removed == ["data/actors/jnp.yaml"] and len(done.committed) == 1, done
    git(repo, "checkout", "-q", "-b", "moved", "base")  # BASE moves on: the two diverge
    edit(repo, "upr2-100.1", "summary:\n  en: ", "summary:\n  en: Meanwhile. ")
    commit(repo)
    git(repo, "checkout", "-q", "change")
    asked.clear()
    diverged = branch.committed(repo, "moved")
    assert sorted(a[0] for a in asked) == ["diff-tree", "diff-tree", "diff-tree", "merge-base",
                                           "merge-tree", "rev-parse"], asked
    assert diverged.removed == done.removed and diverged.committed == done.committed
    assert diverged.fork == done.base != diverged.base


def test_the_committed_change_does_not_follow_the_user_s_diff_settings(repo):
    """A gitlink added under data/ is part of the change (validate reports it, F601) whether
    BASE is in HEAD's history or not, also with diff.ignoreSubmodules=all, which hides it from
    porcelain diffs."""
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},data/recommendations/link")
    git(repo, "commit", "-q", "-m", "a gitlink")
    git(repo, "checkout", "-q", "-b", "moved", "base")
    edit(repo, "upr2-100.1", "summary:\n  en: ", "summary:\n  en: Meanwhile. ")
    commit(repo)
    git(repo, "checkout", "-q", "change")
    git(repo, "config", "diff.ignoreSubmodules", "all")
    forward, diverged = branch.committed(repo, "base"), branch.committed(repo, "moved")
    assert "data/recommendations/link" in forward.committed
    assert forward.committed == diverged.committed and forward.removed == diverged.removed


@pytest.mark.parametrize("ask", ["diff", "check-scope", "validate"])
def test_a_range_is_no_commit(repo, ask):
    """``A..B`` is two answers of git rev-parse (B and ^A): refused as no commit, where the
    commits were taken one line off (diff: an internal error; the others: the wrong commits)."""
    run = {"diff": lambda: diff(repo, "base..HEAD", "HEAD", today=DAY),
           "check-scope": lambda: check_scope(repo, "base..HEAD", "HEAD", author=SECRETARIAT),
           "validate": lambda: validate_changes(repo, "base..HEAD", today=DAY)}[ask]
    with pytest.raises(UsageError, match=r"'base\.\.HEAD' is not a commit"):
        run()


def test_no_plan_at_a_commit_is_said_once(repo):
    git(repo, "checkout", "-q", "--orphan", "lonely")
    git(repo, "rm", "-r", "-q", "--cached", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "no plan")
    git(repo, "checkout", "-q", "-f", "change")
    with pytest.raises(UsageError, match=r"there is no plan \(nhrp\.yaml\) at commit ") as caught:
        diff(repo, "lonely", "HEAD", today=DAY)
    assert " at at " not in str(caught.value)


def test_diff_of_two_unrelated_histories_says_so(repo):
    """Two commits with no common history (each holding a plan) are a usage error in the words
    check-scope and validate --changed-since use, not git's own merge message (exit 3)."""
    git(repo, "checkout", "-q", "--orphan", "unrelated")
    git(repo, "commit", "-q", "-m", "the same plan, another history")
    git(repo, "checkout", "-q", "change")
    with pytest.raises(UsageError, match="'unrelated' and 'HEAD' have no common history"):
        diff(repo, "unrelated", "HEAD", today=DAY)


def test_uncommitted_deletions_and_untracked_files_count_as_the_change(repo):
    (repo / "data/actors/jnp.yaml").unlink()  # gone from the working tree, still in git
    staged = repo / "data/monitoring/upr2-100.10/2025-12-02-pao.yaml"
    staged.write_text("recommendation: upr2-100.10\n", encoding="utf-8")
    git(repo, "add", str(staged))
    staged.unlink()  # added to the index, then removed: not a file of the plan
    untracked = repo / "data/monitoring/upr2-100.10/2025-12-01-pao.yaml"
    untracked.write_text("recommendation: upr2-100.10\nby: pao\nduty_bearer: federal\n"
                         "as_of: '2025-12-01'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                         "simulated: true\n", encoding="utf-8")
    report = judged(repo)
    assert any(p.code == "R303" and "unknown actor 'jnp'" in p.message for p in report.problems)
    assert report.files == 1 and report.counts["monitoring-entry"] == 1  # the untracked one


def test_a_plan_in_a_sub_folder_of_a_larger_repository(generated, tmp_path):
    top = tmp_path / "top"
    shutil.copytree(generated, top / "plan", ignore=shutil.ignore_patterns(".git"))
    (top / "README.md").write_text("code and plan\n", encoding="utf-8")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "base")
    git(top, "tag", "base")
    plan = top / "plan"
    rec_file(plan, "upr2-100.10").unlink()
    commit(top)
    report = judged(plan)
    assert {p.code for p in report.problems} == {"R304"}
    assert all(p.path.startswith("data/monitoring/upr2-100.10/") for p in report.problems)
