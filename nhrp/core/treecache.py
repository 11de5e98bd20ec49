"""Per-file validation results of a working tree, cached like git's index.

A file whose size, modification time, change time and inode are unchanged is not read again; a
file whose stat changed but whose content hashes the same (a checkout, a touch) is not parsed
again. The cache is a few marshal files (shards by path) keyed by a fingerprint of everything
that decides the result (the checking code, PyYAML, the schemas, the size limit), so an upgrade
of nhrp starts afresh. Results that depend on other files or on today's date are never cached:
they are recomputed from the cached per-file data on every run. Whole results (:class:`Snapshot`:
validate, status, list) are kept beside it while no file changes.

The files live in ``<git-dir>/nhrp-cache/`` (never committed, never arrive with a clone), or
in ``~/.cache/nhrp/`` for a plan folder without git. ``NHRP_CACHE=off`` disables them; deleting
them is always safe; a damaged cache file is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import time
import zlib
from pathlib import Path
from typing import Callable

from nhrp.core import layout, settings
from nhrp.core.plan import gc_paused

FORMAT = 1
PARALLEL_FROM = 1500  # files to check before using more than one process
RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same tick


def yaml_identity() -> bytes:
    """The installed PyYAML, without importing it (a cached result needs no parser; importing
    it takes ~25 ms): its package file, which holds the version, and the names of its files,
    which include the libyaml extension when there is one."""
    import importlib.util

    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.origin:
        return b"no yaml"
    origin = Path(spec.origin)
    return origin.read_bytes() + b"\0".join(sorted(os.listdir(os.fsencode(origin.parent))))


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT};{layout.max_file_bytes()};".encode() + yaml_identity())
    code = Path(__file__).resolve().parent
    for module in sorted(code.glob("*.py")):  # all of nhrp.core: any change starts afresh
        digest.update(module.read_bytes())
    for schema in sorted((layout.bundled_root() / "schemas").glob("*.json")):
        digest.update(schema.read_bytes())
    return digest.hexdigest()[:16]


def cache_file(root: Path) -> Path | None:
    """Inside ``.git`` (never committed or cloned), else in the user's cache folder — never in
    the plan folder itself, where a crafted cache file could arrive with a copied plan."""
    if not settings.current().cache:
        return None
    git_dir = root / ".git"
    if git_dir.is_dir():
        return git_dir / "nhrp-cache" / "worktree.marshal"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    return base / "nhrp" / key / "worktree.marshal"


def _read_marshal(path: Path | None) -> tuple | None:
    """The stored (key, entries) pair, or None when missing or damaged."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle, gc_paused():
            stored = marshal.loads(handle.read())  # loads(read()): marshal.load is 5x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != 2:
        return None
    return stored


def load_marshal(path: Path | None, key: str) -> dict:
    stored = _read_marshal(path)
    if stored is None or stored[0] != key or not isinstance(stored[1], dict):
        return {}
    return stored[1]


def save_marshal(path: Path | None, key: str, entries: dict) -> None:
    if path is None:
        return
    from nhrp.core.fsutil import atomic_write_bytes

    try:
        atomic_write_bytes(path, marshal.dumps((key, entries)), durable=False)
    except OSError:
        pass  # a read-only checkout still validates, just without a cache


def _stat_key(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)  # = layout.FileStat.key


def _check_chunk(args: tuple) -> list[tuple]:
    root, paths, check = args
    with gc_paused():
        return [_fresh(root, p, check) for p in paths]


def _check_chunk_packed(args: tuple) -> bytes:
    """In a worker: results as marshal bytes, several times cheaper to pass back than pickle."""
    return marshal.dumps(_check_chunk(args))


