"""nhrp validate --changed-since REV, and the GitHub job summary of validate --format github."""

from __future__ import annotations

from conftest import git

BROKEN_REC = "data/recommendations/upr2-127.10.yaml"
NEW = "data/monitoring/upr2-127.10/2025-03-01-watch.yaml"
ENTRY = ("recommendation: upr2-127.10\nby: watch\nduty_bearer: federal\nas_of: '2025-03-01'\n"
         "status: in-progress\nsummary:\n  en: A finding.\n")


def break_committed_file(repo):
    """An error already on the base branch, in a file the change does not touch."""
    path = repo / BROKEN_REC
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "unnoticed problem")
    git(repo, "tag", "base")


def test_only_changed_files_get_the_full_checks(cli, plan_repo):
    break_committed_file(plan_repo)
    (plan_repo / NEW).parent.mkdir(parents=True)
    (plan_repo / NEW).write_text(ENTRY.replace("in-progress", "in progress"), encoding="utf-8")
    result = cli("validate", "--changed-since", "base", repo=plan_repo)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # the untracked new entry is checked; the unchanged broken recommendation is not
    assert [line.split(": ")[0] for line in lines[:-1]] == [f"{NEW}:5:9", f"{NEW}:5:9"]
    assert "S205 status" in result.stdout and "R307 status" in result.stdout
    assert BROKEN_REC not in result.stdout
    assert lines[-1].startswith("checked 1 file (0 recommendations, 0 actors, 1 monitoring "
                                "entry): 2 errors")
    assert cli("validate", repo=plan_repo).stdout.count(BROKEN_REC) == 1  # the full run sees it


def test_nothing_changed_passes(cli, plan_repo):
    break_committed_file(plan_repo)
    result = cli("validate", "--changed-since", "base", repo=plan_repo)
    assert result.exit_code == 0
    assert result.stdout.startswith("checked 0 files")


def test_a_valid_change_passes(cli, plan_repo):
    (plan_repo / NEW).parent.mkdir(parents=True)
    (plan_repo / NEW).write_text(ENTRY, encoding="utf-8")
    git(plan_repo, "add", "-A")
    git(plan_repo, "commit", "-q", "-m", "entry")
    result = cli("validate", "--changed-since", "HEAD~1", repo=plan_repo)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("checked 1 file (0 recommendations, 0 actors, "
                                    "1 monitoring entry): no problems")


def test_references_are_checked_in_unchanged_files(cli, plan_repo):
    """Deleting an actor breaks the unchanged recommendation that assigns it."""
    (plan_repo / "data/actors/ministry.yaml").unlink()
    result = cli("validate", "--changed-since", "HEAD", repo=plan_repo)
    assert result.exit_code == 1
    assert ("data/recommendations/upr2-127.1.yaml:18:10: R303 assignments[0].actor: unknown "
            "actor 'ministry'") in result.stdout


def test_duplicate_ids_are_checked_across_the_plan(cli, plan_repo):
    copy = plan_repo / "data/recommendations/sub/UPR2-127.1.yaml"
    copy.parent.mkdir()
    copy.write_text((plan_repo / "data/recommendations/upr2-127.1.yaml").read_text("utf-8"),
                    encoding="utf-8")
    result = cli("validate", "--changed-since", "HEAD", repo=plan_repo)
    assert result.exit_code == 1
    assert "R302" in result.stdout


def test_files_outside_the_plan_data_are_ignored(cli, plan_repo):
    (plan_repo / "README.md").write_text("notes\n", encoding="utf-8")
    result = cli("validate", "--changed-since", "HEAD", repo=plan_repo)
    assert result.exit_code == 0
    assert result.stdout.startswith("checked 0 files")


def test_changed_since_and_paths_together_is_a_usage_error(cli, plan_repo):
    result = cli("validate", "--changed-since", "HEAD", "data", repo=plan_repo)
    assert result.exit_code == 2
    assert "either paths or --changed-since" in result.stderr


def test_unknown_revision_is_a_usage_error(cli, plan_repo):
    result = cli("validate", "--changed-since", "nope", repo=plan_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("nhrp: 'nope' is not a commit, branch or tag")


def test_not_a_git_repository_is_an_environment_error(cli, plan_dir):
    result = cli("validate", "--changed-since", "HEAD", repo=plan_dir)
    assert result.exit_code == 3
    assert "is not a git repository" in result.stderr


# --- validate --format github writes a Markdown summary for the job --------------------------

def test_github_format_appends_a_markdown_summary(cli, plan_repo, tmp_path):
    (plan_repo / NEW).parent.mkdir(parents=True)
    (plan_repo / NEW).write_text(ENTRY.replace("federal", "federal | <b>x</b>"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    result = cli("validate", "--format", "github", repo=plan_repo,
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={NEW},line=3,col=14,title=")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n### nhrp validate\n\nchecked ")
    assert "| file | line | code | problem |" in text
    row = next(line for line in text.splitlines() if line.startswith(f"| {NEW} | 3 | S205 |"))
    assert "\\| \\<b\\>x\\</b\\>" in row  # data cannot break the table or inject markup


def test_no_summary_without_the_variable_or_in_other_formats(cli, plan_repo, tmp_path):
    summary = tmp_path / "summary.md"
    result = cli("validate", "--format", "text", repo=plan_repo,
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert not summary.exists()
    result = cli("validate", "--format", "github", repo=plan_repo)
    assert result.exit_code == 0


def test_summary_of_a_valid_plan_says_so(cli, plan_repo, tmp_path):
    summary = tmp_path / "summary.md"
    result = cli("validate", "--format", "github", repo=plan_repo,
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.splitlines()[2].endswith(": no problems")
    assert "| file |" not in text
