"""The fastest way to read an ordinary plan file: a compiled YAML parser (the optional
``yaml-rs`` package, in Rust), used only where it reads exactly what nhrp's own loader reads.

Measured on the benchmark plan (30,091 files): ~12 µs a file against ~47 µs for building the
document from libyaml's events, which was most of a cold ``nhrp validate``. yaml-rs reads
YAML 1.2 and nhrp reads YAML 1.1 narrowed (:mod:`nhrp.core.yamlio`), so a file is given to it
only when nothing in it can be read differently: no anchor, alias, tag, merge key, directive
or second document; no backslash escape, tab, carriage return or character libyaml refuses or
treats as a line break; no plain scalar that looks like a number written another way (``010``,
``0o7``, ``1e3``, ``-.5``, ``1:20``, ``1_000``); no key that is not text or may be a number;
not nested deeply.
Everything else — and every file yaml-rs cannot read — returns :data:`UNUSUAL`, and the
caller takes the libyaml path, which decides and explains with line and column. Keys and short
values are interned as on that path (the same strings repeat in every file). A test compares
both paths on mutated and generated files (tests/hostile/test_yaml_fast.py).
"""

from __future__ import annotations

import re
from sys import intern

try:
    import yaml_rs as _rs
except ImportError:  # optional: without it every file takes the libyaml path
    _rs = None

UNUSUAL = object()
MAX_DEPTH = 32
SHARED_TEXT = 40  # keys, ids, dates and codes repeat across files: one string object for each

# characters after which YAML 1.1 (libyaml) and 1.2 may disagree, or that libyaml refuses
ODD_CHARACTER = re.compile("[\\\\\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff"
                            "\ud800-\udfff\ufffe\uffff]")
_NODE_PROPERTY = re.compile(r"[ \n\[{,](?:[&*][^ \n]|!)")  # &anchor, *alias, !tag
_NUMBER_LIKE = r"[-+]?(?:0[0-9oObBxX_]|\.[0-9]|[0-9][0-9._]*(?:[eE]|:[0-9]|_))"
# a value or list item that looks like a number written another way; a directive or document
# marker (each a pattern of its own: Python's re scans fast only for one literal start)
_VALUE_NUMBER = re.compile(r": +" + _NUMBER_LIKE)
_ITEM_NUMBER = re.compile(r"- +" + _NUMBER_LIKE)
_LINE_MARKER = re.compile(r"\n(?:%|---|\.\.\.)")
_FLOW_NUMBER = re.compile(r"[\[{,] *" + _NUMBER_LIKE)
_KEY_START = frozenset("0123456789+-.:")  # a key that may be a number: the strict path decides


def may_be_deep(text: str) -> bool:
    """Cheap test before walking the data: nesting needs brackets, list dashes or indentation."""
    return (text.count("[") + text.count("{") + text.count("- ") > MAX_DEPTH
            or "\n" + " " * (2 * MAX_DEPTH) in text)


def _ordinary(text: str) -> bool:
    if text[:1] in "%-.&*!?|>[{0123456789+\"'" or ODD_CHARACTER.search(text) \
            or _VALUE_NUMBER.search(text) or _ITEM_NUMBER.search(text) or "<<" in text \
            or _LINE_MARKER.search(text):
        return False
    if ("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text):
        return False
    return not (("[" in text or "{" in text) and _FLOW_NUMBER.search(text))


class _Unusual(Exception):
    pass


_BIG = 10 ** 300  # an integer this long: the libyaml path says how long is too long


def _shared(value, depth: int = 1):
    """The document with keys and short texts interned; _Unusual at a key that is not text or
    may be a number, an integer of hundreds of digits, or nesting to MAX_DEPTH (yaml-rs itself
    refuses deep flow nesting and reads deep blocks without recursion limits)."""
    if depth >= MAX_DEPTH:
        raise _Unusual
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or key[:1] in _KEY_START:
                raise _Unusual
            kind = type(item)
            if kind is str:
                out[intern(key)] = intern(item) if len(item) <= SHARED_TEXT else item
            elif kind is dict or kind is list:
                out[intern(key)] = _shared(item, depth + 1)
            elif kind is int and not -_BIG < item < _BIG:
                raise _Unusual
            else:
                out[intern(key)] = item
        return out
    out = []
    for item in value:
        kind = type(item)
        if kind is str:
            out.append(intern(item) if len(item) <= SHARED_TEXT else item)
        elif kind is dict or kind is list:
            out.append(_shared(item, depth + 1))
        elif kind is int and not -_BIG < item < _BIG:
            raise _Unusual
        else:
            out.append(item)
    return out


def load(text: str):
    """The document in ``text``, or :data:`UNUSUAL` when the libyaml path must read it."""
    if _rs is None or not _ordinary(text):
        return UNUSUAL
    try:
        data = _rs.loads(text, parse_datetime=False,
                         duplicate_key_policy=_rs.DuplicateKeyPolicy.Error)
    except Exception:  # a syntax error, a duplicate key, ...: libyaml explains
        return UNUSUAL
    kind = type(data)
    if kind is str:
        return intern(data) if len(data) <= SHARED_TEXT else data
    if kind is not dict and kind is not list:
        return UNUSUAL if kind is int and not -_BIG < data < _BIG else data
    try:
        return _shared(data)
    except _Unusual:
        return UNUSUAL


def available() -> bool:
    return _rs is not None
