"""Set-up contract and the foundation commands: init, validate formats, fmt, schema, errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from conftest import ROOT, copy_plan
from nhrp.core.validate import validate_tree


def test_bundled_plan_is_valid_with_229_recommendations_and_38_actors(cli):
    result = cli("validate", repo=ROOT)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ("checked 270 files (229 recommendations, 38 actors, 0 monitoring "
                             "entries): no problems\n")


def test_bundled_plan_is_canonical(cli):
    result = cli("fmt", "--check", repo=ROOT)
    assert result.exit_code == 0, result.output


def test_bundled_plan_holds_no_invented_assessments():
    assert not (ROOT / "data" / "monitoring").exists() or not any(
        (ROOT / "data" / "monitoring").rglob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "data/recommendations").glob("*.yaml")]
    assert not any("assignments:" in t for t in texts)
    assert all("  ar: " in t for t in texts)


def test_status_of_the_bundled_plan(cli):
    result = cli("status", "--format", "json", repo=ROOT)
    data = json.loads(result.stdout)
    assert data["totals"]["recommendations"] == 229
    assert data["totals"]["by_response"] == {"noted": 54, "supported": 175}
    assert data["totals"]["actors"] == 38
    assert data["totals"]["assigned"] == 0 and data["totals"]["assessed"] == 0


def test_validate_json_has_stable_fields(tmp_path, cli):
    repo = copy_plan(tmp_path / "plan")
    path = repo / "data/recommendations/upr2-127.1.yaml"
    path.write_text(path.read_text().replace("response: supported", "response: accepted"))
    result = cli("validate", "--format", "json", repo=repo)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["problems"] == [{
        "path": "data/recommendations/upr2-127.1.yaml", "line": 8, "column": 11,
        "code": "S204", "severity": "error", "json_path": "response",
        "message": 'response: "accepted" is not allowed; use one of: "supported", "noted", '
                   '"partially-supported", "pending"'}]
    assert data["records"]["recommendation"] == 2 and data["ok"] is False


def test_validate_github_annotations_and_step_summary(tmp_path, cli, monkeypatch):
    repo = copy_plan(tmp_path / "plan")
    (repo / "data/notes.txt").write_text("x\n")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("validate", "--format", "github", repo=repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        "::error file=data/notes.txt,line=1,col=1,title=F601::unknown file: data/ holds")
    assert "| data/notes.txt | 1 | F601 |" in summary.read_text()


def test_validate_given_paths_only(tmp_path, cli, monkeypatch):
    repo = copy_plan(tmp_path / "plan")
    (repo / "data/actors/ministry.yaml").write_text("id: wrong\nkind: ngo\nnames: {en: x}\n")
    monkeypatch.chdir(repo)
    only_recs = cli("validate", "data/recommendations")
    assert only_recs.exit_code == 0, only_recs.stdout
    actor = cli("validate", "data/actors/ministry.yaml")
    assert actor.exit_code == 1 and "R301" in actor.stdout


def test_fmt_rewrites_layout_only_and_check_names_files(tmp_path, cli):
    repo = copy_plan(tmp_path / "plan")
    path = repo / "data/actors/ministry.yaml"
    path.write_bytes(b"names: {en: Ministry of Testing}\r\nkind: federal-government\r\nid: ministry")
    check = cli("fmt", "--check", repo=repo)
    assert check.exit_code == 1
    assert "data/actors/ministry.yaml: would reformat" in check.stdout
    assert cli("fmt", repo=repo).exit_code == 0
    assert path.read_bytes() == b"id: ministry\nkind: federal-government\nnames:\n  en: Ministry of Testing\n"
    assert cli("fmt", "--check", repo=repo).exit_code == 0


def test_fmt_keeps_unknown_fields_and_leaves_broken_files_alone(tmp_path, cli):
    repo = copy_plan(tmp_path / "plan")
    path = repo / "data/actors/ministry.yaml"
    path.write_text("mystery: keep me\nid: ministry\n")
    broken = repo / "data/actors/watch.yaml"
    broken.write_text("id: [\n")
    result = cli("fmt", repo=repo)
    assert result.exit_code == 1
    assert path.read_text() == "id: ministry\nmystery: keep me\n"
    assert broken.read_text() == "id: [\n"


def test_schema_command(cli):
    result = cli("schema", "monitoring-entry")
    assert json.loads(result.stdout)["$id"] == "urn:nhrp:schema:monitoring-entry"
    bad = cli("schema", "nonsense")
    assert bad.exit_code == 2 and "unknown record kind" in bad.output


def test_init_creates_a_valid_plan_for_any_state(tmp_path, cli):
    target = tmp_path / "new-plan"
    result = cli("init", str(target), "--state-code", "jor", "--state-name", "Jordan",
                 "--state-name-ar", "الأردن", "--name", "National plan", "--name-ar",
                 "الخطة الوطنية", "--language", "ar", "--language", "en", "--document",
                 "A/HRC/44/16")
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    report = validate_tree(target, today=dt.date(2026, 1, 15))
    assert report.ok, [p.message for p in report.problems]
    assert "code: JOR" in (target / "nhrp.yaml").read_text(encoding="utf-8")
    again = cli("init", str(target), "--state-code", "JOR", "--state-name", "Jordan",
                "--name", "Plan")
    assert again.exit_code == 2 and "already holds a plan" in again.output


def test_init_without_a_terminal_lists_what_is_missing(tmp_path, cli):
    target = tmp_path / "asked"
    result = cli("init", str(target), "--state-name", "Iraq", input="irq\nIraq\nPlan\n")
    assert result.exit_code == 2
    assert "init needs --state-code, --name" in result.stderr
    assert not target.exists()


def test_init_without_git_writes_only_the_files(tmp_path, cli):
    target = tmp_path / "plain"
    result = cli("init", str(target), "--no-git", "--state-code", "irq", "--state-name", "Iraq",
                 "--name", "Plan for tests")
    assert result.exit_code == 0, result.output
    assert (target / "nhrp.yaml").exists() and not (target / ".git").exists()


def test_environment_errors_are_one_line_with_exit_3(tmp_path, cli, monkeypatch):
    result = cli("validate", repo=tmp_path)
    assert result.exit_code == 3
    assert result.output.strip() == (
        f"nhrp: {tmp_path} (from --repo) is not a plan repository: it has no nhrp.yaml. To "
        "start: pass --repo DIR (or set NHRP_REPO), make a plan repository with 'nhrp init "
        "--example iraq DIR' (a copy of the Iraq plan) or 'nhrp init DIR', or a practice plan "
        "with 'nhrp sandbox DIR'")


def test_usage_errors_exit_2(cli):
    assert cli("status", "--by", "colour", repo=ROOT).exit_code == 2
    assert cli("validate", "--format", "xml", repo=ROOT).exit_code == 2


def test_python_dash_m_and_version():
    done = subprocess.run([sys.executable, "-m", "nhrp", "--version"], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0
    import nhrp

    assert done.stdout == f"nhrp {nhrp.__version__} (plan format 1)\n"


def test_no_traceback_for_an_internal_error(cli, monkeypatch):
    import nhrp.core.dashboards as dashboards

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(dashboards, "cached_dashboard", boom)
    result = cli("status", repo=ROOT)
    assert result.exit_code == 70
    assert "internal error: RuntimeError: simulated bug" in result.output
    assert "Traceback" not in result.output


def test_status_reuses_its_result_only_while_nothing_changed(plan_repo, cli, monkeypatch):
    from nhrp.core.store import cache as store_cache

    monkeypatch.setattr(store_cache, "RACY_NS", 0)  # the files were written a moment ago
    first = json.loads(cli("status", "--format", "json", repo=plan_repo).stdout)
    assert cli("status", "--format", "json", repo=plan_repo).stdout == json.dumps(
        first, ensure_ascii=False) + "\n"
    assert (plan_repo / ".git" / "nhrp-cache" / "status.marshal").exists()
    cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", repo=plan_repo)
    after = json.loads(cli("status", "--format", "json", repo=plan_repo).stdout)
    assert after["totals"]["assigned"] == first["totals"]["assigned"] + 1


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_status_at_is_the_same_from_cache_and_without(plan_repo, cli, fmt):
    """Also what labels the figures: actors by name, not by id, on the second run too."""
    first = cli("status", "--at", "HEAD", "--format", fmt, repo=plan_repo)
    again = cli("status", "--at", "HEAD", "--format", fmt, repo=plan_repo)
    uncached = cli("status", "--at", "HEAD", "--format", fmt, repo=plan_repo,
                   env={"NHRP_CACHE": "off"})
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout == uncached.stdout
    assert (plan_repo / ".git" / "nhrp-cache" / "status-at.marshal").exists()


def test_files_written_just_now_are_not_trusted_by_stat(plan_repo, cli):
    """A file changed again within the same clock tick keeps its stat; such 'racy' files are
    compared by content on the next run, and no whole-run snapshot is kept for them."""
    (plan_repo / "data/recommendations/upr2-127.10.yaml").write_text(
        (plan_repo / "data/recommendations/upr2-127.10.yaml").read_text() + "related: []\n")
    cli("validate", repo=plan_repo)
    cli("status", "--format", "json", repo=plan_repo)
    cache = plan_repo / ".git" / "nhrp-cache"
    assert not (cache / "status.marshal").exists()  # a changed file was written just now
    assert not (cache / "snapshot.marshal").exists()
    from nhrp.core.store import cache as store_cache

    from nhrp.core.store import files

    stored = {path: entry for shard in cache.glob("worktree-*.marshal")
              for path, entry in files.load_shard(shard, store_cache.fingerprint()).items()}
    assert stored and all(entry[0] is None for entry in stored.values())


def test_status_sees_every_kind_of_change(plan_repo, cli):
    """The status cache follows git's view of the files: edits, new files, deletions."""
    from nhrp.core.store import cache as store_cache

    def assigned():
        return json.loads(cli("status", "--format", "json", repo=plan_repo).stdout)["totals"]

    old = store_cache.RACY_NS
    store_cache.RACY_NS = 0
    try:
        first = assigned()
        rec = plan_repo / "data/recommendations/upr2-127.10.yaml"
        rec.write_text(rec.read_text() + "assignments:\n- actor: ministry\n  role: support\n"
                       "  duty_bearer: federal\n  assigned_on: '2025-01-01'\n")
        assert assigned()["assigned"] == first["assigned"] + 1
        new = plan_repo / "data/recommendations/upr2-127.2.yaml"
        new.write_text(rec.read_text().replace("127.10", "127.2"))
        assert assigned()["recommendations"] == first["recommendations"] + 1
        new.unlink()
        rec.unlink()
        assert assigned()["recommendations"] == first["recommendations"] - 1
    finally:
        store_cache.RACY_NS = old


