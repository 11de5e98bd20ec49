"""The one cache of nhrp: where it lives, what invalidates it, and its safe file formats.

Where: ``NHRP_CACHE=off`` turns it off; ``NHRP_CACHE_DIR`` moves it (one subfolder per plan);
else ``<git-dir>/nhrp-cache/`` — inside git's folder it is never committed and cannot arrive
with a clone or a pull request — and, for a plan folder without git, ``~/.cache/nhrp/``. Never
in the plan folder itself, where a crafted cache file could arrive with a copied plan.

What invalidates it: one :func:`fingerprint` of everything that decides a result besides a
file's bytes (nhrp's core code, the schemas, the PyYAML build, the size limit, the format).

Formats: *marshal files* (whole-result memos: fast to load) carry a CRC and their length, so
a truncated or edited file is ignored; *parts files* (per-file results of the working tree)
are marshal parts written one at a time as workers return them, with a CRC trailer; *record
packs* (parsed git blobs: many runs add to them) are JSON with a SHA-256, written once and
never changed. Every write is atomic (a temporary file renamed); a damaged file is ignored,
never trusted; deleting the folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import marshal
import math
import os
import struct
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

from nhrp.core import layout, settings
from nhrp.core.fsutil import atomic_write_bytes
from nhrp.core.plan import gc_paused

FORMAT = 3
RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same tick
CORE = Path(__file__).resolve().parent.parent  # nhrp/core


def yaml_identity() -> bytes:
    """The installed PyYAML, without importing it (a cached result needs no parser; importing
    it takes ~25 ms): its package file, which holds the version, and the names of its files,
    which include the libyaml extension when there is one."""
    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.origin:
        return b"no yaml"
    origin = Path(spec.origin)
    return origin.read_bytes() + b"\0".join(sorted(os.listdir(os.fsencode(origin.parent))))


def fingerprint() -> str:
    """What, besides a file's bytes, decides a cached result: any change starts afresh."""
    return _fingerprint(layout.max_file_bytes())


@functools.lru_cache(maxsize=2)
def _fingerprint(max_file_bytes: int) -> str:
    """nhrp.core's modules (its packages included) and the bundled schemas, by name and
    contents: a change of either starts afresh, whatever the files' times say (installs that
    keep or clamp modification times are common). Walked with ``os.scandir`` and read in one
    pass: ~2 ms, where a ``pathlib`` walk took ~10 ms of every run that uses the cache."""
    digest = hashlib.sha256(f"{FORMAT};{max_file_bytes};".encode() + yaml_identity())
    for name, path in [*_files(CORE, ".py"), *_files(layout.bundled_root() / "schemas", ".json",
                                                     deep=False)]:
        with open(path, "rb") as handle:
            digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + handle.read())
    return digest.hexdigest()[:16]


def _files(top: Path, suffix: str, deep: bool = True, under: str = "") -> list[tuple[str, str]]:
    """(name under ``top``, path) of its ``suffix`` files, sorted by name."""
    found: list[tuple[str, str]] = []
    with os.scandir(top) as entries:
        for entry in entries:
            if deep and entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _files(Path(entry.path), suffix, deep, f"{under}{entry.name}/")
            elif entry.name.endswith(suffix) and entry.is_file():
                found.append((under + entry.name, entry.path))
    return sorted(found)


def folder(root: Path | None = None, git_dir: Path | None = None) -> Path | None:
    """The cache folder of the plan at ``root`` (or of the repository ``git_dir``), or None
    when caching is off."""
    chosen = settings.current()
    if not chosen.cache:
        return None
    if git_dir is None and root is not None and (root / ".git").is_dir():
        git_dir = root / ".git"  # the common case, without asking git
    if chosen.cache_dir is not None:  # one subfolder per repository (or plan folder)
        return chosen.cache_dir / _key(git_dir or root)
    if git_dir is not None:
        return git_dir / "nhrp-cache"
    return chosen.user_cache / _key(root)


def _key(path: Path | None) -> str:
    return hashlib.sha256(os.fsencode(Path(path or ".").resolve())).hexdigest()[:16]


# --- marshal files ---------------------------------------------------------------------------

_MARSHAL = b"nhrp-marshal"


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def read_marshal(path: Path | None) -> tuple | None:
    """The stored ``(key, value)`` pair at ``path``, or None when missing or damaged (wrong
    checksum or length, unreadable)."""
    raw = _read(path)
    if raw is None:
        return None
    end = raw.find(b"\n")  # (a view of the payload, not a copy: stores reach 200 MB)
    header, payload = raw[:max(end, 0)], memoryview(raw)[end + 1:]
    parts = header.split(b" ")
    if end < 0 or len(parts) != 4 or parts[0] != _MARSHAL or parts[1] != str(FORMAT).encode() \
            or parts[2] != str(len(payload)).encode() \
            or parts[3] != b"%08x" % zlib.crc32(payload):
        return None
    try:
        with gc_paused():
            stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return stored if isinstance(stored, tuple) and len(stored) == 2 else None


def load_marshal(path: Path | None, key: str):
    """The value stored at ``path`` under ``key``, or None (missing, another key, damaged)."""
    stored = read_marshal(path)
    return stored[1] if stored is not None and stored[0] == key else None


def save_marshal(path: Path | None, key: str, value) -> None:
    if path is None:
        return
    payload = marshal.dumps((key, value))
    header = b"%s %d %d %08x\n" % (_MARSHAL, FORMAT, len(payload), zlib.crc32(payload))
    try:
        atomic_write_bytes(path, (header, payload), durable=False)  # (not joined: a copy)
    except OSError:
        pass  # a read-only checkout still works, just without a cache


