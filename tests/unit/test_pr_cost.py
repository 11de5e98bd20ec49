"""A pull request's checks cost what its change costs: in a fresh clone, ``nhrp diff BASE HEAD``
and ``check-scope`` parse the changed files and what their meaning needs, not the whole plan —
and say exactly what reading the whole plans says."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, git
from nhrp.core import yamlio
from nhrp.core.fmt import canonical
from nhrp.core.plandiff import compare
from nhrp.core.revdiff import changed_plans, diff
from nhrp.core.store import git as gitio
from nhrp.core.store.revision import list_tree, open_repo, plan_from_tree, resolve_rev
from nhrp.core.scope import check_scope

DAY = dt.date.fromisoformat(TODAY)
SECRETARIAT = "secretariat@example.org"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


def origin(folder: Path, n: int) -> Path:
    """A generated plan of ``n`` recommendations committed on main; the secretariat's address
    is a contributor of its actor."""
    files = generator.generate(n, folder)
    actor = folder / "data/actors/moj-hrd.yaml"
    actor.write_text(actor.read_text(encoding="utf-8") + f"contributors:\n- {SECRETARIAT}\n",
                     encoding="utf-8")
    generator.commit_history(folder, files, 1)
    return folder


def fresh_clone(origin: Path, target: Path) -> Path:
    """A fresh clone (no cache, as in CI) on branch 'pr'."""
    git(target.parent, "clone", "-q", "--no-local", str(origin), str(target))
    git(target, "checkout", "-q", "-b", "pr")
    return target


def recommendations(clone: Path) -> list[Path]:
    return sorted((clone / "data/recommendations").rglob("*.yaml"))


def load(path: Path) -> dict:
    return yamlio.loads(path.read_text(encoding="utf-8"))


def dump(path: Path, kind: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(canonical(kind, data), encoding="utf-8")


def add_entry(clone: Path, rec: dict, by: str, as_of: str, status: str, **extra) -> str:
    stem = f"{as_of}-{by}"
    dump(clone / "data/monitoring" / rec["id"] / f"{stem}.yaml", "monitoring-entry",
         {"recommendation": rec["id"], "by": by,
          "duty_bearer": rec["assignments"][0]["duty_bearer"], "as_of": as_of,
          "status": status, "summary": {"en": "A simulated finding."}, "simulated": True,
          **extra})
    return stem


def entries_of(clone: Path, rec_id: str) -> list[dict]:
    return [dict(load(p), id=p.stem) for p in sorted((clone / "data/monitoring" / rec_id).glob("*.yaml"))]


def commit(clone: Path, message: str = "change") -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)


def one_recommendation_and_one_entry(clone: Path) -> None:
    """The benchmark's pull request: one recommendation's response, one new assessment of
    another recommendation."""
    recs = recommendations(clone)
    changed, assessed = recs[len(recs) // 2], recs[len(recs) // 3]
    rec = load(changed)
    rec["response"] = "noted" if rec["response"] == "supported" else "supported"
    dump(changed, "recommendation", rec)
    add_entry(clone, load(assessed), "moj-hrd", "2025-12-01", "implemented")
    commit(clone)


def whole(clone: Path, base: str, head: str) -> dict:
    """What comparing the whole plans gives (``head``: a commit or a tree)."""
    repo = open_repo(clone)
    return compare(plan_from_tree(repo, list_tree(repo, base)),
                   plan_from_tree(repo, list_tree(repo, head)), DAY)


def reduced(clone: Path, base: str, head: str) -> dict:
    repo = open_repo(clone)
    plans = changed_plans(repo, resolve_rev(repo, base), resolve_rev(repo, head))
    assert plans is not None, "the change should not need the whole plans"
    return compare(*plans, DAY)


@pytest.fixture
def parses(monkeypatch) -> list:
    """Every file parsed while a test runs (no cache: as in a fresh CI clone)."""
    monkeypatch.setenv("NHRP_CACHE", "off")
    seen: list = []
    real = yamlio.load_bytes

    def counting(data, *args, **kwargs):
        seen.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(yamlio, "load_bytes", counting)
    return seen


@pytest.fixture(scope="module")
def plan60(tmp_path_factory) -> Path:
    return origin(tmp_path_factory.mktemp("origin") / "plan", 60)


@pytest.fixture
def clone(plan60, tmp_path) -> Path:
    return fresh_clone(plan60, tmp_path / "clone")


# --- the cost follows the change --------------------------------------------------------------

def test_a_one_file_change_parses_a_small_constant_number_of_files(plan60, tmp_path, parses):
    for n in (60, 300):
        plan = plan60 if n == 60 else origin(tmp_path / "origin", n)
        clone = fresh_clone(plan, tmp_path / f"clone-{n}")
        one_recommendation_and_one_entry(clone)
        plan_files = sum(1 for _ in clone.rglob("*.yaml"))
        parses.clear()
        d = diff(clone, "origin/main", "HEAD", today=DAY)
        # nhrp.yaml, the 38 actors, the recommendation before and after, the new entry, the
        # assessed recommendation and the entries of both (at most 3 each)
        assert len(parses) <= 50, (n, len(parses))
        assert d["summary"]["responses_changed"] == 1 and d["summary"]["entries_added"] == 1
        assert d["status_changes"]  # the new assessment is the latest of its recommendation
        parses.clear()
        result = check_scope(clone, "origin/main", "HEAD", author=SECRETARIAT)
        assert len(parses) <= 45, (n, len(parses))  # nhrp.yaml, actors, the changed files
        assert [c.status for c in result.changed] == ["A", "M"] and result.ok, result.findings
        shutil.rmtree(clone)
    assert plan_files > 10 * 50  # at 300 recommendations
    # the same as reading everything
    clone = fresh_clone(plan60, tmp_path / "again")
    one_recommendation_and_one_entry(clone)
    assert reduced(clone, "origin/main", "HEAD") == whole(clone, "origin/main", "HEAD")


def test_cli_diff_of_two_commits_reads_only_the_change(clone, cli, parses):
    one_recommendation_and_one_entry(clone)
    parses.clear()
    for fmt in ("markdown", "md", "text"):
        result = cli("diff", "origin/main", "HEAD", "--format", fmt, repo=clone)
        assert result.exit_code == 0, result.output
        assert "1 response changed" in result.stdout and "1 new monitoring entry" in result.stdout
    assert len(parses) <= 3 * 50
    data = json.loads(cli("diff", "origin/main", "HEAD", "--format", "json", repo=clone).stdout)
    assert {k: v for k, v in data.items() if k not in ("base", "head")} == \
        whole(clone, "origin/main", "HEAD")


# --- where the neighbours matter --------------------------------------------------------------

def test_a_deleted_actor_still_named_by_unchanged_recommendations(clone):
    # moj assesses itself (self side) in unchanged files: without its actor file its entries
    # count as independent, so the current status moves in recommendations the change never
    # touched
    (clone / "data/actors/moj.yaml").unlink()
    commit(clone, "remove an actor")
    d = reduced(clone, "origin/main", "HEAD")
    assert d == whole(clone, "origin/main", "HEAD")
    assert d["actors"]["removed"] == ["moj"] and d["recommendations"]["edited"] == []
    moved = {(c["id"], c["side"]) for changes in d["status_changes"].values() for c in changes}
    assert {side for _, side in moved} == {"self", "independent"} and len(moved) >= 4


def test_an_actor_changing_side_moves_the_status_of_its_entries(clone):
    actor = clone / "data/actors/ihchr.yaml"
    data = load(actor)
    data["kind"] = "federal-government"
    dump(actor, "actor", data)
    commit(clone, "the commission is now counted as government")
    d = reduced(clone, "origin/main", "HEAD")
    assert d == whole(clone, "origin/main", "HEAD") and d["status_changes"]


def test_a_superseding_entry_brings_back_an_unchanged_one(clone):
    for path in recommendations(clone):
        rec = load(path)
        found = [e for e in entries_of(clone, rec["id"]) if e["by"] == e["id"][11:]]
        if len({(e["by"], e["status"]) for e in found}) == len(found) >= 2:
            break
    latest = max(found, key=lambda e: e["as_of"])
    add_entry(clone, rec, latest["by"], "2021-01-01", latest["status"],
              supersedes=latest["id"])
    commit(clone, "a correction")
    d = reduced(clone, "origin/main", "HEAD")
    assert d == whole(clone, "origin/main", "HEAD")
    assert [e["supersedes"] for e in d["entries"]["added"]] == [latest["id"]]


def test_a_recommendation_deleted_with_its_entries(clone):
    path = recommendations(clone)[7]
    rec_id = load(path)["id"]
    path.unlink()
    shutil.rmtree(clone / "data/monitoring" / rec_id)
    commit(clone, "withdrawn")
    d = reduced(clone, "origin/main", "HEAD")
    assert d == whole(clone, "origin/main", "HEAD")
    assert d["recommendations"]["removed"] == [rec_id]
    assert {e["id"] for e in d["entries"]["removed"]} == {rec_id}
    assert all(c["direction"] == "withdrawn" for cs in d["status_changes"].values() for c in cs)


def test_an_entry_of_an_unchanged_recommendation_in_a_broken_file(clone):
    path = recommendations(clone)[3]
    rec = load(path)
    entry = next((clone / "data/monitoring" / rec["id"]).glob("*.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8") + "status: [\n", encoding="utf-8")
    commit(clone, "broken")
    d = reduced(clone, "origin/main", "HEAD")
    assert d == whole(clone, "origin/main", "HEAD")
    assert d["unreadable"]["head"] == [str(entry.relative_to(clone))]


# --- when the whole plans are read --------------------------------------------------------------

def test_new_settings_reach_every_recommendation(clone):
    meta = load(clone / "nhrp.yaml")
    meta.setdefault("settings", {})["divergence_steps"] = 3
    dump(clone / "nhrp.yaml", "plan", meta)
    commit(clone, "divergence is three steps now")
    repo = open_repo(clone)
    assert changed_plans(repo, resolve_rev(repo, "origin/main"), resolve_rev(repo, "HEAD")) is None
    d = diff(clone, "origin/main", "HEAD", today=DAY)
    assert d["divergences"]["closed"]  # judged on every recommendation
    assert {k: v for k, v in d.items() if k not in ("base", "head")} == \
        whole(clone, "origin/main", "HEAD")


def test_a_record_whose_id_is_not_its_file_name_means_reading_everything(clone):
    path = recommendations(clone)[5]
    rec = load(path)
    rec["id"] = rec["id"] + "0"
    dump(path, "recommendation", rec)
    commit(clone, "renamed inside")
    repo = open_repo(clone)
    assert changed_plans(repo, resolve_rev(repo, "origin/main"), resolve_rev(repo, "HEAD")) is None
    d = diff(clone, "origin/main", "HEAD", today=DAY)
    assert d["recommendations"]["added"] == [rec["id"]]
    assert d["recommendations"]["removed"] == [rec["id"][:-1]]


# --- a criss-cross history: the change is what merging would do -------------------------------

def test_a_criss_cross_merge_is_read_as_merged(clone):
    recs = [load(p) for p in recommendations(clone)]
    git(clone, "checkout", "-q", "-b", "x", "origin/main")
    add_entry(clone, recs[1], "ihchr", "2025-12-01", "implemented")
    commit(clone, "x1")
    git(clone, "checkout", "-q", "-b", "y", "origin/main")
    dump(recommendations(clone)[2], "recommendation",
         {**recs[2], "response": "noted" if recs[2]["response"] == "supported" else "supported"})
    commit(clone, "y1")
    y1 = git(clone, "rev-parse", "HEAD").strip()
    git(clone, "merge", "-q", "--no-edit", "x")
    git(clone, "checkout", "-q", "x")
    git(clone, "merge", "-q", "--no-edit", y1)
    victim = next((clone / "data/monitoring" / recs[4]["id"]).glob("*.yaml"))
    victim.unlink()
    commit(clone, "x3: an entry deleted")
    git(clone, "checkout", "-q", "y")
    shutil.rmtree(clone / "data/monitoring" / recs[6]["id"])
    commit(clone, "y3: entries deleted")
    assert len(git(clone, "merge-base", "--all", "x", "y").split()) == 2  # criss-cross
    merged = gitio.merge_result(clone, resolve_rev(open_repo(clone), "y"),
                                resolve_rev(open_repo(clone), "x")).tree
    d = diff(clone, "y", "x", today=DAY)
    assert d["head"]["label"] == "x merged into y"
    assert {k: v for k, v in d.items() if k not in ("base", "head")} == whole(clone, "y", merged)
    assert [e["entry"] for e in d["entries"]["removed"]] == [victim.stem]
    result = check_scope(clone, "y", "x", author=SECRETARIAT)
    assert [c.path for c in result.changed] == [str(victim.relative_to(clone))]


def test_a_plan_in_a_sub_folder_of_a_larger_repository(tmp_path, parses):
    repo = tmp_path / "repo"
    files = generator.generate(40, repo / "plan")
    (repo / "README.md").write_text("code and plan together\n", encoding="utf-8")
    generator.commit_history(repo, files + [repo / "README.md"], 1)
    git(repo, "checkout", "-q", "-b", "pr")
    one_recommendation_and_one_entry(repo / "plan")
    plan = repo / "plan"
    parses.clear()
    d = reduced(plan, "main", "pr")
    assert len(parses) <= 50
    assert d == whole(plan, "main", "pr") and d["summary"]["entries_added"] == 1
