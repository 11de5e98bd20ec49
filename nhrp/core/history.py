"""The plan's history, read from git: the plan as of a date or revision, the audit trail of one
recommendation, and progress over time.

How it stays fast (see docs/history.md): history is read in *one* ``git log --raw -z`` walk, which
names the blob id of every file version, and file contents come through *one*
``git cat-file --batch`` process; parsed records are cached by blob id (:mod:`nhrp.core.cache`),
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from nhrp.core import layout
from nhrp.core.cache import Parsed, RecordCache, open_cache
from nhrp.core.plan import Entry, Loaded, Plan, build, conforming, natural_key, read_one
from nhrp.core.rules import Problem
from nhrp.errors import EnvironmentProblem, NotFound, UsageError

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SYMLINK = "120000"
PERIODS = ("month", "quarter")


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
        from nhrp.core.gitio import run

        return run(self.path, *args, input=input)


def open_repo(path: str | os.PathLike) -> Repo:
    """The repository holding ``path``; exit 3 when there is none."""
    import subprocess

    path = Path(path)
    if not path.is_dir():
        raise EnvironmentProblem(f"{path} is not a folder")
    try:
        done = subprocess.run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir",
                               "--is-bare-repository", "--show-prefix"], capture_output=True)
    except FileNotFoundError:
        raise EnvironmentProblem("git is not installed or not on PATH; history needs git") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if reason and "not a git repository" not in reason[-1]:
            raise EnvironmentProblem(f"git cannot read {path}: {reason[-1]}")
        raise EnvironmentProblem(f"{path} is not a git repository; history (log, diff, --at) is "
                                 "read from git: commit the plan with 'git init' and 'git commit'")
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    git_dir, bare = Path(lines[0]), lines[1] == "true"
    prefix = "" if bare else lines[2]
    shallow: frozenset[str] = frozenset()
    try:
        shallow = frozenset((git_dir / "shallow").read_text().split())
    except OSError:
        pass
    repo = Repo(path, git_dir, bare, shallow, prefix)
    repo.cache = open_cache(git_dir)
    return repo


# --- commits and the walk --------------------------------------------------------------------

@dataclass(frozen=True)
class Commit:
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


@dataclass(frozen=True)
class FileChange:
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


def _no_commits(repo: Repo) -> bool:
    import subprocess

    done = subprocess.run(["git", "-C", str(repo.path), "rev-parse", "--verify", "--quiet",
                           "HEAD"], capture_output=True)
    return done.returncode != 0


def resolve_rev(repo: Repo, rev: str) -> str:
    from nhrp.core.gitio import resolve

    if rev.startswith("-"):  # never let a value reach git as an option
        raise UsageError(f"'{rev}' is not a commit, branch or tag")
    try:
        return resolve(repo.path, rev)
    except UsageError:
        if _no_commits(repo):
            raise EnvironmentProblem(f"{repo.path} has no commits yet: commit the plan first") \
                from None
        raise


def parse_day(value: str, what: str = "--at") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date that exists; write it as YYYY-MM-DD") \
            from None


@dataclass(frozen=True)
class Point:
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


def _header(repo: Repo, commit_id: str) -> Commit:
    raw = repo.git("log", "-1", "-z", f"--format={_FORMAT}", "--no-color",
                   "--no-show-signature", commit_id, "--")
    token = raw.decode("utf-8", "surrogateescape").split("\0")
    cid, parents, author, email, authored, committed, subject = [token[0].lstrip("\n")[1:]] + \
        token[1:7]
    return Commit(cid, tuple(parents.split()), author, email, authored, committed, subject)


def _last_on_or_before(days: list[str], day: str) -> int:
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
        return Point(_header(repo, commit_id))
    day = parse_day(at).isoformat()
    resolve_rev(repo, rev)
    line = [c for c, _ in walk(repo, rev, first_parent=True, changes=False)]
    index = _last_on_or_before([c.day for c in line], day)
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

class _Bytes:
    """A one-file Source, so that history parses blobs exactly as the working tree does."""

    label = "git object"

    def __init__(self, data: bytes) -> None:
        self.data = data

    def paths(self) -> Iterator[str]:
        return iter(())

    def read(self, path: str) -> bytes:
        return self.data


def _cat_file(repo: Repo, oids: list[str]) -> dict[str, bytes]:
    from nhrp.core.gitio import cat_blobs

    return cat_blobs(repo.path, oids)


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
        contents = _cat_file(repo, sorted(missing))
        for oid, data in contents.items():
            loaded = read_one(_Bytes(data), missing[oid])
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


def _visible(path: str) -> bool:
    """The files the working tree loader would read: known kinds, nothing hidden."""
    return not path.startswith(".") and "/." not in path and layout.kind_of(path) is not None


def _worktree_order(path: str) -> tuple:
    """The order :class:`nhrp.core.layout.WorkTree` lists files in (nhrp.yaml, then data/ by
    name at each level), so that a plan built from git is the very plan a checkout gives —
    even for a plan with duplicate ids, where the last one read wins."""
    return (path != layout.PLAN_FILE, path.split("/"))


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
    paths = sorted((p for p in tree if _visible(p)), key=_worktree_order)
    parsed = parse_blobs(repo, [(tree[p][1], p) for p in paths if tree[p][0] != SYMLINK])
    return build(conforming([_to_loaded(p, tree[p][0], parsed.get(tree[p][1])) for p in paths]),
                 None)


# --- the plan as of DATE|REV -----------------------------------------------------------------

@dataclass
class Snapshot:
    plan: Plan
    point: Point


def snapshot(repo: str | os.PathLike | Repo, at: str) -> Snapshot:
    """The plan exactly as it stood at ``at`` (a date or a revision), read from git objects."""
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    point = resolve_at(repo, at)
    tree = list_tree(repo, point.commit.id)
    if layout.PLAN_FILE not in tree:
        where = f" in {repo.prefix.rstrip('/')}" if repo.prefix else ""
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}{where}) at {point.label}")
    return Snapshot(plan_from_tree(repo, tree), point)


def load_at(repo: str | os.PathLike | Repo, at: str) -> Plan:
    """The plan as of ``at`` (YYYY-MM-DD or a commit, branch or tag): see :func:`snapshot`."""
    return snapshot(repo, at).plan


# --- the audit trail of one recommendation ---------------------------------------------------

LOG_FIELDS = ("date", "commit", "author", "email", "actor", "change", "item", "duty_bearer",
              "from", "to", "description")


def actors_by_email(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for actor_id, actor in sorted(plan.actors.items()):
        for email in actor.get("contributors") or []:
            if isinstance(email, str):
                out.setdefault(email.strip().lower(), []).append(actor_id)
    return out


def _entry(path: str, data) -> Entry | None:
    """An entry the status rules can use, or None for a version too broken to count."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in
                                             ("by", "duty_bearer", "as_of", "status")):
        return None
    return Entry(layout.stem(path), path, data)


