"""Writes and concurrency: interrupted writes leave the old file, parallel writers lose nothing,
writing commands refuse a repository in the middle of a merge or rebase, and ids from the
command line cannot escape the plan folder."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import git
from nhrp.core import fsutil, yamlio

REC = "data/recommendations/upr2-127.10.yaml"


class Boom(Exception):
    pass


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
def test_interrupted_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch, stage):
    target = tmp_path / "file.yaml"
    target.write_text("old: content\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise Boom(stage)

    if stage == "write":
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FailingFile(fd))
    elif stage == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(Boom):
        fsutil.atomic_write(target, "new: content\n")
    assert target.read_text(encoding="utf-8") == "old: content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.yaml"]


class _FailingFile:
    def __init__(self, fd):
        os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        raise Boom("write")


def test_failed_assign_leaves_the_recommendation_intact(plan_repo, cli, monkeypatch):
    before = (plan_repo / REC).read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", repo=plan_repo)
    assert result.exit_code == 3
    assert "No space left on device" in result.output
    assert (plan_repo / REC).read_bytes() == before
    assert git(plan_repo, "status", "--porcelain") == ""


def test_create_new_never_overwrites(tmp_path):
    target = tmp_path / "entry.yaml"
    target.write_text("original\n")
    with pytest.raises(Exception):
        fsutil.create_new(target, "replacement\n")
    assert target.read_text() == "original\n"


def test_parallel_assign_processes_lose_no_update(plan_repo):
    """Eight processes add eight different supporting actors to one recommendation at once."""
    actors = [f"helper{i}" for i in range(8)]
    for actor in actors:
        (plan_repo / f"data/actors/{actor}.yaml").write_text(
            f"id: {actor}\nkind: federal-government\nnames:\n  en: Helper body {actor[-1]}\n",
            encoding="utf-8")
    env = {**os.environ, "NHRP_TODAY": "2026-01-15"}

    def run(actor: str):
        return subprocess.run([sys.executable, "-m", "nhrp", "--repo", str(plan_repo), "assign",
                               "upr2-127.10", "--to", actor, "--role", "support"],
                              capture_output=True, text=True, env=env, timeout=120)

    with ThreadPoolExecutor(len(actors)) as pool:
        results = list(pool.map(run, actors))
    assert [r.returncode for r in results] == [0] * len(actors), [r.stderr for r in results]
    data = yamlio.loads((plan_repo / REC).read_text(encoding="utf-8"))
    assert sorted(a["actor"] for a in data["assignments"]) == actors


def test_writing_refused_during_rebase(plan_repo, cli):
    (plan_repo / ".git" / "rebase-merge").mkdir()
    result = cli("monitor", "watch", "--decline", repo=plan_repo)
    assert result.exit_code == 3
    assert "a rebase is in progress" in result.output


def test_writing_refused_with_unmerged_files(plan_repo, cli):
    path = plan_repo / REC
    git(plan_repo, "checkout", "-q", "-b", "other")
    path.write_text(path.read_text().replace("response: noted", "response: supported"))
    git(plan_repo, "commit", "-qam", "other side")
    git(plan_repo, "checkout", "-q", "main")
    path.write_text(path.read_text().replace("response: noted", "response: pending"))
    git(plan_repo, "commit", "-qam", "this side")
    subprocess.run(["git", "-C", str(plan_repo), "merge", "-q", "other"], capture_output=True)
    (plan_repo / ".git" / "MERGE_HEAD").unlink()  # only the unmerged index entries remain
    result = cli("assign", "upr2-127.1", "--to", "secretariat", "--role", "support",
                 repo=plan_repo)
    assert result.exit_code == 3
    assert "has unmerged files" in result.output


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "/etc/passwd", "..\\x", "upr2-127.1/../x",
                                    "upr2-127.1\n"])
def test_ids_from_the_command_line_cannot_escape(plan_repo, cli, bad_id):
    before = sorted(p for p in Path(plan_repo).rglob("*") if ".git" not in p.parts)
    for args in (["show", bad_id],
                 ["assess", bad_id, "--by", "watch", "--duty-bearer", "federal", "--status",
                  "in-progress", "--as-of", "2024-01-01", "--summary", "x"],
                 ["assess", "upr2-127.1", "--by", bad_id, "--duty-bearer", "federal", "--status",
                  "in-progress", "--as-of", "2024-01-01", "--summary", "x"],
                 ["assign", bad_id, "--to", "ministry", "--role", "support"],
                 ["monitor", bad_id, "--decline"]):
        result = cli(*args, repo=plan_repo)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    after = sorted(p for p in Path(plan_repo).rglob("*") if ".git" not in p.parts)
    assert after == before


def test_atomic_write_keeps_permissions(tmp_path):
    existing = tmp_path / "kept.yaml"
    existing.write_text("a: 1\n")
    existing.chmod(0o640)
    fsutil.atomic_write(existing, "a: 2\n")
    assert existing.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0o022)
    try:
        fsutil.atomic_write(tmp_path / "new.yaml", "b: 1\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.yaml").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("command", ["assess", "new assessment"])
@pytest.mark.parametrize("linked", ["data/monitoring/upr2-127.10", "data/monitoring"])
def test_writes_never_go_through_a_linked_folder(plan_repo, cli, tmp_path, command, linked):
    """A committed link anywhere on the path (not only the last component) is refused."""
    outside = tmp_path / "outside"
    outside.mkdir()
    target = plan_repo / linked
    if target.exists():
        import shutil

        shutil.copytree(target, outside, dirs_exist_ok=True)
        shutil.rmtree(target)
    target.symlink_to(outside, target_is_directory=True)
    git(plan_repo, "add", "-A")
    git(plan_repo, "commit", "-q", "-m", "a linked folder")
    before = sorted(p.relative_to(outside) for p in outside.rglob("*"))
    if command == "assess":
        result = cli("assess", "upr2-127.10", "--by", "watch", "--duty-bearer", "federal",
                     "--status", "in-progress", "--as-of", "2025-03-01", "--summary", "x",
                     repo=plan_repo)
    else:
        result = cli("new", "assessment", "upr2-127.10", "--by", "watch", "--duty-bearer",
                     "federal", repo=plan_repo)
    assert result.exit_code == 3, result.output
    assert "is a symbolic link; nhrp never writes through a link" in result.output
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == before


def test_plan_file_refuses_paths_that_leave_the_plan(tmp_path):
    from nhrp.errors import EnvironmentProblem

    for rel in ("../x.yaml", "/etc/x.yaml", "data//x.yaml", "data/./x.yaml"):
        with pytest.raises(EnvironmentProblem):
            fsutil.plan_file(tmp_path, rel)
    assert fsutil.plan_file(tmp_path, "data/a/b.yaml") == tmp_path / "data/a/b.yaml"


def test_new_activity_never_writes_through_a_linked_folder(plan_repo, cli, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (plan_repo / "data/activities").symlink_to(outside, target_is_directory=True)
    result = cli("new", "activity", "shelters", "--lead", "ministry", repo=plan_repo)
    assert result.exit_code == 3, result.output
    assert "data/activities is a symbolic link" in result.output
    assert list(outside.iterdir()) == []
