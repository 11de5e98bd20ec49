"""Terminal tables and text, drawn with rich: one look for every command that prints rows."""

from __future__ import annotations

from nhrp.escape import flat, terminal


def new_table(title: str = ""):
    """A terminal table that fits 80 columns: a rule under the header, no outer frame, one
    space between columns. Add columns with :func:`add_column`."""
    from rich import box
    from rich.table import Table

    return Table(title=title or None, title_justify="left", box=box.SIMPLE_HEAD,
                 show_edge=False, padding=(0, 0))


def add_column(table, header: str, *, number: bool = False, justify: str = "left") -> None:
    """Headers are never cut: a column is at least as wide as the longest word of its header
    (numbers stay on one line); body text wraps at spaces, and folds only a longer word."""
    widest = max((len(word) for word in header.split()), default=1)
    table.add_column(header, justify="right" if number else justify, min_width=widest,
                     overflow="fold")


def print_table(console, rows: list[dict], columns: list[tuple[str, str]], *, title: str = "",
                rtl_columns: tuple[str, ...] = ()) -> None:
    table = new_table(title)
    for key, label in columns:
        add_column(table, label, justify="right" if key in rtl_columns else "left")
    for r in rows:
        table.add_row(*[safe_text(r.get(key)) for key, _ in columns])
    console.print(table)


def safe_text(value) -> str:
    """Terminal text: lists joined, controls escaped (:func:`nhrp.escape.terminal`), and
    no rich markup interpreted from data."""
    from rich.markup import escape

    return escape(terminal(flat(value, ", ", "")))
