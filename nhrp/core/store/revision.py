"""The plan at a git revision, read from git objects: the repository, the commit walk, the plan
as of a date or revision.

How it stays fast (see docs/history.md): history is read in *one* ``git log --raw -z`` walk, which
names the blob id of every file version, and file contents come through *one*
``git cat-file --batch`` process; parsed records are cached by blob id (:mod:`.cache`),
so each version of a file is parsed once, ever. Nothing is checked out, so all of this works in a
bare repository.

Which commit is "the plan as of DATE": the newest commit on the first-parent line of HEAD (the
main line, as merges recorded it) whose committer date, on the committer's own calendar, is on or
before DATE. Commit dates are claims made by whoever committed (see PITFALLS): the as-of date
written in a monitoring entry is the date it describes, the commit date only says when the plan
learnt of it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

from nhrp.core import layout
from nhrp.core.plan import Loaded, Plan, build, conforming, parse
from nhrp.core.store import git
from nhrp.core.store.cache import Parsed, RecordCache, open_records
from nhrp.core.rules import Problem
from nhrp.errors import EnvironmentProblem, UsageError

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SYMLINK = git.SYMLINK


# --- the repository --------------------------------------------------------------------------

@dataclass
class Repo:
    """A git repository seen from a plan folder: ``prefix`` is where the plan sits inside it
    ('' when nhrp.yaml is at the top, always '' in a bare repository)."""

    path: Path
    git_dir: Path
    bare: bool
    shallow: frozenset[str]
    prefix: str
    cache: RecordCache = field(repr=False, default=None)  # type: ignore[assignment]
    _parsed: dict[str, Parsed] = field(default_factory=dict, repr=False)

    def git(self, *args: str, input: bytes | None = None) -> bytes:
        return git.run(self.path, *args, input=input)


def open_repo(path: str | os.PathLike) -> Repo:
    """The repository holding ``path``; exit 3 when there is none."""
    path = Path(path)
    found = git.locate_or_explain(path)
    git_dir, bare, prefix = found.git_dir, found.bare, found.prefix
    shallow: frozenset[str] = frozenset()
    try:
        shallow = frozenset((git_dir / "shallow").read_text().split())
    except OSError:
        pass
    repo = Repo(path, git_dir, bare, shallow, prefix)
    repo.cache = open_records(git_dir)
    return repo


# --- commits and the walk --------------------------------------------------------------------

class Commit(NamedTuple):
    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: str  # ISO 8601 with the author's offset
    committed: str  # ISO 8601 with the committer's offset
    subject: str

    @property
    def day(self) -> str:
        """The commit date on the committer's own calendar."""
        return self.committed[:10]


class FileChange(NamedTuple):
    path: str  # relative to the plan folder
    old_mode: str
    old: str | None  # blob id before, None when the file did not exist
    new_mode: str
    new: str | None


_FORMAT = "%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%s"
_ZERO = re.compile(r"0+\Z")


def walk(repo: Repo, rev: str, paths: Iterable[str] = (), *, first_parent: bool = False,
         changes: bool = True) -> list[tuple[Commit, list[FileChange]]]:
    """Commits reachable from ``rev``, parents before children, each with its changed files
    (against its first parent) — one ``git log`` process, parsed here.

    With ``paths``, only commits that touch them, plus every merge, with parents rewritten to
    the nearest shown ancestor (so a parent's state is always known)."""
    # the options that user configuration could otherwise change are spelt out
    args = ["log", "-z", f"--format={_FORMAT}", "--reverse", "--no-color", "--no-show-signature"]
    if first_parent:
        args += ["--first-parent"]
    else:
        args += ["--date-order", "--parents", "--full-history"]
    if changes:
        args += ["--raw", "--no-abbrev", "--no-renames", "--root", "--diff-merges=first-parent",
                 "--no-ext-diff", "--no-textconv"]
    args += [rev, "--"]
    args += list(paths)
    raw = repo.git(*args).decode("utf-8", "surrogateescape")
    tokens = raw.split("\0")
    out: list[tuple[Commit, list[FileChange]]] = []
    i, n = 0, len(tokens)
    prefix = repo.prefix
    while i < n:
        token = tokens[i].lstrip("\n")
        if not token:
            i += 1
            continue
        if not token.startswith("\x1e"):
            raise EnvironmentProblem("git log gave output nhrp does not understand")
        cid, parents, author, email, authored, committed, subject = \
            [token[1:]] + tokens[i + 1:i + 7]
        i += 7
        commit = Commit(cid, tuple(parents.split()), author, email, authored, committed, subject)
        files: list[FileChange] = []
        while i < n and tokens[i].lstrip("\n").startswith(":"):
            meta = tokens[i].lstrip("\n")[1:].split()
            path = tokens[i + 1]
            i += 2
            if not path.startswith(prefix):
                continue
            old_mode, new_mode, old, new = meta[0], meta[1], meta[2], meta[3]
            files.append(FileChange(path[len(prefix):], old_mode,
                                    None if _ZERO.match(old) else old, new_mode,
                                    None if _ZERO.match(new) else new))
        out.append((commit, files))
    return out