def _plain(value) -> str:
    return "none" if value in (None, "") else str(value)


def _rec_events(old: dict | None, new: dict | None, rec_id: str) -> list[dict]:
    if old is None and new is not None:
        return [_ev("recommendation-added", rec_id, None, None, new.get("response"),
                    f"recommendation {rec_id} added (response: {_plain(new.get('response'))})")]
    if new is None and old is not None:
        return [_ev("recommendation-deleted", rec_id, None, old.get("response"), None,
                    f"recommendation {rec_id} deleted")]
    if old is None or new is None:
        return []
    events = []
    if old.get("response") != new.get("response"):
        events.append(_ev("response-changed", rec_id, None, old.get("response"),
                          new.get("response"), f"response changed from "
                          f"{_plain(old.get('response'))} to {_plain(new.get('response'))}"))
    events += _assignment_events(old, new)
    edited = sorted(k for k in set(old) | set(new)
                    if k not in ("assignments", "response") and old.get(k) != new.get(k))
    if edited:
        events.append(_ev("recommendation-edited", ", ".join(edited), None, None, None,
                          f"edited: {', '.join(edited)}"))
    return events


def _assignments(rec: dict) -> dict[tuple[str, str], dict]:
    out = {}
    for a in rec.get("assignments") or []:
        if isinstance(a, dict) and isinstance(a.get("actor"), str):
            out[(a["actor"], str(a.get("duty_bearer")))] = a
    return out


