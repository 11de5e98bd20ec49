"""The project's one YAML loader and one YAML writer.

Reading is strict on purpose (see docs/rules.md, codes Y1xx, and :mod:`nhrp.core.yamlstrict`):
safe tags only, no anchors or aliases, duplicate keys are errors, dates stay text and only
``true``/``false`` are booleans.

Parsing takes the fastest path that reads a file exactly as the strict loader would: the
compiled parser of :mod:`nhrp.core.yamlfast` for ordinary files when it is installed; every
other file goes to :mod:`nhrp.core.yamlstrict` (PyYAML), which is imported only then — a
pull-request check whose files are all ordinary never loads PyYAML. Line and column numbers
are computed only for files that have problems (:func:`locate`).
"""

from __future__ import annotations

import re
from typing import Any

from nhrp.core import yamlfast, yamlplace
from nhrp.core.settings import max_file_bytes
from nhrp.core.yamlproblem import Position, YamlProblem

__all__ = ["Position", "YamlProblem", "decode", "dumps", "load_bytes", "loads", "locate"]

_CONFLICT_MARKER = re.compile(rb"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def decode(data: bytes, max_bytes: int | None = None) -> str:
    """Bytes to text, refusing what the parser would accept silently or choke on."""
    max_bytes = max_file_bytes() if max_bytes is None else max_bytes
    if len(data) > max_bytes:
        raise YamlProblem("Y105", f"file is {len(data):,} bytes; the limit is {max_bytes:,} "
                          "(set NHRP_MAX_FILE_BYTES to change it)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem("Y102", "the file is not UTF-8 text (byte "
                          f"0x{data[exc.start]:02x}); save it as UTF-8", line, column) from None
    marker = (b"<<<<<<<" in data or b"=======" in data or b">>>>>>>" in data) and \
        _CONFLICT_MARKER.search(data)
    if marker:
        line = data.count(b"\n", 0, marker.start()) + 1
        raise YamlProblem("Y107", "git merge-conflict marker: resolve the conflict and remove "
                          "the <<<<<<< ======= >>>>>>> lines", line, 1)
    return text


def loads(text: str) -> Any:
    """Parse one YAML document with the plan loader; raise :class:`YamlProblem` if unreadable.

    Ordinary documents (the common case) are read by :mod:`nhrp.core.yamlfast` when it is
    installed; anything else goes to :func:`nhrp.core.yamlstrict.loads`, which decides and
    explains."""
    data = yamlfast.load(text)
    if data is not yamlfast.UNUSUAL:
        return data
    from nhrp.core import yamlstrict  # PyYAML: only for a file the compiled parser hands over

    return yamlstrict.loads(text)


def load_bytes(data: bytes, max_bytes: int | None = None) -> Any:
    return loads(decode(data, max_bytes))


def locate(text: str, json_path: tuple, *, key: bool = False) -> Position:
    """Line/column of the node at ``json_path`` (or of its key with ``key=True``); see
    :func:`nhrp.core.yamlstrict.locate`. Called only for files with problems: a file in plain
    block style is read by :mod:`nhrp.core.yamlplace`, without PyYAML."""
    found = yamlplace.locate(text, json_path, key=key)
    if found is not None:
        return found
    from nhrp.core import yamlstrict

    return yamlstrict.locate(text, json_path, key=key)


def dumps(data: Any, *, output: bool = False) -> str:
    """Canonical text for already-ordered data (:func:`nhrp.core.yamlstrict.dumps`)."""
    from nhrp.core import yamlstrict

    return yamlstrict.dumps(data, output=output)
