"""Golden tests: each folder in tests/fixtures/invalid/ is a case.

A case overlays files on the minimal valid plan (``files/``), first naming in ``overlay`` any
folders of tests/fixtures/overlays/ to lay on it (e.g. ``activities``), may remove files (``remove``),
add symbolic links (``links``: ``path -> target``), set variables (``env``), give options
(``args``, one a line, e.g. ``--strict`` for a warning's case), and holds the
exact expected output of ``nhrp validate`` in ``expected.txt``. Adding a folder adds a test.
Set NHRP_UPDATE_GOLDEN=1 to rewrite expected.txt after a deliberate change, then review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_plan
from nhrp.core.rules import RULES

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if path.exists() else []


def build_case(case: Path, target: Path) -> tuple[Path, dict]:
    repo = copy_plan(target)
    for name in _lines(case / "overlay"):
        shutil.copytree(FIXTURES / "overlays" / name.strip(), repo, dirs_exist_ok=True)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", repo, dirs_exist_ok=True)
    for rel in _lines(case / "remove"):
        (repo / rel).unlink()
    for line in _lines(case / "links"):
        rel, target_path = (s.strip() for s in line.split("->"))
        (repo / rel).symlink_to(target_path)
    env = dict(line.split("=", 1) for line in _lines(case / "env"))
    return repo, env


def validate_case(case: Path, tmp_path: Path, cli):
    """Run ``nhrp validate`` on a case and compare with its expected.txt (or rewrite it)."""
    repo, env = build_case(case, tmp_path / "plan")
    result = cli("validate", *_lines(case / "args"), repo=repo, env=env)
    expected_file = case / "expected.txt"
    if os.environ.get("NHRP_UPDATE_GOLDEN"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("name", CASES)
def test_invalid_case_output_is_exact(name, tmp_path, cli):
    assert validate_case(INVALID / name, tmp_path, cli).exit_code == 1


@pytest.mark.parametrize("name", CASES)
def test_case_shows_the_rule_it_is_named_after(name):
    code = name.split("-")[0]
    assert code in RULES
    assert f": {code} " in (INVALID / name / "expected.txt").read_text(encoding="utf-8")


def test_every_rule_has_a_failing_fixture():
    covered = {name.split("-")[0] for name in CASES}
    assert sorted(set(RULES) - covered) == []


def test_valid_fixture_has_no_problems(cli):
    result = cli("validate", repo=FIXTURES / "valid" / "minimal")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith(": no problems\n")


def test_activities_overlay_is_valid(tmp_path, cli):
    repo = copy_plan(tmp_path / "plan")
    shutil.copytree(FIXTURES / "overlays" / "activities", repo, dirs_exist_ok=True)
    result = cli("validate", repo=repo)
    assert result.exit_code == 0, result.stdout
    assert "1 activity, 1 measurement): no problems" in result.stdout
