"""What a command leaves when it ends before it takes the answers to the questions it asked git
at once, some on threads started before typer read the command line (an error, a usage
error, Ctrl-C sent to nhrp alone): no git process outlives the run, and the run is not held up
by questions nobody wants. A git that takes 8 s over one of its commands makes each
case certain."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY, git
from test_pr_startup import change, generated  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads a session's processes from /proc")

SLOW = 8  # seconds the slow git command takes; every case must end far sooner


def _in_session(sid: int) -> list[str]:
    """The command lines of the processes still in session ``sid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[3]) == sid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, ValueError, IndexError):
            continue  # ended meanwhile
    return found


def _start(repo: Path, tmp_path: Path, slow: str, argv: list[str]) -> subprocess.Popen:
    """nhrp in a session of its own, with a git that sleeps before running ``slow`` (one
    process, as git is: killing it leaves nothing behind)."""
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f"#!{sys.executable}\nimport os, sys, time\n"
                    f"if {slow!r} in sys.argv:\n    time.sleep({SLOW})\n"
                    f"os.execv({real!r}, ['git', *sys.argv[1:]])\n", encoding="utf-8")
    shim.chmod(0o755)
    path = f"{shim.parent}:{subprocess.os.environ['PATH']}"
    return subprocess.Popen([sys.executable, "-m", "nhrp", "-C", str(repo), *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            env={**subprocess.os.environ, "NHRP_TODAY": TODAY, "PATH": path})


@pytest.mark.parametrize("slow, argv", [
    ("diff-tree", ["diff", "lonely", "HEAD", "--format", "markdown"]),  # BASE has no plan
    ("diff-tree", ["check-scope", "--base", "lonely", "--head", "HEAD"]),  # no common history
    ("merge-tree", ["check-scope", "--base", "base", "--format", "bogus"]),  # typer refuses
    ("merge-tree", ["check-scope", "--base", "base", "--as", "x", "--author", "y@z.org"]),
    ("rev-list", ["diff", "base", "HEAD", "--format", "bogus"]),
    ("ls-files", ["validate", "--changed-since", "base", "--format", "bogus"]),
])
def test_no_git_process_outlives_a_run_that_ends_on_an_error(change, tmp_path, slow, argv):
    git(change, "checkout", "-q", "--orphan", "lonely")
    git(change, "rm", "-r", "-q", "--cached", ".")
    git(change, "commit", "-q", "--allow-empty", "-m", "no plan")
    git(change, "checkout", "-q", "-f", "change")
    began = time.monotonic()
    run = _start(change, tmp_path, slow, argv)
    out, err = run.communicate(timeout=60)
    took, left = time.monotonic() - began, _in_session(run.pid)
    assert run.returncode == 2 and b"Traceback" not in err, err
    assert left == [], left
    assert took < SLOW / 2, took


@pytest.mark.parametrize("slow, argv", [
    ("merge-tree", ["check-scope", "--base", "base", "--author", "a@b.org"]),
    ("rev-list", ["diff", "base", "HEAD"]),
    ("ls-files", ["validate", "--changed-since", "base"]),
    ("log", ["log", "upr2-100.1"]),  # its history is walked while the plan is read
])
def test_ctrl_c_sent_to_nhrp_alone_ends_git_too(change, tmp_path, slow, argv):
    """A supervisor's ``kill -INT`` reaches nhrp, not git; the question git was asked on a
    thread ends with the run all the same."""
    began = time.monotonic()
    run = _start(change, tmp_path, slow, argv)
    time.sleep(1.5)  # the command now waits for the slow answer
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    took, left = time.monotonic() - began, _in_session(run.pid)
    assert run.returncode == 130 and err.decode().endswith("nhrp: interrupted\n"), err
    assert left == [], left
    assert took < SLOW / 2 + 1.5, took


def test_a_question_not_yet_started_at_exit_is_not_waited_for():
    """Another thread may be creating a question while the run ends: the exit leaves it be
    rather than failing to wait for a thread that has not started."""
    code = ("import threading\nfrom nhrp.core.store import git\n"
            "git._ASKING.add(threading.Thread(target=lambda: None))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
