"""Fuzzing: whatever bytes arrive in a plan file, ``validate`` ends with exit 0 or 1 and
messages — never an exception — within a time bound per file.

The normal suite runs a bounded number of examples. For an occasional longer run:

    NHRP_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml_compare import same_reading

from nhrp.core.rules.check import check_file, check_loaded
from nhrp.core.plan import parse

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "minimal"
FILES = {p.relative_to(MINIMAL).as_posix(): p.read_bytes()
         for p in sorted(MINIMAL.rglob("*.yaml"))}
EXAMPLES = int(os.environ.get("NHRP_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TODAY = dt.date(2026, 1, 15)
YAML_BITS = [b"&a ", b"*a", b"!!python/object:os.system ", b"<<: ", b"- ", b": ", b"{", b"}",
             b"[", b"]", b"'", b'"', b"\t", b"\r\n", b"\xef\xbb\xbf", b"\xff", b"\\u202e",
             b"127.10", b"no", b"2023-02-30", b"\n  ", b"#", b"|\n", b"%YAML 1.1\n", b"---\n"]


def _check(path: str, raw: bytes) -> None:
    kind, data, problems, dates = check_file(path, raw)
    for code, message, _at, line, column in problems:
        assert code[0] in "YSRDTF" and message and "\n" not in message
        assert line >= 1 and column >= 1
    item = parse(path, raw)
    check_loaded([item], today=TODAY)


@FUZZ
@given(path=st.sampled_from(sorted(FILES)), data=st.data())
def test_mutated_plan_files_never_crash_validate(path, data):
    raw = bytearray(FILES[path])
    for _ in range(data.draw(st.integers(1, 4))):
        choice = data.draw(st.integers(0, 3))
        at = data.draw(st.integers(0, len(raw)))
        if choice == 0 and raw:
            del raw[at:at + data.draw(st.integers(1, 8))]
        elif choice == 1:
            raw[at:at] = data.draw(st.sampled_from(YAML_BITS))
        elif choice == 2:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=6))
        elif raw:
            raw[min(at, len(raw) - 1)] = data.draw(st.integers(0, 255))
    _check(path, bytes(raw))


_scalars = st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True),
                     st.booleans(), st.none())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) |
                       st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@FUZZ
@given(path=st.sampled_from(sorted(FILES)), value=st.dictionaries(
    st.sampled_from(["id", "kind", "names", "summary", "themes", "assignments", "as_of", "by",
                     "status", "evidence", "supersedes", "recommendation", "source", "x"]),
    _values, max_size=8))
def test_generated_documents_never_crash_validate(path, value):
    import yaml

    raw = yaml.safe_dump(value, allow_unicode=True).encode("utf-8")
    _check(path, raw)


def test_the_fuzz_corpus_is_valid_to_begin_with():
    for path, raw in FILES.items():
        kind, data, problems, _ = check_file(path, raw)
        assert data is not None and problems == [], (path, problems)


def _strict(text: str):
    from nhrp.core import yamlstrict

    loader = yamlstrict.PlanLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@FUZZ
@given(path=st.sampled_from(sorted(FILES)), data=st.data())
def test_fast_loader_agrees_with_the_strict_loader(path, data):
    """Whatever the fast event-based builder accepts, PlanLoader reads the same way."""
    from nhrp.core import yamlstrict

    raw = bytearray(FILES[path])
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.sampled_from(YAML_BITS + [b"1.0", b"true", b"~", b"0x1F",
                                                             b"'", b"!!str ", b".nan", b"-"]))
    try:
        text = bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return
    fast = yamlstrict._fast_load(text)
    if fast is yamlstrict._UNUSUAL:
        return
    strict = _strict(text)

    assert same_reading(fast, strict)
