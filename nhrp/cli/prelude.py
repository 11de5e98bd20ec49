"""What a run starts before typer has read the command line (importing typer and building the
command take ~50 ms of each run): finding the command in the arguments, and for
``validate --changed-since`` git's look at the working tree (:func:`nhrp.core.branch.scan`,
a tenth of a second or more on a large plan, on the other core), which the command then takes
over. Typer still reads the command line: what is started here is stopped at exit when the
command does not take it (a usage error, ``--help``)."""

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


_started: dict[Path, tuple] = {}


def start(argv: list[str]) -> None:
    """Start what the command of ``argv`` will need first."""
    name, repo = command_name(argv)
    if name == "validate" and any(a.split("=")[0] == "--changed-since" for a in argv):
        from nhrp.core import branch, layout

        try:
            found = layout.locate(repo)
            if not found.bare:
                _started[found.path] = branch.scan(found.path)
                atexit.register(_stop)
        except Exception:  # no plan here, no git: the command says so, in its own words
            return


def scan(root: Path):
    """The scan started for ``root`` (:func:`nhrp.core.branch.scan`), or None."""
    return _started.pop(root, None)


def _stop() -> None:
    for processes in _started.values():
        for process in processes:
            process.stop()
    _started.clear()
