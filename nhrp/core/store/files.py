"""Per-file results of the working tree, kept between runs like git's index.

A file whose size, modification time, change time and inode are unchanged is not read again; a
file whose stat changed but whose content is the same (a checkout, a touch) is not checked
again: its content key is its git blob id, ``sha1("blob <size>\\0" + bytes)``, the key git
itself gives those bytes. What a "result" is belongs to the caller: the function passed as
``check`` (validate passes its per-file checks; the store knows no rule). Results that depend
on other files or on today's date are never cached: they are recomputed from these on every
run.

The results are split into a few files (shards by path), so that a one-file change rewrites
one shard. A shard is a file of marshal parts (:class:`.cache.PartsWriter`), each a
``{path: (stat, blob id, result)}`` dict: the worker processes of a large check marshal their
results by shard once, and those very bytes are what the parent reads and what it appends to
the shard's file as they arrive — never re-encoded, never held twice.

Paths may arrive while the folders are still being read (:meth:`layout.WorkTree.stream`):
checking starts with the first few hundred, on all cores, while the listing goes on.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
import zlib
from collections import deque
from typing import Callable, Iterable

from nhrp.core import layout, settings
from nhrp.core.plan import gc_paused
from nhrp.core.schemas import fast_check
from nhrp.core.store import cache

PARALLEL_FROM = 1500  # files to check before using more than one process
CHUNK = 400  # files a worker checks at a time: small enough that the workers finish together
SHARDS = 8

Check = Callable[[str, bytes], tuple]


def blob_id(raw: bytes) -> bytes:
    """The git blob id of ``raw`` (binary): equal ids, equal bytes — in a working tree and in
    any commit alike."""
    digest = hashlib.sha1(b"blob %d\0" % len(raw))
    digest.update(raw)
    return digest.digest()


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def shard_file(source: layout.WorkTree, shard: int):
    where = cache.folder(source.root)
    return where / f"worktree-{shard}.marshal" if where is not None else None


def load_shard(location, version: str) -> dict[str, tuple]:
    """The entries ``{path: (stat key or None, blob id, result)}`` stored in one shard file;
    empty when it is missing, from another version, or damaged."""
    parts = cache.read_parts(location, version)
    entries: dict[str, tuple] = {}
    try:
        with gc_paused():
            for part in parts or ():
                if part:
                    found = marshal.loads(part)
                    if not isinstance(found, dict):
                        return {}
                    entries.update(found)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries


def by_blob(source: layout.WorkTree) -> dict[str, tuple[str, tuple]]:
    """The kept results of ``source`` as ``{path: (blob id in hex, result)}``: a commit's file
    with that path and blob id has those bytes, so it has that result too."""
    version = cache.fingerprint()
    found: dict[str, tuple[str, tuple]] = {}
    with gc_paused():
        for n in range(SHARDS):
            for path, entry in load_shard(shard_file(source, n), version).items():
                if isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[1], bytes):
                    found[path] = (entry[1].hex(), entry[2])
    return found


def stored(source: layout.WorkTree) -> bool:
    """Whether per-file results of this working tree are kept by this very code (a run after
    the first, and not the first after an upgrade)."""
    version = cache.fingerprint()
    return any(cache.has_parts(shard_file(source, n), version) for n in range(SHARDS))


def checked_files(source: layout.WorkTree, paths: Iterable[str], check: Check, *,
                  use_cache: bool = True, jobs: int | None = None) -> dict[str, tuple]:
    """``check(path, bytes)`` for every path, from the cache where the file is unchanged.
    ``paths`` may be a list or an iterator that is still listing (see the module's docstring);
    the ``lstat`` taken of each file read is handed to ``source`` (``remember``)."""
    shards = [shard_file(source, n) for n in range(SHARDS)] if use_cache else []
    shards = [s for s in shards if s is not None]
    # (the fingerprint hashes nhrp's code and schemas: only for what is stored)
    version = cache.fingerprint() if shards else ""
    # the new parts of each shard go to its file as they come (no second copy is held); a
    # shard whose files are all unchanged is left as it is
    writers = [cache.PartsWriter(location, version) for location in shards]
    # like git's "racily clean" entries: a file written just now is later compared by
    # content, because a second write in the same clock tick keeps its stat
    racy = time.time_ns() - cache.RACY_NS
    with gc_paused():
        cached: dict[str, tuple] = {}
        for location in shards:
            cached.update(load_shard(location, version))
        results: dict[str, tuple] = {}
        kept: dict[str, tuple] = {}  # unchanged entries, stored again when their shard is
        changed: set[str] = set()
        seen: set[str] = set()
        runner = _Runner(source, check, jobs, racy, results, writers)
        try:
            for path in paths:
                seen.add(path)
                hit = cached.get(path) if cached else None
                if isinstance(hit, tuple) and len(hit) == 3:
                    stat = source.lstat(path).key
                    if hit[0] == stat:
                        results[path] = hit[2]
                        kept[path] = hit
                        continue
                    try:  # (read as the workers read: never through a link or a pipe)
                        _, raw = layout.read_regular(os.path.join(source.root, path))
                    except OSError:
                        raw = None
                    if raw is not None and blob_id(raw) == hit[1]:
                        results[path] = hit[2]
                        kept[path] = (stat if max(stat[1], stat[2]) < racy else None, hit[1],
                                      hit[2])
                        changed.add(path)
                        continue
                runner.add(path)
            runner.finish()
            changed |= cached.keys() - seen  # files that are gone
            changed |= results.keys() - kept.keys()  # files checked now
            _save_shards(writers, kept, changed)
        finally:
            runner.close()
            for writer in writers:
                writer.abort()  # the shards left as they were (a closed file stays)
    return results


def _save_shards(writers: list[cache.PartsWriter], kept: dict, changed) -> None:
    """Finish the files of the shards that hold a changed file, with their unchanged entries
    besides the new parts already written."""
    if not writers:
        return
    dirty: set[int] = set()
    for path in changed:
        dirty.add(_shard(path))
        if len(dirty) == SHARDS:
            break
    parts: dict[int, dict] = {shard: {} for shard in dirty}
    crc32 = zlib.crc32
    for path, entry in kept.items():
        part = parts.get(crc32(path.encode("utf-8", "surrogateescape")) % SHARDS)  # = _shard()
        if part is not None:
            part[path] = entry
    for shard, part in parts.items():
        if part:
            writers[shard].add(marshal.dumps(part))
        writers[shard].close()


class _Runner:
    """Checks the paths it is given: in this process while they are few, else on all cores in
    chunks sent as soon as they fill, with the results read back as they arrive."""

    def __init__(self, source: layout.WorkTree, check: Check, jobs: int | None, racy: int,
                 results: dict[str, tuple], writers: list[cache.PartsWriter]) -> None:
        self.source, self.check, self.racy, self.results = source, check, racy, results
        self.writers = writers  # one per shard, or none when nothing is kept
        self.workers = jobs or settings.current().jobs or (os.cpu_count() or 1)
        self.pending: list[str] = []
        self.pool = None
        self.futures: deque = deque()

    def add(self, path: str) -> None:
        self.pending.append(path)
        if self.pool is None and (self.workers <= 1 or len(self.pending) < PARALLEL_FROM):
            return
        if self.pool is None or len(self.pending) >= CHUNK:
            for start in range(0, len(self.pending), CHUNK):
                self._send(self.pending[start:start + CHUNK])
            self.pending = []
            while self.futures and self.futures[0].done():
                self._take(self.futures.popleft().result())

    def finish(self) -> None:
        """Check what is left."""
        if self.pool is None:
            if self.pending:
                self._take(_check_chunk((str(self.source.root), self.pending, self.check,
                                         self.racy)))
            return
        size = max(1, -(-len(self.pending) // self.workers))  # the last few in small pieces,
        for start in range(0, len(self.pending), size):  # so that the workers end together
            self._send(self.pending[start:start + size])
        while self.futures:
            self._take(self.futures.popleft().result())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _send(self, paths: list[str]) -> None:
        if self.pool is None:
            self._start()
        self.futures.append(self.pool.submit(_check_chunk, (str(self.source.root), paths,
                                                            self.check, self.racy)))

    def _start(self) -> None:
        import multiprocessing  # heavy to import, and only a large cold check needs it
        from concurrent.futures import ProcessPoolExecutor

        for kind in layout.KINDS:  # compile once, before the fork
            fast_check(kind)  # (jsonschema, which explains failures, is imported only for those)
        self.pool = ProcessPoolExecutor(self.workers,
                                        mp_context=multiprocessing.get_context("fork"))

    def _take(self, done: tuple[list[bytes | None], bytes]) -> None:
        """Read one chunk's results back: its parts by shard, and the files it could not read
        (whose results are not kept)."""
        blobs, unread = done
        results, remember, writers = self.results, self.source.remember, self.writers
        for shard, blob in enumerate(blobs):
            if blob is None:
                continue
            if writers:
                writers[shard].add(blob)
            for path, (stat, _, result) in marshal.loads(blob).items():
                results[path] = result
                if stat is not None:
                    remember(path, stat)
        for path, result in marshal.loads(unread):
            results[path] = result


def _fresh(root: str, path: str, check: Check) -> tuple:
    """(path, stat key, blob id, result) for one file, read once and checked now."""
    try:
        stat, raw = layout.read_regular(os.path.join(root, path))
    except OSError as exc:
        return path, None, None, (layout.kind_of(path), None, [
            ("Y101", f"cannot read the file: {exc.strerror}", (), 1, 1)], [])
    return path, stat, blob_id(raw), check(path, raw)


def _check_chunk(args: tuple) -> tuple[list[bytes | None], bytes]:
    """Check some files (in a worker, or here when they are few): their entries marshalled
    by shard, ready to be stored, and the files that could not be read. Marshal bytes are
    several times cheaper to pass back than pickle."""
    root, paths, check, racy = args
    parts: list[dict] = [{} for _ in range(SHARDS)]
    unread = []
    crc32 = zlib.crc32
    with gc_paused():
        for path in paths:
            path, stat, oid, result = _fresh(root, path, check)
            if stat is None:
                unread.append((path, result))
                continue
            parts[crc32(path.encode("utf-8", "surrogateescape")) % SHARDS][path] = (
                stat if max(stat[1], stat[2]) < racy else None, oid, result)
        return [marshal.dumps(part) if part else None for part in parts], marshal.dumps(unread)
