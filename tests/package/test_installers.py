"""The ways a plan repository installs nhrp, each from a clean cache: pre-commit's hook (it
installs this repository non-editable into its own environment) and pipx."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_plan, git, init_git

pytestmark = pytest.mark.slow

ENTRY = "data/monitoring/upr2-127.1/2023-06-01-watch.yaml"


def clean_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NHRP_REPO", "VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    env["PIPX_HOME"] = str(tmp_path / "pipx")
    env["PIPX_BIN_DIR"] = str(tmp_path / "pipx-bin")
    return env


def test_pre_commit_try_repo_from_a_clean_cache(tmp_path):
    plan = init_git(copy_plan(tmp_path / "plan"))
    env = clean_env(tmp_path)
    argv = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "nhrp-validate",
            "--all-files"]
    done = subprocess.run(argv, cwd=plan, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nhrp validate" in done.stdout and "Passed" in done.stdout

    entry = plan / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("not-started", "done"),
                     encoding="utf-8")
    git(plan, "add", "-A")
    done = subprocess.run(argv, cwd=plan, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "Failed" in done.stdout
    assert f"{ENTRY}:5:9: R307" in done.stdout


def test_pipx_install_of_the_checkout(tmp_path):
    env = clean_env(tmp_path)
    subprocess.run([sys.executable, "-m", "pipx", "install", str(ROOT)], env=env, check=True,
                   capture_output=True)
    nhrp = tmp_path / "pipx-bin" / "nhrp"
    plan = copy_plan(tmp_path / "plan")
    done = subprocess.run([str(nhrp), "validate"], cwd=plan, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "upr2-127.1" in subprocess.run([str(nhrp), "list"], cwd=plan, env=env,
                                          capture_output=True, text=True).stdout