def _fresh(root: Path, path: str, check: Callable) -> tuple:
    """(path, stat key, content digest, result) for one file, read once and checked now."""
    full = os.path.join(root, path)
    try:
        stat = _stat_key(os.lstat(full))
        with open(full, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return path, None, None, (layout.kind_of(path), None, [
            ("Y101", f"cannot read the file: {exc.strerror}", (), 1, 1)], [])
    return path, stat, hashlib.blake2b(raw, digest_size=16).digest(), check(path, raw)


SHARDS = 8  # the per-file cache is split so that loading or saving it never holds two copies


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def _shard_file(location: Path, shard: int) -> Path:
    return location.with_name(f"worktree-{shard}.marshal")


def checked_files(source: layout.WorkTree, paths: list[str], check: Callable[[str, bytes], tuple],
                  *, use_cache: bool = True, jobs: int | None = None) -> dict[str, tuple]:
    """``check(path, bytes)`` for every path, from the cache where the file is unchanged."""
    root = source.root
    version = fingerprint()
    location = cache_file(root) if use_cache else None
    with gc_paused():
        cached: dict[str, tuple] = {}
        for shard in range(SHARDS if location is not None else 0):
            cached.update(load_marshal(_shard_file(location, shard), version))
        results: dict[str, tuple] = {}
        entries: dict[str, tuple] = {}
        todo: list[str] = []
        changed = cached.keys() - set(paths)  # files that are gone
        # like git's "racily clean" entries: a file written just now is later compared by
        # content, because a second write in the same clock tick keeps its stat
        racy = time.time_ns() - RACY_NS
        for path in paths:
            hit = cached.get(path)
            if hit is not None:
                stat = source.lstat(path).key
                if hit[0] == stat:
                    results[path] = hit[2]
                    entries[path] = hit
                    continue
                digest = hashlib.blake2b(source.read(path), digest_size=16).digest()
                if digest == hit[1]:
                    results[path] = hit[2]
                    entries[path] = (stat if max(stat[1], stat[2]) < racy else None, digest,
                                     hit[2])
                    changed.add(path)
                    continue
            todo.append(path)
        for path, stat, digest, result in _run(source, todo, check, jobs):
            results[path] = result
            changed.add(path)
            if stat is not None:
                entries[path] = (stat if max(stat[1], stat[2]) < racy else None, digest, result)
        if location is not None and changed:
            _save_shards(location, version, entries, changed)
    return results


def _save_shards(location: Path, version: str, entries: dict, changed) -> None:
    """Rewrite only the shards that hold a changed file."""
    dirty: set[int] = set()
    for path in changed:
        dirty.add(_shard(path))
        if len(dirty) == SHARDS:
            break
    parts: dict[int, dict] = {shard: {} for shard in dirty}
    crc32 = zlib.crc32
    for path, entry in entries.items():
        part = parts.get(crc32(path.encode("utf-8", "surrogateescape")) % SHARDS)  # = _shard()
        if part is not None:
            part[path] = entry
    for shard, part in parts.items():
        save_marshal(_shard_file(location, shard), version, part)


def _run(source: layout.WorkTree, todo: list[str], check: Callable, jobs: int | None
         ) -> list[tuple]:
    root = source.root
    workers = jobs or settings.current().jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_FROM:
        return _check_chunk((root, todo, check))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from nhrp.core.schemas import fast_check

    for kind in {layout.kind_of(p) for p in todo}:  # compile once, before the fork
        fast_check(kind)  # (jsonschema, which explains failures, is imported only for those)
    # many small chunks, largest first, so that the workers finish together
    size = max(100, len(todo) // (workers * 12))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    chunks.sort(key=lambda chunk: -sum(source.lstat(p).size for p in chunk))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [item for packed in pool.map(_check_chunk_packed,
                                            [(root, chunk, check) for chunk in chunks])
                for item in marshal.loads(packed)]


PLAN_PATHS = (layout.PLAN_FILE, layout.DATA)  # all that a plan reads from its folder


def _start_git_status(root: Path):
    """``git status`` of the plan's tracked files, started in the background (it runs on another
    core while the stored result is loaded), or None when the plan is not the top of a git
    repository or git cannot run."""
    import subprocess

    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                             capture_output=True)
        if top.returncode != 0 or Path(top.stdout.decode().strip()).resolve() != root.resolve():
            return None
        return subprocess.Popen(["git", "--no-optional-locks", "-C", str(root), "status",
                                 "--porcelain=v2", "--branch", "-z", "--untracked-files=no",
                                 "--", *PLAN_PATHS],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def _tracked_state(root: Path, git) -> tuple[bytes, int] | None:
    """What git knows about the tracked files: HEAD and every modified or deleted path, with our
    own ``lstat`` of those paths, and the newest time among them. Equal states mean equal
    tracked files (git refreshes its index by stat in C, like ``git status`` always does).
    Files marked assume-unchanged or skip-worktree are, as for git, taken as unchanged."""
    out, _ = git.communicate()
    if git.returncode != 0:
        return None
    state, newest = [out], 0
    fields = iter(out.decode("utf-8", "surrogateescape").split("\0"))
    for item in fields:
        kind = item[:1]
        if kind == "1":
            path = item.split(" ", 8)[-1]
        elif kind == "2":
            path = item.split(" ", 9)[-1]
            next(fields, None)  # the path it was renamed from
        elif kind == "u":
            path = item.split(" ", 10)[-1]
        else:
            continue  # headers ("# branch.oid ...") are in the raw output already
        try:
            stat = _stat_key(os.lstat(root / path))
        except OSError:
            stat = "gone"
        else:
            newest = max(newest, stat[1], stat[2])
        state.append(os.fsencode(f"{path}\0{stat}"))  # file names need not be UTF-8
    return b"\n".join(state), newest


def _untracked_guard(root: Path) -> list[tuple[str, tuple]]:
    """The ``lstat`` of every folder of the plan and of every file git does not track there.
    A file created, deleted or renamed changes its folder's times; an untracked file edited
    changes its own. Checking these is several times faster than asking git to search the
    folders for untracked files. Folders are stat'ed before they are listed, so a file that
    appears meanwhile changes a recorded time."""
    import subprocess

    guard, files = [], []

    def walk(rel: str) -> None:
        full = os.path.join(root, rel)
        try:  # "folder/.": the folder listed, also when data/ itself is a link to it
            guard.append((f"{rel}/.", _stat_key(os.lstat(f"{full}/."))))
            with os.scandir(full) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    path = f"{rel}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        walk(path)
                    else:
                        files.append(path)
        except OSError:
            guard.append((f"{rel}/.", "gone"))

    walk(layout.DATA)
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", *PLAN_PATHS],
                            capture_output=True)
    tracked = set(listed.stdout.decode("utf-8", "surrogateescape").split("\0"))
    for path in [layout.PLAN_FILE, *files]:
        if path not in tracked:
            guard.append((path, _guard_stat(root, path)))
    return guard


