"""The strict YAML loader and the writer, on PyYAML: what :mod:`nhrp.core.yamlio` hands over.

Reading is strict on purpose (see docs/rules.md, codes Y1xx): safe tags only, no anchors or
aliases (alias bombs), duplicate keys are errors, and the YAML 1.1 typing traps are narrowed —
dates stay text (``2024-05-01`` is the string it looks like) and only ``true``/``false`` are
booleans, so ``no`` stays the word "no". Numbers are still numbers, so an unquoted ``127.10``
is reported by the schema with a hint to quote it, never silently read as ``127.1``.

A file the compiled parser (:mod:`nhrp.core.yamlfast`) does not read comes here: it is built
from libyaml's events when it is ordinary, else (anything unusual) read by :class:`PlanLoader`,
which decides and explains with line and column. Line and column numbers of problems found
later (:func:`locate`) come from composing the node tree again. Importing PyYAML costs about
15 ms, which is why this module is loaded only when one of these is needed.
"""

from __future__ import annotations

import io
import re
from sys import intern
from typing import Any

import yaml

from nhrp.core import yamlfast
from nhrp.core.yamlfast import MAX_DEPTH, SHARED_TEXT, may_be_deep
from nhrp.core.yamlproblem import Position, YamlProblem, walk

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                        ("str", "int", "float", "bool", "null", "seq", "map"))


class _TagRefused(yaml.YAMLError):
    def __init__(self, tag: str, mark):
        super().__init__(tag)
        self.tag = tag.replace("tag:yaml.org,2002:", "!!")
        self.problem_mark = mark


class _AliasUsed(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("anchors and aliases")
        self.problem_mark = mark


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, mark, first_line: int):
        super().__init__(key)
        self.key = key
        self.problem_mark = mark
        self.first_line = first_line


class _CheckedKeys(_BaseLoader):
    """Duplicate keys are errors. Checked after construction by counting, so the common case
    (no duplicates) costs one comparison per mapping."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):
            seen: dict = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    first = seen.setdefault(key_node.value, key_node.start_mark.line + 1)
                    if first != key_node.start_mark.line + 1:
                        raise _DuplicateKey(key_node.value, key_node.start_mark, first)
        return mapping


class _BadValue(yaml.YAMLError):
    def __init__(self, reason: str, mark):
        super().__init__(reason)
        self.reason = reason
        self.problem_mark = mark


class PlanLoader(_CheckedKeys):
    """The strict loader: also refuses anchors, aliases, merge keys and every non-plain tag."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasUsed(node.start_mark)
        if node.tag not in _PLAIN_TAGS:  # !!binary, !!set, !!python/..., custom tags
            raise _TagRefused(node.tag, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except ValueError as exc:  # an integer past Python's digit limit, '!!int abc', ...
            raise _BadValue(_value_reason(exc, node), node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _AliasUsed(key_node.start_mark)
        return super().construct_mapping(node, deep)


_CheckedKeys.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CheckedKeys.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def loads(text: str) -> Any:
    """Parse one YAML document that the compiled parser did not read; raise
    :class:`YamlProblem` if unreadable. An ordinary document is built straight from libyaml's
    events, about twice as fast as PyYAML's constructor; anything unusual — an error, an
    anchor, a tag, a duplicate key, deep nesting — is handed to :class:`PlanLoader`, which
    decides and explains."""
    data = _fast_load(text) if _CParser is not None else _UNUSUAL
    if data is not yamlfast.UNUSUAL:
        return data
    loader = PlanLoader(text)
    try:
        data = loader.get_single_data()
    except _AliasUsed as exc:
        raise _problem("Y104", "anchors and aliases (&name, *name, <<) are not allowed in plan "
                       "files; write the value out in full", exc.problem_mark) from None
    except _DuplicateKey as exc:
        raise _problem("Y103", f"key '{exc.key}' appears twice in the same mapping (first on line "
                       f"{exc.first_line}); keep one", exc.problem_mark) from None
    except _TagRefused as exc:
        raise _problem("Y108", f"YAML tag {exc.tag} is not allowed; plan files hold plain "
                       "text, numbers, lists and mappings", exc.problem_mark) from None
    except _BadValue as exc:
        raise _problem("Y110", exc.reason, exc.problem_mark) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if "quoted scalar" in str(getattr(exc, "context", "")) and exc.context_mark is not None:
            mark = exc.context_mark  # where the unclosed quote opens, not the end of the file
        raise _problem("Y101", _yaml_message(exc, text, mark), mark) from None
    except RecursionError:
        raise YamlProblem("Y106", f"the document is nested too deeply (limit {MAX_DEPTH})",
                          1, 1) from None
    except ValueError as exc:  # anything else the loader cannot build stays a Y1xx problem
        raise YamlProblem("Y110", f"a value cannot be read: {exc}", 1, 1) from None
    finally:
        loader.dispose()
    if may_be_deep(text) and _depth(data) > MAX_DEPTH:
        raise YamlProblem("Y106", f"the document is nested too deeply (limit {MAX_DEPTH})", 1, 1)
    return data


# --- the fast path ---------------------------------------------------------------------------

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: every document takes the PlanLoader path
    _CParser = None

_UNUSUAL = yamlfast.UNUSUAL
_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))
_SCALAR_CONSTRUCTORS = {
    f"tag:yaml.org,2002:{name}": getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{name}")
    for name in ("int", "float", "bool", "null")
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


_RESOLVED: dict[str, str] = {}  # plain scalar -> its resolved tag; keys repeat in every file


def _resolve_plain(value: str) -> str:
    tag = _RESOLVED.get(value)
    if tag is None:
        tag = _STR
        for candidate, regexp in _CheckedKeys.yaml_implicit_resolvers.get(value[:1], ()):
            if regexp.match(value):
                tag = candidate
                break
        if len(value) <= 64 and len(_RESOLVED) < 100_000:
            _RESOLVED[value] = tag
    return tag


def _tagged(tag: str, value: str):
    """A scalar with a resolved or explicit tag other than str, or _UNUSUAL when PlanLoader
    must decide (a merge key, a timestamp tag, !!binary, a custom tag, ...)."""
    construct = _SCALAR_CONSTRUCTORS.get(tag)
    if construct is None:
        return _UNUSUAL
    return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))


