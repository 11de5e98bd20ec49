"""Options shared by commands, so one flag means one thing everywhere."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import typer

from nhrp.errors import ExitCode, UsageError


@dataclass
class State:
    repo: str | None = None
    traceback: bool = False


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj or State()


def plan_root(ctx: typer.Context, *, allow_bundled: bool = True) -> Path:
    from nhrp.core.layout import find_root

    return find_root(state(ctx).repo, allow_bundled=allow_bundled)


def today() -> dt.date:
    """Today, or $NHRP_TODAY (YYYY-MM-DD) so that examples and tests are reproducible."""
    fixed = os.environ.get("NHRP_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"NHRP_TODAY='{fixed}' is not a date (YYYY-MM-DD)") from None
    return dt.date.today()


_DIGITS = {**{0x0660 + d: str(d) for d in range(10)}, **{0x06F0 + d: str(d) for d in range(10)}}


def parse_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:  # ٢٠٢٤-٠٦-٣٠ as typed on an Arabic or Kurdish keyboard
        return dt.date.fromisoformat(value.strip().translate(_DIGITS)).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD") from None


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"


class CheckFormat(str, Enum):
    """Output of commands that check something (validate, check-scope)."""

    text = "text"
    json = "json"
    github = "github"


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


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def console():
    from rich.console import Console

    return Console(soft_wrap=True)


def out(text: str) -> None:
    """Plain output (machine formats), as given. What the output's encoding cannot hold (a
    file name that is not UTF-8 arrives as a lone surrogate) is written as a backslash escape
    — in JSON a valid one — rather than failing."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))


def fail(code: ExitCode) -> None:
    raise typer.Exit(int(code))


def report_change(change) -> None:
    """What a writing command did (nhrp.core.edit.Change), one line per file."""
    for path in change.written:
        typer.echo(f"updated {path}")
    if change.unchanged:
        typer.echo(f"already so, unchanged: {', '.join(change.unchanged)}")
    if change.commit:
        typer.echo(f"committed {change.commit}")
    if not change.written and not change.unchanged:
        typer.echo("nothing to change")
