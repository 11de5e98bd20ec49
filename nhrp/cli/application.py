"""The ``nhrp`` application (typer) and its single error boundary; the entry point, which runs
it, is :mod:`nhrp.cli.app`.

Exit codes: 0 ok; 1 the data is invalid or a check failed; 2 usage error; 3 environment
(no plan repository, not a git repository, unreadable file); 70 internal error (a bug).
"""

from __future__ import annotations

import functools
import importlib
import keyword
from typing import Optional

import typer
import typer.core
from typer.core import TyperGroup

from nhrp import __version__
from nhrp.cli.common import State
from nhrp.cli.prelude import command_name
from nhrp.errors import ExitCode, NhrpError
from nhrp.escape import terminal_text

INTERNAL_ERROR = 70


class _Boundary(TyperGroup):
    """Every command runs inside this: domain errors become one line and an exit code."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except NhrpError as exc:
            if _wants_traceback(ctx):
                raise
            typer.echo(terminal_text(f"nhrp: {exc}"), err=True)
            ctx.exit(int(exc.exit_code))
        except OSError as exc:
            if _wants_traceback(ctx):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(terminal_text(f"nhrp: {where}{exc.strerror or exc}"), err=True)
            ctx.exit(int(ExitCode.ENVIRONMENT))
        except KeyboardInterrupt:
            say_interrupted()
            ctx.exit(130)
        except Exception as exc:  # a bug: say so briefly, without a traceback
            if _wants_traceback(ctx) or type(exc).__module__.startswith(("click", "typer")):
                raise  # usage errors and exits keep their own handling (exit 2, ...)
            typer.echo(terminal_text(f"nhrp: internal error: {type(exc).__name__}: {exc}\n"
                                     "Run again with --traceback and report it."), err=True)
            ctx.exit(INTERNAL_ERROR)


_INTERRUPTED: list[bool] = []  # said once a run


def say_interrupted() -> None:
    """``nhrp: interrupted`` on stderr, once: Ctrl-C ends a run with exit 130 wherever it
    lands (typer itself turns one that lands while it reads the command line into a silent
    exit 130, which :func:`nhrp.cli.app.main` completes with these words)."""
    if not _INTERRUPTED:
        _INTERRUPTED.append(True)
        typer.echo("nhrp: interrupted", err=True)


class _PlainArgument(typer.core.TyperArgument):
    """Help for a clerk: arguments read ``FOLDER``, ``[RECOMMENDATION]...`` — not
    ``{directory}``, ``[[ID]...]...`` or ``<list[str]>``. Listed choices stay (``<text|json>``)."""

    def _plain_name(self) -> str:
        return (self.metavar or (self.name or "").upper()).strip("[]{}.")

    def _usage_display_name(self) -> str:
        name = self._plain_name() if self.required else f"[{self._plain_name()}]"
        return name + ("..." if self.nargs != 1 else "")

    def _rich_display_name(self) -> str:
        return self._usage_display_name()

    def display_type(self, ctx) -> str:
        return super().display_type(ctx) if self.type_descriptor.is_choice else ""


def _plain_arguments() -> None:
    import typer.main

    typer.main.TyperArgument = _PlainArgument  # where typer builds each command's arguments


_plain_arguments()


def _wants_traceback(ctx: typer.Context) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "traceback", False))


def _application() -> typer.Typer:
    """The application with its root options (:func:`_main`), before commands are added."""
    built = typer.Typer(
        cls=_Boundary,
        name="nhrp",
        help="Track how a State implements its UN human-rights recommendations. The plan is a "
             "folder of YAML files in git; nhrp validates, queries and reports on it.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_main)
    return built


def _version(value: bool) -> None:
    if value:
        from nhrp.core.schemas import format_version

        typer.echo(f"nhrp {__version__} (plan format {format_version()})")
        raise typer.Exit()


def _main(
    ctx: typer.Context,
    repo: Optional[str] = typer.Option(
        None, "--repo", "-C", metavar="FOLDER",
        help="The plan repository to use. Default: $NHRP_REPO, else the nearest folder "
             "upwards with nhrp.yaml. Outside a plan, commands stop and say how to make one."),
    traceback: bool = typer.Option(False, "--traceback", help="Show the Python traceback of "
                                   "an error (for bug reports)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    ctx.obj = State(repo=repo, traceback=traceback)


# Commands appear in --help in this order; a module not named here is added after them.
COMMAND_ORDER = ("init", "validate", "fmt", "status", "list", "show", "vocab", "assign", "assess",
                 "monitor", "new", "log", "diff", "report", "site", "sandbox", "import_",
                 "export", "check_scope", "schema")


def _register(target: typer.Typer) -> typer.Typer:
    """Each module in nhrp/cli/ that defines ``register(app)`` adds its command(s)."""
    import pkgutil

    import nhrp.cli

    names = [m.name for m in pkgutil.iter_modules(nhrp.cli.__path__)]
    ordered = [n for n in COMMAND_ORDER if n in names] + sorted(set(names) - set(COMMAND_ORDER))
    for name in ordered:
        module = importlib.import_module(f"nhrp.cli.{name}")
        if hasattr(module, "register"):
            module.register(target)
    return target


@functools.cache
def whole() -> typer.Typer:
    """The whole application with every command (help, tests); a run of one command builds
    only that command (:func:`for_command`)."""
    return _register(_application())


def for_command(argv: list[str]) -> typer.Typer:
    """The application to run ``argv`` with: when it names a command of a module called after
    it (``check-scope``: nhrp/cli/check_scope.py, ``import``: import_.py), the application
    with only that module's commands — building each command's options for typer costs ~30 ms
    a run, which every command paid for all the others; else the whole application, which
    prints the help and the errors about unknown commands."""
    name = command_name(argv)[0]
    if name is None or not name.replace("-", "").isalpha() or not name.islower():
        return whole()
    module_name = name.replace("-", "_") + ("_" if keyword.iskeyword(name) else "")
    try:
        module = importlib.import_module(f"nhrp.cli.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"nhrp.cli.{module_name}":
            raise
        return whole()
    if not hasattr(module, "register"):
        return whole()
    built = _application()
    module.register(built)
    names = {c.name for c in built.registered_commands} | \
        {g.name for g in built.registered_groups}
    return built if name in names else whole()
