"""Markdown that is safe to post where people read it (pull-request comments, job summaries).

Data is text, never markup: no raw HTML, no @mentions that notify people, no table broken by a
``|`` or a newline inside a cell.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def text(value) -> str:
    """Escape Markdown and HTML syntax and defuse @mentions in running text."""
    s = str(value).replace("\r", " ").replace("\n", " ")
    s = _SPECIAL.sub(r"\\\1", s)
    s = s.replace("&", "&amp;")
    return re.sub(r"@(?=\w)", "@\u2060", s)  # word joiner: shows '@name' but pings nobody


def cell(value) -> str:
    """Text for one table cell."""
    return text(value).strip() or " "