def test_cached_results_follow_untracked_and_ignored_files(plan_repo, cli, monkeypatch):
    """status and list reuse a stored result only while git's tracked files, the folders and
    the untracked files are unchanged: after each kind of change their output equals a run
    without the cache."""
    from nhrp.core.store import cache as store_cache

    monkeypatch.setattr(store_cache, "RACY_NS", 0)  # the files are written a moment before

    def same_as_uncached() -> list:
        listed = []
        for args in (["status", "--format", "json"], ["list", "--format", "json"]):
            cached = cli(*args, repo=plan_repo)
            assert cached.exit_code in (0, 1), cached.output
            assert cached.stdout == cli(*args, repo=plan_repo, env={"NHRP_CACHE": "off"}).stdout
        listed = json.loads(cached.stdout)
        return [(r["id"], r["lead"], r["status"]) for r in listed]

    recs = plan_repo / "data" / "recommendations"
    before = same_as_uncached()
    (recs / "upr2-127.2.yaml").write_text(  # an untracked file
        (recs / "upr2-127.10.yaml").read_text().replace("127.10", "127.2"))
    added = same_as_uncached()
    assert len(added) == len(before) + 1
    with open(recs / "upr2-127.2.yaml", "a") as handle:  # edited in place: its folder keeps its times
        handle.write("assignments:\n- actor: ministry\n  role: lead\n  duty_bearer: federal\n"
                     "  assigned_on: '2025-01-01'\n")
    edited = same_as_uncached()
    assert ("upr2-127.2", ["ministry"], {}) in edited and edited != added
    (plan_repo / ".gitignore").write_text("data/recommendations/upr2-127.3.yaml\n")
    (recs / "upr2-127.3.yaml").write_text(  # ignored by git, still part of the plan
        (recs / "upr2-127.10.yaml").read_text().replace("127.10", "127.3"))
    assert len(same_as_uncached()) == len(added) + 1
    entries = plan_repo / "data" / "monitoring" / "upr2-127.2"
    entries.mkdir()  # a new untracked folder
    (entries / "2025-02-01-watch.yaml").write_text(
        "recommendation: upr2-127.2\nby: watch\nduty_bearer: federal\nas_of: '2025-02-01'\n"
        "status: in-progress\nsummary:\n  en: Drafting has started\n")
    assessed = same_as_uncached()
    assert ("upr2-127.2", ["ministry"], {"federal/independent": "in-progress"}) in assessed
    (recs / "upr2-127.3.yaml").unlink()
    assert len(same_as_uncached()) == len(added)


