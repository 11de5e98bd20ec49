"""check-scope in real temporary git repositories: who may change what."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_plan, git, init_git
from nhrp.core import branch, scope
from nhrp.core.names import NotFound
from nhrp.core.scope import OUTSIDE, check_scope
from nhrp.errors import EnvironmentProblem, UsageError

ENTRY = "data/monitoring/upr2-127.1/2023-06-01-watch.yaml"
REC = "data/recommendations/upr2-127.1.yaml"
OTHER = """id: other
kind: ngo
names:
  en: Other Watch
contributors:
- other@example.org
"""


def entry(by: str = "watch", rec: str = "upr2-127.10", as_of: str = "2025-03-01",
          status: str = "in-progress") -> str:
    return (f"recommendation: {rec}\nby: {by}\nduty_bearer: federal\nas_of: '{as_of}'\n"
            f"status: {status}\nsummary:\n  en: A finding.\n")


def commit(repo: Path, email: str, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, env={"GIT_AUTHOR_EMAIL": email})
    return git(repo, "rev-parse", "HEAD").strip()


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """The minimal plan plus a second NGO, committed on main; work happens on branch 'pr'."""
    root = copy_plan(tmp_path / "plan")
    write(root, "data/actors/other.yaml", OTHER)
    init_git(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def reasons(result) -> dict[str, str]:
    return {f.path: f.reason for f in result.findings}


# --- what passes ------------------------------------------------------------------------------

def test_ngo_adding_its_own_entry_passes_by_commit_author(repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    result = check_scope(repo, "main")
    assert result.ok, result.findings
    assert [c.path for c in result.changed] == ["data/monitoring/upr2-127.10/2025-03-01-watch.yaml"]
    assert [sorted(i.actors) for i in result.identities] == [["watch"]]


def test_ngo_adding_its_own_entry_passes_with_as_and_author(repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "someone@laptop.local")  # the commit e-mail does not matter with --as/--author
    assert check_scope(repo, "main", actor="watch").ok
    assert check_scope(repo, "main", author="Watch@Example.org").ok


def test_secretariat_changing_an_assignment_passes(repo):
    text = (repo / REC).read_text(encoding="utf-8").replace("due: '2024-12-31'", "due: '2026-12-31'")
    write(repo, REC, text)
    commit(repo, "secretariat@example.org")
    result = check_scope(repo, "main")
    assert result.ok, result.findings
    assert [c.path for c in result.changed] == [REC]


def test_secretariat_may_change_actors_vocabularies_and_the_plan_file(repo):
    text = (repo / "data/actors/other.yaml").read_text(encoding="utf-8")
    write(repo, "data/actors/other.yaml", text + "- second@example.org\n")
    write(repo, "data/actors/new-ngo.yaml", OTHER.replace("other", "new-ngo"))
    with open(repo / "data/vocabularies/themes.yaml", "a", encoding="utf-8") as handle:
        handle.write("# a comment\n")
    with open(repo / "nhrp.yaml", "a", encoding="utf-8") as handle:
        handle.write("notes: Updated.\n")
    commit(repo, "secretariat@example.org")
    assert check_scope(repo, "main").ok


def test_monitor_may_change_only_monitors_in_its_own_actor_file(repo):
    path = "data/actors/watch.yaml"
    text = (repo / path).read_text(encoding="utf-8")
    write(repo, path, text.replace("  - death-penalty\n", "  - death-penalty\n  - women\n"))
    commit(repo, "watch@example.org")
    assert check_scope(repo, "main").ok
    write(repo, path, (repo / path).read_text(encoding="utf-8")
          .replace("- watch@example.org\n", "- watch@example.org\n- friend@example.org\n"))
    commit(repo, "watch@example.org")
    found = reasons(check_scope(repo, "main"))
    assert found == {path: "changes contributors of its own actor file; a monitor may change "
                           "only 'monitors' there: ask the plan secretariat (secretariat) for "
                           "other changes"}


def test_secretariat_may_reformat_an_entry_without_changing_a_value(repo):
    text = (repo / ENTRY).read_text(encoding="utf-8")
    write(repo, ENTRY, text.replace("as_of: '2023-06-01'", 'as_of: "2023-06-01"'))
    commit(repo, "secretariat@example.org")
    assert check_scope(repo, "main").ok
    assert not check_scope(repo, "main", actor="watch").ok


# --- what fails, and why ----------------------------------------------------------------------

def test_editing_another_ngos_entry_fails(repo):
    text = (repo / ENTRY).read_text(encoding="utf-8")
    write(repo, ENTRY, text.replace("status: not-started", "status: implemented"))
    commit(repo, "other@example.org")
    assert reasons(check_scope(repo, "main")) == {
        ENTRY: "edits the existing monitoring entry 2023-06-01-watch; entries are history and "
               "are never edited: to correct it, add a new entry with "
               "'supersedes: 2023-06-01-watch'"}


def test_changing_the_status_of_its_own_existing_entry_fails(repo):
    text = (repo / ENTRY).read_text(encoding="utf-8")
    write(repo, ENTRY, text.replace("status: not-started", "status: implemented"))
    commit(repo, "watch@example.org")
    assert reasons(check_scope(repo, "main"))[ENTRY].startswith(
        "edits the existing monitoring entry 2023-06-01-watch")


@pytest.mark.parametrize("email", ["watch@example.org", "secretariat@example.org"])
def test_deleting_any_entry_fails_for_everyone(repo, email):
    (repo / ENTRY).unlink()
    commit(repo, email)
    assert reasons(check_scope(repo, "main")) == {
        ENTRY: "deletes the monitoring entry 2023-06-01-watch; entries are history and are "
               "never deleted: to correct one, add a new entry with "
               "'supersedes: 2023-06-01-watch'"}


def test_renaming_an_entry_counts_as_deleting_it(repo):
    git(repo, "mv", ENTRY, ENTRY.replace("watch.yaml", "watch-2.yaml"))
    commit(repo, "watch@example.org")
    assert reasons(check_scope(repo, "main"))[ENTRY].startswith("deletes the monitoring entry")


def test_ngo_changing_an_assignment_fails(repo):
    text = (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: support")
    write(repo, REC, text)
    commit(repo, "watch@example.org")
    assert reasons(check_scope(repo, "main")) == {
        REC: "changes the recommendation upr2-127.1 (assignments); recommendations and their "
             "assignments are maintained by the plan secretariat (secretariat)"}


def test_ngo_changing_a_recommendation_response_fails(repo):
    text = (repo / REC).read_text(encoding="utf-8").replace("response: supported",
                                                            "response: noted")
    write(repo, REC, text)
    commit(repo, "watch@example.org")
    assert "(response)" in reasons(check_scope(repo, "main"))[REC]


def test_adding_an_entry_in_another_actors_name_fails(repo):
    path = "data/monitoring/upr2-127.10/2025-03-01-other.yaml"
    write(repo, path, entry(by="other"))
    commit(repo, "watch@example.org")
    assert reasons(check_scope(repo, "main")) == {
        path: "adds an entry in the name of 'other'; watch may add entries only with 'by: watch'"}


@pytest.mark.parametrize("path", ["schemas/monitoring-entry.schema.json",
                                  ".github/workflows/nhrp.yml", ".pre-commit-hooks.yaml",
                                  "nhrp/core/scope.py", "templates/report.html.j2"])
@pytest.mark.parametrize("email", ["watch@example.org", "secretariat@example.org"])
def test_touching_code_schemas_templates_or_ci_fails_for_everyone(repo, path, email):
    write(repo, path, "{}\n")
    commit(repo, email)
    assert reasons(check_scope(repo, "main")) == {path: OUTSIDE}


def test_ngo_changing_someone_elses_actor_file_or_a_vocabulary_fails(repo):
    with open(repo / "data/actors/other.yaml", "a", encoding="utf-8") as handle:
        handle.write("notes: Not active.\n")
    with open(repo / "data/vocabularies/themes.yaml", "a", encoding="utf-8") as handle:
        handle.write("# a comment\n")
    commit(repo, "watch@example.org")
    assert reasons(check_scope(repo, "main")) == {
        "data/actors/other.yaml": "changes the actor 'other'; actors are maintained by the "
                                  "plan secretariat (secretariat)",
        "data/vocabularies/themes.yaml": "changes a vocabulary; vocabularies are maintained by "
                                         "the plan secretariat (secretariat)"}


def test_one_line_per_offending_file_even_with_several_reasons(repo):
    text = (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: support")
    write(repo, REC, text)
    commit(repo, "watch@example.org")
    write(repo, REC, text.replace("response: supported", "response: noted"))
    commit(repo, "other@example.org")
    found = check_scope(repo, "main").findings
    assert [f.path for f in found] == [REC]
    assert found[0].reason.count("maintained by the plan secretariat") == 1  # same words: once


# --- identity ---------------------------------------------------------------------------------

def test_a_commit_by_an_unknown_address_fails(repo):
    path = "data/monitoring/upr2-127.10/2025-03-01-watch.yaml"
    write(repo, path, entry())
    sha = commit(repo, "stranger@example.net")
    assert reasons(check_scope(repo, "main")) == {
        path: f"commit {sha[:10]} by stranger@example.net: this address is not among the "
              "contributors of any actor (as of main); ask the plan secretariat to add it to "
              "your organisation's actor file"}


def test_an_unknown_commit_fails_even_when_a_later_commit_undoes_it(repo):
    write(repo, "data/actors/watch.md", "notes\n")
    commit(repo, "stranger@example.net")
    (repo / "data/actors/watch.md").unlink()
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    result = check_scope(repo, "main")
    assert list(reasons(result)) == ["data/actors/watch.md"]
    assert "stranger@example.net" in result.findings[0].reason


def test_contributor_email_maps_to_its_actor_whatever_the_letter_case(repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-other.yaml", entry(by="other"))
    commit(repo, "Other@EXAMPLE.org")
    result = check_scope(repo, "main")
    assert result.ok
    assert result.identities[0].actors == frozenset({"other"})


def test_each_commit_is_judged_for_its_own_author(repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-other.yaml", entry(by="other"))
    commit(repo, "other@example.org")
    assert check_scope(repo, "main").ok
    assert not check_scope(repo, "main", actor="watch").ok


def test_a_change_cannot_grant_itself_rights(repo):
    """Contributors and maintainers are read at BASE: adding yourself in the same change does
    not help."""
    text = (repo / "data/actors/watch.yaml").read_text(encoding="utf-8")
    write(repo, "data/actors/watch.yaml", text.replace("- watch@example.org\n",
                                                       "- watch@example.org\n- new@example.net\n"))
    write(repo, "nhrp.yaml", (repo / "nhrp.yaml").read_text(encoding="utf-8")
          .replace("- secretariat\n", "- secretariat\n- watch\n"))
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "new@example.net")
    found = reasons(check_scope(repo, "main"))
    assert sorted(found) == ["data/actors/watch.yaml",
                             "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", "nhrp.yaml"]
    assert all("new@example.net: this address is not among" in r for r in found.values())
    found = reasons(check_scope(repo, "main", actor="watch"))
    assert found["nhrp.yaml"] == "changes the plan file; only the plan secretariat (secretariat) may"


def test_author_without_a_known_address_fails_every_file(repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    result = check_scope(repo, "main", author="12345+watcher@users.noreply.github.com")
    assert reasons(result) == {
        "data/monitoring/upr2-127.10/2025-03-01-watch.yaml":
            "12345+watcher@users.noreply.github.com: this address is not among the contributors "
            "of any actor (as of main); ask the plan secretariat to add it to your "
            "organisation's actor file"}


def test_an_address_listed_by_two_actors_has_the_rights_of_both(repo):
    text = (repo / "data/actors/other.yaml").read_text(encoding="utf-8")
    write(repo, "data/actors/other.yaml", text + "- watch@example.org\n")
    commit(repo, "secretariat@example.org")
    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-other.yaml", entry(by="other"))
    commit(repo, "watch@example.org")
    result = check_scope(repo, "main")
    assert result.ok
    assert result.identities[0].actors == frozenset({"watch", "other"})


def test_identity_errors_are_usage_errors(repo):
    with pytest.raises(NotFound, match="unknown actor 'wach'.*watch"):
        check_scope(repo, "main", actor="wach")
    with pytest.raises(UsageError, match="either --as"):
        check_scope(repo, "main", actor="watch", author="watch@example.org")
    with pytest.raises(UsageError, match="takes an e-mail address"):
        check_scope(repo, "main", author="watcher")
    with pytest.raises(UsageError, match="'nope' is not a commit"):
        check_scope(repo, "nope", actor="watch")


# --- history shapes ---------------------------------------------------------------------------

def base_moves_after_the_fork(repo: Path) -> None:
    """'pr' adds watch's entry; then main changes an assignment."""
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    git(repo, "checkout", "-q", "main")
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: support"))
    commit(repo, "secretariat@example.org")
    git(repo, "checkout", "-q", "pr")


