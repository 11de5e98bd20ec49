"""What every command shares, so one flag means one thing everywhere: the shared options
(``format_option``, ``lang_option``, ``duty_bearer_option``, ``theme_option``, ``at_option``,
``template_option``, ``commit_option``), finding the plan (``plan_root``, ``repository``,
``read_plan``), today's date, and output (``out``, ``say``, ``write_out``, ``left_out``)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path

import typer

from nhrp.core import settings
from nhrp.errors import ExitCode, UsageError


@dataclass
class State:
    repo: str | None = None
    traceback: bool = False


def command_group(name: str, help: str) -> typer.Typer:
    """A group of subcommands (``nhrp new …``, ``nhrp activity …``), set up like the main app:
    no completion, no pretty tracebacks (the one error boundary reports), plain help text."""
    return typer.Typer(name=name, help=help, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, pretty_exceptions_show_locals=False,
                       rich_markup_mode=None)


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj or State()


def plan_root(ctx: typer.Context) -> Path:
    """The plan folder this command works on (the one rule: see ``layout.locate``); a bare
    repository is a usage error here (exit 2: use --at)."""
    from nhrp.core.layout import find_root, locate

    found = locate(state(ctx).repo)
    find_root(found=found)  # a bare repository has no files to read: exit 2, use --at
    return _announced(found)


def repository(ctx: typer.Context) -> Path:
    """The plan folder or bare repository that history (log, diff, --at) reads."""
    from nhrp.core.layout import locate

    return _announced(locate(state(ctx).repo))


def read_plan(ctx: typer.Context, at: str | None):
    """The plan a reading command reads (a :class:`nhrp.core.reading.Reading`): the working
    tree, or with ``--at`` the plan as it stood then, read from git."""
    from nhrp.core import reading

    if at is not None:
        return reading.at_revision(repository(ctx), at, today())
    return reading.working_tree(plan_root(ctx), today())


def _announced(found) -> Path:
    """Say on stderr which plan is read when nobody named it on the command line and it is
    not the current folder's (found upwards, or through $NHRP_REPO)."""
    try:
        here = Path.cwd().resolve()
    except OSError:
        here = None
    if found.how != "--repo" and found.path != here:
        say(f"nhrp: using the plan in {found.path}", err=True)
    return found.path


def language(lang: str | None, plan, default: str | None = None) -> str:
    """The one rule for --lang: one of the plan's languages or of nhrp's catalogues (en, ar,
    ckb); anything else is a usage error (exit 2), never English in disguise. Without --lang:
    ``default``, else the plan's first language."""
    from nhrp.core.layout import bundled_root

    languages = list(getattr(plan, "languages", None) or ["en"])
    if lang is None:
        return default or languages[0]
    catalogues = sorted(p.stem for p in (bundled_root() / "templates" / "i18n").glob("*.yaml"))
    known = list(dict.fromkeys(languages + catalogues))
    if lang not in known:
        raise UsageError(f"--lang {lang}: unknown language; use one of {', '.join(known)} (the "
                         f"plan's languages: {', '.join(languages)})")
    return lang


TODAY_RANGE = (dt.date(1900, 1, 1), dt.date(2200, 12, 31))


def today() -> dt.date:
    """Today, or $NHRP_TODAY (YYYY-MM-DD, 1900-01-01 … 2200-12-31) so that examples and tests
    are reproducible. Dates far outside that range only break date arithmetic (a month before
    0001-01-01 does not exist)."""
    fixed = settings.current().today
    if fixed:
        try:
            day = dt.date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"NHRP_TODAY={fixed!r} is not a date (YYYY-MM-DD)") from None
        first, last = TODAY_RANGE
        if not first <= day <= last:
            raise UsageError(f"NHRP_TODAY={fixed} is outside {first} … {last}; set a date in "
                             "that range or unset it")
        return day
    return dt.date.today()


_DIGITS = {**{0x0660 + d: str(d) for d in range(10)}, **{0x06F0 + d: str(d) for d in range(10)}}


def parse_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:  # ٢٠٢٤-٠٦-٣٠ as typed on an Arabic or Kurdish keyboard
        return dt.date.fromisoformat(value.strip().translate(_DIGITS)).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


# --- Output formats ----------------------------------------------------------------------
# Each command family offers its own formats; --format/-f is declared through format_option()
# only, so that it behaves the same everywhere: choices listed in --help, a wrong one is a
# usage error (exit 2), and wherever Markdown is offered both spellings work ("md" for
# short, "markdown" as CI workflows write it).


class TableFormat(StrEnum):
    """Commands that print rows (list, log, vocab, participation, repeats)."""

    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"


class CheckFormat(StrEnum):
    """Output of commands that check something (validate, check-scope)."""

    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    """A result for people or machines (status, diff)."""

    text = "text"
    json = "json"
    markdown = "markdown"


class TextFormat(StrEnum):
    """Text for people or JSON for machines (show, import)."""

    text = "text"
    json = "json"


class DocumentFormat(StrEnum):
    """A document to file (report, review)."""

    html = "html"
    md = "md"


MARKDOWN_SPELLINGS = ("markdown", "md")


