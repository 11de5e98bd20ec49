"""Parsing never raises outside its error type: whatever a committed file holds, reading
commands end with a located Y1xx problem, not exit 70."""

from __future__ import annotations

import pytest

from conftest import git
from nhrp.core import yamlio

HUGE = "9" * 5000
REC = "data/recommendations/upr2-127.10.yaml"


@pytest.mark.parametrize("text, line, column", [
    (f"id: x\nparagraph: {HUGE}\n", 2, 12),
    (f"id: x\nlist:\n- {HUGE}\n", 3, 3),
    ("id: x\ncount: !!int abc\n", 2, 8),
    (f"{{id: x, n: {HUGE}}}\n", 1, 12),
])
def test_values_the_loader_cannot_build_are_y110_with_a_location(text, line, column):
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.loads(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("Y110", line, column)


def test_a_number_just_under_the_limit_still_reads():
    assert yamlio.loads(f"n: {'9' * 4000}\n")["n"] > 0


def test_a_huge_integer_in_the_history_breaks_neither_log_nor_status_at(cli, plan_repo):
    path = plan_repo / REC
    good = path.read_text(encoding="utf-8")
    path.write_text(good + f"note: {HUGE}\n", encoding="utf-8")
    git(plan_repo, "commit", "-q", "-am", "a huge number")
    bad = git(plan_repo, "rev-parse", "HEAD").strip()
    path.write_text(good, encoding="utf-8")
    git(plan_repo, "commit", "-q", "-am", "removed again")
    for args in (("log", "upr2-127.10"), ("status", "--at", bad), ("status", "--at", "HEAD"),
                 ("diff", bad, "HEAD"), ("validate",)):
        result = cli(*args, repo=plan_repo)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "internal error" not in result.output
    path.write_text(good + f"note: {HUGE}\n", encoding="utf-8")
    result = cli("validate", repo=plan_repo)
    assert result.exit_code == 1
    assert f"{REC}:" in result.stdout and " Y110 " in result.stdout


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31",
                                   "2024-02-30", "soon"])
def test_nhrp_today_outside_its_range_is_a_usage_error(cli, plan_dir, value):
    for args in (("status",), ("validate",), ("list",)):
        result = cli(*args, repo=plan_dir, env={"NHRP_TODAY": value})
        assert result.exit_code == 2, (args, result.output)
        assert "NHRP_TODAY" in result.output and "internal error" not in result.output


@pytest.mark.parametrize("value", ["1900-01-01", "2200-12-31"])
def test_nhrp_today_at_the_ends_of_its_range_works(cli, plan_dir, value):
    assert cli("status", repo=plan_dir, env={"NHRP_TODAY": value}).exit_code == 0
