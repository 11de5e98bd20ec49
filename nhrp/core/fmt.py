"""Canonical form of plan files: key order from the schema, block style, UTF-8, LF, final
newline. Formatting never changes a value: the canonical text must load back to equal data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout, yamlio
from nhrp.core.fsutil import atomic_write, plan_file
from nhrp.core.schemas import property_order

LANGUAGE_ORDER = ("en", "ar", "ckb")


def _lang_key(code: str):
    return (LANGUAGE_ORDER.index(code) if code in LANGUAGE_ORDER else len(LANGUAGE_ORDER), code)


def _ordered(value, order: dict):
    if isinstance(value, dict):
        if not order and all(isinstance(k, str) and 2 <= len(k) <= 3 for k in value):
            return {k: value[k] for k in sorted(value, key=_lang_key)}  # a text in languages
        known = [k for k in order if k in value and k != "[]"]
        rest = [k for k in value if k not in order]  # unknown keys are kept, never dropped
        return {k: _ordered(value[k], order.get(k, {})) for k in known + rest}
    if isinstance(value, list):
        item_order = order.get("[]", {})
        return [_ordered(v, item_order) for v in value]
    return value


def canonical(kind: str, data) -> str:
    text = yamlio.dumps(_ordered(data, property_order(kind)))
    if yamlio.loads(text) != data:  # pragma: no cover - a guard, not a branch we expect
        raise AssertionError("canonical form would change the data")
    return text


@dataclass
class FmtResult:
    path: str
    changed: bool
    error: str | None = None


def format_files(root: Path, paths: list[str], *, write: bool) -> list[FmtResult]:
    """Canonicalise the given repository paths; with ``write`` replace the files atomically."""
    results = []
    for path in paths:
        kind = layout.kind_of(path)
        if kind is None or (root / path).is_symlink():
            continue
        raw = (root / path).read_bytes()
        try:
            data = yamlio.load_bytes(raw)
        except yamlio.YamlProblem as exc:
            results.append(FmtResult(path, False, f"{exc.code} {exc.message}"))
            continue
        text = canonical(kind, data)
        changed = text.encode("utf-8") != raw
        if changed and write:
            atomic_write(plan_file(root, path), text)
        results.append(FmtResult(path, changed))
    return results