def test_changes_on_the_base_branch_after_forking_are_not_the_contributors(repo):
    base_moves_after_the_fork(repo)
    result = check_scope(repo, "main", "pr", actor="watch")
    assert result.ok
    assert [c.path for c in result.changed] == ["data/monitoring/upr2-127.10/2025-03-01-watch.yaml"]


def test_no_change_is_within_scope(repo):
    result = check_scope(repo, "main", actor="watch")
    assert result.ok and result.changed == []


def test_plan_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    copy_plan(top / "plan")
    write(top, "tools/build.sh", "echo\n")
    init_git(top)
    git(top, "checkout", "-q", "-b", "pr")
    plan = top / "plan"
    write(plan, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    write(top, "tools/build.sh", "curl evil\n")
    commit(top, "watch@example.org")
    result = check_scope(plan, "main")
    assert reasons(result) == {"tools/build.sh": OUTSIDE}
    assert "plan/data/monitoring/upr2-127.10/2025-03-01-watch.yaml" in [c.path for c in result.changed]


def test_a_shallow_clone_gets_a_hint(repo, tmp_path):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    git(repo, "checkout", "-q", "main")
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: support"))
    commit(repo, "secretariat@example.org")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo}", str(shallow))
    git(shallow, "branch", "-q", "pr", "origin/pr")
    with pytest.raises(UsageError, match="shallow clone: fetch the whole history"):
        check_scope(shallow, "origin/main", "pr", actor="watch")


