"""JSON Schemas of the record kinds, compiled once, and their errors as plain-language problems.

Validators get a registry that refuses to retrieve anything: a ``$ref`` to a URL is an error,
never a network call. Messages are written here rather than taken from jsonschema, whose
messages ``repr()`` whole instances and speak of "additionalProperties".
"""

from __future__ import annotations

import difflib
import json
import marshal
import sys
from functools import lru_cache
from pathlib import Path

from nhrp.core import settings
from nhrp.core.fsutil import atomic_write_bytes
from nhrp.core.layout import KINDS, bundled_root
from nhrp.core.rules import Problem, json_path_text
from nhrp.errors import EnvironmentProblem, UsageError

SCHEMA_FILE = {kind: f"{kind}.schema.json" for kind in KINDS}


def schema_dir() -> Path:
    return bundled_root() / "schemas"


@lru_cache(maxsize=None)
def schema_text(kind: str) -> str:
    if kind not in SCHEMA_FILE:
        raise UsageError(f"unknown record kind '{kind}'; choose one of: {', '.join(KINDS)}")
    path = schema_dir() / SCHEMA_FILE[kind]
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EnvironmentProblem(f"cannot read the schema {path}: {exc.strerror}") from None


@lru_cache(maxsize=None)
def schema(kind: str) -> dict:
    return json.loads(schema_text(kind))


def format_version() -> int:
    """The plan file format this nhrp reads (``schema_version`` in nhrp.yaml), as its schema
    states it, so the number is written in one place."""
    return schema("plan")["properties"]["schema_version"]["const"]


@lru_cache(maxsize=None)
def validator(kind: str):
    import jsonschema
    from referencing import Registry

    def refuse(uri: str):
        raise EnvironmentProblem(f"schema reference {uri} is not bundled; nhrp never fetches schemas")

    cls = jsonschema.Draft202012Validator
    return cls(schema(kind), registry=Registry(retrieve=refuse))


@lru_cache(maxsize=None)
def fast_check(kind: str):
    """A compiled yes/no check, several times faster than jsonschema: ``check(data)`` is True
    when ``data`` matches the schema, False when it may not (jsonschema then decides and
    explains); None when neither checker is installed. jsonschema-rs (optional extra ``fast``:
    draft 2020-12 itself, in Rust, ~2–3 µs a record) when installed, else fastjsonschema
    (~6–17 µs; our schemas use only keywords that mean the same in its draft 7 and in 2020-12,
    and a test checks that the checks agree with jsonschema on every fixture)."""
    check = _rust_check(kind)
    if check is not None:
        return check
    try:
        import fastjsonschema
    except ImportError:  # optional speed-up: without it every file takes the detailed path
        return None
    name, code = _check_code(kind, fastjsonschema)
    namespace: dict = {}
    exec(code, namespace)
    compiled = namespace[name]

    def check(data) -> bool:
        try:
            compiled(data)
            return True
        except Exception:  # JsonSchemaException or anything odd: jsonschema decides
            return False

    return check


def _rust_check(kind: str):
    try:
        import jsonschema_rs
    except ImportError:
        return None

    def refuse(uri: str):
        raise EnvironmentProblem(f"schema reference {uri} is not bundled; nhrp never fetches schemas")

    is_valid = jsonschema_rs.validator_for(schema(kind), retriever=refuse).is_valid

    def check(data) -> bool:
        try:
            return is_valid(data)
        except Exception:  # a value JSON has no word for (a key that is not text, ...)
            return False

    return check


def _check_code(kind: str, fastjsonschema) -> tuple[str, object]:
    """The name and compiled code of the function fastjsonschema writes for the schema of
    ``kind``. Writing and compiling it takes ~20–60 ms a schema (~0.15 s for a log or a full
    check, which need three or four), so the code is kept in the user's cache folder, as Python
    keeps its own in __pycache__: keyed by the schema, this module, fastjsonschema's and
    Python's versions; a damaged file is made again. Never in the plan's folder or its .git,
    which may come from someone else."""
    import hashlib  # loads OpenSSL (~4 ms): only this fallback, never with jsonschema-rs

    key = hashlib.sha256(f"{fastjsonschema.VERSION};{sys.version};{kind};".encode() +
                         _this_module() + schema_text(kind).encode()).hexdigest()
    where = _code_folder()
    stored = where / f"check-{key[:24]}.marshal" if where is not None else None
    if stored is not None:
        try:
            name, code = marshal.loads(stored.read_bytes())
            if isinstance(name, str) and type(code).__name__ == "code":
                return name, code
        except (OSError, EOFError, ValueError, TypeError):
            pass
    definition = inline_refs(schema(kind))
    name = fastjsonschema.RefResolver.from_schema(definition).get_scope_name()
    code = compile(fastjsonschema.compile_to_code(definition), f"<schema {kind}>", "exec")
    if stored is not None:
        try:
            atomic_write_bytes(stored, marshal.dumps((name, code)), durable=False)
        except OSError:
            pass  # a read-only home still validates, compiling each time
    return name, code


@lru_cache(maxsize=1)
def _this_module() -> bytes:
    return Path(__file__).read_bytes()


def _code_folder() -> Path | None:
    """``$NHRP_CACHE_DIR/schemas``, else ``$XDG_CACHE_HOME/nhrp/schemas`` (``~/.cache``);
    None with ``NHRP_CACHE=off``."""
    chosen = settings.current()
    if not chosen.cache:
        return None
    if chosen.cache_dir is not None:
        return chosen.cache_dir / "schemas"
    return chosen.user_cache / "schemas"


