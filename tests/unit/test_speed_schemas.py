"""The compiled schema checks are kept in the user's cache folder (never the plan's), made
again when damaged, and not kept at all with NHRP_CACHE=off."""

from __future__ import annotations

import pytest

from nhrp.core import schemas


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "cache"))
    schemas.fast_check.cache_clear()
    yield tmp_path / "cache" / "schemas"
    schemas.fast_check.cache_clear()


def _verdicts(kind: str) -> list[bool]:
    check = schemas.fast_check(kind)
    out = []
    for data in ({}, {"id": 5}, {"id": "x"}):
        try:
            check(data)
            out.append(True)
        except Exception:  # noqa: BLE001 - fastjsonschema's refusal
            out.append(False)
    return out


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