def test_a_changed_file_rewrites_only_its_part_of_the_cache(plan_repo, cli, monkeypatch):
    from nhrp.core.store import cache as store_cache
    from nhrp.core.store import files

    monkeypatch.setattr(store_cache, "RACY_NS", 0)
    assert cli("validate", repo=plan_repo).exit_code == 0
    cache = plan_repo / ".git" / "nhrp-cache"
    before = {p.name: p.read_bytes() for p in cache.glob("worktree-*.marshal")}
    assert len(before) > 1  # the minimal plan's files fall in several parts
    changed = "data/recommendations/upr2-127.10.yaml"
    (plan_repo / changed).write_text((plan_repo / changed).read_text() + "related: []\n")
    assert cli("validate", repo=plan_repo).exit_code == 0
    after = {p.name: p.read_bytes() for p in cache.glob("worktree-*.marshal")}
    part = f"worktree-{files._shard(changed)}.marshal"
    assert [name for name in after if after[name] != before.get(name)] == [part]
    stored = files.load_shard(cache / part, store_cache.fingerprint())
    assert stored[changed][2][1]["related"] == []


@pytest.mark.parametrize("damage", [b"", b"\x00\xff" * 40, b"truncated", "wrong-shape"])
def test_damaged_working_tree_caches_are_ignored(plan_repo, cli, monkeypatch, damage):
    import marshal

    from nhrp.core.store import cache as store_cache

    monkeypatch.setattr(store_cache, "RACY_NS", 0)
    commands = (["validate", "--format", "json"], ["status", "--format", "json"],
                ["list", "--format", "json"])
    expected = [cli(*c, repo=plan_repo, env={"NHRP_CACHE": "off"}).stdout for c in commands]
    for command in commands:
        cli(*command, repo=plan_repo)
    cache = plan_repo / ".git" / "nhrp-cache"
    files = sorted(cache.glob("*.marshal"))
    assert len(files) >= 10  # eight shards, and the validate, status and list results
    for path in files:
        good = path.read_bytes()
        if damage == "wrong-shape":
            path.write_bytes(marshal.dumps((store_cache.fingerprint(), ["not", "a", "dict"])))
        elif damage == b"truncated":
            path.write_bytes(good[: len(good) // 2])
        else:
            path.write_bytes(damage)
    assert [cli(*c, repo=plan_repo).stdout for c in commands] == expected
