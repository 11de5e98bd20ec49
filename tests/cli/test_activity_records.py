"""Activities and measurements as records: rules beyond the golden fixtures, history (log,
diff, status --at) and the scope guard, in real git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_plan, git, init_git
from nhrp.core.scope import check_scope

OVERLAY = FIXTURES / "overlays" / "activities"
SERIES = "data/measurements/justice-training/judges-trained"


def measurement(value=60, as_of="2023-01-31", by="ministry", unit="persons", extra="") -> str:
    return (f"activity: justice-training\nindicator: judges-trained\nvalue: {value}\n"
            f"unit: {unit}\nas_of: '{as_of}'\nby: {by}\nsource: Register\n{extra}")


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


def commit(repo: Path, email: str = "secretariat@example.org", date: str | None = None) -> None:
    env = {"GIT_AUTHOR_EMAIL": email}
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T10:00:00Z", GIT_COMMITTER_DATE=f"{date}T10:00:00Z")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", env=env)


@pytest.fixture
def plan(tmp_path) -> Path:
    root = copy_plan(tmp_path / "plan")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    contributors = "contributors:\n- ministry@example.org\n"
    (root / "data/actors/ministry.yaml").write_text(
        (root / "data/actors/ministry.yaml").read_text(encoding="utf-8") + contributors,
        encoding="utf-8")
    return root


def test_measurement_supersedes_is_checked_like_an_entry(plan, cli):
    write(plan, f"{SERIES}/2022-07-01-watch.yaml",
          measurement(by="watch", as_of="2022-07-01", extra="supersedes: 2022-06-30-ministry\n"))
    result = cli("validate", repo=plan)
    assert result.exit_code == 1
    assert ("R306 supersedes: measurement '2022-06-30-ministry' is by ministry; an actor can "
            "only correct its own measurements") in result.stdout



def test_nan_and_infinity_written_by_hand_are_not_numbers(plan, cli):
    """YAML reads .nan and .inf as numbers: they passed validation and reached the review."""
    write(plan, f"{SERIES}/2022-07-01-ministry.yaml", measurement(value=".inf", as_of="2022-07-01"))
    path = plan / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 50000", "amount: .nan")
                    .replace("value: 200", "value: -.Inf"), encoding="utf-8")
    result = cli("validate", repo=plan)
    assert result.exit_code == 1
    assert f"{SERIES}/2022-07-01-ministry.yaml:3:8: S203 value: expected a number but found inf" \
        in result.stdout
    assert ":14:11: S203 budget.amount: expected a number but found nan" in result.stdout
    assert "S203 indicators[0].target.value: expected a number but found -inf" in result.stdout

def test_activity_references_and_dates(plan, cli):
    path = plan / "data/activities/justice-training.yaml"
    text = path.read_text(encoding="utf-8").replace("- watch", "- nobody").replace(
        "start: '2022-01-01'", "start: '2024-01-01'").replace("- upr2-127.1\n",
                                                              "- upr2-127.99\n")
    path.write_text(text, encoding="utf-8")
    out = cli("validate", repo=plan).stdout
    assert "R303 partners[0]: unknown actor 'nobody'" in out
    assert "D403 end: the end 2023-12-31 is before the start 2024-01-01" in out
    assert "R304 recommendations[0]: unknown recommendation 'upr2-127.99'" in out


def test_a_noted_recommendation_with_a_reason_is_fine(plan, cli):
    path = plan / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- upr2-127.1\n", "- upr2-127.1\n- upr2-127.10\nunsupported_reasons:\n  upr2-127.10: "
        "The ministry acts on it within its mandate\n"), encoding="utf-8")
    result = cli("validate", repo=plan)
    assert result.exit_code == 0, result.stdout


def test_future_measurement_is_refused(plan, cli):
    write(plan, f"{SERIES}/2027-01-01-ministry.yaml", measurement(as_of="2027-01-01"))
    assert "D402 as_of: 2027-01-01 is in the future" in cli("validate", repo=plan).stdout


# --- history ---------------------------------------------------------------------------------

@pytest.fixture
def history(plan) -> Path:
    init_git(plan)
    write(plan, f"{SERIES}/2023-01-31-ministry.yaml", measurement())
    commit(plan, "ministry@example.org", "2023-02-05")
    path = plan / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in-progress",
                                                             "status: completed"), encoding="utf-8")
    commit(plan, date="2024-01-10")
    return plan


def test_log_of_an_activity(history, cli):
    result = cli("log", "justice-training", "--format", "json", repo=history)
    assert result.exit_code == 0, result.output
    rows = [(r["date"], r["actor"], r["change"], r["item"], r["from"], r["to"])
            for r in json.loads(result.stdout)]
    assert rows == [
        ("2022-01-01", "secretariat", "activity-added", "justice-training", None, "in-progress"),
        ("2022-01-01", "secretariat", "measurement-added", "2022-06-30-ministry", None, 45),
        ("2023-02-05", "ministry", "measurement-added", "2023-01-31-ministry", None, 60),
        ("2024-01-10", "secretariat", "activity-edited", "justice-training", "in-progress",
         "completed"),
    ]
    assert cli("log", "no-such-thing", repo=history).exit_code == 2


def test_diff_names_activities_and_measurements(history, cli):
    result = cli("diff", "2022-06-01", "HEAD", repo=history)
    assert result.exit_code == 0, result.output
    assert "1 activity edited, 1 new measurement" in result.stdout
    assert "~ justice-training: edited status" in result.stdout
    assert ("+ justice-training/judges-trained/2023-01-31-ministry: 60 persons as of 2023-01-31 "
            "(by ministry)") in result.stdout
    data = json.loads(cli("diff", "2022-06-01", "HEAD", "--format", "json", repo=history).stdout)
    assert data["summary"]["measurements_added"] == 1
    assert data["activities"]["edited"] == [{"id": "justice-training", "fields": ["status"]}]


def test_status_at_sees_the_activities_of_then(history, cli):
    then = json.loads(cli("status", "--at", "2023-03-01", "--by", "activity", "--format", "json",
                          repo=history).stdout)
    rows = {r["key"]: r["recommendations"] for r in then["breakdown"]["rows"]}
    assert rows == {"justice-training": 1, "(none)": 1}


def test_status_by_axis_counts_a_recommendation_in_each_of_its_axes(plan, cli):
    text = (plan / "data/activities/justice-training.yaml").read_text(encoding="utf-8")
    write(plan, "data/activities/shelters.yaml", text.replace(
        "id: justice-training", "id: shelters").replace("axis: access-to-justice", "axis: women")
        .replace("  - id: judges-trained", "  - id: shelters-open"))
    data = json.loads(cli("status", "--by", "axis", "--format", "json", repo=plan).stdout)
    rows = {r["key"]: r["recommendations"] for r in data["breakdown"]["rows"]}
    assert rows == {"access-to-justice": 1, "women": 1, "(none)": 1}
    assert data["breakdown"]["in_several"] == 1 and data["totals"]["recommendations"] == 2
    md = cli("status", "--by", "axis", "--format", "markdown", repo=plan).stdout
    assert "| Access to justice | 1 | 1 | 1 | 0 | 1 | 0 |" in md
    assert "1 recommendation(s) are linked to activities in more than one axis" in md
    out = cli("status", "--by", "axis", repo=plan).stdout
    assert "Access to" in out  # the axis name, not its id
    assert ("1 recommendation(s) are linked to activities in more than one axis and count in "
            "each row") in out


# --- scope -----------------------------------------------------------------------------------

def test_the_lead_adds_measurements_others_may_not(history):
    git(history, "checkout", "-q", "-b", "pr")
    base = git(history, "rev-parse", "HEAD").strip()
    write(history, f"{SERIES}/2023-06-30-ministry.yaml", measurement(as_of="2023-06-30"))
    commit(history, "ministry@example.org")
    assert check_scope(history, base).ok
    write(history, f"{SERIES}/2023-07-31-watch.yaml", measurement(as_of="2023-07-31", by="watch"))
    commit(history, "watch@example.org")
    reasons = {f.path: f.reason for f in check_scope(history, base).findings}
    assert reasons == {f"{SERIES}/2023-07-31-watch.yaml": (
        "adds a measurement of justice-training by 'watch'; only its lead actor (ministry) and "
        "the plan secretariat (secretariat) may add measurements")}


def test_measurements_are_never_edited(history):
    git(history, "checkout", "-q", "-b", "pr")
    base = git(history, "rev-parse", "HEAD").strip()
    write(history, f"{SERIES}/2023-01-31-ministry.yaml", measurement(value=61))
    commit(history, "ministry@example.org")
    (finding,) = check_scope(history, base).findings
    assert finding.reason.startswith("edits the existing measurement 2023-01-31-ministry; "
                                     "measurements are history")


def test_only_the_secretariat_changes_activities(history):
    git(history, "checkout", "-q", "-b", "pr")
    base = git(history, "rev-parse", "HEAD").strip()
    path = history / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 50000", "amount: 90000"),
                    encoding="utf-8")
    commit(history, "ministry@example.org")
    (finding,) = check_scope(history, base).findings
    assert "changes the activity justice-training; activities are maintained by" in finding.reason


def test_the_cached_path_sees_a_deleted_activity(plan, cli):
    """Unchanged measurement files reuse their cached checks; the cross-file rules still see
    that their activity is gone. Same output with the cache off."""
    assert cli("validate", repo=plan).exit_code == 0  # fills the cache
    (plan / "data/activities/justice-training.yaml").unlink()
    cached = cli("validate", repo=plan)
    fresh = cli("validate", repo=plan, env={"NHRP_CACHE": "off"})
    assert cached.exit_code == fresh.exit_code == 1
    assert cached.stdout == fresh.stdout
    assert "A702 activity: unknown activity 'justice-training'" in cached.stdout


def test_the_bundled_plan_has_no_invented_activities():
    from conftest import ROOT

    meta = (ROOT / "nhrp.yaml").read_text(encoding="utf-8")
    assert "axes:" not in meta
    assert not (ROOT / "data" / "activities").exists()
    assert not (ROOT / "data" / "measurements").exists()


def test_indicator_descriptions_use_the_plan_languages(plan, cli):
    path = plan / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    en: Judges who completed the training", "    fr: Juges formés"), encoding="utf-8")
    out = cli("validate", repo=plan).stdout
    assert "R311 indicators[0].description.fr: 'fr' is not one of the plan's languages" in out
