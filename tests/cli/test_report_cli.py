"""nhrp report / site build / sandbox through the command line: files, exit codes, messages."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nhrp.core.layout import bundled_root
from tests.conftest import FIXTURES, copy_plan, git, init_git

PLAN = FIXTURES / "report" / "plan"


@pytest.fixture
def report_plan(tmp_path) -> Path:
    return copy_plan(tmp_path / "plan", PLAN)


def test_report_to_a_file_readable_by_others(cli, tmp_path, report_plan):
    out = tmp_path / "out" / "report-ar.html"
    result = cli("report", "--lang", "ar", "--out", out, repo=report_plan)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # not the temp file's 0600


def test_default_language_is_the_plans_first(cli, report_plan):
    html = cli("report", repo=report_plan).stdout
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("args,code,message", [
    (["--lang", "fr"], 2, "--lang fr: unknown language"),
    (["--theme", "justic"], 2, "unknown theme 'justic'. Did you mean: justice?"),
    (["--actor", "nobody"], 2, "unknown actor 'nobody'"),
    (["--duty-bearer", "moon"], 2, "unknown duty bearer 'moon'"),
    (["--format", "pdf"], 2, ""),
    (["--at", "2024-01-01"], 3, "not a git repository"),
])
def test_usage_errors_are_one_line(cli, report_plan, args, code, message):
    result = cli("report", *args, repo=report_plan)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_report_revision_names_the_commit(cli, report_plan):
    init_git(report_plan)
    head = git(report_plan, "rev-parse", "HEAD").strip()
    text = cli("report", "--lang", "en", "-f", "md", repo=report_plan).stdout
    assert f"commit {head[:10]} of 1 January 2022" in text
    (report_plan / "data" / "actors" / "watch.yaml").write_text(
        "id: watch\nkind: ngo\nnames:\n  en: Test Watch (renamed)\n", encoding="utf-8")
    text = cli("report", "--lang", "en", "-f", "md", repo=report_plan).stdout
    assert "(with changes not yet committed)" in text


def test_report_at_a_revision(cli, report_plan):
    init_git(report_plan)
    entry = report_plan / "data" / "monitoring" / "upr2-127.3" / "2025-12-20-commission.yaml"
    entry.write_text("recommendation: upr2-127.3\nby: commission\nduty_bearer: federal\n"
                     "as_of: '2025-12-20'\nstatus: implemented\nsummary:\n  en: Done.\n",
                     encoding="utf-8")
    git(report_plan, "add", "-A")
    git(report_plan, "commit", "-q", "-m", "new entry", env={
        "GIT_AUTHOR_DATE": "2026-01-10T10:00:00Z", "GIT_COMMITTER_DATE": "2026-01-10T10:00:00Z"})
    now = cli("report", "--lang", "en", "-f", "md", repo=report_plan).stdout
    then = cli("report", "--lang", "en", "-f", "md", "--at", "HEAD~1", repo=report_plan).stdout
    assert "| Monitoring entries | 9 |" in now and "| Monitoring entries | 8 |" in then
    result = cli("report", "--at", "no-such-branch", repo=report_plan)
    assert result.exit_code == 2


def test_bundled_plan_report_in_every_language(cli):
    for lang in ("ar", "en", "ckb"):
        result = cli("report", "--lang", lang, "-f", "md", repo=bundled_root())
        assert result.exit_code == 0, result.output
        assert "upr2-127.229" in result.stdout


def test_site_and_sandbox_are_commands(cli):
    assert "build" in cli("site", "--help").stdout
    assert "SIMULATED" in cli("sandbox", "--help").stdout
