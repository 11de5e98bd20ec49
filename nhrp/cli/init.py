"""nhrp init"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from nhrp.cli import common

# what init needs for a new plan, and the question asked at a terminal
REQUIRED = (("state_code", "--state-code", "ISO 3166 alpha-3 code of the State (e.g. IRQ)"),
            ("state_name", "--state-name", "Name of the State in English"),
            ("name", "--name", "Name of the plan in English"))


def _names(en: str, ar: Optional[str], ckb: Optional[str]) -> dict:
    return {k: v for k, v in (("en", en), ("ar", ar), ("ckb", ckb)) if v}


def init(
    directory: Path = typer.Argument(..., metavar="FOLDER", help="Folder for the new plan (created if missing)."),
    example: Optional[str] = typer.Option(None, "--example", metavar="iraq", help="Start from a copy of a plan bundled with nhrp (iraq: the 229 recommendations of Iraq's second UPR cycle and 38 actors) instead of an empty one."),
    state_code: Optional[str] = typer.Option(None, "--state-code", metavar="CODE", help="ISO 3166 alpha-3 code of the State, e.g. IRQ (asked at a terminal when missing)."),
    state_name: Optional[str] = typer.Option(None, "--state-name", metavar="NAME", help="Name of the State in English, e.g. Iraq (asked at a terminal when missing)."),
    state_name_ar: Optional[str] = typer.Option(None, "--state-name-ar", metavar="NAME", help="Name of the State in Arabic."),
    state_name_ckb: Optional[str] = typer.Option(None, "--state-name-ckb", metavar="NAME", help="Name of the State in Sorani Kurdish."),
    name: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="Name of the plan in English, e.g. \"National Human Rights Plan 2021-2025\" (asked at a terminal when missing)."),
    name_ar: Optional[str] = typer.Option(None, "--name-ar", metavar="NAME", help="Name of the plan in Arabic."),
    name_ckb: Optional[str] = typer.Option(None, "--name-ckb", metavar="NAME", help="Name of the plan in Sorani Kurdish."),
    language: Optional[List[str]] = typer.Option(None, "--language", metavar="LANG", help="A language of the plan: en, ar or ckb (repeat; default: en)."),
    start: str = typer.Option("2021-01-01", "--start", metavar="DATE", help="First day of the plan period (YYYY-MM-DD)."),
    end: str = typer.Option("2025-12-31", "--end", metavar="DATE", help="Last day of the plan period (YYYY-MM-DD)."),
    cycle: int = typer.Option(3, "--cycle", metavar="NUMBER", help="UPR cycle the plan follows."),
    document: Optional[List[str]] = typer.Option(None, "--document", metavar="SYMBOL", help="Document symbol of the cycle's report, e.g. A/HRC/43/14 (repeat)."),
    git: bool = typer.Option(True, "--git/--no-git", help="Make the folder a git repository and commit the new plan (default), or only write the files."),
) -> None:
    """Create a plan repository: empty and valid for any State, or a copy of the bundled Iraq
    plan with --example iraq. The new plan is committed to git (its first commit), so that
    'nhrp log' and 'nhrp diff' have a starting point.

    Examples:

    \b
      nhrp init --example iraq my-plan

    \b
      nhrp init my-plan --state-code JOR --state-name Jordan --name "National plan"
    """
    from nhrp.core.scaffold import NewPlan, copy_example, create
    from nhrp.errors import UsageError

    target = directory.resolve()
    if example is not None:
        written = copy_example(target, example.strip().lower(), git=git)
        common.say(f"created {len(written)} files in {directory}"
                   + (" and made the first commit" if git else ""))
        common.say(f"Next: cd {directory} && nhrp status")
        return
    given = {"state_code": state_code, "state_name": state_name, "name": name}
    for key, option, question in REQUIRED:
        if given[key]:
            continue
        if not sys.stdin.isatty():
            missing = [opt for k, opt, _ in REQUIRED if not given[k]]
            raise UsageError(f"init needs {', '.join(missing)} (no terminal to ask on), or "
                             "--example iraq for a copy of the bundled Iraq plan")
        given[key] = typer.prompt(question)
    code = given["state_code"].strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise UsageError(f"--state-code {given['state_code']!r} is not an ISO 3166 alpha-3 code "
                         "such as IRQ")
    languages = list(dict.fromkeys(language or ["en"]))
    spec = NewPlan(
        state_code=code, state_names=_names(given["state_name"], state_name_ar, state_name_ckb),
        plan_names=_names(given["name"], name_ar, name_ckb),
        languages=languages if "en" in languages else languages + ["en"],
        start=common.parse_date(start, "--start"), end=common.parse_date(end, "--end"),
        cycle=cycle, documents=list(document or []),
    )
    written = create(target, spec, git=git)
    for path in written:
        common.say(f"created {directory / path}")
    if git:
        common.say("made the first commit")
    common.say(f"Next: cd {directory} && nhrp validate")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