# --- parts files: marshal parts written one at a time ----------------------------------------

_PARTS = b"nhrp-parts"
_FRAME = struct.Struct("<I")
_TRAILER = len(b"nhrp-parts-end %010d %08x\n" % (0, 0))  # fixed width: found from the end


class PartsWriter:
    """A file of parts (bytes, each a marshal of the caller's), written as they come so that
    nothing is held twice, and made visible at once by :meth:`close` (a temporary file
    renamed); a trailer with the number of parts and a CRC of everything before it tells a
    whole file from a damaged or truncated one. Nothing is written if the folder is
    read-only: the plan still works, just uncached."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self._handle = None
        self._tmp: str | None = None
        self._crc = self._count = 0
        self._failed = False

    def add(self, part: bytes) -> None:
        if self._failed:
            return
        try:
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, self._tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
                self._handle = os.fdopen(fd, "wb")
                self._write(b"%s %d %s\n" % (_PARTS, FORMAT, self.key.encode()))
            self._write(_FRAME.pack(len(part)))
            self._write(part)
            self._count += 1
        except OSError:
            self.abort()
            self._failed = True

    def _write(self, data: bytes) -> None:
        self._handle.write(data)
        self._crc = zlib.crc32(data, self._crc)

    def close(self) -> None:
        """Make the file visible, with every part added (none: an empty file of parts)."""
        if self._failed:
            return
        if self._handle is None:
            self.add(b"")  # opens the file; an empty part reads as nothing
        try:
            self._handle.write(b"%s-end %010d %08x\n" % (_PARTS, self._count, self._crc))
            self._handle.close()
            os.replace(self._tmp, self.path)
        except OSError:
            self.abort()
        self._handle = self._tmp = None
        self._failed = True  # done: nothing more is added

    def abort(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._tmp is not None:
            _remove(Path(self._tmp))
        self._handle = self._tmp = None


def has_parts(path: Path | None, key: str) -> bool:
    """Whether ``path`` starts as a parts file of ``key`` (the rest is checked when read)."""
    header = b"%s %d %s\n" % (_PARTS, FORMAT, key.encode())
    try:
        with open(path, "rb") as handle:
            return handle.read(len(header)) == header
    except (OSError, TypeError):
        return False


def read_parts(path: Path | None, key: str) -> list[memoryview] | None:
    """The parts stored at ``path`` under ``key`` (views of the file's bytes, not copies), or
    None (missing, another key, damaged)."""
    raw = _read(path)
    if raw is None:
        return None
    header = b"%s %d %s\n" % (_PARTS, FORMAT, key.encode())
    end = len(raw) - _TRAILER
    if not raw.startswith(header) or end < len(header):
        return None
    view = memoryview(raw)
    crc = zlib.crc32(view[:end])
    parts, at, size = [], len(header), _FRAME.size
    while at + size <= end:
        (length,) = _FRAME.unpack_from(raw, at)
        parts.append(view[at + size:at + size + length])
        at += size + length
    if at != end or raw[end:] != b"%s-end %010d %08x\n" % (_PARTS, len(parts), crc):
        return None
    return parts


# --- record packs: parsed git blobs by blob id -----------------------------------------------

MAX_PACKS = 8
_PACK = b"nhrp-cache-pack"


class Parsed(NamedTuple):
    """One blob as the plan loader sees it: its data, or why it could not be read."""

    data: object = None
    code: str | None = None  # a rule code when the blob could not be read
    message: str = ""
    line: int = 0
    column: int = 0

    @property
    def ok(self) -> bool:
        return self.code is None


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
    return b"%s %d %s\n" % (_PACK, FORMAT, digest) + payload


def decode_pack(raw: bytes) -> dict[str, list] | None:
    """The records of a pack, or None when the file is not exactly what :func:`encode_pack` wrote."""
    header, sep, payload = raw.partition(b"\n")
    parts = header.split(b" ")
    if not sep or len(parts) != 3 or parts[0] != _PACK or parts[1] != str(FORMAT).encode():
        return None
    if hashlib.sha256(payload).hexdigest().encode() != parts[2]:
        return None
    try:
        records = json.loads(payload)
    except ValueError:
        return None
    return records if isinstance(records, dict) else None


class RecordCache:
    """Parsed records by blob id, which *is* a hash of the file's bytes: it cannot be stale.
    Stored in packs, written once and merged when there are more than ``MAX_PACKS`` (creating
    a file costs far more than writing a few hundred bytes). ``None`` as folder: a cache that
    never hits and never writes."""

    def __init__(self, base: Path | None) -> None:
        self._base = base
        self.hits = 0
        self.misses = 0
        self._stored: dict[str, list] | None = None
        self._packs: list[Path] = []
        self._new: dict[str, list] = {}

    @functools.cached_property
    def folder(self) -> Path | None:
        """Under the fingerprint of nhrp's code, worked out when the cache is first used (a
        repository is often opened on a thread that only waits on git)."""
        return self._base / fingerprint() if self._base is not None else None

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
            return  # values JSON cannot carry exactly are simply not cached
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


def _write_pack(where: Path, content: bytes) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    target = where / f"pack-{hashlib.sha256(content).hexdigest()[:32]}.json"
    fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-")
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


def open_records(git_dir: Path | None) -> RecordCache:
    """The record cache of a repository (see :func:`folder`)."""
    return RecordCache(folder(git_dir=git_dir) if git_dir is not None else None)
