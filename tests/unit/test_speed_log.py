"""nhrp log reads only what it needs, and says the same whichever way git is asked: the glob
over every recommendation folder (no cache), one walk that also makes the index of file paths
(cold), or the literal paths from that index (warm)."""

from __future__ import annotations

import pytest
from conftest import git
from history_scenario import commit, entry

from nhrp.core import audit
from nhrp.core.store import cache
from nhrp.core.store.revision import open_repo


def _three_ways(repo, rec_id, monkeypatch, tmp_path, name):
    monkeypatch.setenv("NHRP_CACHE", "off")
    glob = audit.log(repo, rec_id)
    monkeypatch.delenv("NHRP_CACHE")
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / name))
    cold = audit.log(repo, rec_id)
    assert list((tmp_path / name).rglob(audit.PATHS_FILE))
    warm = audit.log(repo, rec_id)
    return glob, cold, warm


@pytest.fixture
def moved_and_merged(plan_repo):
    """127.10 moves into a cycle folder on a branch, is assessed on main, merged, then moved
    again; 127.1 is edited alongside."""
    rec = plan_repo / "data/recommendations/upr2-127.10.yaml"
    git(plan_repo, "checkout", "-q", "-b", "shard")
    moved = plan_repo / "data/recommendations/cycle-2/upr2-127.10.yaml"
    moved.parent.mkdir()
    moved.write_text(rec.read_text().replace("response: noted", "response: supported"))
    rec.unlink()
    commit(plan_repo, "shard by cycle", "2023-02-01")
    git(plan_repo, "checkout", "-q", "main")
    entry(plan_repo, "2023-06-20-watch", by="watch", status="in-progress")
    other = plan_repo / "data/recommendations/upr2-127.1.yaml"
    other.write_text(other.read_text() + "notes: edited\n")
    commit(plan_repo, "assess", "2023-07-01", email="watch@example.org")
    git(plan_repo, "merge", "-q", "--no-ff", "-m", "merge shard", "shard")
    again = plan_repo / "data/recommendations/cycle-2/hundreds/upr2-127.10.yaml"
    again.parent.mkdir()
    again.write_text(moved.read_text())
    moved.unlink()
    commit(plan_repo, "shard by hundreds", "2023-08-01")
    return plan_repo


def test_log_is_the_same_from_the_glob_the_single_walk_and_the_index(moved_and_merged,
                                                                      monkeypatch, tmp_path):
    glob, cold, warm = _three_ways(moved_and_merged, "upr2-127.10", monkeypatch, tmp_path, "a")
    assert glob == cold == warm
    changes = [r["change"] for r in glob]
    assert changes.count("recommendation-moved") == 2 and "assessment-added" in changes
    glob, cold, warm = _three_ways(moved_and_merged, "upr2-127.1", monkeypatch, tmp_path, "b")
    assert glob == cold == warm and "recommendation-edited" in [r["change"] for r in glob]


def test_a_new_commit_makes_a_new_index(moved_and_merged, monkeypatch, tmp_path):
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "c"))
    audit.log(moved_and_merged, "upr2-127.10")
    back = moved_and_merged / "data/recommendations/upr2-127.10.yaml"
    back.write_text((moved_and_merged / "data/recommendations/cycle-2/hundreds/"
                     "upr2-127.10.yaml").read_text())
    (moved_and_merged / "data/recommendations/cycle-2/hundreds/upr2-127.10.yaml").unlink()
    commit(moved_and_merged, "flat again", "2023-09-01")
    rows = audit.log(moved_and_merged, "upr2-127.10")
    assert [r["change"] for r in rows].count("recommendation-moved") == 3
    monkeypatch.setenv("NHRP_CACHE", "off")
    assert audit.log(moved_and_merged, "upr2-127.10") == rows


def test_an_index_naming_other_files_is_not_believed(moved_and_merged, monkeypatch, tmp_path):
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "d"))
    expected = audit.log(moved_and_merged, "upr2-127.10")
    repo = open_repo(moved_and_merged)
    index = repo.cache.folder / audit.PATHS_FILE
    key, paths = cache.read_marshal(index)
    paths["upr2-127.10.yaml"] = paths["upr2-127.10.yaml"] + ["data/recommendations/upr2-127.1.yaml",
                                                            "nhrp.yaml"]
    cache.save_marshal(index, key, paths)
    assert audit.log(moved_and_merged, "upr2-127.10") == expected
    index.write_bytes(b"damaged")
    assert audit.log(moved_and_merged, "upr2-127.10") == expected


def test_log_reads_a_few_versions_not_the_plan(plan_repo, monkeypatch, tmp_path):
    """The record cache of every version is neither loaded nor written by a log."""
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "e"))
    entry(plan_repo, "2023-06-20-watch", by="watch", status="in-progress")
    commit(plan_repo, "assess", "2023-07-01")
    rows = audit.log(plan_repo, "UPR2-127.10")  # any letter case: the file name is the id
    assert [r["change"] for r in rows] == ["recommendation-added", "assessment-added"]
    assert not list((tmp_path / "e").rglob("pack-*.json"))
