"""The one module of nhrp that runs git: one process per question, never one per file.

Every other module asks git through these functions (history, diff, scope checks, the caches,
``validate --changed-since``, the writing commands' ``--commit``, the sandbox): so options that
user configuration could change are spelt out once, and a missing ``git`` is one clear message.

Why the ``git`` command and not GitPython (measured on the 10,000-recommendation benchmark
plan, 30,091 files): listing a commit's tree takes 0.23 s with ``git ls-tree -r -z`` against
1.9 s for GitPython's tree walk, reading every blob 0.7 s through one ``git cat-file --batch``
against 1.0 s through GitPython's object database, and GitPython's commit walk spawns
``git rev-list`` anyway; plumbing with ``-z`` output is exact about unusual file names, and
it adds no dependency.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from nhrp.errors import EnvironmentProblem, UsageError

MISSING = "git is not installed or not on PATH"


def installed() -> bool:
    return shutil.which("git") is not None


def call(repo: Path | None, *args: str, input: bytes | None = None,
         env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``git [-C repo] args`` and return what happened (bytes), whatever the exit code;
    a missing git is an environment problem (exit 3)."""
    where = ["-C", str(repo)] if repo is not None else []
    process = _start(repo, ["git", *where, *args], env=env,
                     stdin=subprocess.PIPE if input is not None else None)
    try:
        out, err = process.communicate(input)
    except BaseException:  # Ctrl-C: git ends with the question (as subprocess.run does)
        process.kill()
        process.wait()
        raise
    finally:
        _RUNNING.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _start(repo: Path | None, argv: list[str], **options) -> subprocess.Popen:
    """Start git with its output captured: every git process of nhrp starts here, so that at
    exit none is left running (:func:`_end_questions`)."""
    with _STARTING:
        if _ENDING:
            raise EnvironmentProblem("nhrp is ending: no more questions to git")
        try:
            process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       **options)
        except FileNotFoundError:
            raise EnvironmentProblem(MISSING) from None
        except NotADirectoryError:
            raise EnvironmentProblem(f"{repo} is not a folder") from None
        _RUNNING.add(process)
    return process


def last_line(done: subprocess.CompletedProcess, default: str = "failed") -> str:
    """git's own last line of complaint (stderr, else stdout)."""
    lines = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else default


