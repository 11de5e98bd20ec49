"""nhrp check-scope through the command line: output formats, exit codes, job summary."""

from __future__ import annotations

import json

import pytest

from conftest import git
from nhrp.core.scope import check_scope

NEW = "data/monitoring/upr2-127.10/2025-03-01-watch.yaml"
OLD = "data/monitoring/upr2-127.1/2023-06-01-watch.yaml"
ENTRY = ("recommendation: upr2-127.10\nby: watch\nduty_bearer: federal\nas_of: '2025-03-01'\n"
         "status: in-progress\nsummary:\n  en: A finding.\n")


def commit(repo, email):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", env={"GIT_AUTHOR_EMAIL": email})


@pytest.fixture
def pr(plan_repo):
    git(plan_repo, "checkout", "-q", "-b", "pr")
    (plan_repo / NEW).parent.mkdir(parents=True)
    (plan_repo / NEW).write_text(ENTRY, encoding="utf-8")
    commit(plan_repo, "watch@example.org")
    return plan_repo


@pytest.fixture
def bad_pr(pr):
    (pr / OLD).unlink()
    (pr / "schemas").mkdir()
    (pr / "schemas" / "x.json").write_text("{}\n", encoding="utf-8")
    commit(pr, "watch@example.org")
    return pr


def test_within_scope_exits_0_with_a_summary(cli, pr):
    result = cli("check-scope", "--base", "main", repo=pr)
    assert result.exit_code == 0
    assert result.stdout.startswith("check-scope: 1 changed file(s) in ")
    assert "all within scope (commit " in result.stdout
    assert "by watch@example.org (watch))" in result.stdout


def test_text_one_line_per_offending_file(cli, bad_pr):
    result = cli("check-scope", "--base", "main", "--as", "watch", repo=bad_pr)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{OLD}: deletes the monitoring entry 2023-06-01-watch; entries are "
                        "history and are never deleted: to correct one, add a new entry with "
                        "'supersedes: 2023-06-01-watch'")
    assert lines[1].startswith("schemas/x.json: outside the plan data (nhrp.yaml and data/)")
    assert lines[2].startswith("check-scope: 2 of 3 changed file(s) in ")
    assert lines[2].endswith("are outside the scope of --as watch")
    assert len(lines) == 3


def test_github_annotations_and_job_summary(cli, bad_pr, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = cli("check-scope", "--base", "main", "--author", "watch@example.org",
                 "--format", "github", repo=bad_pr, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"::error file={OLD},title=check-scope::deletes the monitoring "
                               "entry 2023-06-01-watch; entries are history")
    assert lines[1].startswith("::error file=schemas/x.json,title=check-scope::outside the plan "
                               "data (nhrp.yaml and data/)")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### nhrp check-scope\n")  # appended, not replaced
    assert f"| {OLD} | deletes the monitoring entry" in text
    assert "watch@\u2060example.org" in text  # no @mention in the job summary


def test_github_format_escapes_newlines_and_percent_in_paths(cli, pr):
    name = "data/odd%\nname.md"
    (pr / name).write_text("x\n", encoding="utf-8")
    commit(pr, "watch@example.org")
    result = cli("check-scope", "--base", "main", "--as", "watch", "-f", "github", repo=pr)
    assert result.exit_code == 1
    assert "::error file=data/odd%25%0Aname.md,title=check-scope::adds a data file" in result.stdout


def test_json_equals_the_library_result(cli, bad_pr):
    result = cli("check-scope", "--base", "main", "--as", "watch", "-f", "json", repo=bad_pr)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == check_scope(bad_pr, "main", actor="watch").as_dict()


@pytest.mark.parametrize("args, message", [
    (["--base", "nope", "--as", "watch"], "nhrp: 'nope' is not a commit, branch or tag in "),
    (["--base", "main", "--as", "wach"], "nhrp: unknown actor 'wach'. Did you mean: watch?"),
    (["--base", "main", "--as", "watch", "--author", "watch@example.org"],
     "nhrp: give either --as ACTOR or --author EMAIL, not both"),
])
def test_usage_errors_exit_2_with_one_line(cli, pr, args, message):
    result = cli("check-scope", *args, repo=pr)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_git_repository_exits_3(cli, plan_dir):
    result = cli("check-scope", "--base", "main", "--as", "watch", repo=plan_dir)
    assert result.exit_code == 3
    assert "is not a git repository" in result.stderr
