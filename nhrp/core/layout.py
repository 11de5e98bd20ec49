"""Where things live in a plan repository, and how to find the repository.

All paths handed around inside nhrp are POSIX paths relative to the repository root
(``data/actors/moj.yaml``), so the same code reads a working tree or a git tree.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple, Protocol

from nhrp.core import settings
from nhrp.core.store import git
from nhrp.errors import EnvironmentProblem, UsageError

PLAN_FILE = "nhrp.yaml"
DATA = "data"
ACTORS = "data/actors"
RECOMMENDATIONS = "data/recommendations"
MONITORING = "data/monitoring"
ACTIVITIES = "data/activities"
MEASUREMENTS = "data/measurements"
THEMES_FILE = "data/vocabularies/themes.yaml"
SDGS_FILE = "data/vocabularies/sdgs.yaml"
PARTICIPATION_FILE = "data/participation.yaml"



max_file_bytes = settings.max_file_bytes  # the one reader, fast (see settings)


KINDS = ("plan", "actor", "recommendation", "monitoring-entry", "themes", "sdgs", "participation",
         "activity", "measurement")

# Ids become file names: ASCII only, no separators, no dots at the ends (see PITFALLS).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RECOMMENDATION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*\Z")
ENTRY_STEM = re.compile(r"(?P<as_of>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<by>[a-z0-9]+(?:-[a-z0-9]+)*?)"
                        r"(?:-(?P<n>[0-9]+))?\Z")


def kind_of(path: str) -> str | None:
    """The record kind a repository path holds, or None for a file nhrp does not know."""
    if path == PLAN_FILE:
        return "plan"
    if path == PARTICIPATION_FILE:
        return "participation"
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != DATA or not path.endswith(".yaml"):
        return None
    folder = parts[1]
    if folder == "actors" and len(parts) == 3:
        return "actor"
    if folder == "recommendations":
        return "recommendation"
    if folder == "monitoring" and len(parts) == 4:
        return "monitoring-entry"
    if folder == "activities" and len(parts) == 3:
        return "activity"
    if folder == "measurements" and len(parts) == 5:
        return "measurement"
    if path == THEMES_FILE:
        return "themes"
    if path == SDGS_FILE:
        return "sdgs"
    return None


def is_documentation(path: str) -> bool:
    """Markdown notes (README, SOURCES) may sit anywhere under data/."""
    return path.startswith(DATA + "/") and path.endswith(".md")


def is_hidden(path: str) -> bool:
    """A name that starts with '.' somewhere in the path: the loaders skip such files, so a
    tracked one would never be checked (reported by validate, refused by check-scope)."""
    return path.startswith(".") or "/." in path


HIDDEN_HINT = ("hidden file: names that start with '.' are never read or checked, so a plan "
               "file must not have one; rename it without the leading '.' or remove it from git")


def stem(path: str) -> str:
    return path.rpartition("/")[2][: -len(".yaml")]


def check_slug(value: str, what: str = "id") -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise UsageError(f"'{value}' is not a valid {what}: use lower-case ASCII letters, digits "
                         "and single hyphens")
    return value


def check_recommendation_id(value: str) -> str:
    if not isinstance(value, str) or not RECOMMENDATION_ID.match(value):
        raise UsageError(f"'{value}' is not a valid recommendation id (e.g. upr2-127.5)")
    return value


def actor_path(actor_id: str) -> str:
    return f"{ACTORS}/{check_slug(actor_id, 'actor id')}.yaml"


def entry_folder(recommendation_id: str) -> str:
    return f"{MONITORING}/{check_recommendation_id(recommendation_id)}"


def activity_path(activity_id: str) -> str:
    return f"{ACTIVITIES}/{check_slug(activity_id, 'activity id')}.yaml"


def measurement_folder(activity_id: str, indicator_id: str) -> str:
    return (f"{MEASUREMENTS}/{check_slug(activity_id, 'activity id')}/"
            f"{check_slug(indicator_id, 'indicator id')}")


# --- reading files ---------------------------------------------------------------------------

class Source(Protocol):
    """A set of plan files (the full interface: nhrp.core.store.sources.Source)."""

    label: str

    def paths(self) -> Iterator[str]: ...

    def read(self, path: str) -> bytes: ...


class FileStat(NamedTuple):
    """What is compared of a file's ``lstat``: for 300,000 files a quarter of the memory of
    ``os.stat_result`` objects (~60 MB instead of ~240 MB)."""

    mode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @classmethod
    def of(cls, st: os.stat_result) -> "FileStat":
        return tuple.__new__(cls, (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                                   st.st_ino))  # without the keyword handling: 30,000 a run

    @property
    def key(self) -> tuple:
        """Equal keys: the file has not changed (as git's index decides)."""
        return self[1:]


def stat_key(st: os.stat_result) -> tuple:
    """:attr:`FileStat.key` of an ``os.stat_result``."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def stat_or_gone(full: str) -> tuple | str:
    """The ``lstat`` key of ``full``, or "gone": what a guard of folders and files compares."""
    try:
        return stat_key(os.lstat(full))
    except OSError:
        return "gone"


# never through a link, and never waiting on a pipe someone left in the plan
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_regular(full: str) -> tuple[tuple, bytes]:
    """A regular file's stat key and bytes: the stat taken before reading, as git's index
    does (a file that changes meanwhile has another stat next time). One descriptor, no
    buffered reader: ~7 µs a file less than ``lstat`` and ``open().read()``."""
    fd = os.open(full, _OPEN)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, "not a regular file")
        raw = os.read(fd, st.st_size + 1)
        if len(raw) != st.st_size:  # it changed since, or a read stops short: to the end
            parts = [raw]
            while more := os.read(fd, 1 << 16):
                parts.append(more)
            raw = b"".join(parts)
    finally:
        os.close(fd)
    return stat_key(st), raw


def worktree_order(path: str) -> tuple:
    """The order :class:`WorkTree` lists files in (nhrp.yaml, then data/ by name at each
    level), so that a plan built from git is the very plan a checkout gives — even for a plan
    with duplicate ids, where the last one read wins."""
    return (path != PLAN_FILE, path.split("/"))


@dataclass
class WorkTree:
    """The files of a plan repository on disk. Symbolic links are listed but never followed.

    Listing remembers each file's ``lstat`` (one system call per file), which the validation
    cache uses to skip unchanged files. :meth:`stream` lists without it, for a reader that
    takes each file's ``lstat`` itself and hands it back (:meth:`remember`)."""

    root: Path
    label: str = "working tree"

    def __post_init__(self) -> None:
        self._stats: dict[str, FileStat] = {}
        self._listed: list[str] | None = None
        self.hidden: list[str] = []  # names starting with '.' that the listing skipped
        self.links: set[str] = set()  # the symbolic links the listing met
        self._stat_files = True  # False while stream() lists
        # with a list here, the listing also records each folder's ``lstat`` (taken before the
        # folder is read, "gone" when it cannot be): what a stored result's guard compares
        self.folders: list[tuple[str, tuple | str]] | None = None

    def paths(self) -> Iterator[str]:
        """Every file, listed once (a second call gives the same listing)."""
        if self._listed is None:
            self._listed = list(self._list())
        return iter(self._listed)

    def stream(self) -> Iterator[str]:
        """The paths of :meth:`paths` while the folders are read, so that reading can start
        before the listing ends. Only links and the plan file are ``lstat``-ed here (a folder
        listing says which entries are links: :attr:`links`); the reader takes the other
        files' ``lstat`` before reading them and hands it back with :meth:`remember`.
        :meth:`paths` then gives the same listing without reading the folders again."""
        if self._listed is not None:
            yield from self._listed
            return
        listed: list[str] = []
        self._stat_files = False
        try:
            for path in self._list():
                listed.append(path)
                yield path
        finally:
            self._stat_files = True
        self._listed = listed

    def remember(self, path: str, key: tuple) -> None:
        """The ``lstat`` key (see :attr:`FileStat.key`) a reader took of the regular file at
        ``path`` before reading it."""
        self._stats[path] = FileStat(stat.S_IFREG, *key)

    def _list(self) -> Iterator[str]:
        root = str(self.root)
        plan = os.path.join(root, PLAN_FILE)
        if os.path.lexists(plan):
            self._stats[PLAN_FILE] = FileStat.of(os.lstat(plan))
            if stat.S_ISLNK(self._stats[PLAN_FILE].mode):
                self.links.add(PLAN_FILE)
            yield PLAN_FILE
        yield from self._walk(os.path.join(root, DATA), DATA)

    def _walk(self, folder: str, rel: str) -> Iterator[str]:
        if self.folders is not None:  # "folder/.": also when data/ is a link to a folder
            self.folders.append((f"{rel}/.", stat_or_gone(f"{folder}/.")))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            if entry.name.startswith("."):
                self.hidden.append(f"{rel}/{entry.name}")
                continue
            path = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from self._walk(entry.path, path)
            else:  # files, and symlinks of any kind (reported, never followed)
                if entry.is_symlink():
                    self.links.add(path)
                    self._stats[path] = FileStat.of(entry.stat(follow_symlinks=False))
                elif self._stat_files:
                    self._stats[path] = FileStat.of(entry.stat(follow_symlinks=False))
                yield path

    def lstat(self, path: str) -> FileStat:
        found = self._stats.get(path)
        return found if found is not None else FileStat.of(os.lstat(os.path.join(self.root, path)))

    def is_symlink(self, path: str) -> bool:
        return stat.S_ISLNK(self.lstat(path).mode)

    def read(self, path: str) -> bytes:
        full = os.path.join(self.root, path)
        if os.path.islink(full):
            raise EnvironmentProblem("symbolic links are not followed", path=path)
        return read_regular(full)[1]

    def key(self, path: str) -> tuple:
        """The content key (see nhrp.core.store.sources): equal ``lstat``, equal file."""
        return self.lstat(path).key

    def read_many(self, paths: list[str]) -> dict[str, bytes]:
        return {path: self.read(path) for path in paths}


# --- finding the repository ------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def bundled_root() -> Path:
    """The files shipped inside the installed package (the bundled Iraq plan, schemas/,
    templates/): the folder of the package nhrp._bundle, as the import system finds it — the
    same in a wheel, a pipx or pre-commit environment and an editable checkout, never through
    the checkout's path. (A package installed as files is its own real path, which is what
    importlib.resources would give too, after importing ~3 ms of zip support; a zipped
    package has no folder to read, and is said to be incomplete.)"""
    spec = importlib.util.find_spec("nhrp._bundle")
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    root = Path(locations[0] if locations else "nhrp/_bundle")  # (named in the message below)
    missing = [name for name in (PLAN_FILE, "schemas", "templates", DATA)
               if not locations or not (root / name).exists()]
    if missing:
        raise EnvironmentProblem(f"the installed nhrp package is incomplete: {root} lacks "
                                 f"{', '.join(missing)}; reinstall nhrp")
    return _through_checkout_links(root)


def _through_checkout_links(root: Path) -> Path:
    """In a source checkout the bundle's entries are links to the repository's top-level
    files; reading a plan never follows links, so hand out the folder they lead to."""
    targets = {(root / name).resolve().parent for name in (PLAN_FILE, DATA, "schemas", "templates")
               if (root / name).is_symlink()}
    return targets.pop() if len(targets) == 1 else root


NO_PLAN_HINT = ("pass --repo DIR (or set NHRP_REPO), make a plan repository with "
                "'nhrp init --example iraq DIR' (a copy of the Iraq plan) or 'nhrp init DIR', "
                "or a practice plan with 'nhrp sandbox DIR'")


class Found(NamedTuple):
    """Where a command found its plan: a plan folder, or a bare repository (history only)."""

    path: Path
    bare: bool
    how: str  # "--repo", "NHRP_REPO", "folder" (the nearest folder upwards with nhrp.yaml)


def locate(explicit: str | os.PathLike | None = None, *, cwd: Path | None = None) -> Found:
    """The one rule every command follows: --repo, else $NHRP_REPO, else the nearest folder
    upwards with nhrp.yaml, else the bare repository the current folder is in. Outside any
    plan: exit 3 with a hint — never a silent switch to the bundled plan."""
    env = settings.current().repo
    given, how = (explicit, "--repo") if explicit else (env, "NHRP_REPO")
    if given:
        root = Path(given).expanduser().resolve()
        if (root / PLAN_FILE).is_file():
            return Found(root, False, how)
        bare = _bare_repository(root) if root.is_dir() else None
        if bare is not None:
            return Found(bare, True, how)
        what = "does not exist" if not root.exists() else f"has no {PLAN_FILE}"
        raise EnvironmentProblem(f"{root} (from {how}) is not a plan repository: it {what}. "
                                 f"To start: {NO_PLAN_HINT}")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PLAN_FILE).is_file():
            return Found(folder, False, "folder")
    bare = _bare_repository(here)
    if bare is not None:
        return Found(bare, True, "folder")
    raise EnvironmentProblem(f"no plan here: neither {here} nor a folder above it has "
                             f"{PLAN_FILE}. To start: {NO_PLAN_HINT}")


def _bare_repository(folder: Path) -> Path | None:
    """The bare git repository ``folder`` is in, or None (also when git is missing)."""
    found = git.locate(folder)
    return found.git_dir if found is not None and found.bare else None


def find_root(explicit: str | os.PathLike | None = None, *, cwd: Path | None = None,
              found: Found | None = None) -> Path:
    """The plan folder (see :func:`locate`) for commands that read files: a bare repository
    has none, so they need --at there."""
    found = found or locate(explicit, cwd=cwd)
    if found.bare:
        raise UsageError(f"{found.path} is a bare repository (a repository without a working "
                         "folder): there are no files to read here; use --at REV (a commit, tag "
                         "or date, e.g. --at main; status, list, show and report have it), or "
                         "run this in a clone of it")
    return found.path