# --- what a merge really does (criss-cross histories) -----------------------------------------

OTHER_ENTRY = "data/monitoring/upr2-127.10/2025-03-01-other.yaml"
ATTACK_ENTRY = "data/monitoring/upr2-127.10/2025-04-01-watch.yaml"


def criss_cross(repo: Path, newer: str = "b") -> tuple[str, str, str]:
    """main merges contributor B's branch (an entry by 'other') after a secretariat change; the
    pull request 'pr' merges B's commit and that secretariat commit itself, keeping only the
    tree of the merge base git picks, then adds one entry of its own. ``newer`` ("b" or "s")
    says which of the two commits is newer, which steers the merge base git picks. Returns
    (the merge base git picks, the other one, the hidden change's path)."""
    dates = {"b": "2025-03-02T10:00:00Z", "s": "2025-03-01T10:00:00Z"}
    if newer == "s":
        dates = {"b": dates["s"], "s": dates["b"]}
    git(repo, "checkout", "-q", "-b", "b", "main")
    write(repo, OTHER_ENTRY, entry(by="other"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "other: an assessment",
        env={"GIT_AUTHOR_EMAIL": "other@example.org", "GIT_COMMITTER_DATE": dates["b"]})
    b1 = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "main")
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("due: '2024-12-31'",
                                                                      "due: '2023-06-30'"))
    git(repo, "commit", "-q", "-am", "secretariat: an earlier due date",
        env={"GIT_COMMITTER_DATE": dates["s"]})
    s1 = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "b")
    probe = git(repo, "commit-tree", "-p", b1, "-p", s1, "-m", "probe", f"{s1}^{{tree}}").strip()
    picked = git(repo, "merge-base", "main", probe).strip()
    other = s1 if picked == b1 else b1
    git(repo, "checkout", "-q", "pr")
    git(repo, "reset", "-q", "--hard", picked)
    git(repo, "merge", "-q", "-s", "ours", "--no-edit", other,
        env={"GIT_AUTHOR_EMAIL": "watch@example.org"})
    write(repo, ATTACK_ENTRY, entry(as_of="2025-04-01"))
    commit(repo, "watch@example.org", "watch: an assessment")
    return picked, other, OTHER_ENTRY if picked == s1 else REC


