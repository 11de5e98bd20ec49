"""Markdown that is safe to post where people read it (pull-request comments, job summaries).

Data is text, never markup: no raw HTML, no @mentions that notify people, no table broken by a
``|`` or a newline inside a cell, no link that leaves its table cell. This is the Markdown
channel of the output boundary (:mod:`nhrp.escape`).
"""

from __future__ import annotations

import re

from nhrp.escape import terminal

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def text(value) -> str:
    """Escape Markdown and HTML syntax and defuse @mentions in running text."""
    s = terminal(str(value).replace("\r\n", " ").replace("\r", " ").replace("\n", " "))
    s = _SPECIAL.sub(r"\\\1", s)
    s = s.replace("&", "&amp;")
    return re.sub(r"@(?=\w)", "@\u2060", s)  # word joiner: shows '@name' but pings nobody


def cell(value) -> str:
    """Text for one table cell."""
    return text(value).strip() or " "


_URL_SPECIAL = re.compile(r"[()<>\[\]\\ `|*_~{}!#+@\"']|[^\x21-\x7e]")


def url(href: str) -> str:
    """A link destination (an already safe http/https/mailto URL): every character that
    Markdown or a table reads as syntax (``|`` splits a table row) percent-encoded."""
    return _URL_SPECIAL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8",
                                                                                    "replace")), href)