def _fast_load(text: str):
    """Build plain data from parser events; _UNUSUAL at the first thing out of the ordinary."""
    parser = _CParser(text)
    events = yaml.events
    scalar, mapping_start, sequence_start = (events.ScalarEvent, events.MappingStartEvent,
                                             events.SequenceStartEvent)
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    try:
        get = parser.get_event
        get()  # stream start
        if type(get()) is events.StreamEndEvent:
            return None  # an empty file
        stack: list = []
        keys: list = []
        root = None
        while True:
            event = get()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None:
                    return _UNUSUAL
                value, tag = event.value, event.tag
                if tag is None and event.implicit[0]:  # plain: resolve like the loader
                    tag = _resolve_plain(value)
                if tag is not None and tag != _STR:  # else quoted, block or plain text
                    value = _tagged(tag, value)
                    if value is _UNUSUAL:
                        return _UNUSUAL
                elif len(value) <= SHARED_TEXT:
                    value = intern(value)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag not in (None, _MAP, _SEQ) \
                        or len(stack) >= MAX_DEPTH:
                    return _UNUSUAL
                stack.append({} if kind is mapping_start else [])
                keys.append(_UNUSUAL)
                continue
            elif kind in ends:
                value = stack.pop()
                keys.pop()
            elif kind is events.DocumentEndEvent:
                return root if type(get()) is events.StreamEndEvent else _UNUSUAL
            else:
                return _UNUSUAL  # an alias, or a second document
            if not stack:
                root = value
                continue
            top = stack[-1]
            if type(top) is list:
                top.append(value)
            elif keys[-1] is _UNUSUAL:
                if type(value) in (dict, list) or value in top:
                    return _UNUSUAL  # a non-scalar key, or a duplicate key
                keys[-1] = value
            else:
                top[keys[-1]] = value
                keys[-1] = _UNUSUAL
    except (yaml.YAMLError, ValueError):  # PlanLoader explains, with the position
        return _UNUSUAL
    finally:
        parser.dispose()