def _assignment_events(old: dict, new: dict) -> list[dict]:
    before, after = _assignments(old), _assignments(new)
    events = []
    for key in sorted(set(before) | set(after)):
        actor, db = key
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            due = f", due {b['due']}" if b.get("due") else ""
            events.append(_ev("assignment-added", actor, db, None, b.get("role"),
                              f"{actor} assigned as {_plain(b.get('role'))} for {db}{due}"))
        elif b is None and a is not None:
            events.append(_ev("assignment-removed", actor, db, a.get("role"), None,
                              f"{actor} ({_plain(a.get('role'))}) unassigned for {db}"))
        elif a is not None and b is not None:
            if a.get("role") != b.get("role"):
                events.append(_ev("assignment-changed", actor, db, a.get("role"), b.get("role"),
                                  f"{actor} for {db}: role {_plain(a.get('role'))} -> "
                                  f"{_plain(b.get('role'))}"))
            if a.get("due") != b.get("due"):
                if not a.get("due"):
                    what = f"due date set to {b.get('due')}"
                elif not b.get("due"):
                    what = f"due date {a.get('due')} removed"
                else:
                    what = f"due date moved from {a.get('due')} to {b.get('due')}"
                events.append(_ev("due-moved", actor, db, a.get("due"), b.get("due"),
                                  f"{actor} for {db}: {what}"))
            rest = sorted(k for k in set(a) | set(b)
                          if k not in ("role", "due") and a.get(k) != b.get(k))
            if rest:
                events.append(_ev("assignment-changed", actor, db, None, None,
                                  f"{actor} for {db}: edited {', '.join(rest)}"))
    return events


def _ev(change: str, item, duty_bearer, before, after, description: str) -> dict:
    return {"change": change, "item": item, "duty_bearer": duty_bearer, "from": before,
            "to": after, "description": description}


def _status_name(value: str | None) -> str:
    return value or "not assessed"


