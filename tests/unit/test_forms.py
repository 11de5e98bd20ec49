"""The XLSForms nhrp builds pass pyxform (the reference converter used by KoboToolbox and
ODK) without warnings, with a label column per language and choices from the plan itself."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT

pyxform = pytest.importorskip("pyxform")


def _convert(path):
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    return result.xform, warnings


def _sheet(path, name):
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.mark.parametrize("repo", ["minimal", "bundled"])
def test_participation_form_converts_cleanly(cli, plan_dir, tmp_path, repo):
    out = tmp_path / "participation.xlsx"
    args = ("form", "build", "participation", "--lang", "ar", "--lang", "ckb", "--lang", "en",
            "--out", out)
    result = cli(*args, repo=plan_dir if repo == "minimal" else ROOT)
    assert result.exit_code == 0, result.output
    xform, warnings = _convert(out)
    assert warnings == []
    survey = _sheet(out, "survey")
    assert {"label::العربية (ar)", "label::کوردی (ckb)", "label::English (en)"} <= set(survey[0])
    choices = _sheet(out, "choices")
    themes = {c["name"] for c in choices if c["list_name"] == "themes"}
    orgs = [c["name"] for c in choices if c["list_name"] == "organisations"]
    if repo == "minimal":
        assert themes == {"death-penalty", "womens-rights"}
        assert orgs == ["watch", "other"]  # NGO actors only, then "another organisation"
    else:
        assert len(themes) > 5 and "ihchr" not in orgs and orgs[-1] == "other"
    settings = _sheet(out, "settings")[0]
    assert settings["default_language"] == "العربية (ar)"
    assert 'lang="کوردی (ckb)"' in xform
    types = {r["name"]: r["type"] for r in survey}
    assert types["files"] == "select_multiple themes" and types["answer"] == "select_one answers"


def test_assessment_form_has_groups_and_the_plans_scale(cli, plan_dir, tmp_path):
    out = tmp_path / "assessment.xlsx"
    result = cli("form", "build", "assessment", "--by", "watch", "--lang", "en", "--lang", "ar",
                 "--out", out, repo=plan_dir)
    assert result.exit_code == 0, result.output
    _, warnings = _convert(out)
    assert warnings == []
    survey = _sheet(out, "survey")
    kinds = [r["type"] for r in survey]
    assert "begin_repeat" not in kinds and kinds.count("begin_group") == 1  # watch: 1 recommendation
    assert {r["name"] for r in survey} >= {"r_upr2_127_1", "r_upr2_127_1_status",
                                           "r_upr2_127_1_duty_bearer", "r_upr2_127_1_as_of"}
    statuses = [c["name"] for c in _sheet(out, "choices") if c["list_name"] == "statuses"]
    assert statuses == ["regressed", "not-started", "in-progress", "partially-implemented",
                        "implemented"]


def test_bundled_assessment_form_of_a_theme_converts(cli, tmp_path):
    out = tmp_path / "assessment.xlsx"
    assert cli("form", "build", "assessment", "--theme", "death-penalty", "--out", out,
               repo=ROOT).exit_code == 0
    assert _convert(out)[1] == []


@pytest.mark.parametrize("args, words", [
    (("assessment", "--by", "ministry"), "authority"),
    (("assessment", "--theme", "no-such"), "unknown theme"),
    (("participation", "--by", "watch"), "assessment form"),
    (("participation", "--lang", "xx"), "--lang xx: unknown language"),
])
def test_form_build_refuses_clearly(cli, plan_dir, tmp_path, args, words):
    result = cli("form", "build", *args, "--out", tmp_path / "f.xlsx", repo=plan_dir)
    assert result.exit_code == 2 and words in result.stderr
    assert not (tmp_path / "f.xlsx").exists()


@pytest.mark.parametrize("command", [("form", "build", "participation"),
                                     ("export", "assessment-sheet", "--by", "watch"),
                                     ("new", "plan-matrix"), ("export", "plan-matrix")])
@pytest.mark.parametrize("name", ["form.xls", "form.csv", "form"])
def test_a_workbook_is_written_only_under_an_xlsx_name(cli, plan_dir, tmp_path, command, name):
    """An .xlsx under another name was written: Kobo and ODK read an .xls upload as the old
    format and fail, Excel warns that the content does not match."""
    result = cli(*command, "--out", tmp_path / name, repo=plan_dir)
    assert result.exit_code == 2 and "name it FILE.xlsx" in result.stderr
    assert not (tmp_path / name).exists()
