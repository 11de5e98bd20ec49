"""nhrp log, nhrp status --at and nhrp diff on a repository with a known dated history
(tests/history_scenario.py lists it); every expectation here is computed by hand from that list."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import git
from history_scenario import build

from nhrp.core.store import revision


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("history") / "plan")


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- log -------------------------------------------------------------------------------------

def test_log_lists_every_change_oldest_first(cli, scenario):
    rows = _json(cli("log", "upr2-127.10", "--format", "json", repo=scenario))
    got = [(r["date"], r["actor"], r["change"], r["item"], r["duty_bearer"], r["from"], r["to"])
           for r in rows]
    assert got == [
        ("2022-01-01", "secretariat", "recommendation-added", "upr2-127.10", None, None, "noted"),
        ("2023-03-01", "secretariat", "assignment-added", "ministry", "federal", None, "lead"),
        ("2023-07-01", "watch", "assessment-added", "2023-06-20-watch", "federal", None,
         "in-progress"),
        ("2023-09-15", "secretariat", "response-changed", "upr2-127.10", None, "noted",
         "supported"),
        ("2023-09-15", "secretariat", "due-moved", "ministry", "federal", "2023-12-31",
         "2024-06-30"),
        ("2023-11-01", "secretariat", "assignment-removed", "ministry", "federal", "lead", None),
        ("2023-11-01", "secretariat", "assignment-added", "secretariat", "federal", None, "lead"),
        # the clerk's e-mail is in no actor's contributors list: no actor, but the author stays
        ("2024-02-01", None, "assessment-added", "2024-01-31-ministry", "federal", None,
         "implemented"),
        ("2024-03-10", "watch", "assessment-added", "2024-03-01-watch", "federal", "in-progress",
         "implemented"),
        ("2024-03-10", "watch", "entry-superseded", "2023-06-20-watch", "federal", None, None),
    ]
    clerk = rows[7]
    assert (clerk["author"], clerk["email"]) == ("Clerk", "clerk@ministry.example")
    assert "self" in clerk["description"]  # the ministry is an authority: a self-assessment
    tags = {t: git(scenario, "rev-parse", t).strip() for t in ("v0", "v1", "v2", "v3")}
    assert rows[0]["commit"] == tags["v0"] and rows[1]["commit"] == tags["v1"]
    assert rows[5]["commit"] == rows[6]["commit"] == tags["v2"]
    assert rows[8]["commit"] == tags["v3"]


def test_log_newest_first_and_deleted_recommendation(cli, scenario):
    rows = _json(cli("log", "upr2-127.1", "--newest-first", "--format", "json", repo=scenario))
    assert [(r["date"], r["change"], r["item"]) for r in rows] == [
        ("2024-05-01", "recommendation-deleted", "upr2-127.1"),
        ("2024-05-01", "entry-removed", "2023-06-01-watch"),
        ("2022-01-01", "recommendation-added", "upr2-127.1"),
        ("2022-01-01", "assessment-added", "2023-06-01-watch"),
    ]
    assert (rows[1]["from"], rows[1]["to"]) == ("not-started", None)
    same = _json(cli("log", "upr2-127.1", "--reverse", "--format", "json", repo=scenario))
    assert same == rows


def test_log_csv_and_table(cli, scenario):
    result = cli("log", "upr2-127.10", "--format", "csv", repo=scenario)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("date,commit,author,email,actor,change,item,duty_bearer,from,to,"
                        "description")
    assert len(lines) == 11 and ",due-moved,ministry,federal,2023-12-31,2024-06-30," in lines[5]
    table = cli("log", "upr2-127.10", repo=scenario)
    assert table.exit_code == 0 and "due-moved" in table.stdout and "10 changes" in table.stdout


def test_log_unknown_recommendation_is_a_usage_error(cli, scenario):
    result = cli("log", "upr2-127.100", repo=scenario)
    assert result.exit_code == 2
    assert "unknown recommendation 'upr2-127.100'" in result.stderr
    assert "upr2-127.10" in result.stderr  # the suggestion
    assert cli("log", "../x", repo=scenario).exit_code == 2


# --- status --at -----------------------------------------------------------------------------

def _status(cli, scenario, at):
    return _json(cli("status", "--at", at, "--format", "json", repo=scenario))


def test_status_at_dates(cli, scenario):
    # 2023-06-30: after v1 — 127.10 assigned to the ministry, due 2023-12-31: not yet overdue
    s = _status(cli, scenario, "2023-06-30")
    assert s["today"] == "2023-06-30"
    assert (s["totals"]["recommendations"], s["totals"]["assigned"],
            s["totals"]["monitoring_entries"]) == (2, 2, 1)
    assert s["totals"]["by_response"] == {"noted": 1, "supported": 1}
    assert s["overdue"] == {} and s["divergences"] == []
    assert [a["actor"] for a in s["lead_actors"]] == ["ministry"]

    # 2024-01-15: v2 — response now supported, the secretariat leads, due 2024-06-30
    s = _status(cli, scenario, "2024-01-15")
    assert s["totals"]["by_response"] == {"supported": 2}
    assert s["lead_actors"] == [
        {"actor": "ministry", "assigned": 1, "assessed": 1, "implemented": 0, "overdue": 0},
        {"actor": "secretariat", "assigned": 1, "assessed": 1, "implemented": 0, "overdue": 0}]
    assert s["status_by_duty_bearer"]["federal"]["independent"]["in-progress"] == 1

    # 2024-02-15: the ministry says implemented, the watch still says in progress: 2 steps apart
    s = _status(cli, scenario, "2024-02-15")
    assert [(d["id"], d["self"]["status"], d["independent"]["status"], d["steps"])
            for d in s["divergences"]] == [("upr2-127.10", "implemented", "in-progress", 2)]

    # 2024-03-10 (a commit that very day counts): the correction closes the divergence
    s = _status(cli, scenario, "2024-03-10")
    assert s["divergences"] == [] and s["totals"]["implemented"] == 1
    assert s["totals"]["monitoring_entries"] == 4

    # 2025-01-15: v4 — 127.1 is gone, and with it the ministry's overdue item
    s = _status(cli, scenario, "2025-01-15")
    assert s["totals"]["recommendations"] == 1 and s["overdue"] == {}


def test_status_at_rev_judges_deadlines_today(cli, scenario):
    s = _status(cli, scenario, "v2")
    assert s["today"] == "2026-01-15"
    assert {actor: [i["id"] for i in items] for actor, items in s["overdue"].items()} == {
        "ministry": ["upr2-127.1"], "secretariat": ["upr2-127.10"]}


def test_status_at_text_says_which_commit(cli, scenario):
    result = cli("status", "--at", "2023-06-30", repo=scenario)
    assert result.exit_code == 0
    v1 = git(scenario, "rev-parse", "v1").strip()
    assert f"Plan as of 2023-06-30 (commit {v1[:10]} of 2023-03-01)" in result.stdout
    md = cli("status", "--at", "v1", "--format", "markdown", repo=scenario)
    assert md.stdout.startswith(f"_Plan at commit {v1[:10]} of 2023-03-01_")


def test_status_at_in_a_bare_clone_equals_status_in_a_checkout(cli, scenario, tmp_path):
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(scenario), str(bare))
    for rev in ("v0", "v1", "v2", "v3", "v4"):
        checkout = tmp_path / f"checkout-{rev}"
        git(tmp_path, "clone", "-q", str(scenario), str(checkout))
        git(checkout, "checkout", "-q", rev)
        expected = _json(cli("status", "--format", "json", repo=checkout))
        assert _json(cli("status", "--at", rev, "--format", "json", repo=bare)) == expected
        assert _json(cli("status", "--by", "actor", "--at", rev, "--format", "json",
                         repo=bare)) == _json(cli("status", "--by", "actor", "--format", "json",
                                                  repo=checkout))
    # log reads the same history from the bare clone
    assert _json(cli("log", "upr2-127.10", "-f", "json", repo=bare)) == \
        _json(cli("log", "upr2-127.10", "-f", "json", repo=scenario))


def test_status_at_from_inside_a_bare_repository(scenario, tmp_path, monkeypatch, cli):
    bare = tmp_path / "inside.git"
    git(tmp_path, "clone", "-q", "--bare", str(scenario), str(bare))
    monkeypatch.chdir(bare)
    s = _json(cli("status", "--at", "v1", "--format", "json"))
    assert s["plan"]["id"] == "test-plan-2021-2025" and s["totals"]["assigned"] == 2


# --- diff ------------------------------------------------------------------------------------

def _diff(cli, scenario, *args):
    return _json(cli("diff", *args, "--format", "json", repo=scenario))


def test_diff_v1_v2(cli, scenario):
    d = _diff(cli, scenario, "v1", "v2")
    assert d["recommendations"] == {"added": [], "removed": [], "edited": [],
                                    "response_changed": [{"id": "upr2-127.10", "from": "noted",
                                                          "to": "supported"}]}
    assert [(a["change"], a["actor"], a["due"]) for a in d["assignments"]] == [
        ("removed", "ministry", "2023-12-31"), ("added", "secretariat", "2024-06-30")]
    assert [e["entry"] for e in d["entries"]["added"]] == ["2023-06-20-watch"]
    assert d["status_changes"] == {"federal": [
        {"id": "upr2-127.10", "side": "independent", "from": None, "to": "in-progress",
         "direction": "first"}]}
    assert [(o["id"], o["actor"]) for o in d["overdue"]["appeared"]] == [
        ("upr2-127.10", "secretariat")]
    assert [(o["id"], o["actor"]) for o in d["overdue"]["resolved"]] == [
        ("upr2-127.10", "ministry")]
    assert d["divergences"] == {"opened": [], "closed": []}
    assert d["base"]["commit"] == git(scenario, "rev-parse", "v1").strip()


def test_diff_v2_v3_and_divergence_between_dates(cli, scenario):
    d = _diff(cli, scenario, "v2", "v3")
    assert [(e["entry"], e["side"], e["status"], e["supersedes"])
            for e in d["entries"]["added"]] == [
        ("2024-01-31-ministry", "self", "implemented", None),
        ("2024-03-01-watch", "independent", "implemented", "2023-06-20-watch")]
    assert [(c["side"], c["from"], c["to"], c["direction"])
            for c in d["status_changes"]["federal"]] == [
        ("independent", "in-progress", "implemented", "up"),
        ("self", None, "implemented", "first")]
    assert [o["actor"] for o in d["overdue"]["resolved"]] == ["secretariat"]
    assert d["assignments"] == []
    # dates work as sides too: the divergence opened on 2024-02-01 and closed on 2024-03-10
    opened = _diff(cli, scenario, "v2", "2024-02-01")["divergences"]
    assert [(x["id"], x["steps"]) for x in opened["opened"]] == [("upr2-127.10", 2)]
    closed = _diff(cli, scenario, "2024-02-01", "v3")["divergences"]
    assert closed["opened"] == [] and [x["id"] for x in closed["closed"]] == ["upr2-127.10"]


def test_diff_v3_v4_deletion(cli, scenario):
    d = _diff(cli, scenario, "v3", "v4")
    assert d["recommendations"]["removed"] == ["upr2-127.1"]
    assert [e["entry"] for e in d["entries"]["removed"]] == ["2023-06-01-watch"]
    assert d["status_changes"]["federal"][0]["direction"] == "withdrawn"
    assert [o["id"] for o in d["overdue"]["resolved"]] == ["upr2-127.1"]
    assert d["summary"]["recommendations_removed"] == 1 and d["changed"] is True


def test_diff_same_commit_is_empty(cli, scenario):
    d = _diff(cli, scenario, "v4", "v4")
    assert d["changed"] is False and not any(d["summary"].values())
    text = cli("diff", "v4", "v4", repo=scenario)
    assert "No changes to the plan." in text.stdout


def test_diff_defaults_to_merge_base_and_working_tree(cli, scenario, tmp_path):
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(scenario), str(work))
    git(work, "checkout", "-q", "-b", "feature")
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", repo=work)
    assert result.exit_code == 0, result.output
    d = _diff(cli, work)
    assert d["base"]["label"] == "HEAD"
    assert d["base"]["commit"] == git(scenario, "rev-parse", "v4").strip()
    assert d["head"]["label"] == "the working tree (uncommitted changes)"
    assert [(a["change"], a["actor"], a["role"]) for a in d["assignments"]] == [
        ("added", "ministry", "support")]
    git(work, "commit", "-qam", "assign")  # a clean branch ahead of main: its own commits
    d = _diff(cli, work)
    assert d["base"]["label"] == "where this branch left main" and d["head"]["label"] == "HEAD"
    assert len(d["assignments"]) == 1
    git(work, "checkout", "-q", "main")
    git(work, "merge", "-q", "--ff-only", "feature")  # right after a commit on main: that commit
    d = _diff(cli, work)
    assert (d["base"]["label"], d["head"]["label"]) == ("HEAD~1", "HEAD")
    assert len(d["assignments"]) == 1
    text = cli("diff", repo=work).stdout
    assert text.startswith("Plan changes from HEAD~1 (") and "to HEAD (" in text


def test_diff_at_the_first_commit_says_there_is_nothing_before(cli, plan_repo):
    result = cli("diff", repo=plan_repo)
    assert result.exit_code == 2 and "HEAD is the plan's first commit" in result.stderr


def test_diff_markdown_is_safe_for_a_pull_request(cli, scenario, tmp_path):
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(scenario), str(work))
    rec = work / "data/recommendations/upr2-127.10.yaml"
    hostile = "@everyone <b>x</b> | [y](javascript:1)\nnew line"
    rec.write_text(rec.read_text() + (
        f"- actor: {json.dumps(hostile)}\n  role: lead\n  duty_bearer: federal\n"
        "  assigned_on: '2024-06-01'\n"))
    result = cli("diff", "HEAD", "--format", "markdown", repo=work)
    assert result.exit_code == 1  # printed, but a file was left out of the comparison
    assert "1 file was left out of the comparison" in result.stderr
    md = result.stdout
    # a record that breaks its schema is not compared: the diff says the file is unreadable
    assert "could not be read" in md and "data/recommendations/upr2-127.10.yaml" in md
    assert "<b>" not in md and "@everyone" not in md and "](" not in md
    tables, current = [], []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line.replace("\\|", "").count("|"))
        elif current:
            tables.append(current)
            current = []
    assert all(len(set(t)) == 1 for t in tables)  # no row breaks its table

    text = cli("diff", "HEAD", repo=work).stdout
    assert "1 file could not be read" in text and "removed" not in text


# --- errors ----------------------------------------------------------------------------------

def test_not_a_git_repository_is_exit_3(cli, plan_dir):
    for args in (("status", "--at", "2024-01-01"), ("log", "upr2-127.1"), ("diff", "HEAD")):
        result = cli(*args, repo=plan_dir)
        assert result.exit_code == 3, args
        assert "is not a git repository" in result.stderr
        assert "Traceback" not in result.output


def test_unknown_rev_and_early_date_are_exit_2(cli, scenario):
    result = cli("status", "--at", "no-such-tag", repo=scenario)
    assert result.exit_code == 2 and "'no-such-tag' is not a commit, branch or tag" in result.stderr
    result = cli("status", "--at", "2021-12-31", repo=scenario)
    assert result.exit_code == 2
    assert "2021-12-31 is before the first commit (2022-01-01)" in result.stderr
    result = cli("status", "--at", "2023-02-30", repo=scenario)
    assert result.exit_code == 2 and "not a date that exists" in result.stderr
    assert cli("diff", "no-such-tag", repo=scenario).exit_code == 2


def test_shallow_clone_lacking_the_date_is_exit_3(cli, scenario, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{scenario}", str(shallow))
    result = cli("status", "--at", "2023-01-01", repo=shallow)
    assert result.exit_code == 3
    assert "shallow" in result.stderr and "2024-03-10" in result.stderr
    # a date the shallow history does hold still works
    assert _status(cli, shallow, "2024-04-01")["totals"]["monitoring_entries"] == 4
    # log marks where the shallow history starts instead of inventing additions
    rows = _json(cli("log", "upr2-127.10", "-f", "json", repo=shallow))
    assert {r["change"] for r in rows} == {"history-starts"}


def test_without_a_main_branch_the_last_commit_is_shown(cli, scenario, tmp_path):
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(scenario), str(other))
    git(other, "checkout", "-q", "-b", "work")
    git(other, "branch", "-q", "-D", "main")
    git(other, "remote", "remove", "origin")
    result = cli("diff", "--format", "json", repo=other)
    assert result.exit_code == 0, result.output  # no main to compare with: the last commit
    assert json.loads(result.stdout)["base"]["label"] == "HEAD~1"


def test_empty_repository_is_exit_3(cli, plan_dir):
    subprocess.run(["git", "-C", str(plan_dir), "init", "-q"], check=True)
    result = cli("status", "--at", "HEAD", repo=plan_dir)
    assert result.exit_code == 3 and "has no commits yet" in result.stderr


def test_help_documents_exit_codes(cli):
    for command in ("log", "diff"):
        text = cli(command, "--help").stdout
        assert "Exit 2" in text and "Exit 3" in text
    status_help = " ".join(cli("status", "--help").stdout.split())
    assert "--at" in status_help and "Exit 2" in status_help and "Exit 3" in status_help


def test_library_load_at_equals_status_plan(scenario):
    plan = revision.load_at(scenario, "v2")
    assert plan.recommendations["upr2-127.10"]["response"] == "supported"
    assert [e.id for e in plan.entries["upr2-127.10"]] == ["2023-06-20-watch"]
