"""Whole results (validate, status, list, status --at) kept while nothing they read changed.

The services (validate, status, list) wrap their work in a memo: the rules stay pure functions
of records, and a second run with no change returns the stored result after a few system calls.

- :class:`Snapshot` — a result of the working tree. In a git repository its key is git's view
  of the tracked files (``git status``, which refreshes its index by stat in C), and a guard of
  folder and untracked-file stats is checked before the stored result is used; elsewhere the
  key hashes every path with its ``lstat``. One file per ``name``; the last result is kept.
- :class:`PerFile` — what a whole result was made from, kept per file with the file's
  ``lstat``: when the whole result no longer holds, only the files changed, added or deleted
  since are read again, and the caller patches its result from the rest.
- :func:`at_commit` — a result of a commit, which never changes: kept per commit and options.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Callable

from nhrp import errors
from nhrp.core import layout
from nhrp.core.store import cache, git

PLAN_PATHS = (layout.PLAN_FILE, layout.DATA)  # all that a plan reads from its folder


def _tracked_state(root: Path, status) -> tuple[bytes, int, tuple] | None:
    """What git knows about the tracked files: HEAD and every modified or deleted path, with our
    own ``lstat`` of those paths, and the newest time among them; then, apart, ``(HEAD, those
    paths, the paths whose presence in git's index differs from HEAD)``. Equal states mean
    equal tracked files. Files marked assume-unchanged or skip-worktree are, as for git,
    taken as unchanged."""
    done = status.finished()
    if done.returncode != 0:
        return None
    out = done.stdout
    state, newest, head, listed, members = [out], 0, "", [], []
    fields = iter(out.decode("utf-8", "surrogateescape").split("\0"))
    for item in fields:
        kind = item[:1]
        if kind == "1":
            path = item.split(" ", 8)[-1]
            if item[2:3] in ("A", "D"):
                members.append(path)
        elif kind == "2":
            path = item.split(" ", 9)[-1]
            listed.append(next(fields, ""))  # the path it was renamed from
            members.extend(listed[-1:] + [path])
        elif kind == "u":
            path = item.split(" ", 10)[-1]
            members.append(path)
        else:  # headers are in the raw output already
            head = item[len("# branch.oid "):] if item.startswith("# branch.oid ") else head
            continue
        listed.append(path)
        try:
            stat = layout.stat_key(os.lstat(root / path))
        except OSError:
            stat = "gone"
        else:
            newest = max(newest, stat[1], stat[2])
        state.append(os.fsencode(f"{path}\0{stat}"))  # file names need not be UTF-8
    return b"\n".join(state), newest, (head, listed, members)


def _untracked_guard(root: Path) -> tuple[list[tuple[str, tuple]], layout.WorkTree]:
    """The ``lstat`` of every folder of the plan and of every file git does not track there,
    and the listing it was taken from (the caller reads the files from it: one walk, not two).
    A file created, deleted or renamed changes its folder's times; an untracked file edited
    changes its own. Checking these is several times faster than asking git to search the
    folders for untracked files. Folders are stat'ed before they are listed, so a file that
    appears meanwhile changes a recorded time."""
    source = layout.WorkTree(root)
    source.folders = []
    files = [p for p in source.paths() if p != layout.PLAN_FILE]
    guard = list(source.folders)
    tracked = set(git.ls_files(root, "--", *PLAN_PATHS))
    for path in [layout.PLAN_FILE, *files]:
        if path not in tracked:
            guard.append((path, layout.stat_or_gone(f"{root}/{path}")))
    return guard, source


def _guard_holds(root: Path, stored: tuple | None) -> bool:
    """Whether the folders and untracked files recorded with a stored result are unchanged."""
    return _guard_changes(root, stored) == []


def _guard_changes(root: Path, stored: tuple | None) -> list[int] | None:
    """The positions of the folders and untracked files recorded with a stored result that
    changed (none: the guard holds); None when there is no usable guard."""
    if stored is None or not isinstance(stored[1], dict) or "value" not in stored[1]:
        return None
    guard = stored[1].get("guard")
    if not isinstance(guard, list):
        return None
    return [i for i, (path, stat) in enumerate(guard)
            if layout.stat_or_gone(f"{root}/{path}") != stat]


RESCAN_MAX = 16  # changed folders read again on their own; more: the whole tree is listed


def _patched_guard(root: Path, guard: list, changed: list[int]
                   ) -> tuple[list, set[str], set[str]] | None:
    """The guard again after a few folders changed (a file created, deleted or replaced by an
    atomic write, as nhrp's own commands and many editors save) or a few untracked files:
    only those folders are read again. ``(guard, those folders, the files that may differ)``,
    or None when a folder appeared or went, or too much changed: list the tree."""
    if len(changed) > RESCAN_MAX:
        return None
    known = {path for path, _ in guard}
    folders = [guard[i][0][:-2] for i in changed if guard[i][0].endswith("/.")]
    maybe = {guard[i][0] for i in changed if not guard[i][0].endswith("/.")}
    changed = set(changed)
    # the untracked files of those folders are found again below; the rest is stat'ed now
    # (folders before they are read, as a listing does)
    kept = [(path, layout.stat_or_gone(f"{root}/{path}") if i in changed else stat)
            for i, (path, stat) in enumerate(guard)
            if path.endswith("/.") or path.rpartition("/")[0] not in folders]
    if any(stat == "gone" for path, stat in kept if path.endswith("/.")):
        return None
    found = []
    for folder in folders:
        try:
            with os.scandir(f"{root}/{folder}") as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            if entry.name.startswith("."):
                continue  # (as a listing: hidden names are not plan files)
            if entry.is_dir(follow_symlinks=False):
                if f"{folder}/{entry.name}/." not in known:
                    return None  # a new folder: list the tree
            else:
                found.append(f"{folder}/{entry.name}")
    if folders:
        tracked = set(git.ls_files(root, "--", *(f":(literal){f}/" for f in folders)))
        kept += [(path, layout.stat_or_gone(f"{root}/{path}")) for path in found
                 if path not in tracked]
    return kept, set(folders), maybe | set(found)


class Snapshot:
    """A result that stays valid while no file of the tree changes (and the options are the
    same); see the module's docstring. ``source`` is the listed tree (in a git repository
    listed only on a miss, by :meth:`get`): read the files from it."""

    def __init__(self, source: layout.WorkTree, paths: list[str], options, *, enabled: bool,
                 name: str = "snapshot"):
        where = cache.folder(source.root) if enabled else None
        self.location = where / f"{name}.marshal" if where is not None else None
        digest = hashlib.blake2b(repr((cache.fingerprint(), options)).encode(), digest_size=16)
        self.newest = 0
        self.source = source
        self.root = source.root
        self.guard: list | None = []  # None: to be taken before the files are read
        self.tracked: tuple | None = None  # see _tracked_state
        self._stored = None
        if self.location is not None:
            lines = []
            for path in paths:
                stat = source.lstat(path).key
                self.newest = max(self.newest, stat[1], stat[2])
                lines.append(f"{path}\0{stat}\n")
            digest.update(os.fsencode("".join(lines)))  # file names need not be UTF-8
            self._stored = cache.read_marshal(self.location)
        self._changes = _guard_changes(self.root, self._stored)
        self._guard_holds = self._changes == []
        self.rescanned: tuple[set[str], set[str]] | None = None
        self.key = digest.hexdigest()

    @classmethod
    def of_tree(cls, root: Path, options, *, name: str) -> "Snapshot":
        """A snapshot of the whole plan under ``root``: keyed by git's view of the files when the
        plan is the top of a git repository (fast), else by listing every file."""
        where = cache.folder(root)
        status = git.status_process(root, PLAN_PATHS) \
            if where is not None and git.is_top(root) else None
        if status is None:
            source = layout.WorkTree(root)
            paths = [p for p in source.paths() if not layout.is_documentation(p)]
            return cls(source, paths, options, enabled=where is not None, name=name)
        snapshot = cls.__new__(cls)
        snapshot.location, snapshot.source, snapshot.root = where / f"{name}.marshal", None, root
        snapshot.guard, snapshot.tracked = None, None
        snapshot._stored = cache.read_marshal(snapshot.location)  # these two while git works
        snapshot._changes = _guard_changes(root, snapshot._stored)
        snapshot._guard_holds, snapshot.rescanned = snapshot._changes == [], None
        state = _tracked_state(root, status)
        if state is None:
            snapshot.location = snapshot._stored = None  # git failed: nothing kept
            snapshot.key, snapshot.newest, snapshot.guard = "", 0, []
            return snapshot
        state, snapshot.newest, snapshot.tracked = state  # racily clean: git's to re-check
        snapshot.key = hashlib.blake2b(repr((cache.fingerprint(), options)).encode() +
                                       b"\0git\0" + state, digest_size=16).hexdigest()
        return snapshot

    def get(self):
        """The stored value (any marshal-able data), or None. In a git repository a miss takes
        the guard for :meth:`put` now, before the caller reads the files: the stored one when
        it still holds (only tracked files changed; ``source`` is then not listed: see
        :meth:`PerFile.values`), else from a new listing."""
        stored = self._stored
        if stored is not None and stored[0] == self.key and self._guard_holds:
            return stored[1]["value"]
        if self.guard is None and self._changes is not None and stored[1].get("tracked") == \
                [self.tracked[0], self.tracked[2]]:  # the same files are untracked
            if self._guard_holds:
                self.guard, self.source = stored[1]["guard"], layout.WorkTree(self.root)
            else:
                patched = _patched_guard(self.root, stored[1]["guard"], self._changes)
                if patched is not None:
                    self.guard, folders, maybe = patched
                    self.rescanned, self.source = (folders, maybe), layout.WorkTree(self.root)
        if self.guard is None:
            self.guard, self.source = _untracked_guard(self.root)
        return None

    def state(self) -> dict | None:
        """What the tree was when the caller read it (after :meth:`get`), for a
        :class:`PerFile` to find the files changed since; None outside git."""
        if self.tracked is None or self.guard is None:
            return None
        return {"head": self.tracked[0], "changed": self.tracked[1], "guard": self.guard}

    def changed_since(self, state) -> tuple[set[str], set[str]] | None:
        """``(the files that may differ, the folders whose files may have been added or
        deleted)`` since ``state`` was taken (:meth:`state`): the files git listed as changed
        then or now, those that differ between the two HEADs, and those of the few folders
        read again by :meth:`get`; None when that is not enough to know (other folders or
        untracked files changed, no state, git failed), and the whole tree must be listed."""
        if self.tracked is None or not isinstance(state, dict) or not state.get("head"):
            return None
        guard = state.get("guard")
        stored = self._stored[1]["guard"] if self._changes is not None else None
        if guard == stored and self.rescanned is not None:
            folders, found = self.rescanned
            found = set(found)
        elif guard == stored and self._guard_holds or _guard_holds(
                self.root, (None, {"guard": guard, "value": 0})):
            folders, found = set(), set()
        else:
            return None
        head, changed, _ = self.tracked
        found.update(changed, state.get("changed", ()))
        if state["head"] != head:
            try:
                found.update(c.path for c in git.raw_diff(self.root, state["head"], head,
                                                          PLAN_PATHS))
            except (errors.NhrpError, OSError):
                return None
        return found, folders

    def previous(self):
        """The last stored value even when it no longer holds (or None), for a caller that can
        reuse parts of it it checks itself; only one made by this very code. Called after the
        files are read (:meth:`get`, :meth:`PerFile.values`): the snapshot lets go of it, so
        that the caller can free it before it stores its new result."""
        stored, self._stored = self._stored, None
        if stored is None or not isinstance(stored[1], dict) \
                or stored[1].get("fingerprint") != cache.fingerprint():
            return None
        return stored[1].get("value")

    def put(self, value) -> None:
        if self.guard is None:
            raise RuntimeError("Snapshot.put() before get()")
        newest = max([self.newest, *(max(s[1], s[2]) for _, s in self.guard if s != "gone")])
        if newest < time.time_ns() - cache.RACY_NS:  # a file changed just now: not trusted yet
            tracked = self.tracked and [self.tracked[0], self.tracked[2]]
            cache.save_marshal(self.location, self.key, {"guard": self.guard, "value": value,
                                                         "fingerprint": cache.fingerprint(),
                                                         "tracked": tracked})


CHANGES_MAX = 64  # files kept apart from PerFile's full store, or this fraction of them:
CHANGES_SHARE = 16  # up to one in 16


def _well_formed(stored) -> bool:
    return isinstance(stored, dict) and isinstance(stored.get("files"), dict) and all(
        isinstance(hit, tuple) and len(hit) == 2 for hit in stored["files"].values())


class PerFile:
    """Lean values derived from single files of the working tree (any marshal-able data), each
    kept with the file's ``lstat`` as listed (taken before the file is read: a file changed
    meanwhile is read again next time). One file per ``name``: unlike the per-file cache of
    :mod:`.files`, no content hashes and no problems lists, so a plan of 100,000
    recommendations loads it in a fraction of the time and memory.

    With a :class:`Snapshot` of a git repository, the tree's state is kept too: when only
    tracked files changed since, only the files git names (and those that differ between the
    two HEADs) are compared, and the tree is not listed at all."""

    def __init__(self, source: layout.WorkTree, name: str, tree: Snapshot | None = None):
        where = cache.folder(source.root)
        self.location = where / f"{name}.marshal" if where is not None else None
        self.changes_location = where / f"{name}.changes.marshal" if where is not None else None
        self.source, self.tree = source, tree
        stored = cache.load_marshal(self.location, cache.fingerprint())
        ok = _well_formed(stored) and isinstance(stored.get("id"), str)
        self._stored: dict = stored["files"] if ok else {}
        self._state = stored.get("state") if ok else None
        self._id = stored["id"] if ok else None
        self._changes: dict = {}  # kept apart from the stored files (see _save)
        changes = cache.load_marshal(self.changes_location, cache.fingerprint()) if ok else None
        self._loaded_id = self._id  # what since() compares with, and the values then:
        self._base: dict = {}  # the full store's, of the files kept apart from it
        self._before: dict = {}  # of the files derived again by values()
        self._count = len(self._stored)  # (a file deleted: fewer)
        if _well_formed(changes) and changes.get("base") == self._id \
                and changes["files"].keys() <= self._stored.keys():
            self._changes = changes["files"]
            self._base = {path: self._stored[path] for path in self._changes}
            self._stored.update(self._changes)  # (known paths only: the order stays)
            self._state = changes.get("state")

    def __len__(self) -> int:
        return len(self._stored)

    def stat(self, path: str) -> tuple | None:
        """The ``lstat`` kept with ``path``'s value (None: not kept, or not to be trusted):
        equal keys from two runs mean the same content, so a caller may key its own derived
        results by it."""
        found = self._stored.get(path)
        return found[0] if found is not None else None

    def values(self, listed: Callable[[], list[str]], wanted: Callable[[str, int], bool],
               derive: Callable[[list[str]], dict]) -> tuple[dict[str, object], list[str]]:
        """``({path: value}, the paths derived now)`` for the files ``listed()`` gives (in its
        order): the stored value where the file's ``lstat`` is unchanged, ``derive(paths)``
        for the files changed or new; files that are gone are dropped. ``wanted(path, mode)``
        says whether a file ``listed()`` would give. The store is rewritten only when
        something changed."""
        stored, lstat = self._stored, self.source.lstat
        state = self.tree.state() if self.tree is not None else None
        found = self._changed(wanted) if stored else None
        if found is not None:
            todo, added, gone = found
            if not (todo or added or gone) and state == self._state:
                return {path: hit[1] for path, hit in stored.items()}, todo
            order = list(stored) if not (added or gone) else sorted(
                stored.keys() - gone | set(added), key=layout.worktree_order)  # the listing's order
            keep = {path: stored.get(path) for path in order}
            values = {path: hit[1] if hit is not None else None for path, hit in keep.items()}
            todo += added
        else:
            values, keep, todo = {}, {}, []
            for path in listed():
                stat = lstat(path).key
                hit = stored.get(path)
                if hit is not None and hit[0] == stat:
                    values[path] = hit[1]
                    keep[path] = hit
                else:  # (in its place: the order is the listing's)
                    values[path] = keep[path] = None
                    todo.append(path)
            if not todo and len(keep) == len(stored) and state == self._state:  # as it was
                return values, todo
        self._before = {path: stored.get(path) for path in todo}
        fresh = derive(todo) if todo else {}
        racy = time.time_ns() - cache.RACY_NS  # as in .files: a file written just now is
        for path in todo:  # read again next time, since a second write may keep its stat
            stat = lstat(path).key
            values[path] = fresh[path]
            keep[path] = (stat if max(stat[1], stat[2]) < racy else None, fresh[path])
        self._save(keep, todo, state)
        return values, todo

    def marker(self):
        """What the values are now (after :meth:`values`), for a caller to keep with a result
        it derived from them and hand to :meth:`since` in a later run: the full store's id
        and the files kept apart from it, or None when those are too many to be worth
        keeping (the caller then derives its result from every value)."""
        if self._id is None or len(self._changes) > CHANGES_MAX:
            return None
        return self._id, self._changes

    def since(self, marker) -> dict[str, tuple] | None:
        """``{path: (value then, value now)}`` for every file whose value or ``lstat``
        differs between the run that took ``marker`` (see :meth:`marker`) and this one (after
        :meth:`values`); None when that cannot be told (another full store since, a file
        added or deleted). A caller that keeps a result with its marker can patch it from
        these few values instead of deriving it from every file again."""
        if not (isinstance(marker, tuple) and len(marker) == 2 and marker[0] == self._loaded_id
                and _well_formed({"files": marker[1]})):
            return None
        then, now = marker[1], self._stored
        if len(now) != self._count:
            return None
        differ = {}
        for path in then.keys() | self._base.keys() | self._before.keys():
            # the full store's value of a path (then as now: its id is the same)
            base = self._base[path] if path in self._base else self._before.get(path, now.get(path))
            old, new = then.get(path, base), now.get(path)
            if old is None or new is None:
                return None
            if old != new:  # (another lstat, same value: a part the value leaves out changed)
                differ[path] = (old[1], new[1])
        return differ

    def forget_values(self) -> None:
        """Keep only each file's ``lstat`` (for :meth:`stat`) and the :meth:`marker`: for a
        caller that has decoded every value, to free their memory (at 100,000
        recommendations ~150 MB) before it derives its result."""
        self._stored = {path: (hit[0], None) for path, hit in self._stored.items()}

    def _save(self, keep: dict, todo: list[str], state) -> None:
        """Store ``keep``. When the same files are kept in the same order and few of them
        changed since the last full store, only those are written, to a second small file
        (with the tree's state): after a one-file change the records of every other file are
        neither encoded nor written again. The changes are folded into a full store once
        they pass CHANGES_MAX or CHANGES_SHARE's share of the files."""
        same = self._id is not None and len(keep) == len(self._stored) \
            and list(keep) == list(self._stored)
        changes = {**self._changes, **{path: keep[path] for path in todo}} if same else None
        self._stored = keep
        if changes is not None and len(changes) <= max(CHANGES_MAX, len(keep) // CHANGES_SHARE):
            self._changes = changes
            cache.save_marshal(self.changes_location, cache.fingerprint(),
                               {"base": self._id, "files": changes, "state": state})
            return
        self._id, self._changes = os.urandom(8).hex(), {}
        cache.save_marshal(self.location, cache.fingerprint(),
                           {"files": keep, "state": state, "id": self._id})

    def _changed(self, wanted: Callable[[str, int], bool]
                 ) -> tuple[list[str], list[str], set[str]] | None:
        """``(kept files that changed, files added, files gone)``, when the snapshot can tell
        without listing the tree (see :meth:`Snapshot.changed_since`); None when the tree
        must be listed."""
        since = self.tree.changed_since(self._state) if self.tree is not None else None
        if since is None:
            return None
        maybe, folders = since
        stored, changed, added, gone = self._stored, [], [], set()
        maybe.update(path for path, hit in stored.items()
                     if hit[0] is None or folders and path.rpartition("/")[0] in folders)
        for path in sorted(maybe):
            try:
                found = self.source.lstat(path)
            except OSError:
                if path in stored:
                    if path.rpartition("/")[0] not in folders:
                        return None  # (its folder would have changed)
                    gone.add(path)
                continue
            if path not in stored:
                if wanted(path, found.mode):
                    if path.rpartition("/")[0] not in folders:
                        return None
                    added.append(path)
            elif not wanted(path, found.mode):
                return None  # (a link now: the listing leaves it out)
            elif found.key != stored[path][0]:
                changed.append(path)
        return changed, added, gone


AT_COMMIT_KEEP = 32  # results kept per repository


def at_commit(git_dir: Path, key: tuple, compute: Callable[[], tuple],
              valid: Callable[[object], bool]):
    """``compute()`` for a commit, or what it returned before for the same ``key`` (which
    names the commit and the options): a commit never changes. ``valid`` checks a stored
    value's shape before it is trusted."""
    location = cache.folder(git_dir=git_dir)
    location = location / "status-at.marshal" if location is not None else None
    key_text = repr((cache.fingerprint(), key))
    stored = cache.load_marshal(location, "at-commit")
    stored = stored if isinstance(stored, dict) else {}
    if key_text in stored and valid(stored[key_text]):
        return stored[key_text]
    value = compute()
    kept = dict(list(stored.items())[-(AT_COMMIT_KEEP - 1):])
    kept[key_text] = value
    cache.save_marshal(location, "at-commit", kept)
    return value