@pytest.mark.parametrize("newer", ["b", "s"])
def test_a_criss_cross_merge_cannot_hide_a_deletion_or_a_revert(repo, newer):
    picked, _, hidden = criss_cross(repo, newer)
    # the old model (merge base → HEAD) saw only the contributor's own new entry
    assert git(repo, "merge-base", "main", "pr").strip() == picked
    assert git(repo, "diff", "--no-renames", "--name-only", picked, "pr").split() == [ATTACK_ENTRY]
    # ... while merging the pull request really deletes B's entry or reverts the due date
    git(repo, "checkout", "-q", "-b", "landed", "main")
    git(repo, "merge", "-q", "--no-edit", "pr")
    assert hidden in git(repo, "diff", "--no-renames", "--name-only", "main", "landed").split()
    git(repo, "checkout", "-q", "pr")
    for result in (check_scope(repo, "main", "pr"), check_scope(repo, "main", "pr", actor="watch"),
                   check_scope(repo, "main", "pr", author="watch@example.org")):
        assert not result.ok
        found = reasons(result)
        assert hidden in found and ATTACK_ENTRY not in found
        assert ("deletes the monitoring entry" if hidden == OTHER_ENTRY
                else "changes the recommendation") in found[hidden]
        assert {c.path for c in result.changed} == {hidden, ATTACK_ENTRY}


