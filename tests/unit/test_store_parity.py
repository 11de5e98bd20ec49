"""The one plan store: the same plan whichever way it is read — from the working tree or from
git (a checkout or a bare clone), with the cache on or off, with a damaged cache."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, git, init_git
from nhrp.core import layout, sandbox
from nhrp.core.plan import Plan
from nhrp.core.store import cache, sources
from nhrp.core.store.load import FULL, INDEX, load
from nhrp.core.rules.check import check_file

TODAY = dt.date(2026, 1, 15)
BROKEN = "data/recommendations/upr9-1.1.yaml"  # breaks its schema: left out by both sources


def facts(plan: Plan) -> dict:
    """Everything a plan holds, in its order, as plain data."""
    return {
        "meta": plan.meta, "actors": list(plan.actors.items()),
        "recommendations": list(plan.recommendations.items()),
        "recommendation_paths": plan.recommendation_paths,
        "entries": {k: [(e.id, e.path, e.data) for e in v] for k, v in plan.entries.items()},
        "themes": plan.themes, "sdgs": plan.sdgs, "participation": plan.participation,
        "activities": list(plan.activities.items()), "activity_paths": plan.activity_paths,
        "measurements": {k: [(m.id, m.path, m.data) for m in v]
                         for k, v in plan.measurements.items()},
        "unreadable": [(p.path, p.code, p.message, p.line, p.column) for p in plan.unreadable],
    }


def _commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    plan = tmp_path_factory.mktemp("bundled") / "plan"
    shutil.copytree(ROOT / "data", plan / "data")
    shutil.copy(ROOT / "nhrp.yaml", plan / "nhrp.yaml")
    return init_git(plan)


@pytest.fixture(scope="module")
def kinds(tmp_path_factory) -> Path:
    """Recommendations, entries, activities, measurements and participation, plus one record
    that breaks its schema, all committed."""
    plan = tmp_path_factory.mktemp("kinds") / "plan"
    sandbox.create(plan, today=TODAY)
    ngo = next(a for a in load(layout.WorkTree(plan)).actors.values() if a["kind"] == "ngo")
    (plan / "data" / "participation.yaml").write_text(
        f"invitations:\n- actor: {ngo['id']}\n  'on': '2025-10-01'\n", encoding="utf-8")
    (plan / BROKEN).write_text("id: upr9-1.1\ncycle: many\n", encoding="utf-8")
    _commit_all(plan, "participation and a broken record")
    return plan


@pytest.fixture(params=["bundled", "kinds"])
def repo(request) -> Path:
    return request.getfixturevalue(request.param)


def both(repo: Path, view: str) -> tuple[dict, dict]:
    head = sources.at(repo, "HEAD")
    return (facts(load(layout.WorkTree(repo), view, check=check_file)),
            facts(load(head, view, check=check_file)))


@pytest.mark.parametrize("view", [FULL, INDEX])
def test_head_from_git_equals_the_clean_working_tree(repo, view):
    worktree, head = both(repo, view)
    assert worktree == head
    assert worktree["recommendations"] and worktree["actors"]


def test_the_fixture_has_every_kind_of_record(kinds):
    plan = facts(load(layout.WorkTree(kinds)))
    for kind in ("entries", "activities", "measurements", "participation"):
        assert plan[kind], kind
    assert [p[:2] for p in plan["unreadable"]] == [(BROKEN, "S206")]


@pytest.mark.parametrize("view", [FULL, INDEX])
def test_a_bare_clone_gives_the_same_plan(repo, view, tmp_path):
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    tree = sources.at(bare, "HEAD")
    assert tree.repo.bare
    assert facts(load(tree, view, check=check_file)) == \
        facts(load(layout.WorkTree(repo), view, check=check_file))


@pytest.mark.parametrize("view", [FULL, INDEX])
def test_cache_on_and_off_give_the_same_plan(kinds, view, monkeypatch, tmp_path):
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    cold, warm = both(kinds, view), both(kinds, view)
    assert any((tmp_path / "cache").rglob("*")), "the first load fills the cache"
    monkeypatch.setenv("NHRP_CACHE", "off")
    assert cold == warm == both(kinds, view)


def test_a_damaged_cache_is_ignored(kinds, monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NHRP_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "RACY_NS", 0)
    expected = {view: both(kinds, view) for view in (FULL, INDEX)}
    stored = sorted(p for p in folder.rglob("*") if p.is_file())
    assert any(p.name.startswith("worktree-") for p in stored)
    assert any(p.name.startswith("pack-") for p in stored)
    for path in stored:  # the same length, other bytes: only a checksum can tell
        raw = path.read_bytes()
        path.write_bytes(raw[:-20] + bytes(b ^ 0x55 for b in raw[-20:]))
    for view in (FULL, INDEX):
        assert both(kinds, view) == expected[view]


def test_the_cache_folder_follows_the_settings(kinds, monkeypatch, tmp_path):
    monkeypatch.delenv("NHRP_CACHE_DIR", raising=False)
    assert cache.folder(kinds) == kinds / ".git" / "nhrp-cache"
    monkeypatch.setenv("NHRP_CACHE_DIR", str(tmp_path))
    assert cache.folder(kinds).parent == tmp_path
    repo = sources.at(kinds, "HEAD").repo  # history and the working tree share one folder
    assert cache.folder(git_dir=repo.git_dir) == cache.folder(kinds)
    monkeypatch.setenv("NHRP_CACHE", "off")
    assert cache.folder(kinds) is None


def test_the_list_index_reuses_only_the_folded_texts_of_unchanged_records(kinds):
    from nhrp.core import index
    from nhrp.core.analysis import analyze
    from nhrp.core.textfold import fold

    analysis = analyze(load(layout.WorkTree(kinds)), TODAY)
    paths = analysis.plan.recommendation_paths
    built = index.build(analysis)
    stored = index._store(built, *index.columns(built.items, paths, lambda path: (1, 2, 3, 4)),
                          TODAY, None)
    rec_id = sorted(analysis.facts)[3]
    analysis.facts[rec_id].rec["summary"] = {"en": "Zebra Crossings"}
    changed = paths[rec_id]  # its file has another lstat now

    def stat(path):
        return None if path == changed else (1, 2, 3, 4)

    reused = index.build(analysis, index.Previous.of(stored, stat))
    fresh = index.build(analysis)
    assert (reused.search, list(reused.starts), reused.digests) == \
        (fresh.search, list(fresh.starts), fresh.digests)
    assert [reused.items[i].id for i in reused.find(fold("zebra crossings"))] == [rec_id]
