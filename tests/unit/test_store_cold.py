"""The cold path of the store: a first validate checks files while the folders are still
being listed, on several processes, and stores the workers' results as they came; the result
is the same as the listing-first path's, with the cache on or off, warm or after a change;
and a commit's index view reuses the working tree's results by blob id."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, git, init_git
from nhrp.core import layout, validate
from nhrp.core.rules.check import check_file
from nhrp.core.store import cache, files, sources
from nhrp.core.store.load import INDEX, load
from test_store_parity import facts

TODAY = dt.date(2026, 1, 15)
BROKEN = {"upr2-127.1": "Y103-duplicate-key", "upr2-127.2": "S203-wrong-type",
          "upr2-127.3": "R303-unknown-actor", "upr2-127.4": "Y101-yaml-syntax"}


@pytest.fixture
def plan(tmp_path) -> Path:
    """The bundled plan (~270 files) with broken records, a link, an unknown file, a hidden
    tracked file and a future date, committed."""
    root = tmp_path / "plan"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "nhrp.yaml", root / "nhrp.yaml")
    recs = root / "data" / "recommendations"
    for rec_id, case in BROKEN.items():
        text = (FIXTURES / "invalid" / case / "files" / "data" / "recommendations" /
                "upr2-127.1.yaml").read_text(encoding="utf-8")
        (recs / f"{rec_id}.yaml").write_text(text.replace("upr2-127.1", rec_id), encoding="utf-8")
    os.symlink("upr2-127.5.yaml", recs / "upr2-999.1.yaml")
    (root / "data" / "notes.txt").write_text("not a record\n", encoding="utf-8")
    (root / "data" / ".hidden.yaml").write_text("id: x\n", encoding="utf-8")
    future = FIXTURES / "invalid" / "D402-future-date" / "files" / "data" / "monitoring"
    shutil.copytree(future / "upr2-127.1", root / "data" / "monitoring" / "upr2-127.1",
                    dirs_exist_ok=True)
    return init_git(root)


@pytest.fixture
def small_chunks(monkeypatch):
    """Several processes and many chunks even for a small plan."""
    monkeypatch.setattr(files, "PARALLEL_FROM", 10)
    monkeypatch.setattr(files, "CHUNK", 7)
    monkeypatch.setattr(cache, "RACY_NS", 0)


def run(root: Path, **kw) -> dict:
    return validate.validate_tree(root, today=TODAY, **kw).as_dict()


def test_a_first_run_streams_and_equals_the_uncached_serial_run(plan, small_chunks, monkeypatch):
    expected = run(plan, use_cache=False, jobs=1)
    assert {p["code"] for p in expected["problems"]} >= {"Y103", "S203", "R303", "Y101", "F601",
                                                          "F602", "D402"}
    listed = []
    real = layout.WorkTree.paths

    def paths(self):  # the first run must not list before checking
        listed.append(self._listed is None)
        return real(self)

    monkeypatch.setattr(layout.WorkTree, "paths", paths)
    folder = cache.folder(plan)  # results of another version of nhrp count for nothing
    writer = cache.PartsWriter(folder / "worktree-0.marshal", "another version")
    writer.close()
    assert not files.stored(layout.WorkTree(plan))
    assert run(plan, jobs=2) == expected
    assert listed and not any(listed), "the listing came from the stream"
    assert files.stored(layout.WorkTree(plan))
    assert run(plan, use_cache=False, jobs=2) == expected  # streamed without a cache too


def test_the_stats_the_workers_took_key_the_stored_result(plan, small_chunks, monkeypatch):
    expected = run(plan, jobs=2)

    def no_check(path, raw):
        raise AssertionError(f"{path} was checked again")

    monkeypatch.setattr(validate, "check_file", no_check)
    assert run(plan, jobs=2) == expected  # the whole-run result, keyed by the workers' lstat
    (plan / "data" / "monitoring" / "upr2-127.1" / "2027-01-01-watch.yaml").unlink()
    reused = run(plan, jobs=2)  # per-file results, keyed by the workers' lstat
    monkeypatch.undo()
    assert reused == run(plan, use_cache=False, jobs=1)


def test_a_changed_file_is_checked_again_and_the_rest_reused(plan, small_chunks, monkeypatch):
    run(plan, jobs=2)
    changed = plan / "data" / "recommendations" / "upr2-127.2.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("upr2-127.2", "upr2-127.20"),
                       encoding="utf-8")
    fresh = run(plan, use_cache=False, jobs=1)
    checked = []
    real = validate.check_file

    def counting(path, raw):
        checked.append(path)
        return real(path, raw)

    monkeypatch.setattr(validate, "check_file", counting)
    assert run(plan, jobs=2) == fresh
    assert checked == ["data/recommendations/upr2-127.2.yaml"]


def test_a_shard_with_a_damaged_part_is_ignored(plan, small_chunks):
    expected = run(plan, jobs=2)
    folder = cache.folder(plan)
    version = cache.fingerprint()
    for n in range(files.SHARDS):  # a checksum that holds over parts that are not marshal
        writer = cache.PartsWriter(folder / f"worktree-{n}.marshal", version)
        writer.add(b"\xff not marshal")
        writer.close()
    (folder / "snapshot.marshal").unlink()
    assert files.load_shard(folder / "worktree-0.marshal", version) == {}
    assert run(plan, jobs=2) == expected


def test_a_commit_reuses_the_working_trees_results_by_blob_id(plan, small_chunks, monkeypatch):
    run(plan, jobs=2)  # fills the working tree's store
    changed = "data/recommendations/upr2-127.5.yaml"
    (plan / changed).write_text((plan / changed).read_text(encoding="utf-8") + "related: []\n",
                                encoding="utf-8")
    run(plan, jobs=2)  # the store now holds the changed file: HEAD's blob differs
    read = []
    real = sources.GitTree.read_many

    def reading(self, paths):
        read.extend(paths)
        return real(self, paths)

    monkeypatch.setattr(sources.GitTree, "read_many", reading)
    head = facts(load(sources.at(plan, "HEAD"), INDEX, check=check_file))
    assert read == [changed]
    monkeypatch.setenv("NHRP_CACHE", "off")
    assert head == facts(load(sources.at(plan, "HEAD"), INDEX, check=check_file))
    assert "related" not in dict(head["recommendations"])["upr2-127.5"]
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "related")
    monkeypatch.delenv("NHRP_CACHE")
    assert facts(load(sources.at(plan, "HEAD"), INDEX, check=check_file)) == \
        facts(load(layout.WorkTree(plan), INDEX, check=check_file))


def test_the_content_key_is_gits_blob_id(plan):
    path = "data/recommendations/upr2-127.5.yaml"
    oid = git(plan, "rev-parse", f"HEAD:{path}").strip()
    assert files.blob_id((plan / path).read_bytes()).hex() == oid


def test_a_pipe_in_the_plan_is_reported_not_waited_on(plan, small_chunks):
    os.mkfifo(plan / "data" / "recommendations" / "upr2-998.1.yaml")
    for jobs in (1, 2):
        found = [p for p in run(plan, jobs=jobs, use_cache=False)["problems"]
                 if p["path"] == "data/recommendations/upr2-998.1.yaml"]
        assert [(p["code"], p["line"], p["message"]) for p in found] == \
            [("Y101", 1, "cannot read the file: not a regular file")]


def test_a_file_replaced_by_a_pipe_is_reported_not_waited_on(plan):
    """A file whose kept result no longer matches its stat is read again to compare contents:
    the same way the workers read, so a pipe put in its place is a Y101, not a hang."""
    env = {**os.environ, "NHRP_TODAY": TODAY.isoformat()}
    command = [sys.executable, "-m", "nhrp", "-C", str(plan), "validate", "--format", "json"]
    subprocess.run(command, env=env, capture_output=True, timeout=120)  # results kept
    rec = plan / "data" / "recommendations" / "upr2-127.6.yaml"
    rec.unlink()
    os.mkfifo(rec)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    found = [p for p in json.loads(done.stdout)["problems"]
             if p["path"] == "data/recommendations/upr2-127.6.yaml"]
    assert [(p["code"], p["message"]) for p in found] == \
        [("Y101", "cannot read the file: not a regular file")]


def test_a_parts_file_is_read_back_whole_or_not_at_all(tmp_path):
    path = tmp_path / "parts"
    writer = cache.PartsWriter(path, "key")
    parts = [b"one", b"", b"\n" * 40, bytes(range(256)) * 9]
    for part in parts:
        writer.add(part)
    assert not path.exists(), "visible only when closed"
    writer.close()
    assert [bytes(p) for p in cache.read_parts(path, "key")] == parts
    assert cache.read_parts(path, "other key") is None
    assert list(tmp_path.iterdir()) == [path], "no temporary file left"
    raw = path.read_bytes()
    for damaged in (raw[:-1], raw[:40] + raw[41:], raw[:60] + b"x" + raw[61:], b"", raw + b"\n"):
        path.write_bytes(damaged)
        assert cache.read_parts(path, "key") is None
    abandoned = cache.PartsWriter(tmp_path / "abandoned", "key")
    abandoned.add(b"part")
    abandoned.abort()
    assert list(tmp_path.iterdir()) == [path]