def conflicting_edits(repo: Path) -> None:
    """'pr' and main change the same line of a recommendation differently; main is checked out."""
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: support"))
    commit(repo, "secretariat@example.org")
    git(repo, "checkout", "-q", "main")
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("role: lead", "role: monitor"))
    commit(repo, "secretariat@example.org")


def test_a_merge_that_conflicts_is_refused_naming_the_files(repo):
    conflicting_edits(repo)
    result = check_scope(repo, "main", "pr")
    assert reasons(result) == {REC: scope.CONFLICT}
    assert [(c.status, c.path) for c in result.changed] == [("U", REC)]


def test_git_older_than_2_38_is_a_clear_environment_error(repo, tmp_path, monkeypatch):
    real = shutil.which("git")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    # as an old git: no 'merge-tree --write-tree' (asked first), and its version
    fake.write_text(f'#!/bin/sh\n[ "$3" = version ] && echo "git version 2.37.1" && exit 0\n'
                    f'[ "$3" = merge-tree ] && echo "usage: git merge-tree" >&2 && exit 129\n'
                    f'exec {real} "$@"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    with pytest.raises(EnvironmentProblem, match=r"needs git 2\.38 or newer .*this is git 2\.37\.1"):
        check_scope(repo, "main", actor="watch")


def test_validate_changed_since_refuses_a_merge_that_conflicts(cli, repo):
    conflicting_edits(repo)
    git(repo, "checkout", "-q", "pr")
    result = cli("validate", "--changed-since", "main", repo=repo)
    assert result.exit_code == 1
    assert f"merging HEAD into main conflicts in {REC}" in result.output


def test_validate_changed_since_checks_what_the_merge_changes(cli, repo):
    """Files only the base changed after the fork are not the change's (the head holds an
    older version of them); the merge's own changes are."""
    base_moves_after_the_fork(repo)
    assert branch.changed_since(repo, "main") == ["data/monitoring/upr2-127.10/2025-03-01-watch.yaml"]


def test_validate_changed_since_checks_what_a_criss_cross_merge_changes(repo):
    _, _, hidden = criss_cross(repo, "b")
    assert hidden == REC  # the revert of the due date is part of what the merge does
    assert branch.changed_since(repo, "main") == [ATTACK_ENTRY, REC]


def test_diff_of_diverged_revisions_shows_what_the_merge_would_do(cli, repo):
    write(repo, "data/monitoring/upr2-127.10/2025-03-01-watch.yaml", entry())
    commit(repo, "watch@example.org")
    git(repo, "checkout", "-q", "main")
    write(repo, REC, (repo / REC).read_text(encoding="utf-8").replace("due: '2024-12-31'",
                                                                      "due: '2023-06-30'"))
    commit(repo, "secretariat@example.org")
    result = cli("diff", "main", "pr", "--format", "json", repo=repo)
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["head"]["label"] == "pr merged into main"
    assert d["assignments"] == []  # main's own later due date is not shown as reverted
    assert [e["entry"] for e in d["entries"]["added"]] == ["2025-03-01-watch"]


@pytest.mark.parametrize("newer", ["b", "s"])
def test_diff_of_a_criss_cross_merge_shows_the_hidden_change(cli, repo, newer):
    _, _, hidden = criss_cross(repo, newer)
    git(repo, "checkout", "-q", "main")
    d = json.loads(cli("diff", "main", "pr", "--format", "json", repo=repo).stdout)
    if hidden == OTHER_ENTRY:
        assert [e["entry"] for e in d["entries"]["removed"]] == ["2025-03-01-other"]
    else:
        assert [(a["change"], a["due"]) for a in d["assignments"]] == [("changed", "2024-12-31")]


def test_validate_changed_since_in_a_shallow_clone_gets_a_hint(cli, repo, tmp_path):
    base_moves_after_the_fork(repo)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo}", str(shallow))
    git(shallow, "checkout", "-q", "pr")
    result = cli("validate", "--changed-since", "origin/main", repo=shallow)
    assert result.exit_code == 2
    assert "shallow clone: fetch the whole history" in result.output
