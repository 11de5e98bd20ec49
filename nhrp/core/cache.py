"""Parsed plan records cached by git blob id, so that history commands parse each version of a
file once, ever.

Why it cannot be stale: the key is the blob id, which *is* a hash of the file's bytes, plus a
fingerprint of everything else the parse depends on (the loader's and plan reader's source code,
the PyYAML build, the file-size limit, this file's format). Another parser uses another folder.

Why it cannot lie: records are stored in *packs*, files that are written once (to a temporary
name, then renamed) and never changed; each pack carries a SHA-256 of its contents. A pack that
is truncated, edited, of another format or unreadable is ignored and removed, never trusted, and
a record of the wrong shape is skipped. Values that JSON cannot carry exactly (mappings with
non-text keys) are simply not cached.

Why packs and not one file per blob: creating a file costs far more than writing a few hundred
bytes (measured: ~0.5 ms per file on an overlay file system, over half of a cold ``status --at``),
so each run that parsed something writes one new pack; when there are more than ``MAX_PACKS``,
they are merged into one. A run reads all packs of its fingerprint: megabytes of JSON at most.

The cache lives in ``<git-dir>/nhrp-cache/`` — inside ``.git`` it is never committed and cannot
arrive with a clone or a pull request. ``NHRP_CACHE=off`` turns it off, ``NHRP_CACHE_DIR`` moves
it; deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import settings

FORMAT = 2
MAX_PACKS = 8
_MAGIC = b"nhrp-cache-pack"


@dataclass(frozen=True)
class Parsed:
    """One blob as the plan loader sees it: its data, or why it could not be read."""

    data: object = None
    code: str | None = None  # a rule code when the blob could not be read
    message: str = ""
    line: int = 0
    column: int = 0

    @property
    def ok(self) -> bool:
        return self.code is None


def fingerprint() -> str:
    """What, besides the bytes, decides how a blob parses."""
    from nhrp.core import layout, plan, treecache, yamlio

    h = hashlib.sha256()
    h.update(f"format={FORMAT};max={layout.max_file_bytes()};".encode())
    h.update(treecache.yaml_identity())
    for module in (yamlio, plan):
        with open(module.__file__, "rb") as handle:
            h.update(handle.read())
    return h.hexdigest()[:16]


def _exact_in_json(value) -> bool:
    """True when ``json.loads(json.dumps(value))`` gives back exactly ``value``."""
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (str, bool, int)):
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            return False
    return True


def _record(value) -> Parsed | None:
    if not (isinstance(value, list) and len(value) == 5):
        return None
    data, code, message, line, column = value
    if not (code is None or isinstance(code, str)) or not isinstance(message, str) \
            or type(line) is not int or type(column) is not int:
        return None
    return Parsed(data, code, message, line, column)


def encode_pack(records: dict[str, list]) -> bytes:
    payload = json.dumps(records, ensure_ascii=False, separators=(",", ":"),
                         allow_nan=False).encode()
    digest = hashlib.sha256(payload).hexdigest().encode()
    return b"%s %d %s\n" % (_MAGIC, FORMAT, digest) + payload


def decode_pack(raw: bytes) -> dict[str, list] | None:
    """The records of a pack, or None when the file is not exactly what :func:`encode_pack` wrote."""
    header, sep, payload = raw.partition(b"\n")
    parts = header.split(b" ")
    if not sep or len(parts) != 3 or parts[0] != _MAGIC or parts[1] != str(FORMAT).encode():
        return None
    if hashlib.sha256(payload).hexdigest().encode() != parts[2]:
        return None
    try:
        records = json.loads(payload)
    except ValueError:
        return None
    return records if isinstance(records, dict) else None


class RecordCache:
    """Records by blob id. ``None`` as folder: a cache that never hits and never writes."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / fingerprint() if folder is not None else None
        self.hits = 0
        self.misses = 0
        self._stored: dict[str, list] | None = None
        self._packs: list[Path] = []
        self._new: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        if self._stored is not None:
            return self._stored
        self._stored = {}
        try:
            names = sorted(os.listdir(self.folder)) if self.folder is not None else []
        except OSError:
            names = []
        for name in names:
            if not (name.startswith("pack-") and name.endswith(".json")):
                continue
            path = self.folder / name
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # merged away by another process meanwhile
            records = decode_pack(raw)
            if records is None:
                _remove(path)  # damaged: never trusted, and not read again
                continue
            self._packs.append(path)
            self._stored.update(records)
        return self._stored

    def get(self, oid: str) -> Parsed | None:
        if self.folder is None:
            return None
        found = _record(self._load().get(oid))
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, oid: str, parsed: Parsed) -> None:
        if self.folder is None or not _exact_in_json(parsed.data):
            return
        self._new[oid] = [parsed.data, parsed.code, parsed.message, parsed.line, parsed.column]

    def flush(self) -> None:
        """Write what was parsed since the last flush as one pack (merging when there are many)."""
        if self.folder is None or not self._new:
            return
        stored = self._load()
        merge = len(self._packs) + 1 > MAX_PACKS
        records = {**stored, **self._new} if merge else self._new
        stored.update(self._new)
        self._new = {}
        try:
            written = _write_pack(self.folder, encode_pack(records))
        except OSError:
            return  # a read-only repository still works, just uncached
        if merge:
            for old in self._packs:
                if old != written:
                    _remove(old)
            self._packs = [written]
        else:
            self._packs.append(written)


def _write_pack(folder: Path, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"pack-{hashlib.sha256(content).hexdigest()[:32]}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        _remove(Path(tmp))
        raise
    return target


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def open_cache(git_dir: Path | None) -> RecordCache:
    """The cache of a repository: ``$NHRP_CACHE_DIR``, else ``<git-dir>/nhrp-cache``;
    ``NHRP_CACHE=off`` (or 0/no/false) disables it."""
    chosen = settings.current()
    if not chosen.cache:
        return RecordCache(None)
    if chosen.cache_dir is not None:
        return RecordCache(chosen.cache_dir)
    return RecordCache(git_dir / "nhrp-cache" if git_dir is not None else None)
