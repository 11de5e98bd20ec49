"""Rows (lists of flat dicts) as json, csv or yaml — one place for all commands that print
rows, so formats behave the same everywhere (the terminal table is :mod:`nhrp.cli.screens`)."""

from __future__ import annotations

import csv
import io

from nhrp.escape import json_text, spreadsheet as safe_cell

__all__ = ["json_text", "safe_cell", "as_machine"]


def as_json(rows: list[dict]) -> str:
    return json_text(rows)


def as_yaml(rows: list[dict]) -> str:
    from nhrp.core.yamlio import dumps  # PyYAML only for --format yaml: list's other formats
                                        # start ~20 ms sooner
    return dumps(rows, output=True) if rows else "[]\n"


def as_csv(rows: list[dict], *, bom: bool = False) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in r.items()} for r in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


MACHINE_FORMATS = {"json": as_json, "csv": as_csv, "yaml": as_yaml}


def as_machine(rows: list[dict], fmt: str) -> str | None:
    """The rows in a machine format, or None for the human table (which each command draws)."""
    render = MACHINE_FORMATS.get(fmt)
    return render(rows) if render else None
