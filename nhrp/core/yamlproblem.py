"""What reading YAML reports, shared by the two ways a file is read (:mod:`nhrp.core.yamlio`
and the PyYAML loader of :mod:`nhrp.core.yamlstrict`): a file that cannot be read, and a
place in a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A file that cannot be read as data; ``code`` is a Y1xx rule code."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Position:
    line: int
    column: int
    source: str | None = None  # the scalar as written, for "quote it" hints