def log(repo: str | os.PathLike | Repo, rec_id: str, *, rev: str = "HEAD",
        newest_first: bool = False) -> list[dict]:
    """Every change to one recommendation and its monitoring entries, in domain terms, oldest
    first: one flat row per change (see ``LOG_FIELDS``)."""
    from nhrp.core.analysis import current_statuses, side_of

    from nhrp.core.names import match

    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    head = resolve_rev(repo, rev)
    tree = list_tree(repo, head)
    now = plan_from_tree(repo, tree)  # actors, their e-mails and the status scale, as of rev
    rec_id = match(rec_id, dict.fromkeys(now.recommendations)) or rec_id  # any letter case
    layout.check_recommendation_id(rec_id)
    rank = {status: i for i, status in enumerate(now.status_ids)}
    emails = actors_by_email(now)
    rec_spec = f":(glob){layout.RECOMMENDATIONS}/**/{rec_id}.yaml"
    folder = f"{layout.MONITORING}/{rec_id}/"
    history = walk(repo, head, [rec_spec, folder])
    if not any(files for _, files in history):
        raise NotFound("recommendation", rec_id, sorted(now.recommendations, key=natural_key))

    needed = [(oid, f.path) for _, files in history for f in files
              for oid in (f.old, f.new) if oid and SYMLINK not in (f.old_mode, f.new_mode)]
    parsed = parse_blobs(repo, needed)

    def data(oid: str | None, mode: str):
        if oid is None or mode == SYMLINK:
            return None
        p = parsed.get(oid)
        return p.data if p is not None and p.ok and isinstance(p.data, dict) else None

    def current(state: dict[str, str]) -> dict:
        entries = [e for path, oid in state.items() if path.startswith(folder)
                   for e in [_entry(path, data(oid, ""))] if e is not None]
        return current_statuses(now, entries, rank)

    states: dict[str, dict[str, str]] = {}  # commit -> {path: blob id} of this recommendation
    last_good: dict[str, dict] = {}  # path -> last readable version (to compare across breakage)
    groups: list[list[dict]] = []
    for commit, files in history:
        base = states.get(commit.parents[0], {}) if commit.parents else {}
        others = [states.get(p, {}) for p in commit.parents[1:]]
        state = dict(base)
        clean = dict(base)  # a merge before its own edits: what the parents brought together
        own: list[FileChange] = []
        for f in files:
            if f.new is None:
                state.pop(f.path, None)
            else:
                state[f.path] = f.new
            # in a merge, a version that another parent already had was logged on that branch
            # (a deletion counts as the branch's when that parent lacks the file)
            if any(o.get(f.path) == f.new for o in others):
                if f.new is None:
                    clean.pop(f.path, None)
                else:
                    clean[f.path] = f.new
                continue
            if f.old is None:  # new on the main line, but a branch may have brought a version
                brought = next((o[f.path] for o in others if f.path in o), None)
                if brought is not None:
                    clean[f.path] = brought
                    f = replace(f, old=brought, old_mode=f.new_mode)
            own.append(f)
        states[commit.id] = state
        if not own:
            continue
        events: list[dict] = []
        if commit.id in repo.shallow:
            events = [_ev("history-starts", layout.stem(f.path), None, None, None,
                          f"{f.path} exists here; earlier history is not in this shallow clone")
                      for f in own]
        else:
            needed_now = [(f.old, f.path) for f in own if f.old and f.old not in parsed]
            if needed_now:
                parsed.update(parse_blobs(repo, needed_now))
            before, after = current(clean), current(state)
            gone = [f for f in own if f.path.startswith(layout.RECOMMENDATIONS + "/")
                    and f.new is None]
            came = [f for f in own if f.path.startswith(layout.RECOMMENDATIONS + "/")
                    and f.old is None]
            if len(gone) == 1 and len(came) == 1:  # the file moved (e.g. into a cycle folder)
                events.append(_ev("recommendation-moved", rec_id, None, gone[0].path,
                                  came[0].path, f"file moved from {gone[0].path} to "
                                  f"{came[0].path}"))
                own = [f for f in own if f is not gone[0] and f is not came[0]]
                own.append(replace(came[0], old=gone[0].old, old_mode=gone[0].old_mode))
            for f in sorted(own, key=lambda f: (not f.path.startswith(layout.RECOMMENDATIONS),
                                                f.path)):
                events += _file_events(f, data, before, after, last_good, rec_id, now, side_of)
        groups.append(log_rows(commit, events, emails))
    return flatten(groups, newest_first)


def log_rows(commit: Commit, events: list[dict], emails: dict[str, list[str]]) -> list[dict]:
    """One commit's events as log rows (``LOG_FIELDS``), with the actor its e-mail maps to."""
    actor = ", ".join(emails.get(commit.email.strip().lower(), [])) or None
    return [{"date": commit.day, "commit": commit.id, "author": commit.author,
             "email": commit.email, "actor": actor, **e} for e in events]


def flatten(groups: list[list[dict]], newest_first: bool) -> list[dict]:
    """Commits' rows, oldest commit first (or newest first); each commit's rows in order."""
    return [row for group in (reversed(groups) if newest_first else groups) for row in group]


