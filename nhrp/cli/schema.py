"""nhrp schema"""

from __future__ import annotations

import typer

from nhrp.cli import common


def schema(kind: str = typer.Argument(..., metavar="KIND", help="plan, actor, recommendation, monitoring-entry, "
                                      "themes, sdgs, activity or measurement.")) -> None:
    """Print the JSON Schema of one record kind."""
    from nhrp.core.schemas import schema_text

    common.out(schema_text(kind))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
