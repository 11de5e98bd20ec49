#!/usr/bin/env python3
"""The steps of nhrp's GitHub Action (action.yml at the top of the repository), as one script
that a test can run against a real git repository.

    action.py install   make a virtual environment, install nhrp from the action's own
                        checkout (with the extras asked for), put it on the job's PATH
    action.py check     on a pull request: validate the changed files, check the canonical
                        format, check the scope of the change and write what it means to the
                        job summary; on any other event: validate the whole plan and the format

Everything comes from the environment, never from text pasted into a shell line: the action
passes its inputs as NHRP_BASE, NHRP_AUTHOR, NHRP_EXTRAS, and GitHub sets GITHUB_EVENT_NAME,
GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY, GITHUB_PATH, RUNNER_TEMP and GITHUB_ACTION_PATH.

What is judged is the pull request's own head commit (``pull_request.head.sha``), not the merge
commit GitHub checks out by default; a shallow checkout is deepened first. Exit codes: 0 every
check passed, 1 a check failed, 3 the repository or the event is not usable (message on stderr).
Standard library only: it runs before nhrp is installed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

EXTRAS = re.compile(r"^[a-z0-9-]+(,[a-z0-9-]+)*$")


class Unusable(Exception):
    """The repository or the event cannot be checked; exit 3 with this message."""


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise Unusable(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def has_commit(rev: str) -> bool:
    return git("cat-file", "-e", f"{rev}^{{commit}}", check=False).returncode == 0


def ensure_history(*revs: str) -> None:
    """check-scope and diff read history back to the merge base: deepen a shallow clone, and
    fetch a commit the checkout lacks (the pull request's head, when GitHub checked out its
    merge commit)."""
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        done = git("fetch", "--quiet", "--no-tags", "--unshallow", "origin", check=False)
        if done.returncode != 0:
            raise Unusable("the checkout is shallow and could not be deepened "
                           f"({done.stderr.strip()}); use actions/checkout with fetch-depth: 0")
    for rev in revs:
        if not has_commit(rev):
            git("fetch", "--quiet", "--no-tags", "origin", rev, check=False)
        if not has_commit(rev):
            raise Unusable(f"commit {rev} is not in the checkout and could not be fetched")


def pull_request_facts(event: dict, base: str, author: str) -> tuple[str, str, str]:
    """Base, head and author of a pull_request event; the inputs, when given, win."""
    pull = event.get("pull_request") or {}
    head = (pull.get("head") or {}).get("sha", "")
    base = base or (pull.get("base") or {}).get("sha", "")
    user = pull.get("user") or {}
    if not author and user.get("id") and user.get("login"):
        author = f"{user['id']}+{user['login']}@users.noreply.github.com"
    if not re.fullmatch(r"[0-9a-f]{40}", head or ""):
        raise Unusable("the event has no pull_request.head.sha")
    if not base:
        raise Unusable("no base: set the action's 'base' input")
    if not author:
        raise Unusable("no author: set the action's 'author' input")
    return base, head, author


def run(argv: list[str], summary: Path | None = None) -> bool:
    """One check; its output goes to the log (and, for the summary, to the job summary)."""
    print(f"::group::{' '.join(argv)}", flush=True)
    if summary is None:
        done = subprocess.run(argv)
    else:
        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(done.stdout)
        sys.stdout.write(done.stdout)
    print("::endgroup::", flush=True)
    if done.returncode != 0:
        print(f"{argv[1]} failed (exit {done.returncode})", file=sys.stderr, flush=True)
    return done.returncode == 0


def check(env: dict) -> int:
    event_name = env.get("GITHUB_EVENT_NAME", "")
    event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8")) \
        if env.get("GITHUB_EVENT_PATH") else {}
    nhrp = ["nhrp"]
    if event_name not in ("pull_request", "pull_request_target"):
        results = [run(nhrp + ["validate", "--format", "github"]), run(nhrp + ["fmt", "--check"])]
        return 0 if all(results) else 1
    base, head, author = pull_request_facts(event, env.get("NHRP_BASE", ""),
                                            env.get("NHRP_AUTHOR", ""))
    ensure_history(base, head)
    if git("rev-parse", "HEAD").stdout.strip() != head:
        git("checkout", "--quiet", "--detach", head)
    summary = Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None
    results = [
        run(nhrp + ["validate", "--format", "github", "--changed-since", base]),
        run(nhrp + ["fmt", "--check"]),
        run(nhrp + ["check-scope", "--format", "github", "--base", base, "--head", head,
                    "--author", author]),
        run(nhrp + ["diff", base, head, "--format", "markdown"], summary=summary),
    ]
    return 0 if all(results) else 1


def install(env: dict) -> int:
    extras = env.get("NHRP_EXTRAS", "").replace(" ", "")
    if extras and not EXTRAS.match(extras):
        raise Unusable(f"extras {extras!r}: give names such as docx,xlsx")
    source = Path(env.get("GITHUB_ACTION_PATH") or Path(__file__).resolve().parents[1])
    target = Path(env.get("RUNNER_TEMP") or "/tmp") / "nhrp-venv"
    spec = f"{source}[{extras}]" if extras else str(source)
    command = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet",
               "--disable-pip-version-check", spec]
    if env.get("NHRP_ACTION_DRY_RUN"):  # for tests: say what would run
        print(" ".join(command))
    else:
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
        subprocess.run(command, check=True)
    if env.get("GITHUB_PATH"):
        with open(env["GITHUB_PATH"], "a", encoding="utf-8") as handle:
            handle.write(f"{target / 'bin'}\n")
    return 0


def main(argv: list[str]) -> int:
    steps = {"install": install, "check": check}
    if len(argv) != 1 or argv[0] not in steps:
        print("usage: action.py install|check", file=sys.stderr)
        return 2
    try:
        return steps[argv[0]](dict(os.environ))
    except Unusable as exc:
        print(f"::error::{exc}", flush=True)
        print(f"nhrp action: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
