"""The blob-id record cache: a hit gives exactly what a parse gives; a damaged file is ignored."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from history_scenario import build

from nhrp.core.store import cache as cache_mod
from nhrp.core.store import revision as history
from nhrp.core.store.cache import Parsed, RecordCache, fingerprint


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


def test_warm_cache_gives_identical_output(cli, scenario, cache_dir, monkeypatch):
    cold = _outputs(cli, scenario)
    assert _packs(cache_dir), "the first run fills the cache"
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


def _packs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("pack-*.json"))


@pytest.mark.parametrize("damage", ["payload", "truncated", "garbage", "empty", "not-json",
                                    "old-format", "bad-record"])
def test_damaged_cache_is_ignored_and_repaired(cli, scenario, cache_dir, damage):
    expected = _outputs(cli, scenario)
    repo = history.open_repo(scenario)
    entry_oid = history.list_tree(repo, "v3")["data/monitoring/upr2-127.10/2023-06-20-watch.yaml"][1]
    target = next(p for p in _packs(cache_dir) if entry_oid.encode() in p.read_bytes())
    for other in _packs(cache_dir):  # leave the damaged pack as the only one
        if other != target:
            other.unlink()
    raw = target.read_bytes()
    header, payload = raw.split(b"\n", 1)
    assert b"in-progress" in payload

    def signed(body: bytes, version: bytes = b"2") -> bytes:
        return b"nhrp-cache-pack " + version + b" " + \
            hashlib.sha256(body).hexdigest().encode() + b"\n" + body

    forged = {
        "payload": header + b"\n" + payload.replace(b"in-progress", b"implemented"),
        "truncated": raw[: len(raw) // 2],
        "garbage": b"\x00\xff" * 40,
        "empty": b"",
        "not-json": signed(b"{not json"),
        "old-format": signed(payload.replace(b"in-progress", b"implemented"), b"1"),
        "bad-record": signed(json.dumps({entry_oid: ["x", 5, None, "1", 1]}).encode()),
    }[damage]
    target.write_bytes(forged)
    fresh = history.open_repo(scenario)
    assert fresh.cache.get(entry_oid) is None  # not trusted
    assert _outputs(cli, scenario) == expected
    # the next run parsed again and stored a good record; a damaged pack is gone
    healed = history.open_repo(scenario)
    assert healed.cache.get(entry_oid).data["status"] == "in-progress"
    if damage != "bad-record":
        assert not target.exists() or target.read_bytes() == raw


def test_packs_are_merged_when_there_are_many(tmp_path):
    for n in range(cache_mod.MAX_PACKS + 3):
        cache = RecordCache(tmp_path)
        cache.put(f"{n:040x}", Parsed({"n": n}))
        cache.flush()
    assert 1 <= len(_packs(tmp_path)) <= cache_mod.MAX_PACKS
    cache = RecordCache(tmp_path)
    assert [cache.get(f"{n:040x}").data["n"] for n in range(cache_mod.MAX_PACKS + 3)] == \
        list(range(cache_mod.MAX_PACKS + 3))


def test_values_json_cannot_carry_are_not_cached(tmp_path):
    cache = RecordCache(tmp_path)
    cache.put("ab" * 20, Parsed({1: "int key"}))
    cache.put("cd" * 20, Parsed({"ok": [1, 2.5, True, None, "x"]}))
    cache.flush()
    again = RecordCache(tmp_path)
    assert again.get("ab" * 20) is None
    assert again.get("cd" * 20) == Parsed({"ok": [1, 2.5, True, None, "x"]})
    assert again.get("ef" * 20) is None


def test_problems_are_cached_with_their_position(tmp_path):
    cache = RecordCache(tmp_path)
    problem = Parsed(None, "Y103", "key 'id' appears twice", 3, 1)
    cache.put("12" * 20, problem)
    cache.flush()
    assert RecordCache(tmp_path).get("12" * 20) == problem


def test_fingerprint_follows_the_size_limit(monkeypatch):
    before = fingerprint()
    monkeypatch.setenv("NHRP_MAX_FILE_BYTES", "1000")
    assert fingerprint() != before


def test_fingerprint_follows_every_module_of_the_core(monkeypatch, tmp_path):
    """An edited module — even one of the same size whose time is set back, as installs that
    keep or clamp times leave it —, a new one or one in a sub-package makes a new fingerprint;
    a compiled file does not."""
    core = tmp_path / "core"
    (core / "rules" / "__pycache__").mkdir(parents=True)
    (core / "a.py").write_text("A = 1\n")
    (core / "rules" / "b.py").write_text("B = 2\n")
    monkeypatch.setattr(cache_mod, "CORE", core)

    def fresh() -> str:
        cache_mod._fingerprint.cache_clear()
        return fingerprint()

    seen = {fresh()}
    (core / "rules" / "__pycache__" / "b.cpython-311.pyc").write_bytes(b"compiled")
    assert fresh() in seen
    (core / "a.py").write_text("A = 10\n")
    seen.add(fresh())
    stat = (core / "rules" / "b.py").stat()
    (core / "rules" / "b.py").write_text("B = 3\n")  # the same size and, below, the same time
    os.utime(core / "rules" / "b.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    seen.add(fresh())
    (core / "c.py").write_text("")
    seen.add(fresh())
    assert len(seen) == 4
    cache_mod._fingerprint.cache_clear()


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
