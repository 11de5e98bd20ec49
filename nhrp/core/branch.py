"""What a branch changes since a base commit (``validate --changed-since BASE``), found by
comparing trees and asking git about the working tree — never by listing the whole plan.

The change is what merging HEAD into BASE would do (``git merge-tree``, every merge base
considered, as ``check-scope`` judges it), plus what the working tree changes since HEAD,
untracked files included. A merge that conflicts is refused, naming the files.

The questions the pull-request commands ask git about a few paths live here too (the index
listing of some folders, files at a commit, commits resolved together): they are composed
from :mod:`nhrp.core.store.git`, which runs git.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple

from nhrp.core import layout
from nhrp.core.store import git
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError

PLAN_PATHS = (layout.PLAN_FILE, layout.DATA)
_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
Worktree = tuple[git.Background, git.Background, git.Background]


@dataclass
class Change:
    """Paths from the plan root. ``changed``: added or changed, sorted (some may be missing
    from the working tree); ``deleted``: plan files that were there where HEAD left BASE and
    are gone now; ``gone``: tracked files missing from the working tree; ``untracked``."""

    base: str
    changed: list[str]
    deleted: list[str]
    gone: set[str]
    untracked: set[str]


def merged(top: Path, base: str, head: str, base_label: str,
           head_label: str) -> tuple[str, git.Merge]:
    """The merge base of ``base`` and ``head`` and :func:`git.merge_result` of them, asked of
    two git processes at once; when the two have no common history, that is the error (a
    usage error, with a hint for shallow clones)."""
    forking = git.Background(top, "merge-base", base, head)
    try:
        merge = git.merge_result(top, base, head)
    finally:
        fork = _explained(top, git.merge_base_of(forking.finished()), base_label, head_label)
    return fork, merge


def _explained(top: Path, merged: str | None, base_label: str, head_label: str) -> str:
    if not merged:
        shallow = git.run(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
        hint = ("; this is a shallow clone: fetch the whole history (actions/checkout with "
                "fetch-depth: 0)") if shallow else ""
        raise UsageError(f"'{base_label}' and '{head_label}' have no common history{hint}")
    return merged


def changed_since(root: Path, rev: str) -> list[str]:
    """Plan files (paths from the plan root) that merging HEAD into ``rev`` would add or change,
    and those changed in the working tree since HEAD, untracked ones included."""
    return since(root, rev).changed


def scan(root: Path) -> Worktree:
    """Start git comparing the working tree at ``root`` with HEAD, in the background: how the
    tracked plan files differ from HEAD (git compares stat data, and contents only where those
    changed), the untracked ones, and those added to the index since HEAD (which the first
    leaves out once they are gone from the working tree). The one part of :func:`since` whose
    cost follows the number of files (git looks at each file and folder, as ``git status``
    does): start it early, and pass it to :func:`since`."""
    return (git.Background(root, "diff", "--name-status", "-z", "--no-renames", "--relative",
                           "HEAD", "--", *PLAN_PATHS),
            git.Background(root, "ls-files", "-z", "--others", "--exclude-standard", "--",
                           *PLAN_PATHS),
            git.Background(root, "diff", "--cached", "--name-only", "-z", "--no-renames",
                           "--relative", "--diff-filter=A", "HEAD", "--", *PLAN_PATHS))


class Committed(NamedTuple):
    """What the commits change: ``committed``, the plan files that merging HEAD into ``base``
    adds or changes; ``removed``, those HEAD deleted since it left ``base`` (at ``fork``)."""

    base: str
    fork: str
    committed: list[str]
    removed: list[str]


def committed(root: Path, rev: str) -> Committed:
    """The committed part of the change from the commit ``rev`` (trees compared, the working
    tree not looked at): what :func:`since` adds the working tree's changes to."""
    base, head = resolve_in(root, rev, "HEAD").commits
    # When base is in HEAD's history (a branch up to date with it, or CI's merge commit), the
    # merge is HEAD itself: one comparison, asked beside the merge base, answers everything.
    forward = git.Background(root, "diff-tree", "-r", "-z", "--name-status", "--no-renames",
                             "--relative", base, head, "--")
    try:
        fork = _explained(root, git.merge_base_of(git.call(root, "merge-base", base, head)),
                          rev, "HEAD")
        if fork == base:
            changes = _name_status(forward.output())
            return Committed(base, fork, [c.path for c in changes if c.status != "D"],
                             [c.path for c in changes if c.status == "D" and _in_plan(c.path)])
    finally:
        forward.stop()
    tree = git.clean(git.merge_result(root, base, head), rev, "HEAD", InvalidData)
    # files HEAD deleted since it left base: one git diff-tree, beside the next question
    deleting = git.Background(root, "diff-tree", "-r", "-z", "--name-only", "--no-renames",
                              "--relative", "--diff-filter=D", fork, head, "--", *PLAN_PATHS)
    try:  # --relative: paths from the plan root, also when the plan is a sub-folder; plumbing,
        # which no setting of the user's changes (diff.ignoreSubmodules would hide gitlinks)
        changed = _names(git.run(root, "diff-tree", "-r", "--name-only", "-z", "--no-renames",
                                 "--relative", "--diff-filter=d", base, tree, "--"))
        removed = _names(deleting.output())
    finally:
        deleting.stop()
    return Committed(base, fork, changed, removed)