def _file_events(f: FileChange, data, before: dict, after: dict, last_good: dict, rec_id: str,
                 now: Plan, side_of) -> list[dict]:
    old, new = data(f.old, f.old_mode), data(f.new, f.new_mode)
    if f.new is not None and new is None:
        return [_ev("unreadable", f.path, None, None, None,
                    f"{f.path} cannot be read in this version (run 'nhrp validate' on it)")]
    if f.old is not None and old is None:
        old = last_good.get(f.path)
    if new is not None:
        last_good[f.path] = new
    if f.path.startswith(layout.RECOMMENDATIONS + "/"):
        return _rec_events(old, new, rec_id)
    entry_id = layout.stem(f.path)
    subject = new if new is not None else old
    if subject is None:
        return []
    db = subject.get("duty_bearer")
    side = side_of(now.actors.get(subject.get("by")))
    was, now_status = before.get((db, side)), after.get((db, side))
    was, now_status = (was.status if was else None), (now_status.status if now_status else None)
    if was == now_status:
        moved = f"current {side} status for {db} stays {_status_name(now_status)}"
    else:
        moved = (f"current {side} status for {db}: {_status_name(was)} -> "
                 f"{_status_name(now_status)}")
    if old is None:
        events = [_ev("assessment-added", entry_id, db, was, now_status,
                      f"{subject.get('by')} ({side}) assessed {db}: {subject.get('status')} as "
                      f"of {subject.get('as_of')}; {moved}")]
        if new.get("supersedes"):
            events.append(_ev("entry-superseded", str(new["supersedes"]), db, None, None,
                              f"entry {new['supersedes']} superseded by {entry_id}"))
        return events
    if new is None:
        return [_ev("entry-removed", entry_id, db, was, now_status,
                    f"entry {entry_id} removed; {moved}")]
    fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if not fields:
        return []
    return [_ev("entry-edited", entry_id, db, was, now_status,
                f"entry {entry_id} edited ({', '.join(fields)}); entries are history: correct "
                f"one with a new entry that supersedes it; {moved}")]


# --- progress over time ----------------------------------------------------------------------

def _periods(start: dt.date, end: dt.date, period: str) -> list[tuple[str, dt.date, dt.date]]:
    step = 1 if period == "month" else 3
    month = (start.month - 1) // step * step + 1
    year = start.year
    out = []
    while dt.date(year, month, 1) <= end:
        first = dt.date(year, month, 1)
        ny, nm = (year + 1, 1) if month + step > 12 else (year, month + step)
        last = dt.date(ny, nm, 1) - dt.timedelta(days=1)
        label = f"{year}-{month:02d}" if period == "month" else f"{year}-Q{(month - 1) // 3 + 1}"
        out.append((label, first, last))
        year, month = ny, nm
    return out


