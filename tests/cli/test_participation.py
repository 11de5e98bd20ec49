"""Participation at a glance: invitations recorded as plan data, decline reasons, nhrp status
--participation, the report's section, the site's Take part page and the pending list."""

from __future__ import annotations

import json

import pytest

from nhrp.core import yamlio


def _add(plan, actor_id, kind="ngo", extra=""):
    (plan / "data" / "actors" / f"{actor_id}.yaml").write_text(
        f"id: {actor_id}\nkind: {kind}\nnames:\n  en: {actor_id.title()}\n{extra}", encoding="utf-8")


@pytest.fixture
def plan(plan_dir):
    _add(plan_dir, "quiet-group")
    _add(plan_dir, "silent-ngo")
    return plan_dir


def test_invite_records_dates_once_and_refuses_authorities(cli, plan):
    first = cli("participation", "invite", "watch", "quiet-group", "--on", "2025-10-01", repo=plan)
    assert first.exit_code == 0 and "updated data/participation.yaml" in first.stdout
    again = cli("participation", "invite", "watch", "--on", "2025-10-01", repo=plan)
    assert "already so, unchanged: watch" in again.stdout
    everyone = cli("participation", "invite", "--all-ngos", "--on", "2025-11-01", repo=plan)
    assert everyone.exit_code == 0
    record = yamlio.load_bytes((plan / "data" / "participation.yaml").read_bytes())
    assert record["invitations"] == [
        {"actor": "quiet-group", "on": "2025-10-01"}, {"actor": "watch", "on": "2025-10-01"},
        {"actor": "quiet-group", "on": "2025-11-01"}, {"actor": "silent-ngo", "on": "2025-11-01"},
        {"actor": "watch", "on": "2025-11-01"}]
    refused = cli("participation", "invite", "ministry", "--on", "2025-10-01", repo=plan)
    assert refused.exit_code == 2 and "authority" in refused.stderr
    unknown = cli("participation", "invite", "nobody", repo=plan)
    assert unknown.exit_code == 2 and "unknown actor 'nobody'" in unknown.stderr
    assert cli("validate", repo=plan).exit_code == 0



def test_an_invitation_cannot_be_dated_after_today(cli, plan):
    """Invitations and answers record what has happened, like as-of dates (D402)."""
    result = cli("participation", "invite", "watch", "--on", "2026-02-01", repo=plan)
    assert result.exit_code == 1, result.output
    assert "D402 invitations[0].on: 2026-02-01 is in the future" in result.output
    assert not (plan / "data" / "participation.yaml").exists()
    (plan / "data" / "participation.yaml").write_text(
        "invitations:\n- actor: watch\n  'on': '2099-01-01'\n", encoding="utf-8")
    assert "D402" in cli("validate", repo=plan).output

def test_an_invitation_of_an_unknown_actor_is_reported_by_validate(cli, plan):
    (plan / "data" / "participation.yaml").write_text(
        "invitations:\n- actor: ghost\n  on: '2025-10-01'\n", encoding="utf-8")
    result = cli("validate", repo=plan)
    assert result.exit_code == 1
    assert "data/participation.yaml:2:10: R303 invitations[0].actor: unknown actor 'ghost'" \
        in result.stdout


def test_decline_reason_is_stored(cli, plan):
    result = cli("monitor", "quiet-group", "--decline", "--reason", "لا نملك الكادر الكافي",
                 repo=plan)
    assert result.exit_code == 0, result.output
    actor = yamlio.load_bytes((plan / "data/actors/quiet-group.yaml").read_bytes())
    assert actor["monitors"] == {"declined": True, "reason": {"ar": "لا نملك الكادر الكافي"},
                                 "since": "2026-01-15"}
    assert cli("monitor", "watch", "--theme", "death-penalty", "--reason", "x",
               repo=plan).exit_code == 2


def _prepare(cli, plan):
    cli("participation", "invite", "watch", "quiet-group", "silent-ngo", "--on", "2025-10-01",
        repo=plan)
    cli("monitor", "quiet-group", "--decline", "--reason", "No staff", repo=plan)


def test_status_participation_shows_chosen_declined_and_silent(cli, plan):
    _prepare(cli, plan)
    data = json.loads(cli("status", "--participation", "-f", "json", repo=plan).stdout)
    by_actor = {o["actor"]: o for o in data["organisations"]}
    assert by_actor["watch"]["answer"] == "monitors" and by_actor["watch"]["invited"] == ["2025-10-01"]
    assert by_actor["quiet-group"]["answer"] == "declined"
    assert by_actor["quiet-group"]["reason"] == {"en": "No staff"}
    assert by_actor["silent-ngo"]["answer"] == "no-answer"
    assert {f["theme"]: f["monitors"] for f in data["files"]} == {
        "death-penalty": ["watch"], "womens-rights": []}
    text = cli("status", "--participation", repo=plan).stdout
    assert "no answer yet" in text and "reason: No staff" in text and "no monitor" in text
    arabic = cli("status", "--participation", "--lang", "ar", "-f", "markdown", repo=plan).stdout
    assert "لم تردّ بعد" in arabic and "اعتذرت" in arabic


def test_report_has_the_participation_section(cli, plan, tmp_path):
    _prepare(cli, plan)
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        assert cli("report", "-f", fmt, "--lang", "en", "-o", out, repo=plan).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "Participation of organisations" in text and "no answer yet" in text
        assert "No staff" in text and "no monitor" in text


def test_site_has_a_take_part_page_per_language(cli, plan, tmp_path):
    meta = plan / "nhrp.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") +
                    "participation:\n  form_url: https://forms.example.org/take-part\n",
                    encoding="utf-8")
    out = tmp_path / "site"
    assert cli("site", "build", "--out", out, repo=plan).exit_code == 0
    for lang in ("ar", "en", "ckb"):
        page = (out / lang / "take-part.html").read_text(encoding="utf-8")
        assert 'href="https://forms.example.org/take-part"' in page
        assert "themes/womens-rights.html" in page and "themes/death-penalty.html" not in page
    assert "Take part" in (out / "en" / "index.html").read_text(encoding="utf-8")


def test_form_url_must_be_https(cli, plan):
    meta = plan / "nhrp.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") +
                    "participation:\n  form_url: javascript:alert(1)\n", encoding="utf-8")
    assert cli("validate", repo=plan).exit_code == 1


def test_pending_is_empty_at_first(cli, plan_repo):
    result = cli("participation", "pending", repo=plan_repo)
    assert result.exit_code == 0 and "no answer waiting for review" in result.stdout
    assert json.loads(cli("participation", "pending", "-f", "json", repo=plan_repo).stdout) == []


def test_status_participation_takes_no_filters(cli, plan):
    result = cli("status", "--participation", "--theme", "death-penalty", repo=plan)
    assert result.exit_code == 2 and "only --lang and --format" in result.stderr


def test_the_dashboard_counts_participation(cli, plan):
    _prepare(cli, plan)
    data = json.loads(cli("status", "-f", "json", repo=plan).stdout)
    assert data["participation"] == {"organisations": 3, "invited": 3, "monitors": 1,
                                     "declined": 1, "no_answer": 1, "files_without_monitor": 1}
    text = cli("status", repo=plan).stdout
    assert "3 organisations: 3 invited, 1 monitor files, 1 declined, 1 no answer yet" in text
    assert "1 no answer yet" in cli("status", "-f", "markdown", repo=plan).stdout
