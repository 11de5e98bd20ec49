"""nhrp sandbox"""

from __future__ import annotations

from pathlib import Path

import typer

from nhrp.cli import common


def sandbox(
    target: Path = typer.Argument(..., metavar="DIR", help="A new (or empty) folder for the practice plan."),
    seed: int = typer.Option(2021, "--seed", metavar="SEED", help="Seed of the simulation: the same seed gives the same plan and commits."),
) -> None:
    """Create a practice plan for training: the bundled plan plus SIMULATED assignments and
    monitoring entries over 2021-2025, as dated git commits. Everything simulated is flagged,
    and every report made from it says SIMULATED.

    Examples:

    \b
      nhrp sandbox practice

    \b
      nhrp --repo practice status
    """
    from nhrp.core.sandbox import create

    result = create(target, seed=seed, today=common.today())
    common.say(f"created the practice plan in {target}: {result.assignments} simulated "
               f"assignments, {result.entries} simulated monitoring entries, "
               f"{result.activities} simulated activities with {result.measurements} "
               f"measurements, {result.commits} commits", err=True)
    common.say(f"try: nhrp --repo {target} status    or    nhrp --repo {target} report "
               f"--lang ar --out report-ar.html    or    nhrp --repo {target} review --period "
               "2024-H1", err=True)


def register(app: typer.Typer) -> None:
    app.command("sandbox")(sandbox)
