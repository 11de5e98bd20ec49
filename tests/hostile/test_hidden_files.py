"""Dot-files under data/ are never read by the loaders, so a tracked one would be a plan file
nobody checks: validate reports it and check-scope refuses it. Untracked clutter is not a plan
file."""

from __future__ import annotations

import pytest

from conftest import git
from nhrp.core.layout import HIDDEN_HINT
from nhrp.core.scope import check_scope

HIDDEN = ["data/monitoring/upr2-127.1/.2023-07-01-watch.yaml", "data/.hidden/notes.yaml",
          "data/actors/.secretariat.yaml"]
ENTRY = ("recommendation: upr2-127.1\nby: watch\nduty_bearer: federal\nas_of: '2023-07-01'\n"
         "status: regressed\nsummary:\n  en: A finding nobody checks.\n")


def add(repo, path, text=ENTRY):
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


def test_validate_reports_tracked_dot_files_and_ignores_untracked_clutter(cli, plan_repo):
    for path in HIDDEN:
        add(plan_repo, path)
    git(plan_repo, "add", "-A")
    add(plan_repo, "data/.DS_Store", "\0\0binary")
    add(plan_repo, "data/monitoring/.untracked.yaml")
    result = cli("validate", repo=plan_repo)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:-1] == [f"{path}:1:1: F601 {HIDDEN_HINT}" for path in sorted(HIDDEN)]
    changed = cli("validate", "--changed-since", "HEAD", repo=plan_repo)
    assert changed.exit_code == 1 and changed.stdout.count(" F601 ") == len(HIDDEN)


def test_an_untracked_dot_file_alone_is_not_a_problem(cli, plan_repo):
    add(plan_repo, "data/.DS_Store", "x")
    assert cli("validate", repo=plan_repo).exit_code == 0


@pytest.mark.parametrize("email", ["watch@example.org", "secretariat@example.org"])
def test_check_scope_refuses_dot_files_for_everyone(plan_repo, email):
    git(plan_repo, "checkout", "-q", "-b", "pr")
    add(plan_repo, HIDDEN[0])
    git(plan_repo, "add", "-A")
    git(plan_repo, "commit", "-q", "-m", "hidden", env={"GIT_AUTHOR_EMAIL": email})
    result = check_scope(plan_repo, "main")
    assert {f.path: f.reason for f in result.findings} == {HIDDEN[0]: HIDDEN_HINT}


def test_documentation_files_stay_exempt(cli, plan_repo):
    add(plan_repo, "data/SOURCES.md", "# Sources\n")
    add(plan_repo, "data/monitoring/README.md", "Entries.\n")
    git(plan_repo, "add", "-A")
    assert cli("validate", repo=plan_repo).exit_code == 0
