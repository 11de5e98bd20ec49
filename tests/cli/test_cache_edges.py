"""Stored results in unusual trees: every output equals a run without the cache."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import git
from nhrp.core.store import cache as store_cache

COMMANDS = (["validate", "--format", "json"], ["status", "--format", "json"],
            ["list", "--format", "json"])


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch):
    monkeypatch.setattr(store_cache, "RACY_NS", 0)  # the files are written a moment before


def outputs(cli, repo, **env) -> list[tuple[int, str]]:
    results = [cli(*command, repo=repo, env=env or None) for command in COMMANDS]
    return [(r.exit_code, r.stdout) for r in results]


def same_with_and_without_cache(cli, repo) -> list[tuple[int, str]]:
    cached = outputs(cli, repo)
    assert cached == outputs(cli, repo, NHRP_CACHE="off")
    return cached


def test_search_for_bytes_that_are_not_utf8(plan_repo, cli):
    result = cli("list", "--search", "\udcff", "--format", "json", repo=plan_repo)  # argv b"\xff"
    assert result.exit_code == 0 and result.stdout == "[]\n"


def test_file_names_that_are_not_utf8(plan_repo, cli):
    recs = plan_repo / "data" / "recommendations"
    odd = recs / os.fsdecode(b"upr2-127.9\xff.yaml")
    odd.write_text((recs / "upr2-127.10.yaml").read_text())
    first = same_with_and_without_cache(cli, plan_repo)
    assert first[0][0] == 1  # the name is not a valid id
    paths = {p["path"] for p in json.loads(first[0][1])["problems"]}  # escaped, valid JSON
    assert os.fsdecode(b"data/recommendations/upr2-127.9\xff.yaml") in paths
    git(plan_repo, "add", "-A")
    git(plan_repo, "commit", "-q", "-m", "odd name")
    odd.write_text(odd.read_text() + "related: []\n")
    assert same_with_and_without_cache(cli, plan_repo)[0][0] == 1


def test_a_linked_data_folder_is_followed(tmp_path, cli):
    from conftest import MINIMAL, init_git

    shared = tmp_path / "shared"
    shutil.copytree(MINIMAL / "data", shared)
    entries = shared / "monitoring"
    kept = tmp_path / "monitoring"
    entries.rename(kept)
    plan = tmp_path / "plan"
    plan.mkdir()
    shutil.copy(MINIMAL / "nhrp.yaml", plan / "nhrp.yaml")
    (plan / "data").symlink_to(shared)
    init_git(plan)
    before = same_with_and_without_cache(cli, plan)
    shutil.copytree(kept, entries)  # a new folder behind the link
    after = same_with_and_without_cache(cli, plan)
    assert after[1] != before[1]