class Early:
    """What ``validate --changed-since REV`` asks git first, all started at once: git's look at
    the working tree (:func:`scan`), the index listing of ``folders`` (:class:`IndexFiles`),
    and :func:`committed`, whose three steps depend on each other and so run on a thread
    (:class:`git.Meanwhile`). Started by the entry point before typer is imported (~0.1 s of
    Python that git overlaps), else by :func:`nhrp.core.validate.validate_changes`."""

    def __init__(self, root: Path, rev: str, folders: tuple[str, ...]) -> None:
        self.folders = folders
        self.worktree = scan(root)
        self.listing = IndexFiles(root, folders)
        self._committed = git.Meanwhile(committed, root, rev)

    def committed(self) -> Committed:
        """:func:`committed`'s answer, or the error it raised."""
        return self._committed.result()

    def stop(self) -> None:
        """Stop what still runs; its answers are no longer wanted (the thread's git steps end
        at exit: :class:`git.Meanwhile`)."""
        for process in (*self.worktree, self.listing):
            process.stop()


def since(root: Path, rev: str, worktree: Worktree | None = None,
          done: Committed | None = None) -> Change:
    """The change from the commit ``rev`` to the working tree at ``root``; ``worktree``: the
    :func:`scan` of it, started here when not given (and stopped here in any case); ``done``:
    :func:`committed`, when the caller asked already (while the scan ran)."""
    try:
        done = done or committed(root, rev)
        worktree = worktree or scan(root)
        status = _name_status(worktree[0].output())
        untracked = set(_names(worktree[1].output()))
        staged = _names(worktree[2].output())
    finally:
        for process in worktree or ():
            process.stop()
    return _change(root, done, status, untracked, staged)


def _in_plan(path: str) -> bool:
    """Whether ``path`` (from the plan root) is under :data:`PLAN_PATHS`, as a pathspec says."""
    return any(path == p or path.startswith(p + "/") for p in PLAN_PATHS)


def as_committed(root: Path, done: Committed) -> Change:
    """The change :func:`since` finds when the working tree is as HEAD left it (a fresh clone,
    as in CI): what can be judged before git has looked at the working tree."""
    return _change(root, done, [], set(), [])


def _change(root: Path, done: Committed, status: list[git.Changed], untracked: set[str],
            staged: list[str]) -> Change:
    gone = {c.path for c in status if c.status == "D"}
    gone |= {p for p in staged if not os.path.lexists(root / p)}  # added to the index, then removed
    paths = {*done.committed, *(c.path for c in status if c.status != "D"), *untracked}
    changed = sorted(p for p in paths if p == layout.PLAN_FILE or p.startswith(layout.DATA + "/"))
    # a hidden file is never read, so it is not there for the rules (validate reports it)
    there = {p for p in changed if os.path.lexists(root / p) and not layout.is_hidden(p)}
    # gone from the working tree, but was it there where the branch started?
    missing = sorted(gone - set(done.removed))
    at_fork = set(git.tree_names(root, done.fork, *(f":(literal){p}" for p in missing))) \
        if missing else set()
    deleted = sorted(p for p in {*done.removed, *at_fork} if p not in there and layout.kind_of(p))
    return Change(done.base, changed, deleted, gone, untracked)


# --- what the pull-request path asks git: a few paths, never the whole plan -------------------

def _asked(repo: Path, *args: str) -> subprocess.CompletedProcess | None:
    """git's answer whatever its exit code; None when git cannot run."""
    try:
        return git.call(repo, *args)
    except EnvironmentProblem:
        return None


def _names(raw: bytes) -> list[str]:
    """Paths of ``-z`` output."""
    return [p for p in raw.decode("utf-8", "surrogateescape").split("\0") if p]


def _name_status(raw: bytes) -> list[git.Changed]:
    """``--name-status -z --no-renames`` output as (status, path)."""
    tokens = raw.decode("utf-8", "surrogateescape").split("\0")
    return [git.Changed(status[0], path) for status, path in zip(tokens[0:-1:2], tokens[1::2])]