# --- answers received by form or sheet (nhrp import responses) -------------------------------

RECEIVED = "received:\n  via: form\n  submission: uuid:5a1b\n  imported_by: secretariat\n"


def test_secretariat_may_add_an_entry_in_an_ngos_name_when_it_carries_a_submission_id(repo):
    path = "data/monitoring/upr2-127.10/2025-03-01-other.yaml"
    write(repo, path, entry(by="other") + RECEIVED)
    commit(repo, "secretariat@example.org")
    assert check_scope(repo, "main").ok


def test_secretariat_may_not_add_an_entry_in_an_ngos_name_without_a_submission_id(repo):
    path = "data/monitoring/upr2-127.10/2025-03-01-other.yaml"
    write(repo, path, entry(by="other"))
    commit(repo, "secretariat@example.org")
    assert "only when they carry the submission id" in reasons(check_scope(repo, "main"))[path]


def test_a_submission_id_gives_an_ngo_no_right_to_write_in_another_name(repo):
    path = "data/monitoring/upr2-127.10/2025-03-01-other.yaml"
    write(repo, path, entry(by="other") + RECEIVED)
    commit(repo, "watch@example.org")
    assert "in the name of 'other'" in reasons(check_scope(repo, "main"))[path]


def test_diff_of_a_diverged_base_with_uncommitted_changes_asks_for_a_commit(cli, repo):
    base_moves_after_the_fork(repo)
    write(repo, "data/monitoring/upr2-127.10/2025-04-01-watch.yaml", entry(as_of="2025-04-01"))
    result = cli("diff", "main", repo=repo)
    assert result.exit_code == 2
    assert "commit your changes first, or name the revision" in result.output
    git(repo, "add", "-A")
    commit(repo, "watch@example.org")
    d = json.loads(cli("diff", "main", "--format", "json", repo=repo).stdout)
    assert d["head"]["label"] == "HEAD merged into main"
    assert [e["entry"] for e in d["entries"]["added"]] == ["2025-03-01-watch", "2025-04-01-watch"]
    assert d["assignments"] == []
