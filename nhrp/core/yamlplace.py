"""Where a value is in a plan file written in plain block style — as nhrp writes files, and as
people mostly do — found without PyYAML (importing it takes ~12 ms, most of what a pull-request
check with one problem would spend on placing it).

It reads a narrow form only: block mappings of plain keys, block sequences, values of one line
(plain, or quoted without escapes), literal and folded blocks, comments and blank lines. At
anything else, or when the answer would be a block of text, it says None, and
:func:`nhrp.core.yamlstrict.locate` composes the file as before. A test compares the two on
every fixture, the bundled plan, generated plans and mutations of them
(tests/unit/test_yaml_place.py).
"""

from __future__ import annotations

import re

from nhrp.core.yamlfast import ODD_CHARACTER
from nhrp.core.yamlproblem import Position, walk

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?= |$)")
_BLOCK_HEADER = re.compile(r"[|>][-+]?(?: +#.*)?$")
_UNSURE_START = frozenset("[{&*!%@`?|>,")


class _Unsure(Exception):
    pass


class _Node:
    """A scalar, a mapping (``entries``: key text, key node, value node) or a sequence
    (``items``); lines and columns count from 0, as PyYAML's marks do."""

    __slots__ = ("line", "column", "source", "entries", "items", "block")

    def __init__(self, line: int, column: int, source: str | None = None, *,
                 entries: list | None = None, items: list | None = None,
                 block: bool = False) -> None:
        self.line, self.column, self.source = line, column, source  # source: one line's text
        self.entries, self.items = entries, items
        self.block = block  # a literal or folded block: its text is PyYAML's to give


def locate(text: str, json_path: tuple, *, key: bool = False) -> Position | None:
    """What :func:`nhrp.core.yamlstrict.locate` answers, or None when the file is not in the
    narrow form read here."""
    try:
        found = _Reader(text).document()
    except _Unsure:
        return None
    found = walk(found, json_path, lambda n: n.entries, lambda n: n.items, key=key)
    if found.block:
        return None
    return Position(found.line + 1, found.column + 1, found.source)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Reader:
    def __init__(self, text: str) -> None:
        if ODD_CHARACTER.search(text):  # (also U+0085, U+2028, U+2029: libyaml's line breaks)
            raise _Unsure
        self.lines = text.split("\n")
        if any(line.startswith(("---", "...", "%")) for line in self.lines):
            raise _Unsure
        self.i = 0

    def skip(self) -> None:
        """To the next line with content (not blank, not only a comment)."""
        while self.i < len(self.lines):
            body = self.lines[self.i].lstrip(" ")
            if body and not body.startswith("#"):
                return
            self.i += 1

    def document(self) -> _Node:
        self.skip()
        if self.i >= len(self.lines):
            raise _Unsure
        node = self.node(_indent(self.lines[self.i]))
        self.skip()
        if self.i < len(self.lines):
            raise _Unsure
        return node

    def node(self, indent: int) -> _Node:
        body = self.lines[self.i][indent:]
        if body == "-" or body.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int, inline: bool = False) -> _Node:
        """Keys at column ``indent``; ``inline``: the first is on a sequence item's line."""
        node = _Node(self.i, indent, entries=[])
        keys: set[str] = set()
        while True:
            if not inline:
                self.skip()
                if self.i >= len(self.lines):
                    break
                here = _indent(self.lines[self.i])
                if here < indent:
                    break
                if here > indent:
                    raise _Unsure
            inline = False
            found = _KEY.match(self.lines[self.i], indent)
            if not found or found.group(1) in keys:
                raise _Unsure
            keys.add(found.group(1))
            line = self.i
            name = found.group(1)
            node.entries.append((name, _Node(line, indent, name), self.value(found.end(), indent)))
        return node

    def sequence(self, indent: int) -> _Node:
        node = _Node(self.i, indent, items=[])
        while True:
            self.skip()
            if self.i >= len(self.lines):
                break
            line = self.lines[self.i]
            here = _indent(line)
            if here < indent:
                break
            if here > indent or not (line[indent:] == "-" or line[indent:].startswith("- ")):
                break  # the key after an indentless sequence, or something unsure: the caller
            column = indent + 1 + _indent(line[indent + 1:])
            if line[column:].startswith("- "):
                raise _Unsure
            if _KEY.match(line, column):
                node.items.append(self.mapping(column, inline=True))
            else:
                node.items.append(self.value(column, indent, of_key=False))
        return node

    def value(self, at: int, indent: int, of_key: bool = True) -> _Node:
        """The value that starts at column ``at`` of the current line (or on the lines after
        it), of a key (``of_key``) or a sequence's item at ``indent``; the reader moves past
        it."""
        line = self.lines[self.i]
        column = at + _indent(line[at:])
        rest = line[column:]
        if not rest or rest.startswith("#"):  # the value is on the lines below
            self.i += 1
            self.skip()
            if self.i >= len(self.lines):
                raise _Unsure  # empty: PyYAML places it after the colon
            below = self.lines[self.i]
            here = _indent(below)
            if here > indent:
                return self.node(here)
            if of_key and here == indent and (below[here:] == "-"
                                              or below[here:].startswith("- ")):
                return self.sequence(here)  # an indentless sequence
            raise _Unsure
        if rest[0] in "|>":
            if not _BLOCK_HEADER.match(rest):
                raise _Unsure
            node = _Node(self.i, column, block=True)
            self.i += 1
            while self.i < len(self.lines) and (not self.lines[self.i].strip(" ")
                                                or _indent(self.lines[self.i]) > indent):
                self.i += 1
            return node
        if rest.startswith(("[]", "{}")):  # an empty list or mapping, as nhrp writes them
            node = _Node(self.i, column, entries=[] if rest[0] == "{" else None,
                         items=[] if rest[0] == "[" else None)
            after = rest[2:]
        elif rest[0] in _UNSURE_START or rest.startswith(("- ", "#")) or rest == "-":
            raise _Unsure
        else:
            source, after = _quoted(rest) if rest[0] in "'\"" else _plain(rest)
            node = _Node(self.i, column, source)
        if after.strip(" ") and not after.startswith(" #"):
            raise _Unsure
        self.i += 1
        # a plain or quoted value may go on over more-indented lines: PyYAML's to read
        probe = self.i
        while probe < len(self.lines) and not self.lines[probe].strip(" "):
            probe += 1
        if probe < len(self.lines) and _indent(self.lines[probe]) > indent:
            raise _Unsure
        return node


def _quoted(rest: str) -> tuple[str, str]:
    """A quoted value of one line: its text, and what follows the closing quote."""
    quote = rest[0]
    out, i = [], 1
    while i < len(rest):
        char = rest[i]
        if char == quote:
            if quote == "'" and rest[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), rest[i + 1:]
        out.append(char)
        i += 1
    raise _Unsure  # the quote goes on to the next line


def _plain(rest: str) -> tuple[str, str]:
    """A plain value of one line: its text (PyYAML's, without a trailing comment) and the rest."""
    cut = rest.find(" #")
    text, after = (rest, "") if cut == -1 else (rest[:cut], rest[cut:])
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":") or " #" in text:
        raise _Unsure
    return text, after