def _value_reason(exc: ValueError, node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    if node.tag == "tag:yaml.org,2002:int" and len(value) > 100:
        return (f"a number of {len(value):,} digits is more than any plan value needs (Python "
                "reads at most 4,300): quote it if it is text, or shorten it")
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"the value '{shown}' cannot be read as {node.tag.rpartition(':')[2]}: quote it if it is text"


def _problem(code: str, message: str, mark) -> YamlProblem:
    if mark is None:
        return YamlProblem(code, message)
    return YamlProblem(code, message, mark.line + 1, mark.column + 1)


def _yaml_message(exc: yaml.YAMLError, text: str, mark) -> str:
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    message = "; ".join(p for p in parts if p) or str(exc).splitlines()[0]
    lines = text.splitlines()  # libyaml also counts a lone CR as a line break
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        message += " (indent with spaces: YAML does not allow tabs here)"
    else:
        message += _syntax_hint(message, lines, mark)
    return f"YAML syntax error: {message}"


_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_-]*:(?=[^\s/])")


def _syntax_hint(message: str, lines: list[str], mark) -> str:
    """A plain-words guess at the cause of libyaml's message, for people who do not read YAML
    grammar: a missing space after a colon, an unclosed quote or bracket, or indentation."""
    upto = mark.line if mark is not None else len(lines) - 1
    for number in range(min(upto, len(lines) - 1), max(upto - 3, -1), -1):
        if _NO_SPACE.match(lines[number]):
            key = lines[number].split(":", 1)[0].strip().lstrip("- ")
            return (f" — hint: put a space after the colon on line {number + 1} "
                    f"('{key}: value', not '{key}:value')")
    if "quoted scalar" in message:
        return " — hint: a quote (\" or ') opened here is never closed: add the closing quote"
    if "flow sequence" in message or "flow mapping" in message:
        return " — hint: a [ or { before this point is never closed with ] or }"
    if any(words in message for words in ("mapping values are not allowed", "expected key",
                                          "expected <block end>", "expected ':'")):
        return (" — hint: check the indentation on this line and the one before: the keys of "
                "one mapping start in the same column, with spaces only, and a text containing "
                "': ' must be in quotes")
    return ""


def _depth(value: Any) -> int:
    """Nesting depth, iteratively (a deep document must not blow the Python stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest > MAX_DEPTH:
                return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


# --- positions -----------------------------------------------------------------------------

def locate(text: str, json_path: tuple, *, key: bool = False) -> Position:
    """Line/column of the node at ``json_path`` (or of its key with ``key=True``).

    Falls back to the deepest existing ancestor, so a missing property points at its mapping.
    Called only for files with problems.
    """
    try:
        node = yaml.compose(text, Loader=PlanLoader)
    except yaml.YAMLError:
        return Position(1, 1)
    if node is None:
        return Position(1, 1)
    found = walk(node, json_path, lambda n: [(k.value, k, v) for k, v in n.value
                                             if isinstance(k, yaml.ScalarNode)]
                 if isinstance(n, yaml.MappingNode) else None,
                 lambda n: n.value if isinstance(n, yaml.SequenceNode) else None, key=key)
    mark = found.start_mark
    source = found.value if isinstance(found, yaml.ScalarNode) else None
    return Position(mark.line + 1, mark.column + 1, source)


# --- writing ---------------------------------------------------------------------------------

class _CanonicalDumper(_BaseDumper):
    """Block style, UTF-8, no aliases; multi-line text as literal blocks."""

    def ignore_aliases(self, data):
        return True


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CanonicalDumper.add_representer(str, _represent_str)


class _OutputDumper(_CanonicalDumper):
    """For printed output (``--format yaml``): a text with a line break or a character that is
    not plainly printable is written double-quoted, with escapes, on one line — a value can
    then never start a line of output of its own (a forged workflow command, say)."""


_UNPLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _represent_output_str(dumper, value: str):
    style = '"' if _UNPLAIN.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_OutputDumper.add_representer(str, _represent_output_str)


def dumps(data: Any, *, output: bool = False) -> str:
    """Canonical text for already-ordered data: block style, LF, final newline. ``output``:
    for printing rather than for a plan file (multi-line texts double-quoted on one line)."""
    stream = io.StringIO()
    yaml.dump(data, stream, Dumper=_OutputDumper if output else _CanonicalDumper,
              allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000,
              indent=2, line_break="\n")
    return stream.getvalue()
