"""The compiled schema pre-check (jsonschema-rs when installed, else fastjsonschema on inlined
schemas) says yes exactly when jsonschema does: it only decides which files jsonschema must
explain. Every test runs with each checker."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT
from nhrp.core import layout, schemas, yamlio

pytest.importorskip("fastjsonschema")


@pytest.fixture(autouse=True, params=["jsonschema-rs", "fastjsonschema"])
def checker(request, monkeypatch):
    if request.param == "jsonschema-rs":
        pytest.importorskip("jsonschema_rs")
    else:
        monkeypatch.setattr(schemas, "_rust_check", lambda kind: None)
    schemas.fast_check.cache_clear()
    yield request.param
    schemas.fast_check.cache_clear()


def both(kind: str, data) -> tuple[bool, bool]:
    return schemas.fast_check(kind)(data), schemas.validator(kind).is_valid(data)


@pytest.mark.parametrize("kind", layout.KINDS)
def test_inlined_schemas_keep_no_local_reference(kind):
    assert "$ref" not in json.dumps({k: v for k, v in schemas.inline_refs(schemas.schema(kind))
                                     .items() if k != "$defs"})


def plan_files():
    roots = [ROOT, *sorted((FIXTURES / "valid").iterdir()),
             *sorted(p / "files" for p in (FIXTURES / "invalid").iterdir())]
    for root in roots:
        for path in sorted((root / "data").rglob("*.yaml")) + [root / "nhrp.yaml"]:
            kind = layout.kind_of(path.relative_to(root).as_posix())
            if kind and path.is_file() and not path.is_symlink():
                try:
                    yield kind, yamlio.load_bytes(path.read_bytes())
                except yamlio.YamlProblem:
                    continue


def test_agrees_with_jsonschema_on_every_fixture_and_the_bundled_plan():
    verdicts = [(kind, *both(kind, data)) for kind, data in plan_files()]
    assert len(verdicts) > 300 and any(not ok for _, ok, _ in verdicts)
    assert [v for v in verdicts if v[1] != v[2]] == []


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 20), st.floats(allow_nan=False),
                   st.sampled_from(["", "x", "upr2-1.1", "2025-02-30", "2025-01-01", "Moj",
                                    "moj", "A/HRC/1/2", "1.2.", "ar", "EN", "a b", "-x"]),
                   st.lists(st.sampled_from(["moj", "", 3, "women-rights", "moj"]), max_size=3),
                   st.dictionaries(st.sampled_from(["en", "ar", "x", "EN"]),
                                   st.sampled_from(["text", "", 1]), max_size=2))


def sample_records() -> list[tuple[str, dict]]:
    found = {}
    for kind, data in plan_files():
        if isinstance(data, dict) and kind not in found and schemas.conforms(kind, data):
            found[kind] = data
    return sorted(found.items())


SAMPLES = sample_records()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.data())
def test_agrees_with_jsonschema_on_altered_records(sample, data):
    kind, record = sample
    altered = copy.deepcopy(record)
    target = altered
    while True:  # walk down to a random field, then replace it
        key = data.draw(st.sampled_from(sorted(target) + ["extra"]))
        value = target.get(key)
        if isinstance(value, dict) and value and data.draw(st.booleans()):
            target = value
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict) and data.draw(
                st.booleans()):
            target = value[0]
            continue
        target[key] = data.draw(VALUES)
        break
    fast, full = both(kind, altered)
    assert fast == full, (kind, altered)
