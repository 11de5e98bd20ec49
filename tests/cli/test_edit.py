"""Writing commands: idempotent, validated before writing, only the intended files touched,
optional git commit, and entries never overwritten."""

from __future__ import annotations

from conftest import git


def changed(repo) -> list[str]:
    return sorted(line[3:] for line in git(repo, "status", "--porcelain").splitlines())


def test_assign_is_idempotent_and_touches_only_its_file(plan_repo, cli):
    args = ["assign", "upr2-127.10", "--to", "ministry", "--role", "lead", "--due", "2026-12-31"]
    first = cli(*args, repo=plan_repo)
    assert first.exit_code == 0, first.output
    assert changed(plan_repo) == ["data/recommendations/upr2-127.10.yaml"]
    text = (plan_repo / "data/recommendations/upr2-127.10.yaml").read_text(encoding="utf-8")
    assert "assignments:\n- actor: ministry\n  role: lead\n  duty_bearer: federal\n" \
           "  assigned_on: '2026-01-15'\n  due: '2026-12-31'\n" in text
    git(plan_repo, "commit", "-qam", "assign")
    again = cli(*args, repo=plan_repo)
    assert again.exit_code == 0
    assert "already so, unchanged: upr2-127.10" in again.output
    assert changed(plan_repo) == []
    assert cli("validate", repo=plan_repo).exit_code == 0


def test_assign_refuses_a_second_lead_and_writes_nothing(plan_repo, cli):
    result = cli("assign", "upr2-127.1", "--to", "secretariat", "--role", "lead", repo=plan_repo)
    assert result.exit_code == 2
    assert "ministry is already the lead for federal" in result.output
    assert changed(plan_repo) == []


def test_invalid_result_is_not_written(plan_repo, cli):
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "lead", "--due",
                 "2020-01-01", repo=plan_repo)
    assert result.exit_code == 1
    assert "D403" in result.output and "nothing was written" in result.output
    assert changed(plan_repo) == []


def test_unassign(plan_repo, cli):
    result = cli("unassign", "upr2-127.1", "--from", "ministry", repo=plan_repo)
    assert result.exit_code == 0, result.output
    text = (plan_repo / "data/recommendations/upr2-127.1.yaml").read_text(encoding="utf-8")
    assert "assignments" not in text
    again = cli("unassign", "upr2-127.1", "--from", "ministry", repo=plan_repo)
    assert "already so, unchanged: upr2-127.1" in again.output


def test_commit_records_the_change(plan_repo, cli):
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", "--commit",
                 repo=plan_repo)
    assert result.exit_code == 0, result.output
    assert "committed" in result.output
    message = git(plan_repo, "log", "-1", "--format=%B")
    assert message.startswith("Assign ministry (support, federal) to 1 recommendation")
    assert "- upr2-127.10" in message
    assert changed(plan_repo) == []


def test_commit_refuses_when_other_changes_are_staged(plan_repo, cli):
    (plan_repo / "data/README.md").write_text("notes\n", encoding="utf-8")
    git(plan_repo, "add", "data/README.md")
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", "--commit",
                 repo=plan_repo)
    assert result.exit_code == 2
    assert "other changes are already staged (data/README.md)" in result.output
    assert changed(plan_repo) == ["data/README.md"]


def test_writing_refused_during_a_merge(plan_repo, cli):
    (plan_repo / ".git" / "MERGE_HEAD").write_text("0" * 40 + "\n")
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", repo=plan_repo)
    assert result.exit_code == 3
    assert "a merge is in progress" in result.output


def test_assess_never_overwrites(plan_repo, cli):
    args = ["assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
            "in-progress", "--as-of", "2023-06-01", "--summary", "Second look the same day"]
    result = cli(*args, repo=plan_repo)
    assert result.exit_code == 0, result.output
    assert "created data/monitoring/upr2-127.1/2023-06-01-watch-2.yaml" in result.output
    original = git(plan_repo, "show", "HEAD:data/monitoring/upr2-127.1/2023-06-01-watch.yaml")
    assert (plan_repo / "data/monitoring/upr2-127.1/2023-06-01-watch.yaml").read_text(
        encoding="utf-8") == original
    assert cli("validate", repo=plan_repo).exit_code == 0