def _guard_stat(root: Path, path: str):
    try:
        return _stat_key(os.lstat(f"{root}/{path}"))
    except OSError:
        return "gone"


def _guard_holds(root: Path, stored: tuple | None) -> bool:
    """Whether the folders and untracked files recorded with a stored result are unchanged."""
    if stored is None or not isinstance(stored[1], dict) or "value" not in stored[1]:
        return False
    guard = stored[1].get("guard")
    return isinstance(guard, list) and all(_guard_stat(root, path) == stat
                                           for path, stat in guard)


class Snapshot:
    """A result that stays valid while no file of the tree changes (and the options are the
    same). In a git repository its key is git's view of the tracked files, and a guard of
    folder and untracked-file stats is checked before the stored result is used; elsewhere the
    key hashes every path with its ``lstat``. One file per ``name``; the last result of each
    kind is kept."""

    def __init__(self, source: layout.WorkTree, paths: list[str], options, *, enabled: bool,
                 name: str = "snapshot"):
        location = cache_file(source.root) if enabled else None
        self.location = location.with_name(f"{name}.marshal") if location else None
        digest = hashlib.blake2b(repr((fingerprint(), options)).encode(), digest_size=16)
        self.newest = 0
        self.source = source
        self.root = source.root
        self.guard: list | None = []  # None: to be taken before the files are read
        self._stored = self._guard_holds = None
        if self.location is not None:
            lines = []
            for path in paths:
                stat = source.lstat(path).key
                self.newest = max(self.newest, stat[1], stat[2])
                lines.append(f"{path}\0{stat}\n")
            digest.update(os.fsencode("".join(lines)))  # file names need not be UTF-8
            self._stored = _read_marshal(self.location)
        self._guard_holds = _guard_holds(self.root, self._stored)
        self.key = digest.hexdigest()

    @classmethod
    def of_tree(cls, root: Path, options, *, name: str) -> "Snapshot":
        """A snapshot of the whole plan under ``root``: keyed by git's view of the files when the
        plan is a git repository (fast), else by listing every file. ``source`` is then the
        listed tree, or None when git answered."""
        location = cache_file(root)
        git = _start_git_status(root) if location is not None else None
        if git is None:
            source = layout.WorkTree(root)
            paths = [p for p in source.paths() if not layout.is_documentation(p)]
            return cls(source, paths, options, enabled=location is not None, name=name)
        snapshot = cls.__new__(cls)
        snapshot.location, snapshot.source, snapshot.root = \
            location.with_name(f"{name}.marshal"), None, root
        snapshot.guard = None
        snapshot._stored = _read_marshal(snapshot.location)  # these two while git works
        snapshot._guard_holds = _guard_holds(root, snapshot._stored)
        state = _tracked_state(root, git)
        if state is None:
            snapshot.location = snapshot._stored = None  # git failed: nothing kept
            snapshot.key, snapshot.newest, snapshot.guard = "", 0, []
            return snapshot
        state, snapshot.newest = state  # racily clean tracked files are git's to re-check
        snapshot.key = hashlib.blake2b(repr((fingerprint(), options)).encode() + b"\0git\0" +
                                       state, digest_size=16).hexdigest()
        return snapshot

    def get(self):
        """The stored value (any marshal-able data), or None. In a git repository a miss takes
        the guard for :meth:`put` now, before the caller reads the files."""
        stored = self._stored
        if stored is not None and stored[0] == self.key and self._guard_holds:
            return stored[1]["value"]
        if self.guard is None:
            self.guard = _untracked_guard(self.root)
        return None

    def put(self, value) -> None:
        if self.guard is None:
            raise RuntimeError("Snapshot.put() before get()")
        newest = max([self.newest, *(max(s[1], s[2]) for _, s in self.guard if s != "gone")])
        if newest < time.time_ns() - RACY_NS:  # a file changed just now: not trusted yet
            save_marshal(self.location, self.key, {"guard": self.guard, "value": value})