def index_files(repo: Path, paths: Iterable[str],
                icase: bool = False) -> tuple[list[str], set[str]]:
    """The files git's index holds under ``paths`` (relative to ``repo``; with ``icase``, also
    under the same folders spelt in another letter case), and which of them are symbolic
    links: picked out of git's output with few Python steps a file (a large plan lists
    100,000 recommendations)."""
    return IndexFiles(repo, paths, icase).result()


class IndexFiles:
    """:func:`index_files` started now and read with :meth:`result`: git lists meanwhile."""

    def __init__(self, repo: Path, paths: Iterable[str], icase: bool = False) -> None:
        paths = list(paths)
        magic = ":(icase,literal)" if icase else ":(literal)"
        self.running = [git.Background(repo, "ls-files", "-z", "-s", "--",
                                       *(magic + p for p in paths[i:i + 1000]))
                        for i in range(0, len(paths), 1000)]  # far below the argument limit

    def result(self) -> tuple[list[str], set[str]]:
        out: list[str] = []
        links: set[str] = set()
        for process in self.running:
            text = process.output().decode("utf-8", "surrogateescape")
            if not text:
                continue
            lines = text.split("\0")[:-1]
            start = lines[0].index("\t") + 1  # mode, object id, stage: the same width on each
            out += [line[start:] for line in lines]
            if text.startswith(git.SYMLINK + " ") or f"\0{git.SYMLINK} " in text:
                links.update(line[start:] for line in lines if line.startswith(git.SYMLINK + " "))
        return out, links

    def stop(self) -> None:
        for process in self.running:
            process.stop()


def read_at(repo: Path, rev: str, paths: Iterable[str]) -> dict[str, bytes | None]:
    """The contents of ``paths`` (relative to ``repo``) in the commit ``rev``, None where it has
    no such file: one ``git cat-file --batch``."""
    paths = [p for p in dict.fromkeys(paths) if "\n" not in p]  # a line of the batch each
    if not paths:
        return {}
    raw = git.run(repo, "cat-file", "--batch",
              input="".join(f"{rev}:./{p}\n" for p in paths).encode("utf-8", "surrogateescape"))
    out: dict[str, bytes | None] = {}
    pos = 0
    for path in paths:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split()
        pos = end + 1
        out[path] = None
        if len(header) == 3:  # else "<name> missing": no contents follow
            size = int(header[2])
            if header[1] == b"blob":
                out[path] = raw[pos:pos + size]
            pos += size + 1
    return out


class Where(NamedTuple):
    """Where a folder sits in its repository, and the commits asked for."""

    top: Path
    prefix: str
    commits: tuple[str, ...]


def resolve_in(repo: Path, *revs: str) -> Where:
    """The top of the working tree holding ``repo``, ``repo``'s place in it and the full commit
    id of each of ``revs``, from one ``git rev-parse``; where that fails (no repository, a bare
    one, a name that is no commit), the error :func:`git.resolve` gives."""
    lines = _commit_lines(repo, revs, "--show-toplevel", "--show-prefix")
    if lines is None:  # ask again, one question at a time, for git's own answer
        git.require_repository(repo)
        top = git.run(repo, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape")
        prefix = git.run(repo, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape")
        return Where(Path(top.strip()), prefix.strip(),
                     tuple(git.resolve(repo, rev) for rev in revs))
    return Where(Path(lines[0]), lines[1], tuple(lines[2:2 + len(revs)]))


def commit_ids(repo: Path, *revs: str) -> tuple[str, ...] | None:
    """The full commit ids of ``revs`` from one ``git rev-parse``; None when one of them names
    no commit (ask :func:`git.resolve` for the reason) or looks like an option."""
    lines = _commit_lines(repo, revs)
    return tuple(lines[:len(revs)]) if lines is not None else None


def _commit_lines(repo: Path, revs: tuple[str, ...], *asked: str) -> list[str] | None:
    """The lines of one ``git rev-parse`` of ``asked`` and then each of ``revs`` as a commit, or
    None: no repository, a name that is no commit, or one that looks like an option."""
    if any(rev.startswith("-") for rev in revs):
        return None
    done = _asked(repo, "rev-parse", *asked, *(f"{rev}^{{commit}}" for rev in revs), "--")
    if done is None or done.returncode != 0:
        return None
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    end = len(asked) + len(revs)  # then git's echo of "--"; a range (A..B) gives two lines
    return lines if lines[end:end + 1] == ["--"] and all(
        _COMMIT_ID.fullmatch(i) for i in lines[len(asked):end]) else None
