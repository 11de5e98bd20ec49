"""scripts/action.py, the steps of the GitHub Action (action.yml), run as GitHub would run
them: in a real clone of a plan repository with a pull request, from a shallow checkout of
GitHub's synthetic merge commit, with the event file GitHub writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, git, init_git, copy_plan

SCRIPT = ROOT / "scripts" / "action.py"
ENTRY = "data/monitoring/upr2-127.10/2025-03-01-watch.yaml"
VALID = ("recommendation: upr2-127.10\nby: watch\nduty_bearer: federal\nas_of: '2025-03-01'\n"
         "status: in-progress\nsummary:\n  en: A finding.\n")


def pull_request(tmp_path: Path, entry_text: str) -> tuple[Path, str, str]:
    """An origin with main and a contributor's branch, and GitHub's merge ref for it."""
    origin = init_git(copy_plan(tmp_path / "origin"))
    base = git(origin, "rev-parse", "HEAD").strip()
    git(origin, "checkout", "-q", "-b", "contribution")
    path = origin / ENTRY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(entry_text, encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "assessment", env={"GIT_AUTHOR_EMAIL": "watch@example.org"})
    head = git(origin, "rev-parse", "HEAD").strip()
    git(origin, "checkout", "-q", "main")
    git(origin, "commit", "-q", "--allow-empty", "-m", "later on main")
    git(origin, "merge", "-q", "--no-ff", "-m", "Merge (synthetic)", head)
    git(origin, "update-ref", "refs/pull/1/merge", "HEAD")
    git(origin, "reset", "-q", "--hard", "HEAD~1")
    return origin, base, head


def shallow_checkout(origin: Path, target: Path) -> Path:
    """What actions/checkout does by default: one commit, GitHub's merge commit."""
    target.mkdir()
    git(target, "init", "-q")
    git(target, "remote", "add", "origin", origin.as_uri())
    git(target, "fetch", "-q", "--depth", "1", "origin", "refs/pull/1/merge")
    git(target, "checkout", "-q", "--detach", "FETCH_HEAD")
    return target


def run_step(step: str, checkout: Path, tmp_path: Path, event: dict, **extra: str):
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    env = {**os.environ, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event_file),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", **extra}
    env.pop("NHRP_REPO", None)
    return subprocess.run([sys.executable, str(SCRIPT), step], cwd=checkout, env=env,
                          capture_output=True, text=True)


def event_for(base: str, head: str) -> dict:
    return {"pull_request": {"base": {"sha": base}, "head": {"sha": head},
                             "user": {"id": 42, "login": "watch-ngo"}}}


def test_action_yml_passes_inputs_through_env_only():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"base", "author", "extras"}
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]
        assert "scripts/action.py" in step["run"]


def test_a_pull_request_within_scope_passes_from_a_shallow_merge_checkout(tmp_path):
    origin, base, head = pull_request(tmp_path, VALID)
    checkout = shallow_checkout(origin, tmp_path / "checkout")
    assert git(checkout, "rev-parse", "--is-shallow-repository").strip() == "true"
    done = run_step("check", checkout, tmp_path, event_for(base, head),
                    NHRP_AUTHOR="watch@example.org")
    assert done.returncode == 0, done.stdout + done.stderr
    # the pull request's own head was judged, not GitHub's merge commit
    assert git(checkout, "rev-parse", "HEAD").strip() == head
    assert git(checkout, "rev-parse", "--is-shallow-repository").strip() == "false"
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "upr2-127.10" in summary


def test_an_entry_in_another_actors_name_fails_with_an_annotation(tmp_path):
    origin, base, head = pull_request(tmp_path, VALID)
    checkout = shallow_checkout(origin, tmp_path / "checkout")
    done = run_step("check", checkout, tmp_path, event_for(base, head))  # 42+watch-ngo@...: nobody
    assert done.returncode == 1
    assert f"::error file={ENTRY}" in done.stdout
    assert "check-scope failed" in done.stderr


def test_an_invalid_entry_fails_naming_the_line(tmp_path):
    origin, base, head = pull_request(tmp_path, VALID.replace("in-progress", "done"))
    checkout = shallow_checkout(origin, tmp_path / "checkout")
    done = run_step("check", checkout, tmp_path, event_for(base, head),
                    NHRP_AUTHOR="watch@example.org")
    assert done.returncode == 1
    assert f"file={ENTRY},line=5" in done.stdout
    assert "validate failed" in done.stderr


def test_a_shallow_checkout_without_origin_is_a_clear_error(tmp_path):
    origin, base, head = pull_request(tmp_path, VALID)
    checkout = shallow_checkout(origin, tmp_path / "checkout")
    git(checkout, "remote", "remove", "origin")
    done = run_step("check", checkout, tmp_path, event_for(base, head))
    assert done.returncode == 3
    assert "fetch-depth: 0" in done.stderr


def test_an_event_without_a_head_commit_is_refused(tmp_path):
    done = run_step("check", tmp_path, tmp_path, {"pull_request": {}})
    assert done.returncode == 3 and "pull_request.head.sha" in done.stderr


@pytest.mark.parametrize("extras, ok", [("docx,xlsx", True), ("", True),
                                         ("docx]; rm -rf /", False)])
def test_install_takes_the_actions_own_checkout(tmp_path, extras, ok):
    path_file = tmp_path / "github_path"
    done = run_step("install", tmp_path, tmp_path, {}, NHRP_EXTRAS=extras,
                    NHRP_ACTION_DRY_RUN="1", RUNNER_TEMP=str(tmp_path),
                    GITHUB_ACTION_PATH=str(ROOT), GITHUB_PATH=str(path_file))
    assert (done.returncode == 0) is ok, done.stderr
    if ok:
        assert done.stdout.strip().endswith(f"{ROOT}[{extras}]" if extras else str(ROOT))
        assert path_file.read_text().strip() == str(tmp_path / "nhrp-venv" / "bin")
