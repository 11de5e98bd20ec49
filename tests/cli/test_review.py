"""nhrp review: the six-monthly and annual review, counted by as-of date, in three languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_plan, git, init_git
from nhrp.core.review import parse_period
from nhrp.errors import UsageError

OVERLAY = FIXTURES / "overlays" / "activities"
SERIES = "data/measurements/justice-training/judges-trained"


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


def entry(by: str, status: str, as_of: str, rec: str = "upr2-127.1") -> str:
    return (f"recommendation: {rec}\nby: {by}\nduty_bearer: federal\nas_of: '{as_of}'\n"
            f"status: {status}\nsummary:\n  en: A finding.\n")


@pytest.fixture
def plan(tmp_path) -> Path:
    root = copy_plan(tmp_path / "plan")
    shutil.copytree(OVERLAY, root, dirs_exist_ok=True)
    write(root, f"{SERIES}/2024-06-30-ministry.yaml",
          "activity: justice-training\nindicator: judges-trained\nvalue: 150\nunit: persons\n"
          "as_of: '2024-06-30'\nby: ministry\nsource: Register\n")
    # self-assessment in H1 2024 diverges from the independent one of 2023-06-01
    write(root, "data/monitoring/upr2-127.1/2024-03-01-ministry.yaml",
          entry("ministry", "implemented", "2024-03-01"))
    return root


def test_periods():
    assert parse_period("٢٠٢٤-h1") == parse_period("2024-h1") == parse_period("2024-H1")
    assert parse_period("2024-H1").end.isoformat() == "2024-06-30"
    assert parse_period("2024-H2").start.isoformat() == "2024-07-01"
    assert (parse_period("2024").start.isoformat(), parse_period("2024").end.isoformat()) == \
        ("2024-01-01", "2024-12-31")
    with pytest.raises(UsageError):
        parse_period("2024-Q1")


def test_markdown_review_of_a_half_year(plan, cli):
    result = cli("review", "--period", "2024-H1", "--format", "md", "--lang", "en", repo=plan)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "# Test plan: Review of the plan — First half of 2024" in out
    assert "Activities: 1; started in the period: 0; finished in it: 0; late: 1." in out
    assert ("| Judges who completed the training (process indicator, persons) | 0 (31 December "
            "2021) | 150 (30 June 2024) | 200 (31 December 2023) |") in out
    assert "| upr2-127.1 | Ministry of Testing | Self-reported | federal | Implemented | " \
           "1 March 2024 |" in out
    assert "| opened | upr2-127.1 | federal | Implemented | Not started |" in out
    assert "0 supported recommendation(s) are implemented by no activity" in out
    assert "No activity under this axis." in out  # the women axis


def test_counting_is_by_as_of_date(plan, cli):
    """A value recorded in July about June belongs to the first half; the second half sees no
    new assessment and no new divergence, and the year sees both."""
    h2 = cli("review", "--period", "2024-H2", "--format", "md", "--lang", "en", repo=plan).stdout
    assert "## Assessments received in the period\n\nNone." in h2
    assert "## Divergences opened and closed in the period\n\nNone." in h2
    h1_2023 = cli("review", "--period", "2023-H1", "--format", "md", "--lang", "en",
                  repo=plan).stdout
    assert "45 (30 June 2022)" in h1_2023  # the latest value by the end of that half
    assert "late: 0." in h1_2023


def test_supported_recommendation_without_activity_is_listed(plan, cli):
    path = plan / "data/activities/justice-training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recommendations:\n- upr2-127.1\n",
                                                             ""), encoding="utf-8")
    out = cli("review", "--period", "2024", "--format", "md", "--lang", "en", repo=plan).stdout
    assert "1 supported recommendation(s) are implemented by no activity" in out
    assert "- upr2-127.1 Establish a moratorium on executions" in out


@pytest.mark.parametrize("lang, words", [
    ("ar", ["dir=\"rtl\"", "النصف الأول من عام ٢٠٢٤", "الأنشطة حسب المحور", "مؤشر عملية"]),
    ("ckb", ["dir=\"rtl\"", "نیوەی یەکەمی ساڵی ٢٠٢٤", "چالاکییەکان بەپێی تەوەر"]),
    ("en", ["dir=\"ltr\"", "First half of 2024", "Activities by axis"]),
])
def test_html_in_three_languages_with_a_chart_per_indicator(plan, cli, lang, words):
    result = cli("review", "--period", "2024-H1", "--lang", lang, repo=plan)
    assert result.exit_code == 0, result.output
    html = result.stdout
    for word in words:
        assert word in html
    assert html.count('<svg class="spark"') == 1
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_review_at_a_revision(plan, cli):
    init_git(plan)
    write(plan, f"{SERIES}/2024-12-31-ministry.yaml",
          "activity: justice-training\nindicator: judges-trained\nvalue: 210\nunit: persons\n"
          "as_of: '2024-12-31'\nby: ministry\nsource: Register\n")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "year-end value")
    now = cli("review", "--period", "2024", "--format", "md", "--lang", "en", repo=plan).stdout
    assert "210 (31 December 2024)" in now
    before = cli("review", "--period", "2024", "--format", "md", "--lang", "en", "--at",
                 "HEAD~1", repo=plan)
    assert before.exit_code == 0, before.output
    assert "150 (30 June 2024)" in before.stdout and "210" not in before.stdout


def test_a_period_not_begun_and_a_bad_period(plan, cli):
    assert cli("review", "--period", "2027", repo=plan).exit_code == 2
    bad = cli("review", "--period", "H1-2024", repo=plan)
    assert bad.exit_code == 2 and "write YYYY-H1, YYYY-H2 or YYYY" in bad.output


def test_the_bundled_plan_has_no_axes(cli):
    out = cli("review", "--period", "2024", "--format", "md", "--lang", "en").stdout
    assert "The plan records no axes or activities." in out
