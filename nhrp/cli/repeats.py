"""nhrp repeats suggest|add"""

from __future__ import annotations

import typer

from nhrp.cli import common

repeats_app = common.command_group(
    "repeats",
    "Continuity across UPR cycles: find and record the recommendations a later cycle repeats "
    "from an earlier one.",
)


@repeats_app.command("suggest")
def suggest(
    ctx: typer.Context,
    from_cycle: int = typer.Option(..., "--from-cycle", metavar="N", help="The earlier cycle."),
    to_cycle: int = typer.Option(..., "--to-cycle", metavar="N", help="The later cycle."),
    min_score: float = typer.Option(75, "--min-score", metavar="SCORE", help="Show matches scoring at least this (0-100)."),
    include_linked: bool = typer.Option(False, "--include-linked", help="Also recommendations that already have a repeats link."),
    fmt: common.TableFormat = common.format_option(common.TableFormat, common.TableFormat.table, "table, json, csv or yaml."),
) -> None:
    """Rank likely repeats, offline (needs rapidfuzz: pip install 'nhrp[fuzzy]'): for each
    recommendation of the later cycle, the closest of the earlier cycle, with its score. Texts
    are compared ignoring case, Arabic spelling variants, word order and the recommending States
    in brackets. Nothing is written: confirm a pair with 'nhrp repeats add LATER EARLIER'."""
    from nhrp.cli.screens.tables import print_table
    from nhrp.core import plan as plan_mod
    from nhrp.core.repeats import suggest as do_suggest
    from nhrp.report import rows as out_rows

    loaded = plan_mod.load(common.plan_root(ctx))
    found = do_suggest(loaded, from_cycle, to_cycle, min_score=min_score,
                       include_linked=include_linked)
    rows = [s.as_dict() for s in found]
    machine = out_rows.as_machine(rows, fmt.value)
    if machine is not None:
        common.out(machine)
        return
    console = common.console()
    print_table(console, rows, [("later", "later"), ("earlier", "earlier"),
                                ("score", "score"), ("language", "compared in")])
    console.print(f"{len(rows)} likely repeat(s); record one with: nhrp repeats add LATER EARLIER")


@repeats_app.command("add")
def add(
    ctx: typer.Context,
    later: str = typer.Argument(..., metavar="LATER", help="Recommendation of the later cycle."),
    earlier: str = typer.Argument(..., metavar="EARLIER", help="The earlier cycle's recommendation it repeats."),
    do_commit: bool = common.commit_option(),
) -> None:
    """Record that LATER repeats EARLIER (the 'repeats' field of LATER).

    Examples:

    \b
      nhrp repeats add upr3-139.5 upr2-127.5 --commit
    """
    from nhrp.core.edit import add_repeat as do_add

    common.report_change(do_add(common.plan_root(ctx), later, earlier,
                                today=common.today(), do_commit=do_commit))


def register(app: typer.Typer) -> None:
    app.add_typer(repeats_app, name="repeats")