def resolve_rev(repo: Repo, rev: str) -> str:
    if rev.startswith("-"):  # never let a value reach git as an option
        raise UsageError(f"'{rev}' is not a commit, branch or tag")
    try:
        return git.resolve(repo.path, rev)
    except UsageError:
        if git.verify(repo.path, "HEAD") is None:
            raise EnvironmentProblem(f"{repo.path} has no commits yet: commit the plan first") \
                from None
        raise


def parse_day(value: str, what: str = "--at") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date that exists; write it as YYYY-MM-DD") \
            from None


class Point(NamedTuple):
    """A resolved ``DATE|REV``: the commit, and the date asked for (None for a REV)."""

    commit: Commit
    date: str | None = None

    def today(self, today: dt.date) -> dt.date:
        """The day to judge deadlines on: the date asked for (never after today), else today."""
        if self.date is None:
            return today
        return min(dt.date.fromisoformat(self.date), today)

    @property
    def label(self) -> str:
        commit = f"commit {self.commit.id[:10]} of {self.commit.day}"
        return f"as of {self.date} ({commit})" if self.date else f"at {commit}"


def commit_header(repo: Repo, commit_id: str) -> Commit:
    return commit_headers(repo, commit_id)[0]


def commit_headers(repo: Repo, *commit_ids: str) -> list[Commit]:
    """The commits of full ``commit_ids``, in that order, from one ``git log``."""
    unique = list(dict.fromkeys(commit_ids))  # git shows a commit named twice once
    raw = repo.git("log", "--no-walk=unsorted", "-z", f"--format={_FORMAT}", "--no-color",
                   "--no-show-signature", *unique, "--")
    token = raw.decode("utf-8", "surrogateescape").split("\0")  # seven fields a commit
    found = {}
    for at in range(0, 7 * len(unique), 7):
        cid, parents, author, email, authored, committed, subject = token[at:at + 7]
        cid = cid.lstrip("\n")[1:]
        found[cid] = Commit(cid, tuple(parents.split()), author, email, authored, committed,
                            subject)
    return [found[c] for c in commit_ids]


def last_on_or_before(days: list[str], day: str) -> int:
    """Index (oldest first) of the newest commit whose day is on or before ``day``; -1 if none.
    Robust to commit dates that go backwards along the line."""
    suffix_min, low = [""] * len(days), "9999-99-99"
    for k in range(len(days) - 1, -1, -1):
        low = min(low, days[k])
        suffix_min[k] = low
    return bisect.bisect_right(suffix_min, day) - 1


def resolve_at(repo: Repo, at: str, *, rev: str = "HEAD") -> Point:
    """``DATE`` (YYYY-MM-DD) or ``REV`` -> a commit. A DATE picks the newest commit of the
    first-parent line of ``rev`` committed on or before that day."""
    if not isinstance(at, str) or not at.strip():
        raise UsageError("--at needs a date (YYYY-MM-DD) or a commit, branch or tag")
    at = at.strip()
    if not DATE.match(at):
        commit_id = resolve_rev(repo, at)
        return Point(commit_header(repo, commit_id))
    day = parse_day(at).isoformat()
    resolve_rev(repo, rev)
    line = [c for c, _ in walk(repo, rev, first_parent=True, changes=False)]
    index = last_on_or_before([c.day for c in line], day)
    if index >= 0:
        return Point(line[index], day)
    oldest = line[0]
    if oldest.id in repo.shallow:
        raise EnvironmentProblem(
            f"this clone is shallow and its history starts on {oldest.day}, so the plan as of "
            f"{day} is not here; fetch the full history (git fetch --unshallow) and try again")
    raise UsageError(f"{day} is before the first commit ({oldest.day}): there was no plan in "
                     "git yet")


