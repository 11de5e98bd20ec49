"""Small, fast access to git through the ``git`` command (one process per question, never one
per file). Used by history, diff, scope checks, the caches and ``validate --changed-since``.

GitPython is not needed for any of this; ``git`` plumbing with ``-z`` output is faster and
exact about unusual file names.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from nhrp.errors import EnvironmentProblem, UsageError


def run(repo: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=input, capture_output=True)
    except FileNotFoundError:
        raise EnvironmentProblem("git is not installed or not on PATH") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EnvironmentProblem(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def git_dir(path: Path) -> Path | None:
    """The git directory of the repository holding ``path`` — also when the plan is a
    subfolder of a larger repository or a worktree — or None outside git."""
    try:
        done = subprocess.run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir"],
                              capture_output=True)
    except FileNotFoundError:
        return None
    return Path(done.stdout.decode().strip()) if done.returncode == 0 else None


def is_repository(repo: Path) -> bool:
    try:
        done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--git-dir"],
                              capture_output=True)
    except FileNotFoundError:
        return False
    return done.returncode == 0


def require_repository(repo: Path) -> None:
    if not is_repository(repo):
        raise EnvironmentProblem(f"{repo} is not a git repository (history needs git)")


def resolve(repo: Path, rev: str) -> str:
    """Full commit id of ``rev``; a usage error (exit 2) when it does not exist."""
    require_repository(repo)
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet",
                           f"{rev}^{{commit}}"], capture_output=True)
    if done.returncode != 0:
        raise UsageError(f"'{rev}' is not a commit, branch or tag in {repo}")
    return done.stdout.decode().strip()


@dataclass(frozen=True)
class Changed:
    status: str  # A added, M modified, D deleted, T type changed, U conflicting (renames: D + A)
    path: str


def changed_files(repo: Path, base: str, head: str | None = None) -> list[Changed]:
    """Files that differ between ``base`` and ``head`` (a commit) or the working tree (None).

    Untracked files count as added when comparing with the working tree."""
    args = ["diff", "--name-status", "-z", "--no-renames", base]
    if head:
        args.append(head)
    raw = run(repo, *args).decode("utf-8", "surrogateescape").split("\0")
    out: list[Changed] = []
    i = 0
    while i < len(raw) - 1:
        status = raw[i]
        out.append(Changed(status[0], raw[i + 1]))
        i += 2
    if head is None:
        untracked = run(repo, "ls-files", "--others", "--exclude-standard", "-z")
        out += [Changed("A", p) for p in untracked.decode("utf-8", "surrogateescape").split("\0")
                if p]
    return sorted(out, key=lambda c: c.path)


def cat_blobs(repo: Path, oids: list[str]) -> dict[str, bytes]:
    """``{oid: contents}`` for many objects through one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    raw = run(repo, "cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
    out, pos = {}, 0
    for oid in wanted:
        header_end = raw.index(b"\n", pos)
        header = raw[pos:header_end].split()
        if len(header) != 3:
            raise EnvironmentProblem(f"git object {oid} is missing from this clone (a partial "
                                     "clone?); fetch it and try again")
        start = header_end + 1
        out[oid] = raw[start:start + int(header[2])]
        pos = start + int(header[2]) + 1
    return out


MERGE_TREE_SINCE = (2, 38)


def version(repo: Path) -> tuple[int, ...]:
    """git's version as numbers, e.g. (2, 39, 2)."""
    words = run(repo, "version").decode("utf-8", "replace").split()
    numbers = []
    for part in (words[2] if len(words) > 2 else "0").split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers)


@dataclass(frozen=True)
class Merge:
    """What merging two commits produces: the resulting tree, and the files that conflict."""

    tree: str
    conflicts: tuple[str, ...]


def merge_result(repo: Path, base: str, head: str) -> Merge:
    """The tree that merging ``head`` into ``base`` would produce, computed as ``git merge``
    does (every merge base, a virtual one for criss-cross histories) without touching the
    working tree or the index. The net change of a branch is ``base`` → this tree; comparing
    with one merge base instead can hide what a merge deletes or reverts (docs/security.md)."""
    found = version(repo)
    if found < MERGE_TREE_SINCE:
        shown = ".".join(map(str, found)) or "unknown"
        raise EnvironmentProblem(
            f"judging what a merge changes needs git {'.'.join(map(str, MERGE_TREE_SINCE))} or "
            f"newer ('git merge-tree --write-tree'); this is git {shown}: upgrade git")
    done = subprocess.run(["git", "-C", str(repo), "merge-tree", "--write-tree", "--name-only",
                           "-z", "--no-messages", base, head], capture_output=True)
    parts = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    if done.returncode not in (0, 1) or not parts[0]:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EnvironmentProblem(f"git merge-tree: {message[-1] if message else 'failed'}")
    conflicts = tuple(dict.fromkeys(p for p in parts[1:] if p)) if done.returncode == 1 else ()
    return Merge(parts[0], conflicts)