def inline_refs(root: dict) -> dict:
    """The schema with each local ``$ref`` replaced by its definition. fastjsonschema compiles a
    reference into a function call that formats the data's path on every call, even for valid
    data; inlined, a recommendation is checked in less than half the time (~50 -> ~20 µs).
    A definition that refers to itself keeps its ``$ref``."""
    defs = root.get("$defs", {})

    def expand(node, within: tuple):
        if isinstance(node, list):
            return [expand(item, within) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref[len("#/$defs/"):] if isinstance(ref, str) and ref.startswith("#/$defs/") else None
        if name in defs and name not in within:
            target = expand(defs[name], within + (name,))
            rest = {k: expand(v, within) for k, v in node.items() if k != "$ref"}
            return {"allOf": [target, rest]} if rest else target
        return {k: (v if k == "$defs" else expand(v, within)) for k, v in node.items()}

    return expand(root, ())


def conforms(kind: str, data) -> bool:
    """True when ``data`` matches the schema of ``kind`` (no explanation: see schema_problems).
    jsonschema has the last word, on the rare records the compiled check does not pass."""
    check = fast_check(kind)
    return (check is not None and check(data)) or validator(kind).is_valid(data)


def schema_problems(kind: str, data, path: str) -> list[Problem]:
    check = fast_check(kind)
    if check is not None and check(data):
        return []
    errors = validator(kind).iter_errors(data)
    problems: list[Problem] = []
    for error in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        problems.extend(_explain(error, path))
    return problems


def _explain(error, path: str) -> list[Problem]:
    """Turn one jsonschema error into problems a non-programmer can act on."""
    where = tuple(error.absolute_path)
    field = json_path_text(where) or "the file"
    keyword, value, spec = error.validator, error.instance, error.validator_value
    described = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    if keyword in ("oneOf", "anyOf") and error.context:
        import jsonschema.exceptions

        best = jsonschema.exceptions.best_match(error.context)
        return _explain(best, path) if best is not None else []
    if keyword == "required":
        missing = [name for name in spec if isinstance(value, dict) and name not in value]
        return [Problem(path, "S201", f"{field}: required field '{name}' is missing", where)
                for name in missing]
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        known = list(error.schema.get("properties", {}))
        extra = [k for k in value if k not in known] if isinstance(value, dict) else []
        out = []
        for name in extra:
            near = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else f"; known fields: {', '.join(known)}"
            out.append(Problem(path, "S202", f"{json_path_text(where + (name,))}: unknown field "
                               f"'{name}'{hint}", where + (name,), at_key=True))
        if not out and error.schema.get("patternProperties"):
            bad = [k for k in value if isinstance(value, dict)]
            out = [Problem(path, "S202", f"{field}: '{k}' is not a language code such as en, ar "
                           "or ckb", where + (k,), at_key=True) for k in bad][:1]
        return out
    if keyword == "type":
        return [Problem(path, "S203", f"{field}: expected {_type_words(spec)} but found "
                        f"{_describe(value)}", where, quote_hint=spec == "string")]
    if keyword in ("enum", "const"):
        allowed = spec if keyword == "enum" else [spec]
        near = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        choices = ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)
        return [Problem(path, "S204", f"{field}: {_short(value)} is not allowed{hint}; use one "
                        f"of: {choices}", where)]
    if keyword in ("pattern", "format"):
        hint = f" — {described}" if described else ""
        return [Problem(path, "S205", f"{field}: {_short(value)} is not in the expected form{hint}",
                        where)]
    messages = {
        "minItems": f"needs at least {spec} item(s)",
        "maxItems": f"takes at most {spec} item(s)",
        "uniqueItems": "lists the same item more than once",
        "minLength": "must not be empty",
        "maxLength": f"is longer than {spec} characters",
        "minimum": f"must be at least {spec}",
        "maximum": f"must be at most {spec}",
        "minProperties": "must not be empty",
    }
    text = messages.get(keyword) or error.message[:200]
    return [Problem(path, "S206", f"{field}: {text}", where)]


def _type_words(spec) -> str:
    words = {"string": "text", "integer": "a whole number", "number": "a number",
             "array": "a list", "object": "a mapping of fields", "boolean": "true or false",
             "null": "nothing"}
    specs = spec if isinstance(spec, list) else [spec]
    return " or ".join(words.get(s, s) for s in specs)


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_short(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing (an empty value)"


def _short(value, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else \
        ("a mapping" if isinstance(value, dict) else "a list")
    return text if len(text) <= limit else text[: limit - 1] + "…\""


def property_order(kind: str) -> dict:
    """Key order for canonical files: the order of ``properties`` in the schema, recursively."""
    return _order(schema(kind), schema(kind))


def _order(node: dict, root: dict) -> dict:
    if "$ref" in node:
        node = root["$defs"][node["$ref"].split("/")[-1]]
    order: dict = {}
    for name, sub in node.get("properties", {}).items():
        order[name] = _order(sub, root) if isinstance(sub, dict) else {}
    if "items" in node and isinstance(node["items"], dict):
        order["[]"] = _order(node["items"], root)
    for branch in node.get("oneOf", []):
        order.update(_order(branch, root))
    return order