def _as_date(value, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_day(str(value), what)


def timeline(repo: str | os.PathLike | Repo, start=None, end=None, period: str = "month", *,
             rev: str = "HEAD", today: dt.date | None = None) -> dict:
    """Counts per status, duty bearer and side at the end of each month (or quarter), from one
    walk over the first-parent history of ``rev``.

    ``start``/``end`` (dates or YYYY-MM-DD) default to the plan period as of ``rev``; periods
    that begin after ``today`` are left out. Each period holds the plan as of its last day,
    judged on that day (``by_duty_bearer`` is exactly ``nhrp status``'s
    ``status_by_duty_bearer`` as of then). Periods before the history of a shallow clone are
    marked ``available: false``."""
    from nhrp.core.analysis import analyze
    from nhrp.core.status import dashboard

    if period not in PERIODS:
        raise UsageError(f"period must be {' or '.join(PERIODS)}, not {period!r}")
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    today = today or dt.date.today()
    head = resolve_rev(repo, rev)
    line = walk(repo, head, [layout.PLAN_FILE, layout.DATA + "/"], first_parent=True)
    start, end = _as_date(start, "start"), _as_date(end, "end")
    if start is None or end is None:
        plan_period = (plan_from_tree(repo, list_tree(repo, head)).meta.get("period") or {})
        try:
            start = start or dt.date.fromisoformat(str(plan_period.get("start")))
            end = end or dt.date.fromisoformat(str(plan_period.get("end")))
        except ValueError:
            start = start or dt.date.fromisoformat(line[0][0].day if line else today.isoformat())
            end = end or today
    if end < start:
        raise UsageError(f"the timeline ends ({end}) before it starts ({start})")
    periods = [p for p in _periods(start, end, period) if p[1] <= today]
    days = [c.day for c, _ in line]
    chosen = [_last_on_or_before(days, last.isoformat()) for _, _, last in periods]
    shallow_start = line[0][0].id in repo.shallow if line else False

    # one pass: replay the changes, keep the tree at each period's commit
    trees: dict[int, Tree] = {}
    wanted = sorted(set(i for i in chosen if i >= 0))
    tree: Tree = {}
    k = 0
    for index, (_, files) in enumerate(line):
        if k >= len(wanted):
            break
        for f in files:
            if f.new is None:
                tree.pop(f.path, None)
            else:
                tree[f.path] = (f.new_mode, f.new)
        if index == wanted[k]:
            trees[index] = dict(tree)
            k += 1
    parse_blobs(repo, [(oid, p) for t in trees.values() for p, (mode, oid) in t.items()
                       if mode != SYMLINK and _visible(p)])

    rows = []
    for (label, first, last), index in zip(periods, chosen):
        judged = min(last, today)
        row = {"period": label, "start": first.isoformat(), "end": last.isoformat(),
               "as_of": judged.isoformat(), "available": not (index < 0 and shallow_start),
               "commit": line[index][0].id if index >= 0 else None,
               "recommendations": 0, "assigned": 0, "assessed": 0, "implemented": 0,
               "by_duty_bearer": {}}
        if index >= 0 and layout.PLAN_FILE in trees[index]:
            plan = plan_from_tree(repo, trees[index])
            board = dashboard(analyze(plan, judged))
            totals = board["totals"]
            row.update({key: totals[key] for key in ("recommendations", "assigned", "assessed",
                                                      "implemented")})
            row["by_duty_bearer"] = board["status_by_duty_bearer"]
        rows.append(row)
    return {"rev": head, "period": period, "start": start.isoformat(), "end": end.isoformat(),
            "periods": rows}


# --- what a change means ---------------------------------------------------------------------

MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master", "@{upstream}")


def _verify(repo: Repo, rev: str) -> str | None:
    import subprocess

    done = subprocess.run(["git", "-C", str(repo.path), "rev-parse", "--verify", "--quiet",
                           f"{rev}^{{commit}}"], capture_output=True)
    return done.stdout.decode().strip() if done.returncode == 0 else None


def default_sides(repo: Repo) -> tuple[str, str, str | None]:
    """What ``nhrp diff`` compares without arguments: (base label, base commit, head) where
    head None is the working tree. Uncommitted plan changes: the branch's start (the merge
    base with main, else master, origin/main, origin/master or the upstream — on main itself
    HEAD) with the working tree. A clean tree: a branch's commits since it left main, or on
    main (or a bare repository) the last commit, HEAD~1 with HEAD."""
    import subprocess

    head = resolve_rev(repo, "HEAD")
    dirty = not repo.bare and bool(repo.git("status", "--porcelain", "-z", "--",
                                            layout.PLAN_FILE, layout.DATA))
    for name in MAIN_BRANCHES if not repo.bare else ():
        branch = _verify(repo, name)
        if branch is None:
            continue
        done = subprocess.run(["git", "-C", str(repo.path), "merge-base", branch, head],
                              capture_output=True)
        if done.returncode != 0:
            hint = " (this clone is shallow: fetch the full history)" if repo.shallow else ""
            raise EnvironmentProblem(f"{name} and HEAD have no common commit{hint}; name the "
                                     "base: nhrp diff BASE")
        base = done.stdout.decode().strip()
        if base != head:
            return f"where this branch left {name}", base, None if dirty else "HEAD"
        break
    if dirty:
        return "HEAD", head, None
    parent = _verify(repo, "HEAD~1")
    if parent is None:
        raise UsageError("HEAD is the plan's first commit: there is nothing before it to "
                         "compare with; name what to compare: nhrp diff BASE [HEAD]")
    return "HEAD~1", parent, "HEAD"


def _merged_tree(repo: Repo, base_id: str, head: str, base_label: str,
                 head_label: str) -> Tree | None:
    """The plan files of what merging ``head`` into ``base_id`` produces when the two have
    diverged, or None when one is in the other's history (then comparing the two directly is
    exact, also backwards in time). Comparing diverged commits directly shows the base's own
    later changes as reverted; comparing with one merge base can hide what a merge deletes or
    reverts (docs/security.md)."""
    from nhrp.core import gitio

    head_id = resolve_rev(repo, head)
    if not repo.git("rev-list", "-1", base_id, f"^{head_id}").strip() or \
            not repo.git("rev-list", "-1", head_id, f"^{base_id}").strip():
        return None
    merge = gitio.merge_result(repo.path, base_id, head_id)
    if merge.conflicts:
        raise UsageError(f"merging {head_label} into {base_label} conflicts in "
                         f"{', '.join(merge.conflicts)}: merge {base_label} into the branch and "
                         "resolve the conflicts first")
    tree = list_tree(repo, merge.tree)
    if layout.PLAN_FILE not in tree:
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) in {head_label} merged into "
                         f"{base_label}")
    return tree


