"""What reading YAML reports, shared by the ways a file is read (:mod:`nhrp.core.yamlio`, the
PyYAML loader of :mod:`nhrp.core.yamlstrict`, :mod:`nhrp.core.yamlplace`): a file that cannot
be read, a place in a file, and the one way to walk to a place."""

from __future__ import annotations

from typing import Callable, NamedTuple


class YamlProblem(Exception):
    """A file that cannot be read as data; ``code`` is a Y1xx rule code. (A plain exception: a
    frozen dataclass cost ~1 ms of every run's start-up.)"""

    def __init__(self, code: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(code, message, line, column)
        self.code, self.message, self.line, self.column = code, message, line, column


class Position(NamedTuple):
    line: int
    column: int
    source: str | None = None  # the scalar as written, for "quote it" hints


def walk(root, json_path: tuple, entries: Callable, items: Callable, *, key: bool = False):
    """The node at ``json_path`` from ``root``, else its deepest ancestor there is (a missing
    property points at its mapping); with ``key``, the key of the last step when that is a
    mapping's. ``entries(node)``: a mapping's (key text, key node, value node), None for
    another node; ``items(node)``: a sequence's nodes, None for another node."""
    found, key_node = root, None
    for step in json_path:
        child, pairs = None, entries(found)
        if pairs is not None:
            for name, k, v in pairs:
                if name == str(step):
                    child, key_node = v, k
                    break
        else:
            seq = items(found)
            if seq is not None and isinstance(step, int) and 0 <= step < len(seq):
                child, key_node = seq[step], None
        if child is None:
            return found
        found = child
    return key_node if key and key_node is not None else found
