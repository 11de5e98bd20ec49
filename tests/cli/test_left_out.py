"""Reading commands that leave a file out print what they can, name each file and its problem,
and exit 1; report and site build still write, with a visible warning inside. YAML syntax
errors come with a plain hint."""

from __future__ import annotations

import json

import pytest

from conftest import copy_plan

BROKEN = "data/recommendations/upr2-127.1.yaml"


@pytest.fixture
def broken(tmp_path):
    plan = copy_plan(tmp_path / "plan")
    path = plan / BROKEN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: Establish", "   en: Establish"), encoding="utf-8")
    return plan


def assert_names_the_file(result):
    assert result.exit_code == 1, result.output
    assert "1 file was left out" in result.stderr
    assert f"{BROKEN}:15:" in result.stderr and "Y101" in result.stderr
    assert "indentation" in result.stderr


@pytest.mark.parametrize("args", [("status",), ("status", "--format", "json"), ("list",),
                                  ("list", "--format", "json"), ("show", "upr2-127.10"),
                                  ("export", "--format", "json")], ids=" ".join)
def test_reading_commands_print_what_they_can_and_exit_1(args, broken, cli):
    result = cli(*args, repo=broken)
    assert_names_the_file(result)
    assert result.stdout  # what could be read is still shown
    if args == ("status", "--format", "json"):
        assert json.loads(result.stdout)["totals"]["recommendations"] == 1
    cached = cli(*args, repo=broken)  # the second run comes from the cache: same verdict
    assert_names_the_file(cached)


def test_report_and_site_still_write_with_a_visible_warning(broken, cli, tmp_path):
    out = tmp_path / "report.html"
    result = cli("report", "--lang", "en", "--out", out, repo=broken)
    assert_names_the_file(result)
    assert "could not be read" in out.read_text(encoding="utf-8")
    site = tmp_path / "site"
    built = cli("site", "build", "--out", site, repo=broken)
    assert_names_the_file(built)
    assert 'role="alert"' in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_a_clean_plan_still_exits_0(plan_dir, cli):
    result = cli("status", repo=plan_dir)
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("text, hint", [
    ("id: x\nnames:\n  en: a\n   ar: b\n", "check the indentation"),
    ("id: x\nkind:ngo\nnames: {en: a}\n", "put a space after the colon on line 2"),
    ("id: x\nkind: 'ngo\nnames: {en: a}\n", "never closed: add the closing quote"),
    ("id: x\nkind: ngo\nnames: [a, b\n", "never closed with ] or }"),
])
def test_yaml_syntax_errors_come_with_a_plain_hint(text, hint, plan_dir, cli):
    (plan_dir / "data/actors/watch.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", repo=plan_dir)
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("data/actors/watch.yaml"))
    assert "Y101 YAML syntax error" in line and hint in line, line
