"""What a run starts before typer has read the command line (importing typer and building the
command take ~50 ms of each run): finding the command in the arguments, and for the three
pull-request commands what they ask git first, which the command then takes over:
``validate --changed-since REV`` its look at the working tree (a tenth of a second or more on
a large plan), the index listing and the committed change (:class:`nhrp.core.branch.Early`);
``check-scope --base BASE`` and ``diff BASE HEAD`` the two commits and the change between them
(:class:`nhrp.core.scope.Early`, :class:`nhrp.core.revdiff.Early`), on a thread that only
waits on git. Typer still reads the command line: the command takes what was started only for
the same plan and revisions; git still working on what it did not take is ended at exit (a
usage error, other revisions than typer reads: ``nhrp.core.store.git``)."""

from __future__ import annotations

from pathlib import Path

# The root options, for finding the command in the arguments: those that take a value, and
# the flags that the command may follow (--help and --version end the run before any command).
ROOT_VALUE_OPTIONS = ("--repo", "-C")
ROOT_FLAGS = ("--traceback",)
# diff's options that take a value, for finding its BASE and HEAD among its arguments
DIFF_VALUE_OPTIONS = ("--format", "-f")


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


_started: dict[str, tuple] = {}  # command -> (plan folder, what was asked, what was started)


def start(argv: list[str]) -> None:
    """Start what the command of ``argv`` will need first."""
    name, repo = command_name(argv)
    asked = questions(name, argv)
    if asked is None:
        return
    from nhrp.core import layout

    try:
        found = layout.locate(repo)
        if not found.bare or name == "diff":  # the other two say a bare repository is wrong
            _started[name] = (found.path, asked, _BEGIN[name](found.path, *asked))
    except Exception:  # no plan here, no git: the command says so, in its own words
        return


def questions(name: str | None, argv: list[str]) -> tuple[str, ...] | None:
    """What the command ``name`` will ask git about, as typer will most likely read it from
    ``argv`` (for an option given twice, the last one): validate's REV of --changed-since,
    check-scope's --base and --head, diff's BASE and HEAD; None when there is nothing to ask
    or the arguments are not plain enough to read here (--help anywhere: the run ends first)."""
    if "--help" in argv or "-h" in argv:
        return None
    if name == "validate":
        rev = _value(argv, "--changed-since")
        return (rev,) if rev else None
    if name == "check-scope":
        base = _value(argv, "--base")
        return (base, _value(argv, "--head") or "HEAD") if base else None
    if name == "diff":
        revs = _positionals(argv[argv.index(name) + 1:], DIFF_VALUE_OPTIONS)
        return tuple(revs) if revs is not None and len(revs) == 2 else None
    return None


def _value(argv: list[str], option: str) -> str | None:
    value = None
    for arg, after in zip(argv, [*argv[1:], None]):
        if arg == option:
            value = after
        elif arg.startswith(option + "="):
            value = arg[len(option) + 1:]
    return value or None


def _positionals(args: list[str], valued: tuple[str, ...]) -> list[str] | None:
    """The arguments of ``args`` that are not options, when every option is one of ``valued``
    (which take a value); None otherwise (--help, an option this does not know, ``--``)."""
    found, rest = [], iter(args)
    for arg in rest:
        if arg in valued:
            next(rest, None)
        elif arg.startswith("--") and arg.partition("=")[0] in valued:
            continue
        elif arg.startswith("-") and arg != "-":
            if not any(arg.startswith(v) for v in valued if not v.startswith("--")):
                return None
        else:
            found.append(arg)
    return found


def _validate(root: Path, rev: str):
    from nhrp.core import branch
    from nhrp.core.rules import neighbours

    return branch.Early(root, rev, neighbours.LISTED)


def _check_scope(root: Path, base: str, head: str):
    from nhrp.core import scope

    return scope.Early(root, base, head)


def _diff(root: Path, base: str, head: str):
    from nhrp.core import revdiff

    return revdiff.Early(root, base, head)


_BEGIN = {"validate": _validate, "check-scope": _check_scope, "diff": _diff}


def early(name: str, root: Path, *asked: str):
    """What was started for the command ``name`` in ``root`` about ``asked`` (the revisions
    typer read), or None."""
    started = _started.get(name)
    if started is None or started[:2] != (root, asked):
        return None
    return _started.pop(name)[2]
