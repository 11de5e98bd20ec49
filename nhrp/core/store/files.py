"""Per-file results of the working tree, kept between runs like git's index.

A file whose size, modification time, change time and inode are unchanged is not read again; a
file whose stat changed but whose content hashes the same (a checkout, a touch) is not checked
again. What a "result" is belongs to the caller: the function passed as ``check`` (validate
passes its per-file checks; the store knows no rule). Results that depend on other files or on
today's date are never cached: they are recomputed from these on every run.

The results are split into a few marshal files (shards by path), so that loading or saving
never holds two copies, and a one-file change rewrites one shard.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
import zlib
from typing import Callable

from nhrp.core import layout, settings
from nhrp.core.plan import gc_paused
from nhrp.core.schemas import fast_check
from nhrp.core.store import cache

PARALLEL_FROM = 1500  # files to check before using more than one process
SHARDS = 8

Check = Callable[[str, bytes], tuple]


def _stat_key(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)  # = layout.FileStat.key


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS


def shard_file(source: layout.WorkTree, shard: int):
    where = cache.folder(source.root)
    return where / f"worktree-{shard}.marshal" if where is not None else None


def checked_files(source: layout.WorkTree, paths: list[str], check: Check, *,
                  use_cache: bool = True, jobs: int | None = None) -> dict[str, tuple]:
    """``check(path, bytes)`` for every path, from the cache where the file is unchanged."""
    version = cache.fingerprint()
    shards = [shard_file(source, n) for n in range(SHARDS)] if use_cache else []
    shards = [s for s in shards if s is not None]
    with gc_paused():
        cached: dict[str, tuple] = {}
        for location in shards:
            stored = cache.load_marshal(location, version)
            if isinstance(stored, dict):
                cached.update(stored)
        results: dict[str, tuple] = {}
        entries: dict[str, tuple] = {}
        todo: list[str] = []
        changed = cached.keys() - set(paths)  # files that are gone
        # like git's "racily clean" entries: a file written just now is later compared by
        # content, because a second write in the same clock tick keeps its stat
        racy = time.time_ns() - cache.RACY_NS
        for path in paths:
            hit = cached.get(path)
            if isinstance(hit, tuple) and len(hit) == 3:
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
        if shards and changed:
            _save_shards(shards, version, entries, changed)
    return results


def _save_shards(shards: list, version: str, entries: dict, changed) -> None:
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
        cache.save_marshal(shards[shard], version, part)


def _fresh(root, path: str, check: Check) -> tuple:
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


def _check_chunk(args: tuple) -> list[tuple]:
    root, paths, check = args
    with gc_paused():
        return [_fresh(root, p, check) for p in paths]


def _check_chunk_packed(args: tuple) -> bytes:
    """In a worker: results as marshal bytes, several times cheaper to pass back than pickle."""
    return marshal.dumps(_check_chunk(args))


def _run(source: layout.WorkTree, todo: list[str], check: Check, jobs: int | None
         ) -> list[tuple]:
    root = source.root
    workers = jobs or settings.current().jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_FROM:
        return _check_chunk((root, todo, check))
    import multiprocessing  # heavy to import, and only a large cold check needs it
    from concurrent.futures import ProcessPoolExecutor

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
