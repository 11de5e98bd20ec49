"""The hostile corpus: each folder in tests/hostile/cases/ overlays files on the minimal valid
plan (like tests/fixtures/invalid/) and states the expected exit code (``exit``) and the exact
output of ``nhrp validate`` (``expected.txt``). NHRP_UPDATE_GOLDEN=1 rewrites expected.txt."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_validate_fixtures import build_case, validate_case

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(name, tmp_path, cli):
    case = CASES_DIR / name
    result = validate_case(case, tmp_path, cli)
    assert result.exit_code == int((case / "exit").read_text())


def test_unsafe_tag_runs_nothing(tmp_path, cli, monkeypatch):
    repo, _ = build_case(CASES_DIR / "unsafe-python-tag", tmp_path / "plan")
    monkeypatch.chdir(repo)
    cli("validate", repo=repo)
    cli("status", repo=repo)
    assert not (repo / "HOSTILE-PWNED").exists()


def _limited():  # runs in the child: 1 GiB of address space at most
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("name", ["billion-laughs", "deep-flow-nesting", "oversized-file"])
def test_bombs_end_with_bounded_memory_and_time(name, tmp_path):
    """A child process with 1 GiB of memory and a generous timeout: an expanding alias bomb
    would exceed either; refusal finishes with exit 1."""
    repo, env = build_case(CASES_DIR / name, tmp_path / "plan")
    done = subprocess.run([sys.executable, "-m", "nhrp", "--repo", str(repo), "validate"],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited,
                          env={**os.environ, **env, "NHRP_CACHE": "off"})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
