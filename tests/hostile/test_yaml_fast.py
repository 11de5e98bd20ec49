"""The compiled parser's path (nhrp.core.yamlfast, with the optional yaml-rs) reads every file
exactly as the strict loader does, or hands it over; and nhrp reads the same without it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event
from hypothesis import strategies as st
from yaml_compare import same_reading

from nhrp.core import yamlfast, yamlio, yamlstrict
from nhrp.core.rules.check import check_file

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "valid" / "minimal"
FILES = {p.relative_to(MINIMAL).as_posix(): p.read_bytes() for p in sorted(MINIMAL.rglob("*.yaml"))}
EVERY_FIXTURE = sorted(p for folder in ("tests/fixtures", "data") for p in
                       (ROOT / folder).rglob("*.yaml"))
FUZZ = settings(max_examples=int(os.environ.get("NHRP_FUZZ_EXAMPLES", "300")),
                deadline=dt.timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# what YAML 1.1 and 1.2 read differently, or what nhrp refuses, in pieces to splice in
BITS = ["&a ", "*a", "!!str ", "! ", "!x ", "<<: ", "- ", ": ", "? ", "{", "}", "[", "]", ", ",
        "'", '"', "\t", "\r", "\r\n", "\u2028", "\x85", "\ufeff", "\\", "\\x41", "\\q", "#",
        "|\n", "|-\n", ">\n", "|2\n", "%YAML 1.1\n", "---\n", "...\n", "\n  ", "\n    ",
        "010", "0o17", "0x1F", "0b101", "1e3", "1.5e3", "1.5e+3", "-.5", ".5", "1.", "1:20",
        "1_000", "127.10", "no", "yes", "on", "~", "null", "NULL", "True", "true", "FALSE",
        ".inf", "-.INF", ".nan", "2023-02-30", "12345678901234567890", "9" * 400, "0", "+5",
        "-0", "é", "ك", "\u200c", "a: b: c", ": x", "-", "key:", " #x"]


def _strict(text: str):
    """What nhrp's own loader (libyaml events, else PyYAML's) reads, or the problem code."""
    fast = yamlstrict._fast_load(text)
    if fast is not yamlstrict._UNUSUAL:
        return fast
    loader = yamlstrict.PlanLoader(text)
    try:
        return loader.get_single_data()
    except Exception as exc:  # noqa: BLE001 - any refusal: the compiled path must not accept
        return ("refused", type(exc).__name__)
    finally:
        loader.dispose()


def _agrees(text: str) -> bool:
    """The compiled path either hands the text over or reads exactly what the strict loader
    reads; True when it read it (so a caller can see the comparison was made)."""
    fast = yamlfast.load(text)
    if fast is yamlfast.UNUSUAL:
        return False
    assert same_reading(fast, _strict(text)), text
    return True


def _compiled(text: str):
    """The compiled path's reading, or UNUSUAL; Hypothesis's statistics show how often each."""
    fast = yamlfast.load(text)
    event("compiled path" if fast is not yamlfast.UNUSUAL else "handed to the strict loader")
    return fast


needs_rust = pytest.mark.skipif(not yamlfast.available(), reason="yaml-rs is not installed")


@needs_rust
def test_ordinary_plan_files_take_the_compiled_path_and_read_the_same():
    taken = 0
    for path in EVERY_FIXTURE:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        taken += _agrees(text)
    assert taken > len(EVERY_FIXTURE) // 2  # the bundled plan and the fixtures are ordinary


@needs_rust
@FUZZ
@given(path=st.sampled_from(sorted(FILES)), data=st.data())
def test_mutated_files_read_the_same_on_both_paths(path, data):
    text = FILES[path].decode("utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(st.sampled_from(BITS)) + text[at:]
        else:
            text = text[:at] + text[at + data.draw(st.integers(1, 6)):]
    fast = _compiled(text)
    assert fast is yamlfast.UNUSUAL or same_reading(fast, _strict(text)), text


_scalars = st.one_of(st.text(max_size=12), st.integers(), st.floats(allow_nan=True),
                     st.booleans(), st.none(), st.sampled_from(BITS))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) |
                       st.dictionaries(st.text(max_size=8) | st.sampled_from(BITS), inner,
                                       max_size=4), max_leaves=20)


@needs_rust
@FUZZ
@given(value=st.dictionaries(st.text(max_size=8), _values, max_size=6),
       flow=st.booleans(), width=st.sampled_from([20, 80, 10_000]))
def test_generated_documents_read_the_same_on_both_paths(value, flow, width):
    import yaml

    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, width=width)
    fast = _compiled(text)
    assert fast is yamlfast.UNUSUAL or same_reading(fast, _strict(text)), text


@needs_rust
@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: !!str 5\n", "<<: {b: 1}\n", "a: 010\n",
                                  "a: 1e3\n", "a: 1:20\n", "a: -.5\n", "a: 1\na: 2\n",
                                  "a: \"\\q\"\n", "? [1]\n: 2\n", "a:\n\t- x\n", "---\na: 1\n",
                                  "a: " + "[" * 40 + "]" * 40 + "\n", "1: x\n", "a: 1\r\n"])
def test_what_may_read_differently_takes_the_strict_path(text):
    assert yamlfast.load(text) is yamlfast.UNUSUAL


def test_without_the_compiled_parser_files_read_the_same(monkeypatch):
    """nhrp stays correct without yaml-rs: every fixture checks to the same result."""
    results = {}
    for path in EVERY_FIXTURE[:200]:
        rel = path.relative_to(ROOT).as_posix()
        rel = rel[rel.index("data/"):] if "data/" in rel else rel
        results[path] = check_file(rel, path.read_bytes())
    monkeypatch.setattr(yamlfast, "_rs", None)
    assert not yamlfast.available()
    for path, expected in results.items():
        rel = path.relative_to(ROOT).as_posix()
        rel = rel[rel.index("data/"):] if "data/" in rel else rel
        assert check_file(rel, path.read_bytes()) == expected, path
