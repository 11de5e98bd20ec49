"""Safe writes: atomic replacement and one lock per plan repository.

A crash during a plain ``open('w')`` leaves a truncated file that may still parse; two
processes doing read-modify-write without a lock lose updates (PITFALLS.md). Every write in
nhrp goes through :func:`atomic_write`, every read-modify-write through :func:`plan_lock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Iterator

from nhrp.core.store.git import git_dir
from nhrp.errors import EnvironmentProblem


def plan_file(root: Path, rel: str) -> Path:
    """Where to write the plan file ``rel`` (a path from the plan root), checked component by
    component: no folder or file on the way may be a symbolic link — a committed link such as
    ``data/monitoring/<id> -> /elsewhere`` would otherwise carry the write out of the plan — and
    the result stays inside the plan root. Checking only the last component is not enough."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise EnvironmentProblem("refusing to write outside the plan folder", path=rel)
    full = Path(root)
    for i, part in enumerate(parts):
        full = full / part
        if full.is_symlink():
            link = "/".join(parts[:i + 1])
            raise EnvironmentProblem(f"{link} is a symbolic link; nhrp never writes through a "
                                     "link (it can lead outside the plan): replace it with a "
                                     "plain folder or file", path=rel)
    real_root = os.path.realpath(root)
    if os.path.commonpath([real_root, os.path.realpath(full)]) != real_root:
        raise EnvironmentProblem("refusing to write outside the plan folder", path=rel)
    return full


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF as given) to ``path`` so that readers see the old or the new file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes | tuple[bytes, ...], *,
                       durable: bool = True) -> None:
    """Replace ``path`` by ``data`` (or its parts, one after the other) all at once.
    ``durable=False`` skips the flush to disk: for caches, which a crash may lose (a damaged
    cache file is ignored, never trusted)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise EnvironmentProblem("refusing to write through a symbolic link", path=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; keep the file's usual mode
        with os.fdopen(fd, "wb") as handle:
            for part in data if isinstance(data, tuple) else (data,):
                handle.write(part)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or what a new file would get under the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def create_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet (monitoring entries are never overwritten)."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise EnvironmentProblem("refusing to overwrite an existing file", path=str(path))
    atomic_write(path, text)


@contextlib.contextmanager
def plan_lock(root: Path) -> Iterator[None]:
    """Exclusive lock around a read-modify-write of the plan; other writers wait."""
    folder = git_dir(Path(root))  # inside git's own folder: never shows up as an untracked file
    lock_path = folder / "nhrp.lock" if folder is not None else Path(root) / ".nhrp.lock"
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