def _format_parser(formats: type[Enum]):
    """str -> a member of ``formats``; a Markdown spelling the enum does not list stands for
    the one it lists; anything else is a usage error that lists the choices."""
    values = [f.value for f in formats]
    offered = [v for v in MARKDOWN_SPELLINGS if v in values]
    aliases = {v: offered[0] for v in MARKDOWN_SPELLINGS} if offered else {}

    def parse(value):
        if isinstance(value, formats):
            return value
        value = aliases.get(value, value)
        if value not in values:
            listed = ", ".join(repr(v) for v in values)
            raise typer.BadParameter(f"{value!r} is not one of {listed}.")
        return formats(value)

    return parse


def format_option(formats: type[Enum], default: Enum, help: str):
    """``--format/-f``: one of ``formats`` (a str Enum such as :class:`TableFormat`); the
    command receives the enum member. Markdown, where offered, answers to md and markdown."""
    values = [f.value for f in formats]
    if any(v in MARKDOWN_SPELLINGS for v in values):
        help += " Markdown: md or markdown."
    return typer.Option(default, "--format", "-f", parser=_format_parser(formats),
                        metavar=f"<{'|'.join(values)}>", help=help)


# --- Options shared by many commands -----------------------------------------------------

LANG_HELP = "ar, en or ckb (default: the plan's first language)."
AT_HELP = "The plan as it stood then, read from git: a commit, tag or date (YYYY-MM-DD)."
TEMPLATE_HELP = "A folder of templates that override the bundled ones and the plan's own " \
    "templates/ (same names, e.g. report/report.html.j2, i18n/ar.yaml)."


def lang_option(help: str = LANG_HELP, default=None):
    """``--lang LANG``: a language of the plan or of nhrp's catalogues; check the value with
    :func:`language`. Repeatable when the parameter is a list."""
    return typer.Option(default, "--lang", metavar="LANG", help=help)


def duty_bearer_option(help: str = "Only this duty bearer, e.g. federal or krg.", default=None):
    """``--duty-bearer DUTY_BEARER`` (``...`` as default makes it required)."""
    return typer.Option(default, "--duty-bearer", metavar="DUTY_BEARER", help=help)


def theme_option(help: str = "Only this thematic file.", default=None):
    """``--theme THEME``: a thematic file's id (or name); repeatable when a list."""
    return typer.Option(default, "--theme", metavar="THEME", help=help)


def at_option(help: str = AT_HELP):
    """``--at WHEN``: the plan as it stood at a commit, tag or date, read from git."""
    return typer.Option(None, "--at", metavar="WHEN", help=help)


def template_option(help: str = TEMPLATE_HELP):
    """``--template DIR``: templates that override the bundled ones."""
    return typer.Option(None, "--template", metavar="DIR", help=help)


def commit_option(help: str = "Record the change as a git commit."):
    """``--commit``: a writing command records its change as a git commit."""
    return typer.Option(False, "--commit", help=help)


def finish_check(output: str, ok: bool, fmt: CheckFormat, job_summary) -> None:
    """Print a check's result; with --format github also append ``job_summary()`` (Markdown)
    to $GITHUB_STEP_SUMMARY when set; exit 1 when the check failed."""
    out(output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == CheckFormat.github and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(job_summary())
    if not ok:
        fail(ExitCode.INVALID)


def console():
    from nhrp.escape import console as guarded_console

    return guarded_console(soft_wrap=True)


def out(text: str) -> None:
    """Plain output (machine formats), as given. What the output's encoding cannot hold (a
    file name that is not UTF-8 arrives as a lone surrogate) is written as a backslash escape
    — in JSON a valid one — rather than failing."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))


def write_out(path: Path | None, text: str) -> None:
    """A document (report, review) to standard output, or to the file ``--out`` names."""
    if path is None:
        out(text)
        return
    from nhrp.core.outfile import write_document

    write_document(path, text)
    say(f"wrote {path}", err=True)


def left_out(plan) -> None:
    """The end of a reading command that printed what it could: when files were left out
    (unreadable, or breaking their schema), name each with its problem and exit 1 — a figure
    computed without them must not pass for the plan's."""
    problems = getattr(plan, "unreadable", None) or []
    if not problems:
        return
    from nhrp.core.names import plural

    say(f"nhrp: {plural(len(problems), 'file was', 'files were')} left out, so what is shown "
        "is incomplete:", err=True)
    for p in problems:
        where = f"{p.path}:{p.line}:{p.column}" if p.line else p.path
        say(f"  {where}: {p.code} {p.message}", err=True)
    say("nhrp: fix them ('nhrp validate' explains each problem) and run this again", err=True)
    fail(ExitCode.INVALID)


def say(text: str, *, err: bool = False) -> None:
    """Human output through the terminal channel (:func:`nhrp.escape.terminal_text`):
    paths and values in it cannot bring control sequences or start a workflow command."""
    from nhrp.escape import terminal_text

    typer.echo(terminal_text(text), err=err)


def fail(code: ExitCode) -> None:
    raise typer.Exit(int(code))


def report_change(change) -> None:
    """What a writing command did (nhrp.core.edit.Change), one line per file."""
    for path in change.written:
        say(f"updated {path}")
    if change.unchanged:
        say(f"already so, unchanged: {', '.join(change.unchanged)}")
    if change.commit:
        say(f"committed {change.commit}")
    if not change.written and not change.unchanged:
        say("nothing to change")