def run(repo: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    """Standard output of ``git -C repo args``; with ``check`` a failure is exit 3."""
    done = call(repo, *args, input=input)
    if check and done.returncode != 0:
        raise EnvironmentProblem(f"git {args[0]}: {last_line(done)}")
    return done.stdout


def _quiet(repo: Path, *args: str) -> subprocess.CompletedProcess | None:
    """For questions whose honest answer may be "no git here": None when git cannot run."""
    try:
        return call(repo, *args)
    except EnvironmentProblem:
        return None


# --- where the repository is -----------------------------------------------------------------

class Location(NamedTuple):
    """The repository holding a folder: its git directory, whether it is bare, and where the
    folder sits inside it (``prefix``: '' at the top, always '' in a bare repository)."""

    git_dir: Path
    bare: bool
    prefix: str


def locate(path: Path) -> Location | None:
    """The repository holding ``path`` (also a subfolder, a worktree or a bare repository), or
    None outside git or without git. The one way nhrp finds a git directory."""
    done = _quiet(Path(path), *_LOCATE)
    if done is None or done.returncode != 0:
        return None
    return _location(done)


_LOCATE = ("rev-parse", "--absolute-git-dir", "--is-bare-repository", "--show-prefix")


def _location(done) -> Location:
    lines = done.stdout.decode("utf-8", "surrogateescape").split("\n")
    bare = lines[1] == "true"
    return Location(Path(lines[0]), bare, "" if bare else lines[2])


def locate_or_explain(path: Path) -> Location:
    """:func:`locate` for the commands that need git (history): exit 3 saying why not."""
    path = Path(path)
    if not path.is_dir():
        raise EnvironmentProblem(f"{path} is not a folder")
    done = call(path, *_LOCATE)
    if done.returncode != 0:
        reason = last_line(done, "")
        if reason and "not a git repository" not in reason:
            raise EnvironmentProblem(f"git cannot read {path}: {reason}")
        raise EnvironmentProblem(f"{path} is not a git repository; history (log, diff, --at) is "
                                 "read from git: commit the plan with 'git init' and 'git commit'")
    return _location(done)


def git_dir(path: Path) -> Path | None:
    """The git directory of the repository holding ``path``, or None outside git."""
    found = locate(path)
    return found.git_dir if found is not None else None


def is_repository(repo: Path) -> bool:
    return locate(repo) is not None


def require_repository(repo: Path) -> None:
    if not is_repository(repo):
        raise EnvironmentProblem(f"{repo} is not a git repository (history needs git)")


def is_top(root: Path) -> bool:
    """Whether ``root`` is the top of a (non-bare) repository's working tree."""
    found = locate(root)
    return found is not None and not found.bare and found.prefix == ""


# --- revisions -------------------------------------------------------------------------------

def verify(repo: Path, rev: str) -> str | None:
    """Full commit id of ``rev``, or None when it names no commit."""
    done = _quiet(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return done.stdout.decode().strip() if done is not None and done.returncode == 0 else None


def resolve(repo: Path, rev: str) -> str:
    """Full commit id of ``rev``; a usage error (exit 2) when it does not exist."""
    require_repository(repo)
    found = verify(repo, rev)
    if found is None:
        raise UsageError(f"'{rev}' is not a commit, branch or tag in {repo}")
    return found


def merge_base_of(done: subprocess.CompletedProcess) -> str | None:
    """The answer of ``git merge-base``: None when there is none."""
    return done.stdout.decode().strip() if done.returncode == 0 else None


class Changed(NamedTuple):
    status: str  # A added, M modified, D deleted, T type changed, U conflicting (renames: D + A)
    path: str


def ls_files(repo: Path, *args: str) -> list[str]:
    """``git ls-files -z args``: paths relative to ``repo``; [] outside git."""
    done = _quiet(repo, "ls-files", "-z", *args)
    if done is None or done.returncode != 0:
        return []
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def tree_names(repo: Path, treeish: str, *paths: str) -> list[str]:
    """The files under ``paths`` (relative to ``repo``) in a commit or tree, by name only:
    reading a commit's tree costs less than comparing the working tree with it."""
    out = run(repo, "ls-tree", "-r", "-z", "--name-only", treeish, "--", *paths)
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def grep_files(repo: Path, words: set[str], *paths: str) -> list[str]:
    """Tracked files under ``paths`` (their working-tree content) that contain one of
    ``words`` as a whole word. ``git grep`` exits 1 when no file matches, hence no check."""
    if not words:
        return []
    patterns = [arg for word in sorted(words) for arg in ("-e", word)]
    out = run(repo, "grep", "-l", "-z", "-w", "-F", *patterns, "--", *paths, check=False)
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def cat_blobs(repo: Path, oids: list[str]) -> dict[str, bytes]:
    """``{oid: contents}`` for many objects through one ``git cat-file --batch`` process."""
    wanted = list(dict.fromkeys(oids))
    if not wanted:
        return {}
    raw = run(repo, "cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
    out, pos = {}, 0
    for oid in wanted:
        header_end = raw.index(b"\n", pos)
        header = raw[pos:header_end].split()
        if len(header) != 3:
            raise EnvironmentProblem(f"git object {oid} is missing from this clone (a partial "
                                     "clone?); fetch it and try again")
        start = header_end + 1
        out[oid] = raw[start:start + int(header[2])]
        pos = start + int(header[2]) + 1
    return out


def status_process(root: Path, paths: tuple[str, ...]) -> Background | None:
    """``git status`` of the tracked ``paths``, started in the background (it runs on another
    core meanwhile); None when git cannot run. Read it with :meth:`Background.finished`."""
    try:
        return Background(root, "--no-optional-locks", "status", "--porcelain=v2", "--branch",
                          "-z", "--untracked-files=no", "--", *paths)
    except EnvironmentProblem:
        return None


# --- merging ---------------------------------------------------------------------------------

MERGE_TREE_SINCE = (2, 38)


def version(repo: Path) -> tuple[int, ...]:
    """git's version as numbers, e.g. (2, 39, 2)."""
    words = run(repo, "version").decode("utf-8", "replace").split()
    numbers = []
    for part in (words[2] if len(words) > 2 else "0").split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers)


class Merge(NamedTuple):
    """What merging two commits produces: the resulting tree, and the files that conflict."""

    tree: str
    conflicts: tuple[str, ...]


def merge_result(repo: Path, base: str, head: str) -> Merge:
    """The tree that merging ``head`` into ``base`` would produce, computed as ``git merge``
    does (every merge base, a virtual one for criss-cross histories) without touching the
    working tree or the index. The net change of a branch is ``base`` → this tree; comparing
    with one merge base instead can hide what a merge deletes or reverts (docs/security.md)."""
    done = call(repo, "merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", base,
                head)
    parts = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    if done.returncode not in (0, 1) or not parts[0]:
        found = version(repo)  # asked only when merge-tree fails: one process less
        if found < MERGE_TREE_SINCE:
            shown = ".".join(map(str, found)) or "unknown"
            raise EnvironmentProblem(
                f"judging what a merge changes needs git "
                f"{'.'.join(map(str, MERGE_TREE_SINCE))} or newer ('git merge-tree "
                f"--write-tree'); this is git {shown}: upgrade git")
        raise EnvironmentProblem(f"git merge-tree: {last_line(done)}")
    conflicts = tuple(dict.fromkeys(p for p in parts[1:] if p)) if done.returncode == 1 else ()
    return Merge(parts[0], conflicts)


# --- writing ---------------------------------------------------------------------------------

def clean(merge: Merge, base_label: str, head_label: str,
          error: type[Exception] = UsageError) -> str:
    """The tree of ``merge``, or ``error`` naming the files that conflict (the one wording of
    that refusal: ``diff`` calls it a usage error, ``validate --changed-since`` a data
    error)."""
    if merge.conflicts:
        raise error(f"merging {head_label} into {base_label} conflicts in "
                    f"{', '.join(merge.conflicts)}: merge {base_label} into the branch and "
                    "resolve the conflicts first")
    return merge.tree


def commit_env(author: tuple[str, str] | None = None, when: str | None = None) -> dict:
    """The environment for a commit nhrp makes itself (sandbox): a fixed author and date, and
    no system configuration."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    if author:
        env.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
                   GIT_COMMITTER_NAME=author[0], GIT_COMMITTER_EMAIL=author[1])
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return env


# options for commits nhrp makes on its own: unsigned, no line-ending rewrite, no hooks
QUIET_COMMITS = ("-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
                 "-c", "core.hooksPath=/dev/null")


# --- comparing and listing trees ------------------------------------------------------------

GITLINK = "160000"  # a submodule: a commit, not a file


class RawChange(NamedTuple):
    """One file that differs between two trees, with its (mode, blob id) on each side."""

    status: str  # A added, M modified, D deleted, T type changed
    path: str  # from the top of the repository
    old: tuple[str, str] | None  # None: absent before
    new: tuple[str, str] | None  # None: absent after


def _pathspecs(paths: Iterable[str]) -> list[str]:
    return [f":(top,literal){p}" for p in paths]


def raw_diff(top: Path, old: str, new: str, paths: Iterable[str] = ()) -> list[RawChange]:
    """The files that differ between two commits or trees (under ``paths``, from the top of
    the repository), sorted by path: one ``git diff-tree``, which compares tree objects and
    reads no file, however large the plan."""
    raw = run(top, "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old, new, "--",
                    *_pathspecs(paths))
    tokens = raw.decode("utf-8", "surrogateescape").split("\0")
    out = []
    for meta, path in zip(tokens[0:-1:2], tokens[1::2]):
        fields = meta.lstrip("\n")[1:].split()
        if not meta.lstrip("\n").startswith(":") or len(fields) != 5:
            raise EnvironmentProblem("git diff-tree gave output nhrp does not understand")
        old_mode, new_mode, old_oid, new_oid, status = fields
        out.append(RawChange(status[0], path,
                             None if old_mode == "000000" else (old_mode, old_oid),
                             None if new_mode == "000000" else (new_mode, new_oid)))
    return sorted(out, key=lambda c: c.path)


def ls_tree(top: Path, treeish: str, paths: Iterable[str],
            names: Iterable[str] | None = None) -> dict[str, tuple[str, str, str]]:
    """``{path: (mode, type, object id)}`` of the files under ``paths`` (from the top of the
    repository; none: nothing) in a commit or tree; with ``names``, only the files so named
    (picked out of git's output as bytes: 100,000 files listed cost no Python loop)."""
    paths, out = list(paths), {}
    for i in range(0, len(paths), 1000):  # stay far below the argument-list limit
        raw = run(top, "ls-tree", "-r", "-z", "--full-tree", treeish, "--",
                        *_pathspecs(paths[i:i + 1000]))
        items = raw.split(b"\0") if names is None else _named(raw, names)
        for item in items:
            if item:
                meta, path = item.decode("utf-8", "surrogateescape").split("\t", 1)
                mode, kind, oid = meta.split()
                out[path] = (mode, kind, oid)
    return out


def _named(raw: bytes, names: Iterable[str]) -> list[bytes]:
    found = []
    for name in names:
        needle = b"/" + name.encode("utf-8", "surrogateescape") + b"\0"
        at = raw.find(needle)
        while at != -1:
            found.append(raw[raw.rfind(b"\0", 0, at) + 1:at + len(needle) - 1])
            at = raw.find(needle, at + 1)
    return found


# --- the pull-request path: only the paths a change needs -----------------------------------

SYMLINK = "120000"

class Background:
    """A git command started now and read later (:meth:`output`): it runs on the other core
    while nhrp does its own work."""

    def __init__(self, repo: Path, *args: str) -> None:
        self.args = args
        self.process = _start(repo, ["git", "-C", str(repo), *args])

    def output(self) -> bytes:
        done = self.finished()
        if done.returncode != 0:
            raise EnvironmentProblem(f"git {self.args[0]}: {last_line(done)}")
        return done.stdout

    def finished(self) -> subprocess.CompletedProcess:
        """What happened, whatever the exit code (as :func:`call`)."""
        out, err = self.process.communicate()
        _RUNNING.discard(self.process)
        return subprocess.CompletedProcess(self.args, self.process.returncode, out, err)

    def stop(self) -> None:
        """End the command if it still runs (its answer is no longer wanted)."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        _RUNNING.discard(self.process)


class Meanwhile:
    """A question to git (any function of this module's, or one composed of them) asked on a
    thread while the caller goes on: git works in its own process, so the thread only waits
    and Python's own work is not slowed. :meth:`result` gives the answer, or raises what the
    question raised. A question whose answer nobody takes (the run ended first: an error,
    ``--help``, Ctrl-C) is ended at exit with its git process (:func:`_end_questions`)."""

    def __init__(self, question: Callable, *args) -> None:
        self._answer: tuple = (None, None)
        self._thread = threading.Thread(target=self._ask, args=(question, *args), daemon=True,
                                        name=f"nhrp: git {getattr(question, '__name__', '')}")
        _ASKING.add(self._thread)
        self._thread.start()

    def _ask(self, question: Callable, *args) -> None:
        try:
            self._answer = question(*args), None
        except BaseException as error:  # raised again where the answer is taken
            self._answer = None, error
        finally:
            _ASKING.discard(self._thread)

    def result(self):
        self._thread.join()
        answer, error = self._answer
        if error is not None:
            raise error
        return answer


_ASKING: set[threading.Thread] = set()  # the questions still being asked
_RUNNING: set[subprocess.Popen] = set()  # git processes not yet read to the end
_STARTING = threading.Lock()  # starting a git process, or ending them all at exit
_ENDING = False


@atexit.register
def _end_questions() -> None:
    """At exit nobody will take the answers still being asked (the questions on threads, git
    started and never read): start no more git, kill what runs, and let the threads, which
    only wait on git, end. No git process of a run outlives it, and an exit is not held up by
    questions nobody wants."""
    global _ENDING
    with _STARTING:
        _ENDING = True
        running = list(_RUNNING)
    for process in running:
        if process.poll() is None:
            process.kill()
            process.wait()  # gone, not left for the system to reap
    try:
        for thread in list(_ASKING):
            if thread.is_alive():  # not one another thread is still starting
                thread.join(timeout=5)
    except KeyboardInterrupt:  # a second Ctrl-C: leave now
        pass
