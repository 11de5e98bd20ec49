"""nhrp actors / themes / statuses / duty-bearers: the ids a clerk needs, with their names."""

from __future__ import annotations

from typing import Optional

import typer

from nhrp.cli import common

COMMANDS = {  # command: (kind, what the help says it lists)
    "actors": ("actor", "The actors (ministries, KRG bodies, commissions, NGOs, UN offices) "
                        "and their ids, for --to, --by, --actor and 'nhrp show'."),
    "themes": ("theme", "The themes and their ids, for --theme."),
    "statuses": ("status", "The plan's status scale, in order, for --status."),
    "duty-bearers": ("duty bearer", "The duty bearers and their ids (federal, krg, ...), for "
                                    "--duty-bearer."),
}


def make(name: str, kind: str, summary: str):
    def command(
        ctx: typer.Context,
        search: Optional[str] = typer.Option(None, "--search", "-s", metavar="TEXT", help="Only those whose id or a name (in any language) holds TEXT; ignores case, diacritics and Arabic spelling variants."),
        lang: Optional[str] = common.lang_option("Language of the names shown (default: the plan's first)."),
        fmt: common.TableFormat = common.format_option(common.TableFormat, common.TableFormat.table, "table, json, csv or yaml."),
    ) -> None:
        from nhrp.cli.screens.tables import print_table, safe_text
        from nhrp.core.names import listing, plural
        from nhrp.core.plan import load_vocabularies
        from nhrp.report import rows as out_rows

        plan = load_vocabularies(common.plan_root(ctx))
        language = common.language(lang, plan)
        rows = listing(plan, kind, lang=language, search=search)
        machine = out_rows.as_machine(rows, fmt.value)
        if machine is not None:
            common.out(machine)
        else:
            columns = [(k, k.replace("_", " ")) for k in (rows[0] if rows else {"id": 0})
                       if k != "names" and (k == "id" or any(r[k] for r in rows))]
            console = common.console()
            if rows:
                print_table(console, rows, columns)
            many = kind + ("es" if kind.endswith("s") else "s")
            console.print(plural(len(rows), kind, many)
                          + (f" matching '{safe_text(search)}'" if search else ""))
        common.left_out(plan)

    command.__doc__ = f"""{summary}

    Ids are what commands and files use; names can be given instead wherever an id is asked
    for (in any of the plan's languages).

    Example:

    \b
      nhrp {name} --search justice
    """
    return command


def register(app: typer.Typer) -> None:
    for name, (kind, summary) in COMMANDS.items():
        app.command(name)(make(name, kind, summary))