def diff(repo: str | os.PathLike | Repo, base: str | None = None, head: str | None = None, *,
         today: dt.date) -> dict:
    """What changed from ``base`` to ``head`` in domain terms (:func:`nhrp.core.plandiff.compare`).

    ``base``, ``head``: DATE or REV; ``head`` None is the working tree (HEAD in a bare
    repository). Without either, see :func:`default_sides`."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.plandiff import compare

    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    if base is None and head is None:
        base_label, commit_id, head = default_sides(repo)
        base_point = Point(_header(repo, commit_id))
    elif base is None:
        raise UsageError("give BASE as well as HEAD: nhrp diff BASE HEAD")
    else:
        base_point = resolve_at(repo, base)
        base_label = base
    base_tree = list_tree(repo, base_point.commit.id)
    if layout.PLAN_FILE not in base_tree:
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) at {base_point.label}")
    base_plan = plan_from_tree(repo, base_tree)
    if head is None and not repo.bare:
        if not (repo.path / layout.PLAN_FILE).is_file():
            raise EnvironmentProblem(f"{repo.path} has no {layout.PLAN_FILE}; run nhrp diff in "
                                     "the plan folder or pass --repo")
        merged = _merged_tree(repo, base_point.commit.id, "HEAD", base_label, "HEAD")
        if merged is None:
            head_plan = plan_mod.load(repo.path)
            head_side = {"label": "the working tree (uncommitted changes)", "commit": None,
                         "date": None}
        elif repo.git("status", "--porcelain", "-z", "--", layout.PLAN_FILE, layout.DATA):
            raise UsageError(f"{base_label} is not in the history of HEAD, so the change is what "
                             "merging HEAD into it would do, which needs commits: commit your "
                             "changes first, or name the revision: nhrp diff BASE HEAD")
        else:
            head_plan = plan_from_tree(repo, merged)
            head_side = {"label": f"HEAD merged into {base_label}", "commit": None, "date": None}
    else:
        head_point = resolve_at(repo, head or "HEAD")
        label = head or "HEAD"
        merged = _merged_tree(repo, base_point.commit.id, head_point.commit.id, base_label, label)
        if merged is None:
            head_plan = snapshot(repo, head_point.commit.id).plan
        else:
            head_plan = plan_from_tree(repo, merged)
            label = f"{label} merged into {base_label}"
        head_side = {"label": label, "commit": head_point.commit.id,
                     "date": head_point.commit.day}
    result = compare(base_plan, head_plan, today)
    return {"base": {"label": base_label, "commit": base_point.commit.id,
                     "date": base_point.commit.day},
            "head": head_side, **result}