def test_assess_guesses_the_language_of_the_summary(plan_repo, cli):
    cli("assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
        "in-progress", "--as-of", "2024-01-01", "--summary", "لم يُعلن أي وقف", repo=plan_repo)
    cli("assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
        "in-progress", "--as-of", "2024-02-01", "--summary", "هیچ ڕاگرتنێک ڕانەگەیەندراوە",
        repo=plan_repo)
    folder = plan_repo / "data/monitoring/upr2-127.1"
    assert "  ar: لم يُعلن أي وقف\n" in (folder / "2024-01-01-watch.yaml").read_text(encoding="utf-8")
    assert "  ckb: " in (folder / "2024-02-01-watch.yaml").read_text(encoding="utf-8")


def test_assess_rejects_future_dates_and_unknown_status(plan_repo, cli):
    future = cli("assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
                 "in-progress", "--as-of", "2030-01-01", "--summary", "x", repo=plan_repo)
    assert future.exit_code == 1 and "D402" in future.output
    unknown = cli("assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
                  "done", "--as-of", "2024-01-01", "--summary", "x", repo=plan_repo)
    assert unknown.exit_code == 2 and "unknown status 'done'" in unknown.output
    assert changed(plan_repo) == []


def test_monitor_refuses_authorities(plan_repo, cli):
    result = cli("monitor", "ministry", "--theme", "death-penalty", repo=plan_repo)
    assert result.exit_code == 2
    assert "only monitors" in result.output


def test_writing_commands_never_fall_back_to_the_bundled_plan(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("assign", "upr2-127.1", "--to", "moj", "--role", "lead")
    assert result.exit_code == 3
    assert "no plan here" in result.output and "nhrp init --example iraq DIR" in result.output


def test_plan_in_a_subfolder_of_a_git_repository(tmp_path, cli):
    from conftest import copy_plan, init_git

    top = tmp_path / "mono"
    plan = copy_plan(top / "plan")
    (top / "README.md").write_text("a larger repository\n")
    init_git(top)
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", "--commit",
                 repo=plan)
    assert result.exit_code == 0, result.output
    assert git(top, "log", "-1", "--format=%s").startswith("Assign ministry")
    assert not (plan / ".nhrp.lock").exists()
    assert git(top, "status", "--porcelain") == ""


def test_commit_without_a_git_identity_writes_nothing(plan_repo, cli):
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.useConfigOnly",
           "GIT_CONFIG_VALUE_0": "true", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_SYSTEM": "/dev/null", "GIT_AUTHOR_NAME": "", "GIT_AUTHOR_EMAIL": "",
           "GIT_COMMITTER_NAME": "", "GIT_COMMITTER_EMAIL": "", "EMAIL": ""}
    result = cli("assign", "upr2-127.10", "--to", "ministry", "--role", "support", "--commit",
                 repo=plan_repo, env=env)
    assert result.exit_code == 3, result.output
    assert "git does not know who you are" in result.output
    assert changed(plan_repo) == []


def test_broken_record_is_named_not_called_unknown(plan_repo, cli):
    path = plan_repo / "data/recommendations/upr2-127.10.yaml"
    path.write_text(path.read_text() + "bad: [\n")
    for args in (["show", "upr2-127.10"],
                 ["assign", "upr2-127.10", "--to", "ministry", "--role", "support"]):
        result = cli(*args, repo=plan_repo)
        assert result.exit_code == 1, result.output
        assert "data/recommendations/upr2-127.10.yaml cannot be read" in result.output


def test_malformed_assignment_gives_a_clear_error(plan_repo, cli):
    path = plan_repo / "data/recommendations/upr2-127.1.yaml"
    path.write_text(path.read_text().replace("  duty_bearer: federal\n", ""))
    result = cli("unassign", "upr2-127.1", "--from", "ministry", repo=plan_repo)
    assert result.exit_code == 1, result.output
    assert "does not match its schema" in result.output


def test_unassign_checks_the_duty_bearer(plan_repo, cli):
    result = cli("unassign", "upr2-127.1", "--from", "ministry", "--duty-bearer", "bogus",
                 repo=plan_repo)
    assert result.exit_code == 2
    assert "unknown duty bearer 'bogus'" in result.output


def test_unusable_plan_file_is_an_error_not_a_blank_dashboard(plan_dir, cli):
    plan_file = plan_dir / "nhrp.yaml"
    plan_file.write_text(plan_file.read_text() + "colour: red\n")
    for args in (["status"], ["list"], ["report", "--format", "md"]):
        result = cli(*args, repo=plan_dir)
        assert result.exit_code == 1, (args, result.output)
        assert "nhrp.yaml cannot be used" in result.output
