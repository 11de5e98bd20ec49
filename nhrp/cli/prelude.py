"""What a run starts before typer has read the command line (importing typer and building the
command take ~50 ms of each run): finding the command in the arguments, and for
``validate --changed-since REV`` what git is asked first (:class:`nhrp.core.branch.Early`: its
look at the working tree, a tenth of a second or more on a large plan, the index listing and
the committed change), which the command then takes over. Typer still reads the command line:
what is started here is stopped at exit when the command does not take it (a usage error,
``--help``, another REV than typer reads)."""

from __future__ import annotations

import atexit
from pathlib import Path

# The root options, for finding the command in the arguments: those that take a value, and
# the flags that the command may follow (--help and --version end the run before any command).
ROOT_VALUE_OPTIONS = ("--repo", "-C")
ROOT_FLAGS = ("--traceback",)


def command_name(argv: list[str]) -> tuple[str | None, str | None]:
    """The command the arguments run (the first one after the root options), or None: no
    command, --help or --version, or an argument this cannot read (then the whole application
    decides); and the value of --repo (-C) when it is given."""
    args, repo = iter(argv), None
    for arg in args:
        if arg in ROOT_VALUE_OPTIONS:
            repo = next(args, None)
        elif arg.startswith("--repo="):
            repo = arg[len("--repo="):]
        elif arg.startswith("-C") and len(arg) > 2:
            repo = arg[2:]
        elif arg not in ROOT_FLAGS:
            return (None if arg.startswith("-") else arg), repo
    return None, repo


_started: dict[Path, object] = {}


def start(argv: list[str]) -> None:
    """Start what the command of ``argv`` will need first."""
    name, repo = command_name(argv)
    rev = changed_since(argv) if name == "validate" else None
    if rev is not None:
        from nhrp.core import branch, layout
        from nhrp.core.rules import neighbours

        try:
            found = layout.locate(repo)
            if not found.bare:
                _started[found.path] = branch.Early(found.path, rev, neighbours.LISTED)
                atexit.register(_stop)
        except Exception:  # no plan here, no git: the command says so, in its own words
            return


def changed_since(argv: list[str]) -> str | None:
    """The value of ``--changed-since`` as typer will most likely read it (the last one given);
    the command takes what was started only when typer reads the same."""
    rev = None
    for arg, after in zip(argv, [*argv[1:], None]):
        if arg == "--changed-since":
            rev = after
        elif arg.startswith("--changed-since="):
            rev = arg[len("--changed-since="):]
    return rev or None


def early(root: Path, rev: str):
    """What was started for ``root`` and ``rev`` (:class:`nhrp.core.branch.Early`), or None."""
    started = _started.get(root)
    if started is None or started.rev != rev:
        return None
    return _started.pop(root)


def _stop() -> None:
    for started in _started.values():
        started.stop()
    _started.clear()
