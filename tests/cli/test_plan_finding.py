"""Where a command finds its plan — one rule for every command: --repo, else $NHRP_REPO, else
the nearest folder upwards with nhrp.yaml; outside a plan exit 3 with a hint, never the
bundled plan; in a bare repository history works and reading files asks for --at."""

from __future__ import annotations

import json

import pytest

from conftest import git

READING = [("status",), ("list",), ("show", "upr2-127.1"), ("validate",), ("report",),
           ("export", "--format", "json"), ("log", "upr2-127.1"), ("diff",)]


@pytest.mark.parametrize("args", READING, ids=lambda a: a[0])
def test_outside_any_plan_every_command_stops_with_a_hint(args, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    for hint in ("--repo DIR", "nhrp init --example iraq DIR", "nhrp sandbox DIR"):
        assert hint in result.stderr


def test_nhrp_repo_is_used_and_named(plan_repo, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NHRP_REPO", str(plan_repo))
    result = cli("status", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["recommendations"] == 2
    assert result.stderr == f"nhrp: using the plan in {plan_repo}\n"


def test_a_plan_found_upwards_is_named_and_the_current_folder_is_not(plan_repo, cli,
                                                                    monkeypatch):
    monkeypatch.chdir(plan_repo / "data" / "actors")
    below = cli("list", "--format", "json")
    assert below.exit_code == 0 and f"using the plan in {plan_repo}" in below.stderr
    monkeypatch.chdir(plan_repo)
    here = cli("list", "--format", "json")
    assert here.exit_code == 0 and here.stderr == ""
    named = cli("log", "upr2-127.1", repo=plan_repo)
    assert named.exit_code == 0 and "using the plan" not in named.stderr


@pytest.fixture
def bare(plan_repo, tmp_path):
    target = tmp_path / "plan.git"
    git(tmp_path, "clone", "-q", "--bare", str(plan_repo), str(target))
    return target


@pytest.mark.parametrize("args", [("status",), ("list",), ("show", "upr2-127.1"), ("report",)],
                         ids=lambda a: a[0])
def test_in_a_bare_repository_reading_files_asks_for_at(args, bare, cli, monkeypatch):
    monkeypatch.chdir(bare)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "bare repository" in result.stderr and "use --at REV" in result.stderr
    assert cli(*args, repo=bare).exit_code == 2


@pytest.mark.parametrize("args", [("log", "upr2-127.1"), ("diff", "main", "main"),
                                  ("status", "--at", "main"), ("report", "--at", "main"),
                                  ("list", "--at", "main"), ("show", "upr2-127.1", "--at", "main")],
                         ids=lambda a: " ".join(a[:2]))
def test_in_a_bare_repository_history_keeps_working(args, bare, cli, monkeypatch):
    monkeypatch.chdir(bare / "refs")  # also from a folder inside it
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert cli(*args, repo=bare).exit_code == 0


def test_init_example_iraq_copies_the_bundled_plan_with_a_first_commit(tmp_path, cli,
                                                                      monkeypatch):
    target = tmp_path / "my-plan"
    result = cli("init", "--example", "iraq", str(target))
    assert result.exit_code == 0, result.output
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain") == ""
    monkeypatch.chdir(target)
    status = cli("status", "--format", "json")
    assert json.loads(status.stdout)["totals"]["recommendations"] == 229
    assert cli("validate").exit_code == 0
    log = cli("log", "upr2-127.5", "--format", "json")
    assert log.exit_code == 0 and len(json.loads(log.stdout)) == 1
    again = cli("init", "--example", "iraq", str(target))
    assert again.exit_code == 2 and "not empty" in again.stderr
    other = cli("init", "--example", "atlantis", str(tmp_path / "other"))
    assert other.exit_code == 2 and "iraq" in other.stderr


def test_init_makes_the_first_commit(tmp_path, cli):
    target = tmp_path / "new"
    result = cli("init", str(target), "--state-code", "JOR", "--state-name", "Jordan",
                 "--name", "National plan")
    assert result.exit_code == 0, result.output
    assert git(target, "log", "--format=%s").startswith("Start the plan: National plan")
    assert git(target, "status", "--porcelain") == ""


def test_init_asks_for_what_is_missing_at_a_terminal(tmp_path):
    """A terminal (a pseudo-terminal here) gets questions instead of a usage error."""
    import os
    import pty
    import sys

    target = tmp_path / "asked"
    pid, fd = pty.fork()
    if pid == 0:  # the child: nhrp init with its stdin on the terminal
        os.execv(sys.executable, [sys.executable, "-c", "from nhrp.cli.app import main; main()",
                                  "init", str(target), "--no-git"])
    import select

    seen = b""
    for number, answer in enumerate((b"irq", b"Iraq", b"Plan for tests"), start=1):
        while seen.count(b": ") < number:  # each question ends in ": "
            assert select.select([fd], [], [], 30)[0], seen.decode(errors="replace")
            seen += os.read(fd, 1024)
        os.write(fd, answer + b"\r")
    while select.select([fd], [], [], 30)[0]:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child has ended
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
    assert b"ISO 3166 alpha-3 code" in seen
    assert "code: IRQ" in (target / "nhrp.yaml").read_text(encoding="utf-8")
