"""status and list after a change: only the files changed since the last run are read again
(the per-file cache of every file is not loaded), list rebuilds only the items that changed,
and every result equals a run without any cache."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from conftest import git
from nhrp.core import index, layout, sandbox
from nhrp.core.rules import check
from nhrp.core.store import cache

TODAY = dt.date(2026, 1, 15)
COMMANDS = (("status", "--format", "json"), ("status", "--by", "theme", "--format", "json"),
            ("list", "--format", "json"), ("list", "--search", "torture", "--format", "json"),
            ("list", "--search", "zebra", "--format", "json"))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    plan = tmp_path_factory.mktemp("sandbox") / "plan"
    sandbox.create(plan, today=TODAY)  # a git repository with entries, activities, ...
    return plan


@pytest.fixture
def plan(made, tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files are written a moment before each run
    copy = tmp_path / "plan"
    shutil.copytree(made, copy, symlinks=True, ignore=shutil.ignore_patterns("nhrp-cache"))
    return copy


@pytest.fixture
def spy(monkeypatch) -> dict:
    """What a run does: the files checked (read and parsed), whether the per-file cache of
    every file was loaded, and how many list items were made from scratch."""
    seen = {"checked": [], "shards": 0, "items": 0, "listed": 0}
    real_check, real_load, real_item = check.check_file, cache.load_marshal, index.item
    real_parts = cache.read_parts
    real_list = layout.WorkTree._list

    def check_file(path, raw):
        seen["checked"].append(path)
        return real_check(path, raw)

    def load_marshal(path, key):
        seen["shards"] += path is not None and path.name.startswith("worktree-")
        return real_load(path, key)

    def read_parts(path, key):  # the working tree's per-file shards
        seen["shards"] += path is not None and path.name.startswith("worktree-")
        return real_parts(path, key)

    def listing(self):
        seen["listed"] += 1
        return real_list(self)

    def item(facts):
        seen["items"] += 1
        return real_item(facts)

    monkeypatch.setenv("NHRP_JOBS", "1")  # every file checked in this process, where it is counted
    monkeypatch.setattr(check, "check_file", check_file)
    monkeypatch.setattr(cache, "load_marshal", load_marshal)
    monkeypatch.setattr(cache, "read_parts", read_parts)
    monkeypatch.setattr(index, "item", item)
    monkeypatch.setattr(layout.WorkTree, "_list", listing)

    def reset() -> dict:
        done = {**seen, "checked": sorted(seen["checked"])}
        seen.update(checked=[], shards=0, items=0, listed=0)
        return done

    seen["reset"] = reset
    return seen


def run(cli, plan: Path, *args: str, cached: bool = True) -> str:
    done = cli(*args, repo=plan, env=None if cached else {"NHRP_CACHE": "off"})
    assert done.exit_code in (0, 1), done.output
    return done.stdout


def same_as_uncached(cli, plan: Path) -> None:
    for args in COMMANDS:
        assert run(cli, plan, *args) == run(cli, plan, *args, cached=False), args


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_one_file_change_reads_that_file_only(plan, cli, spy):
    for args in COMMANDS[::2]:
        run(cli, plan, *args)  # the first run reads everything
    spy["reset"]()
    entry = sorted((plan / "data" / "monitoring").rglob("*.yaml"))[5]
    text = entry.read_text(encoding="utf-8")
    status = next(s for s in ("not-started", "in-progress", "implemented") if s not in text)
    edit(entry, "status: ", f"status: {status}\nx_was: ")  # (x_ fields are allowed)
    before = json.loads(run(cli, plan, "status", "--format", "json", cached=False))
    spy["reset"]()
    assert json.loads(run(cli, plan, "status", "--format", "json")) == before
    done = spy["reset"]()
    assert done["checked"] == [str(entry.relative_to(plan))]
    assert done["shards"] == 0  # the per-file cache of the other 1,700 files is not loaded
    assert done["listed"] == 0  # git named the changed file: the tree is not listed
    listed = run(cli, plan, "list", "--format", "json")
    done = spy["reset"]()
    assert done["checked"] == [] and done["shards"] == 0  # status has read the change already
    assert done["items"] == 0  # its recommendation's item was patched, none made again
    assert listed == run(cli, plan, "list", "--format", "json", cached=False)

    rec = sorted((plan / "data" / "recommendations").rglob("*.yaml"))[7]
    edit(rec, "\n  en: ", "\n  en: Zebra crossings. ")
    spy["reset"]()
    found = json.loads(run(cli, plan, "list", "--search", "zebra", "--format", "json"))
    done = spy["reset"]()
    assert done["checked"] == [str(rec.relative_to(plan))] and done["shards"] == 0
    assert done["items"] == 1
    assert [r["id"] for r in found] == [rec.stem]
    run(cli, plan, "status", "--format", "json")
    assert spy["reset"]()["checked"] == []
    same_as_uncached(cli, plan)


def test_files_saved_by_renaming_added_or_deleted_are_found_without_listing_the_tree(
        plan, cli, spy):
    """nhrp's own commands and many editors write a new file and rename it over the old one:
    its folder changes, and only that folder is read again."""
    run(cli, plan, "status", "--format", "json")
    entry = sorted((plan / "data" / "monitoring").rglob("*.yaml"))[5]
    text = entry.read_text(encoding="utf-8")
    saved = entry.with_name("save.tmp")
    saved.write_text(text.replace("status: ", "status: implemented\nx_was: ", 1), encoding="utf-8")
    os.replace(saved, entry)
    expected = run(cli, plan, "status", "--format", "json", cached=False)
    spy["reset"]()
    assert run(cli, plan, "status", "--format", "json") == expected
    done = spy["reset"]()
    assert done["checked"] == [str(entry.relative_to(plan))]
    assert done["listed"] == 0 and done["shards"] == 0
    added = entry.with_name("2025-12-31-added.yaml")
    added.write_text(text.replace("as_of: '", "as_of: '2025-12-31'\nx_was: '", 1),
                     encoding="utf-8")
    expected = run(cli, plan, "status", "--format", "json", cached=False)
    spy["reset"]()
    assert run(cli, plan, "status", "--format", "json") == expected
    done = spy["reset"]()
    assert done["checked"] == [str(added.relative_to(plan))] and done["listed"] == 0
    entry.unlink()
    same_as_uncached(cli, plan)
    spy["reset"]()
    (entry.parent / "sub").mkdir()  # a new folder: the tree is listed
    (entry.parent / "sub" / "x.yaml").write_text(text, encoding="utf-8")
    same_as_uncached(cli, plan)
    assert spy["reset"]()["listed"] > 0


def test_every_kind_of_change_gives_what_a_run_without_cache_gives(plan, cli):
    """Random edits, new, deleted and renamed files, an untracked file, a file made invalid
    and fixed, vocabularies and actors, commits and a checkout of another branch."""
    rnd = random.Random(15)
    data = plan / "data"
    same_as_uncached(cli, plan)
    for _ in range(4):  # random edits of entries and recommendations
        entries = sorted((data / "monitoring").rglob("*.yaml"))
        for path in rnd.sample(entries, 3):
            text = path.read_text(encoding="utf-8")
            old = next(s for s in ("not-started", "in-progress", "partially-implemented",
                                   "implemented", "regressed") if f"status: {s}\n" in text)
            edit(path, f"status: {old}\n", f"status: {rnd.choice(['in-progress', 'implemented'])}\n")
        rec = rnd.choice(sorted((data / "recommendations").rglob("*.yaml")))
        edit(rec, "\n  en: ", "\n  en: Zebra torture. ")
        same_as_uncached(cli, plan)
    entries = sorted((data / "monitoring").rglob("*.yaml"))
    new = entries[3].parent / "2025-12-30-new.yaml"  # a new, untracked entry
    new.write_text(entries[3].read_text(encoding="utf-8").replace(
        "as_of: '", "as_of: '2025-12-30'\nx_old_as_of: '"), encoding="utf-8")
    entries[10].unlink()  # a deleted one
    same_as_uncached(cli, plan)
    recs = sorted((data / "recommendations").rglob("*.yaml"))
    recs[2].rename(recs[2].with_name("renamed.yaml"))  # a record whose name is not its id
    same_as_uncached(cli, plan)
    good = recs[4].read_text(encoding="utf-8")
    recs[4].write_text(good + "cycle: [\n", encoding="utf-8")  # unreadable, then fixed
    same_as_uncached(cli, plan)
    recs[4].write_text(good, encoding="utf-8")
    same_as_uncached(cli, plan)
    actor = next(p for p in sorted((data / "actors").glob("*.yaml"))
                 if "kind: ngo" in p.read_text(encoding="utf-8"))
    edit(actor, "kind: ngo", "kind: krg")  # its entries change side
    edit(plan / "nhrp.yaml", "stale_after_months:", "stale_after_months: 3\n  x_was:")
    same_as_uncached(cli, plan)
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "edits")
    same_as_uncached(cli, plan)
    git(plan, "checkout", "-q", "-b", "other", "HEAD~1")  # another branch: many files change
    same_as_uncached(cli, plan)
    edit(sorted((data / "monitoring").rglob("*.yaml"))[0], "status: ", "status: implemented\nx_: ")
    git(plan, "commit", "-q", "-am", "on the other branch")
    same_as_uncached(cli, plan)
    git(plan, "checkout", "-q", "main")
    same_as_uncached(cli, plan)


def test_a_plan_outside_git_follows_its_changes(plan, cli):
    shutil.rmtree(plan / ".git")
    same_as_uncached(cli, plan)

    def found(text: str) -> list[str]:
        return [r["id"] for r in json.loads(run(cli, plan, "list", "--search", text,
                                                  "--format", "json"))]

    rec = sorted((plan / "data" / "recommendations").rglob("*.yaml"))[1]
    assert found("Zebra") == []
    edit(rec, "\n  en: ", "\n  en: Zebra. ")
    assert found("Zebra") == [rec.stem]  # the kept result saw the edit without git
    same_as_uncached(cli, plan)
    rec.unlink()
    assert found("Zebra") == []
    listed = json.loads(run(cli, plan, "list", "--format", "json"))
    assert rec.stem not in [r["id"] for r in listed]
    same_as_uncached(cli, plan)


def test_after_a_change_only_the_changed_records_are_stored_again(plan, cli, monkeypatch):
    """The kept records of the files that did not change are not encoded and written again:
    the changed ones go to a small second file, folded into the full one when they grow."""
    from nhrp.core.store import memo

    run(cli, plan, "status", "--format", "json")
    where = cache.folder(plan)
    full, apart = where / "lean-index.marshal", where / "lean-index.changes.marshal"
    before = full.read_bytes()
    entries = sorted((plan / "data" / "monitoring").rglob("*.yaml"))
    edit(entries[5], "status: ", "status: implemented\nx_was: ")
    same_as_uncached(cli, plan)
    assert full.read_bytes() == before  # the records of the other files are not written
    kept = cache.load_marshal(apart, cache.fingerprint())["files"]
    assert list(kept) == [str(entries[5].relative_to(plan))]
    monkeypatch.setattr(memo, "CHANGES_MAX", 2)
    monkeypatch.setattr(memo, "CHANGES_SHARE", 10 ** 9)
    edit(entries[6], "status: ", "status: implemented\nx_was: ")
    same_as_uncached(cli, plan)
    assert full.read_bytes() == before and len(cache.load_marshal(apart, cache.fingerprint())
                                                ["files"]) == 2
    edit(entries[7], "status: ", "status: implemented\nx_was: ")  # a third: all stored again
    same_as_uncached(cli, plan)
    assert full.read_bytes() != before
    edit(entries[5], "x_was: ", "x_again: ")  # on the new full store
    same_as_uncached(cli, plan)
    rec = sorted((plan / "data" / "recommendations").rglob("*.yaml"))[3]
    rec.unlink()  # a file gone: all stored again, the changes kept apart no longer apply
    same_as_uncached(cli, plan)
    edit(entries[8], "status: ", "status: implemented\nx_was: ")
    same_as_uncached(cli, plan)
