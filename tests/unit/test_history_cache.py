"""The blob-id record cache: a hit gives exactly what a parse gives; a damaged file is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from history_scenario import build

from nhrp.core import history
from nhrp.core.cache import Parsed, RecordCache, fingerprint


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("cache") / "plan")


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NHRP_CACHE_DIR", str(folder))
    return folder


def _outputs(cli, repo):
    results = [cli("log", "upr2-127.10", "-f", "json", repo=repo),
               cli("status", "--at", "2024-02-15", "-f", "json", repo=repo),
               cli("status", "--at", "v4", "-f", "json", repo=repo),
               cli("diff", "v0", "v3", "-f", "json", repo=repo)]
    assert all(r.exit_code == 0 for r in results), [r.output for r in results]
    return [r.stdout for r in results]


def _cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_warm_cache_gives_identical_output(cli, scenario, cache_dir, monkeypatch):
    cold = _outputs(cli, scenario)
    files = _cache_files(cache_dir)
    assert files, "the first run fills the cache"
    repo = history.open_repo(scenario)
    history.snapshot(repo, "v3")
    assert repo.cache.hits > 0 and repo.cache.misses == 0
    warm = _outputs(cli, scenario)
    assert warm == cold
    monkeypatch.setenv("NHRP_CACHE", "off")
    assert _outputs(cli, scenario) == cold
    off = history.open_repo(scenario)
    history.snapshot(off, "v3")
    assert off.cache.hits == 0 and off.cache.folder is None


@pytest.mark.parametrize("damage", ["payload", "header-oid", "truncated", "garbage", "empty",
                                    "not-json"])
def test_damaged_cache_file_is_ignored_and_repaired(cli, scenario, cache_dir, damage):
    expected = _outputs(cli, scenario)
    repo = history.open_repo(scenario)
    entry_oid = history.list_tree(repo, "v3")["data/monitoring/upr2-127.10/2023-06-20-watch.yaml"][1]
    target = repo.cache._file(entry_oid)
    raw = target.read_bytes()
    assert b"in-progress" in raw
    other = next(p for p in _cache_files(cache_dir) if p != target)
    if damage == "payload":  # same header and checksum, different data: checksum mismatch
        forged = raw.replace(b"in-progress", b"implemented")
    elif damage == "header-oid":  # a valid file for another blob, put in this blob's place
        forged = other.read_bytes()
    elif damage == "truncated":
        forged = raw[: len(raw) // 2]
    elif damage == "garbage":
        forged = b"\x00\xff" * 40
    elif damage == "empty":
        forged = b""
    else:  # a correct checksum over something that is not the expected JSON
        import hashlib

        payload = b"{not json"
        header = raw.split(b"\n", 1)[0].rsplit(b" ", 1)[0]
        forged = header + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    target.write_bytes(forged)
    fresh = history.open_repo(scenario)
    assert fresh.cache.get(entry_oid) is None  # not trusted
    assert _outputs(cli, scenario) == expected
    assert target.read_bytes() == raw  # the next run wrote it again, correctly


def test_values_json_cannot_carry_are_not_cached(tmp_path):
    cache = RecordCache(tmp_path)
    cache.put("ab" * 20, Parsed({1: "int key"}))
    cache.put("cd" * 20, Parsed({"ok": [1, 2.5, True, None, "x"]}))
    assert cache.get("ab" * 20) is None
    assert cache.get("cd" * 20) == Parsed({"ok": [1, 2.5, True, None, "x"]})
    assert cache.get("ef" * 20) is None


def test_problems_are_cached_with_their_position(tmp_path):
    cache = RecordCache(tmp_path)
    problem = Parsed(None, "Y103", "key 'id' appears twice", 3, 1)
    cache.put("12" * 20, problem)
    assert RecordCache(tmp_path).get("12" * 20) == problem


def test_fingerprint_follows_the_size_limit(monkeypatch):
    before = fingerprint()
    monkeypatch.setenv("NHRP_MAX_FILE_BYTES", "1000")
    assert fingerprint() != before


def test_unwritable_cache_still_gives_results(cli, scenario, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NHRP_CACHE_DIR", str(blocker))
    result = cli("status", "--at", "v1", "-f", "json", repo=scenario)
    assert result.exit_code == 0 and json.loads(result.stdout)["totals"]["assigned"] == 2


def test_default_location_is_inside_the_git_directory(scenario, monkeypatch):
    monkeypatch.delenv("NHRP_CACHE_DIR", raising=False)
    repo = history.open_repo(scenario)
    assert repo.cache.folder.parent == scenario / ".git" / "nhrp-cache"
