"""The compiled schema checks are kept in the user's cache folder (never the plan's), made
again when damaged, and not kept at all with NHRP_CACHE=off."""

from __future__ import annotations

import pytest

from nhrp.core import schemas


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """The fastjsonschema path (jsonschema-rs, when installed, needs no compiled code)."""
    monkeypatch.setattr(schemas, "_rust_check", lambda kind: None)
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "cache"))
    schemas.fast_check.cache_clear()
    yield tmp_path / "cache" / "schemas"
    schemas.fast_check.cache_clear()


def _verdicts(kind: str) -> list[bool]:
    check = schemas.fast_check(kind)
    return [check(data) for data in ({}, {"id": 5}, {"id": "x"})]


def test_the_compiled_check_is_kept_and_reused(fresh):
    first = _verdicts("recommendation")
    kept = list(fresh.glob("check-*.marshal"))
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns
    schemas.fast_check.cache_clear()
    assert _verdicts("recommendation") == first
    assert kept[0].stat().st_mtime_ns == stamp  # read, not written again


def test_a_damaged_compiled_check_is_made_again(fresh):
    first = _verdicts("actor")
    (kept,) = fresh.glob("check-*.marshal")
    kept.write_bytes(b"not marshal")
    schemas.fast_check.cache_clear()
    assert _verdicts("actor") == first
    assert kept.read_bytes() != b"not marshal"


def test_nothing_is_kept_with_the_cache_off(fresh, monkeypatch):
    monkeypatch.setenv("NHRP_CACHE", "off")
    _verdicts("monitoring-entry")
    assert not fresh.exists()


@pytest.mark.parametrize("rust", [True, False])
def test_both_compiled_checks_agree_with_jsonschema_on_odd_values(rust, monkeypatch):
    """Values JSON has no word for, or that only jsonschema reads as valid, are never refused
    by the compiled check alone."""
    if rust:
        pytest.importorskip("jsonschema_rs")
    else:
        monkeypatch.setattr(schemas, "_rust_check", lambda kind: None)
    schemas.fast_check.cache_clear()
    try:
        for data in ({1: "x"}, {"id": float("nan")}, {"id": 10 ** 40}, {"id": "moj\n"}, [], None):
            for kind in ("actor", "recommendation", "monitoring-entry"):
                assert schemas.conforms(kind, data) == schemas.validator(kind).is_valid(data)
    finally:
        schemas.fast_check.cache_clear()