# --- file versions ---------------------------------------------------------------------------

def parse_blobs(repo: Repo, wanted: Iterable[tuple[str, str]]) -> dict[str, Parsed]:
    """``{oid: Parsed}`` for ``(oid, path)`` pairs: from memory, then the cache, then git."""
    memo = repo._parsed
    missing: dict[str, str] = {}
    for oid, path in wanted:
        if oid in memo or oid in missing:
            continue
        hit = repo.cache.get(oid)
        if hit is not None:
            memo[oid] = hit
        else:
            missing[oid] = path
    if missing:
        contents = git.cat_blobs(repo.path, sorted(missing))
        for oid, data in contents.items():
            loaded = parse(missing[oid], data)
            if loaded.problem is None:
                parsed = Parsed(loaded.data)
            else:
                p = loaded.problem
                parsed = Parsed(None, p.code, p.message, p.line, p.column)
            memo[oid] = parsed
            repo.cache.put(oid, parsed)
        repo.cache.flush()
    return memo


def _to_loaded(path: str, mode: str, parsed: Parsed | None) -> Loaded:
    kind = layout.kind_of(path)
    if mode == SYMLINK or parsed is None:
        return Loaded(path, kind, None, Problem(path, "F602", "symbolic links are not followed",
                                                (), 1, 1))
    if parsed.code is not None:
        return Loaded(path, kind, None, Problem(path, parsed.code, parsed.message, (),
                                                parsed.line, parsed.column))
    return Loaded(path, kind, parsed.data)


def visible(path: str) -> bool:
    """The files the working tree loader would read: known kinds, nothing hidden."""
    return not path.startswith(".") and "/." not in path and layout.kind_of(path) is not None


Tree = dict[str, tuple[str, str]]  # plan-relative path -> (mode, blob id)


def list_tree(repo: Repo, commit_id: str) -> Tree:
    listing = repo.git("ls-tree", "-r", "-z", "--full-tree", commit_id)
    tree: Tree = {}
    prefix = repo.prefix
    for item in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not item:
            continue
        meta, path = item.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind != "blob" or not path.startswith(prefix):
            continue
        path = path[len(prefix):]
        if path == layout.PLAN_FILE or path.startswith(layout.DATA + "/"):
            tree[path] = (mode, oid)
    return tree


def plan_from_tree(repo: Repo, tree: Tree) -> Plan:
    paths = sorted((p for p in tree if visible(p)), key=layout.worktree_order)
    parsed = parse_blobs(repo, _blobs(tree, paths))
    return build(conforming([_to_loaded(p, tree[p][0], parsed.get(tree[p][1])) for p in paths]),
                 None)


def plans_from_trees(repo: Repo, *trees: Tree) -> list[Plan]:
    """:func:`plan_from_tree` of each of ``trees``, their files read by one git process."""
    parse_trees(repo, *trees)
    return [plan_from_tree(repo, tree) for tree in trees]


def parse_trees(repo: Repo, *trees: Tree) -> None:
    """Parse the plan files of ``trees`` (into ``repo``'s memo): one ``git cat-file``."""
    parse_blobs(repo, [pair for tree in trees for pair in _blobs(tree, filter(visible, tree))])


def _blobs(tree: Tree, paths: Iterable[str]) -> list[tuple[str, str]]:
    return [(tree[p][1], p) for p in paths if tree[p][0] != SYMLINK]


# --- the plan as of DATE|REV -----------------------------------------------------------------

@dataclass
class Snapshot:
    plan: Plan
    point: Point


def snapshot(repo: str | os.PathLike | Repo, at: str) -> Snapshot:
    """The plan exactly as it stood at ``at`` (a date or a revision), read from git objects."""
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    point = resolve_at(repo, at)
    return Snapshot(plan_at(repo, point), point)


def plan_at(repo: Repo, point: Point) -> Plan:
    """The plan of a resolved point; a usage error when the commit holds no plan."""
    tree = list_tree(repo, point.commit.id)
    if layout.PLAN_FILE not in tree:
        where = f" in {repo.prefix.rstrip('/')}" if repo.prefix else ""
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}{where}) {point.label}")
    return plan_from_tree(repo, tree)


def load_at(repo: str | os.PathLike | Repo, at: str) -> Plan:
    """The plan as of ``at`` (YYYY-MM-DD or a commit, branch or tag): see :func:`snapshot`."""
    return snapshot(repo, at).plan
