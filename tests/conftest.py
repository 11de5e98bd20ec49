"""Shared fixtures: a fixed 'today', temporary plan repositories, and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nhrp.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal"
TODAY = "2026-01-15"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("NHRP_TODAY", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
    # --commit needs an identity; CI machines may have no git configuration at all
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "secretariat@example.org")
    monkeypatch.delenv("NHRP_REPO", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def import_builders():
    """tests/fixtures/import/builders.py (makers of sample import files), loaded by path:
    ``import`` cannot be a package name."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_builders",
                                                  FIXTURES / "import" / "builders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_plan(target: Path, source: Path = MINIMAL) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    full_env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "secretariat@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "secretariat@example.org",
                **(env or {})}
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=full_env)
    return done.stdout


def init_git(repo: Path) -> Path:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial plan", env={"GIT_AUTHOR_DATE": "2022-01-01T10:00:00Z",
                                                       "GIT_COMMITTER_DATE": "2022-01-01T10:00:00Z"})
    return repo


@pytest.fixture
def plan_dir(tmp_path) -> Path:
    """A copy of the minimal valid plan (not a git repository)."""
    return copy_plan(tmp_path / "plan")


@pytest.fixture
def plan_repo(tmp_path) -> Path:
    """The minimal valid plan in a real git repository with one commit."""
    return init_git(copy_plan(tmp_path / "plan"))


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, repo: Path | None = None, input: str | None = None,
                 env: dict | None = None):
        argv = (["--repo", str(repo)] if repo else []) + [str(a) for a in args]
        return self.runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def git_calls(monkeypatch) -> list:
    """The git subcommands run while a test runs (to check that work does not grow per file):
    every git process nhrp starts, in the background too."""
    from nhrp.core.store import git

    calls: list = []
    real = git._start

    def spy(repo, argv, **options):
        calls.append(argv[3] if argv[:2] == ["git", "-C"] else argv[1])
        return real(repo, argv, **options)

    monkeypatch.setattr(git, "_start", spy)
    return calls


@contextlib.contextmanager
def never_hangs(seconds: int = 120):
    """Fail (instead of hanging the whole suite) when the block runs away: a guard for inputs
    built to make a reader loop for hours, not a measure of speed."""
    def stop(*_):
        raise AssertionError(f"still running after {seconds} s: the input was not bounded")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
