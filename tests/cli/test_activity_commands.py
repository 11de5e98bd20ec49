"""nhrp activity add|indicator|link|unlink, measure, new activity, list --activity and show of
an activity, on copies of the minimal plan with axes (tests/fixtures/overlays/activities)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_plan, git, init_git
from nhrp.core import yamlio

OVERLAY = FIXTURES / "overlays" / "activities"
ADD = ["activity", "add", "courts", "--axis", "women", "--title", "محاكم متخصصة بالعنف ضد المرأة",
       "--lead", "ministry", "--partner", "watch", "--start", "2022-03-01", "--end",
       "2024-12-31", "-r", "upr2-127.1", "--budget", "250000", "--currency", "USD"]


@pytest.fixture
def plan(tmp_path) -> Path:
    root = copy_plan(tmp_path / "plan")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    return root


def read(plan: Path, path: str) -> dict:
    return yamlio.loads((plan / path).read_text(encoding="utf-8"))


def test_add_writes_a_valid_activity(plan, cli):
    result = cli(*ADD, repo=plan)
    assert result.exit_code == 0, result.output
    assert result.output == "created data/activities/courts.yaml\n"
    data = read(plan, "data/activities/courts.yaml")
    assert data["title"] == {"ar": "محاكم متخصصة بالعنف ضد المرأة"}  # language from the script
    assert data["budget"] == {"amount": 250000, "currency": "USD"}
    assert data["status"] == "planned" and data["partners"] == ["watch"]
    assert cli("validate", repo=plan).exit_code == 0
    again = cli(*ADD, repo=plan)
    assert again.exit_code == 2 and "exists already" in again.output


@pytest.mark.parametrize("change, message", [
    (["--axis", "nowhere"], "unknown axis 'nowhere'"),
    (["--lead", "nobody"], "unknown actor 'nobody'"),
    (["--end", "2027-01-01"], "A705"),
    (["--end", "2021-02-30"], "is not a date"),
])
def test_add_refuses_what_would_be_invalid_and_writes_nothing(plan, cli, change, message):
    args = list(ADD)
    i = args.index(change[0])
    args[i + 1] = change[1]
    result = cli(*args, repo=plan)
    assert result.exit_code in (1, 2) and message in result.output
    assert not (plan / "data/activities/courts.yaml").exists()


def test_indicator_link_unlink(plan, cli):
    assert cli(*ADD, repo=plan).exit_code == 0
    result = cli("activity", "indicator", "courts", "courts-open", "--type", "structural",
                 "--unit", "courts", "--description", "Specialised courts in operation",
                 "--baseline", "0@2021-12-31", "--target", "18@2024-12-31", repo=plan)
    assert result.exit_code == 0, result.output
    (ind,) = read(plan, "data/activities/courts.yaml")["indicators"]
    assert ind["baseline"] == {"value": 0, "date": "2021-12-31"} and ind["unit"] == "courts"
    refused = cli("activity", "link", "courts", "upr2-127.10", repo=plan)
    assert refused.exit_code == 2 and "was noted, not supported" in refused.output
    ok = cli("activity", "link", "courts", "upr2-127.10", "--reason", "Within its mandate",
             repo=plan)
    assert ok.exit_code == 0, ok.output
    data = read(plan, "data/activities/courts.yaml")
    assert data["recommendations"] == ["upr2-127.1", "upr2-127.10"]
    assert data["unsupported_reasons"] == {"upr2-127.10": "Within its mandate"}
    same = cli("activity", "link", "courts", "upr2-127.1", repo=plan)
    assert "already so, unchanged: upr2-127.1" in same.output
    assert cli("activity", "unlink", "courts", "upr2-127.10", repo=plan).exit_code == 0
    data = read(plan, "data/activities/courts.yaml")
    assert data["recommendations"] == ["upr2-127.1"] and "unsupported_reasons" not in data


def test_measure_takes_the_unit_from_the_indicator_and_never_overwrites(plan, cli):
    args = ["measure", "justice-training", "judges-trained", "--value", "80", "--as-of",
            "2023-06-30", "--by", "ministry", "--source", "Training register"]
    first = cli(*args, repo=plan)
    assert first.exit_code == 0, first.output
    path = "data/measurements/justice-training/judges-trained/2023-06-30-ministry.yaml"
    assert f"created {path}" in first.output
    assert read(plan, path) == {"activity": "justice-training", "indicator": "judges-trained",
                                "value": 80, "unit": "persons", "as_of": "2023-06-30",
                                "by": "ministry", "source": "Training register"}
    second = cli(*args[:-2], "--source", "Corrected register", "--supersedes",
                 "2023-06-30-ministry", repo=plan)
    assert second.exit_code == 0, second.output
    assert "2023-06-30-ministry-2.yaml" in second.output
    assert read(plan, path)["source"] == "Training register"
    assert cli("validate", repo=plan).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["justice-training", "judges-certified"], "unknown indicator of justice-training"),
    (["justice-trainin", "judges-trained"], "Did you mean: justice-training?"),
])
def test_measure_unknown_ids(plan, cli, args, message):
    result = cli("measure", *args, "--value", "1", "--as-of", "2023-01-01", "--by", "ministry",
                 "--source", "x", repo=plan)
    assert result.exit_code == 2 and message in result.output


def test_measure_future_date_is_refused(plan, cli):
    result = cli("measure", "justice-training", "judges-trained", "--value", "1", "--as-of",
                 "2030-01-01", "--by", "ministry", "--source", "x", repo=plan)
    assert result.exit_code == 1 and "D402" in result.output
    assert len(list((plan / "data/measurements").rglob("*.yaml"))) == 1



@pytest.mark.parametrize("typed, stored", [("١٢٠", 120), ("١٢٫٥", 12.5), ("1,500", 1500)])
def test_measure_reads_the_digits_a_clerk_types(plan, cli, typed, stored):
    result = cli("measure", "justice-training", "judges-trained", "--value", typed, "--as-of",
                 "٢٠٢٣-٠٦-٣٠", "--by", "ministry", "--source", "سجل التدريب", repo=plan)
    assert result.exit_code == 0, result.output
    path = "data/measurements/justice-training/judges-trained/2023-06-30-ministry.yaml"
    assert read(plan, path)["value"] == stored


@pytest.mark.parametrize("option", ["--value", "--baseline", "--budget"])
@pytest.mark.parametrize("typed", ["nan", "inf", "1e400", "ten"])
def test_a_number_that_is_not_one_is_a_usage_error(plan, cli, option, typed):
    """NaN ended in an internal error, infinity was written as `.inf` and passed validation."""
    if option == "--value":
        args = ["measure", "justice-training", "judges-trained", "--value", typed, "--as-of",
                "2023-06-30", "--by", "ministry", "--source", "x"]
    elif option == "--baseline":
        args = ["activity", "indicator", "justice-training", "cases", "--type", "outcome",
                "--description", "Cases", "--unit", "cases", "--baseline", f"{typed}@2022-01-01"]
    else:
        args = [*ADD[:-4], "--budget", typed, "--currency", "USD"]
    files = lambda: {p: p.read_bytes() for p in (plan / "data").rglob("*.yaml")}  # noqa: E731
    before = files()
    result = cli(*args, repo=plan)
    assert result.exit_code == 2, result.output
    assert "is not a number" in result.output
    assert files() == before


def test_measure_commit(plan, cli):
    init_git(plan)
    result = cli("measure", "justice-training", "judges-trained", "--value", "90", "--as-of",
                 "2023-12-31", "--by", "ministry", "--source", "Register", "--commit", repo=plan)
    assert result.exit_code == 0, result.output
    assert git(plan, "log", "-1", "--format=%s").strip() == (
        "Measure justice-training/judges-trained: 90 persons as of 2023-12-31 (by ministry)")
    assert git(plan, "status", "--porcelain") == ""


def test_new_activity_template_fails_until_filled_in(plan, cli):
    result = cli("new", "activity", "shelters", "--lead", "ministry", repo=plan)
    assert result.exit_code == 0, result.output
    path = plan / "data/activities/shelters.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/activity.schema.json")
    assert "#   access-to-justice: Access to justice / الوصول إلى العدالة" in text
    assert cli("validate", repo=plan).exit_code == 1
    filled = (text.replace("axis: CHOOSE-ONE", "axis: women").replace("- id: CHOOSE-ONE",
                                                                       "- id: shelters-open")
              .replace("  ar: ''\n", "  ar: دور إيواء\n").replace("  en: ''\n", "")
              .replace("  ckb: ''\n", "").replace("    ar: ''", "    ar: دور إيواء مفتوحة"))
    path.write_text(filled, encoding="utf-8")
    result = cli("validate", repo=plan)
    assert result.exit_code == 0, result.stdout
    assert cli("new", "activity", "shelters", repo=plan).exit_code == 2


def test_list_and_show_an_activity(plan, cli):
    rows = json.loads(cli("list", "--activity", "justice-training", "--format", "json",
                          repo=plan).stdout)
    assert [r["id"] for r in rows] == ["upr2-127.1"]
    shown = json.loads(cli("show", "justice-training", "--format", "json", repo=plan).stdout)
    assert shown["late"] is True  # ended 2023-12-31, still in progress on 2026-01-15
    assert shown["recommendations"][0]["id"] == "upr2-127.1"
    assert [m["value"] for m in shown["indicators"][0]["measurements"]] == [45]
    text = cli("show", "justice-training", repo=plan).stdout
    assert "Indicator judges-trained (process, persons)" in text
    assert "2022-06-30  45 persons  by ministry" in text
    rec = json.loads(cli("show", "upr2-127.1", "--format", "json", repo=plan).stdout)
    assert [a["id"] for a in rec["activities"]] == ["justice-training"]
