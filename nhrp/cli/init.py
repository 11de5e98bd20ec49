"""nhrp init"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common


def _names(en: str, ar: Optional[str], ckb: Optional[str]) -> dict:
    return {k: v for k, v in (("en", en), ("ar", ar), ("ckb", ckb)) if v}


def init(
    directory: Path = typer.Argument(..., help="Folder for the new plan (created if missing)."),
    state_code: str = typer.Option(..., "--state-code", metavar="STATE_CODE", prompt="ISO 3166 alpha-3 code of the State",
                                   help="e.g. IRQ"),
    state_name: str = typer.Option(..., "--state-name", metavar="STATE_NAME", prompt="Name of the State in English"),
    state_name_ar: Optional[str] = typer.Option(None, "--state-name-ar", metavar="STATE_NAME_AR"),
    state_name_ckb: Optional[str] = typer.Option(None, "--state-name-ckb", metavar="STATE_NAME_CKB"),
    name: str = typer.Option(..., "--name", metavar="NAME", prompt="Name of the plan in English"),
    name_ar: Optional[str] = typer.Option(None, "--name-ar", metavar="NAME_AR"),
    name_ckb: Optional[str] = typer.Option(None, "--name-ckb", metavar="NAME_CKB"),
    language: Optional[List[str]] = typer.Option(None, "--language", metavar="LANGUAGE", help="Plan language "
                                                 "(repeat; default: en)."),
    start: str = typer.Option("2021-01-01", "--start", metavar="DATE", help="First day of the plan period."),
    end: str = typer.Option("2025-12-31", "--end", metavar="DATE", help="Last day of the plan period."),
    cycle: int = typer.Option(3, "--cycle", metavar="CYCLE", help="UPR cycle the plan follows."),
    document: Optional[List[str]] = typer.Option(None, "--document", metavar="DOCUMENT", help="Document symbol of "
                                                 "the cycle's report (repeat)."),
    git: bool = typer.Option(True, "--git/--no-git", help="Run 'git init' in the folder."),
) -> None:
    """Create an empty, valid plan repository for any State."""
    from nhrp.core.scaffold import NewPlan, create

    code = state_code.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        from nhrp.errors import UsageError

        raise UsageError(f"--state-code {state_code!r} is not an ISO 3166 alpha-3 code such as IRQ")
    languages = list(dict.fromkeys(language or ["en"]))
    spec = NewPlan(
        state_code=code, state_names=_names(state_name, state_name_ar, state_name_ckb),
        plan_names=_names(name, name_ar, name_ckb),
        languages=languages if "en" in languages else languages + ["en"],
        start=common.parse_date(start, "--start"), end=common.parse_date(end, "--end"),
        cycle=cycle, documents=list(document or []),
    )
    written = create(directory.resolve(), spec, git=git)
    for path in written:
        common.say(f"created {directory / path}")
    common.say(f"Next: cd {directory} && nhrp validate")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
