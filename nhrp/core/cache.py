"""Parsed plan records cached by git blob id, so that history commands parse each version of a
file once, ever.

Why it cannot be stale: the key is the blob id, which *is* a hash of the file's bytes, plus a
fingerprint of everything else the parse depends on (the loader's source code, the PyYAML
build, the file-size limit, this file's format). A different parser makes a different folder.

Why it cannot lie: each file carries a SHA-256 of its payload and names its blob id; a file that
is truncated, edited, of another format or unreadable is ignored (and rewritten), never trusted.
Values that JSON cannot carry exactly (mappings with non-text keys) are simply not cached.

The cache lives in ``<git-dir>/nhrp-cache/`` — inside ``.git`` it is never committed and cannot
arrive with a clone or a pull request. ``NHRP_CACHE=off`` turns it off; deleting the folder is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1
_MAGIC = b"nhrp-cache"


@dataclass(frozen=True)
class Parsed:
    """One blob as the plan loader sees it: its data, or why it could not be read."""

    data: object = None
    code: str | None = None  # a Y1xx rule code when the blob could not be read
    message: str = ""
    line: int = 0
    column: int = 0

    @property
    def ok(self) -> bool:
        return self.code is None


def fingerprint() -> str:
    """What, besides the bytes, decides how a blob parses."""
    import yaml

    from nhrp.core import yamlio

    h = hashlib.sha256()
    h.update(f"format={FORMAT};pyyaml={yaml.__version__};libyaml={yaml.__with_libyaml__};"
             f"max={yamlio.max_file_bytes()};".encode())
    with open(yamlio.__file__, "rb") as handle:
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


class RecordCache:
    """A folder of ``<fp>/<oid[:2]>/<oid[2:]>`` files. ``None`` as folder: a cache that never hits."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / fingerprint() if folder is not None else None
        self.hits = 0
        self.misses = 0
        self._unwritable = False

    def _file(self, oid: str) -> Path:
        assert self.folder is not None
        return self.folder / oid[:2] / oid[2:]

    def get(self, oid: str) -> Parsed | None:
        if self.folder is None:
            return None
        try:
            raw = self._file(oid).read_bytes()
        except OSError:
            self.misses += 1
            return None
        parsed = _decode(raw, oid)
        if parsed is None:
            self.misses += 1
        else:
            self.hits += 1
        return parsed

    def put(self, oid: str, parsed: Parsed) -> None:
        if self.folder is None or self._unwritable or not _exact_in_json(parsed.data):
            return
        payload = json.dumps([parsed.data, parsed.code, parsed.message, parsed.line,
                              parsed.column], ensure_ascii=False, separators=(",", ":"),
                             allow_nan=False).encode()
        digest = hashlib.sha256(payload).hexdigest()
        content = b"%s %d %s %s\n" % (_MAGIC, FORMAT, oid.encode(), digest.encode()) + payload
        target = self._file(oid)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            self._unwritable = True  # a read-only repository still works, just uncached


def _decode(raw: bytes, oid: str) -> Parsed | None:
    """The cached record, or None when the file is not exactly what :meth:`put` wrote."""
    header, sep, payload = raw.partition(b"\n")
    parts = header.split(b" ")
    if not sep or len(parts) != 4 or parts[0] != _MAGIC or parts[1] != str(FORMAT).encode() \
            or parts[2] != oid.encode():
        return None
    if hashlib.sha256(payload).hexdigest().encode() != parts[3]:
        return None
    try:
        value = json.loads(payload)
    except ValueError:
        return None
    if not (isinstance(value, list) and len(value) == 5):
        return None
    data, code, message, line, column = value
    if not (code is None or isinstance(code, str)) or not isinstance(message, str) \
            or not isinstance(line, int) or not isinstance(column, int):
        return None
    return Parsed(data, code, message, line, column)


def open_cache(git_dir: Path | None) -> RecordCache:
    """The cache of a repository: ``$NHRP_CACHE_DIR``, else ``<git-dir>/nhrp-cache``;
    ``NHRP_CACHE=off`` (or 0/no/false) disables it."""
    if os.environ.get("NHRP_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return RecordCache(None)
    explicit = os.environ.get("NHRP_CACHE_DIR")
    if explicit:
        return RecordCache(Path(explicit))
    return RecordCache(git_dir / "nhrp-cache" if git_dir is not None else None)
