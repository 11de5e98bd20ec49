"""The synthetic benchmark plan: valid, deterministic, committed over dated commits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GENERATE = ROOT / "benchmarks" / "generate.py"


def generate(target: Path, *extra: str) -> None:
    subprocess.run([sys.executable, str(GENERATE), "40", str(target), *extra], check=True,
                   capture_output=True)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_generated_plan_is_valid_deterministic_and_dated(tmp_path, cli):
    generate(tmp_path / "a", "--commits", "3")
    generate(tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    recommendations = list((tmp_path / "a" / "data" / "recommendations").rglob("*.yaml"))
    assert len(recommendations) == 40
    result = cli("validate", repo=tmp_path / "a")
    assert result.exit_code == 0, result.output
    log = subprocess.run(["git", "-C", str(tmp_path / "a"), "log", "--format=%ad %s",
                          "--date=short"], capture_output=True, text=True, check=True).stdout
    assert log.splitlines() == ["2024-06-01 synthetic step 3", "2022-12-01 synthetic step 2",
                                "2021-06-01 synthetic step 1"]
    status = subprocess.run(["git", "-C", str(tmp_path / "a"), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    assert status == ""  # every file arrived in a commit


def test_benchmark_runner_prints_every_target(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--n", "30",
                           "--commits", "12", "--scale", "60", "--repeat", "1",
                           "--no-check-jsonschema", "--dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr  # 1: a target failed (tiny plans are all start-up)
    for label in ("cold validate", "warm validate", "status warm", "list --search warm",
                  "--help", "status --at warm", "status grows", "list --search grows",
                  "peak memory at 60"):
        assert label in done.stdout
    assert "first after a change, 60" in done.stdout
