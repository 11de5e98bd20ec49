"""Parity of the three ways a plan's files are judged, on every golden fixture:

* ``validate --changed-since BASE`` reads only the changed files and the unchanged ones the
  change can affect, yet finds every problem a full ``validate`` finds when BASE was valid;
* the check the writing commands run before they write (``rules.check.check_loaded``, called
  by ``edit.apply_updates``) finds the same problems in a file as ``validate`` does.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, copy_plan, git, init_git
from nhrp.core import layout
from nhrp.core.plan import read_all
from nhrp.core.rules.check import check_loaded
from nhrp.core.validate import validate_tree

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()] if path.exists() else []


def base_plan(case: Path, target: Path) -> Path:
    """The valid plan the case starts from: the minimal plan and the case's overlays."""
    repo = copy_plan(target)
    for name in _lines(case / "overlay"):
        shutil.copytree(FIXTURES / "overlays" / name, repo, dirs_exist_ok=True)
    return repo


def change(case: Path, repo: Path) -> None:
    """The case's files, removals and links: the change that makes the plan invalid."""
    if (case / "files").is_dir():
        # copied as new files: with the fixture's times, git could take a file of the same
        # size for unchanged
        shutil.copytree(case / "files", repo, dirs_exist_ok=True, copy_function=shutil.copy)
    for rel in _lines(case / "remove"):
        (repo / rel).unlink()
    for line in _lines(case / "links"):
        rel, target = (s.strip() for s in line.split("->"))
        (repo / rel).symlink_to(target)


def problem_lines(output: str) -> list[str]:
    return output.splitlines()[:-1]  # without the summary


# a case that sets variables (a smaller size limit) makes the base plan itself invalid
CHANGES = [name for name in CASES if not (INVALID / name / "env").exists()]


@pytest.mark.parametrize("name", CHANGES)
def test_changed_since_finds_what_the_full_run_finds(name, tmp_path, cli):
    case = INVALID / name
    repo = init_git(base_plan(case, tmp_path / "plan"))
    args = _lines(case / "args")
    assert cli("validate", *args, repo=repo).exit_code == 0  # the base is valid
    change(case, repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the change")
    full = cli("validate", *args, repo=repo)
    changed = cli("validate", "--changed-since", "HEAD~1", *args, repo=repo)
    assert full.exit_code == changed.exit_code == 1
    assert problem_lines(changed.stdout) == problem_lines(full.stdout)


# files the writing commands never write: links, unknown or hidden files (F6xx)
WRITTEN = [name for name in CASES if not name.startswith("F6")]


@pytest.mark.parametrize("name", WRITTEN)
def test_the_writers_check_agrees_with_validate(name, tmp_path, monkeypatch):
    case = INVALID / name
    repo = base_plan(case, tmp_path / "plan")
    change(case, repo)
    for line in _lines(case / "env"):
        monkeypatch.setenv(*line.split("=", 1))
    today = dt.date.fromisoformat(TODAY)
    found = validate_tree(repo, today=today, use_cache=False).problems
    loaded = read_all(layout.WorkTree(repo))  # what edit.writing() gives apply_updates()
    assert found
    for path in sorted({p.path for p in found}):
        by_validate = sorted(tuple(p.as_dict().values()) for p in found if p.path == path)
        raw = (repo / path).read_bytes()
        text = {path: raw.decode("utf-8")} if _decodes(raw) else {}
        before_writing = sorted(tuple(p.as_dict().values()) for p in check_loaded(
            loaded, today=today, only={path}, texts=text))
        assert before_writing == by_validate, path


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
