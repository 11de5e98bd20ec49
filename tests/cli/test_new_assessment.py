"""nhrp new assessment: a commented template that cannot pass validation until filled in."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, TODAY
from nhrp.core import yamlio

PATH = f"data/monitoring/upr2-127.10/{TODAY}-watch.yaml"


@pytest.fixture
def plan(plan_dir):
    """The minimal plan with the monitoring-entry schema where editors look for it."""
    (plan_dir / "schemas").mkdir()
    shutil.copy(ROOT / "schemas/monitoring-entry.schema.json", plan_dir / "schemas")
    return plan_dir


def test_writes_the_template_at_the_right_path(cli, plan):
    result = cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"created {PATH}"
    assert result.stderr == ""  # the schema is there: no note
    text = (plan / PATH).read_text(encoding="utf-8")
    assert text.splitlines()[0] == \
        "# yaml-language-server: $schema=../../../schemas/monitoring-entry.schema.json"
    assert (plan / PATH).parent.joinpath("../../../schemas/monitoring-entry.schema.json").is_file()
    assert yamlio.loads(text) == {
        "recommendation": "upr2-127.10", "by": "watch", "duty_bearer": "CHOOSE-ONE",
        "as_of": TODAY, "status": "CHOOSE-ONE", "summary": {"ar": "", "en": "", "ckb": ""}}


def test_comments_explain_each_field_in_english_and_arabic(cli, plan):
    cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    text = (plan / PATH).read_text(encoding="utf-8")
    lines = text.splitlines()
    for field in ("recommendation:", "by:", "duty_bearer:", "as_of:", "status:", "summary:",
                  "# evidence:", "# supersedes:"):
        at = next(i for i, line in enumerate(lines) if line.startswith(field))
        comments = []
        i = at - 1
        while i >= 0 and lines[i].startswith("#"):
            comments.append(lines[i])
            i -= 1
        block = "\n".join(comments)
        assert any("a" <= ch <= "z" for ch in block), field
        assert any("\u0600" <= ch <= "\u06ff" for ch in block), field  # Arabic script
    # the choices come from the plan
    assert "#   in-progress: In progress / قيد التنفيذ" in lines
    assert "#   krg: Regional government / حكومة الإقليم" in lines
    assert "# upr2-127.10: Protect women from violence" in lines
    assert "# upr2-127.10: حماية النساء من العنف" in lines


def test_the_unfilled_template_fails_validation(cli, plan):
    cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    result = cli("validate", plan / PATH, repo=plan)
    assert result.exit_code == 1
    codes = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-1]]
    assert sorted(codes) == ["R307", "R308", "S205", "S205", "S206", "S206", "S206"]


def test_the_filled_in_template_passes_validation(cli, plan):
    cli("new", "assessment", "upr2-127.10", "--by", "watch", "--duty-bearer", "krg", repo=plan)
    path = plan / PATH
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: CHOOSE-ONE", "status: in-progress")
    text = text.replace("  ar: ''\n", "  ar: صدر قانون جديد ولم يُطبَّق بعد.\n")
    text = text.replace("  en: ''\n", "").replace("  ckb: ''\n", "")
    path.write_text(text, encoding="utf-8")
    result = cli("validate", plan / PATH, repo=plan)
    assert result.exit_code == 0, result.stdout


def test_one_duty_bearer_is_filled_in(cli, plan):
    text = (plan / "nhrp.yaml").read_text(encoding="utf-8")
    start, end = text.index("- id: krg"), text.index("status_scale:")
    (plan / "nhrp.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    assert yamlio.loads((plan / PATH).read_text(encoding="utf-8"))["duty_bearer"] == "federal"


def test_never_overwrites_a_second_one_gets_a_number(cli, plan):
    first = cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    (plan / PATH).write_text("mine\n", encoding="utf-8")
    second = cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    assert first.exit_code == second.exit_code == 0
    assert second.stdout.splitlines()[0] == f"created {PATH.replace('.yaml', '-2.yaml')}"
    assert (plan / PATH).read_text(encoding="utf-8") == "mine\n"


def test_missing_schema_is_a_note_not_an_error(cli, plan_dir):
    result = cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan_dir)
    assert result.exit_code == 0
    assert result.stderr.startswith("note: this plan has no schemas/monitoring-entry.schema.json")
    assert not (plan_dir / "schemas").exists()  # a contributor's change stays inside data/


def test_data_in_comments_cannot_break_out_of_the_comment(cli, plan):
    text = (plan / "nhrp.yaml").read_text(encoding="utf-8")
    (plan / "nhrp.yaml").write_text(text.replace("en: In progress", 'en: "In\\nstatus: implemented"'),
                                    encoding="utf-8")
    result = cli("new", "assessment", "upr2-127.10", "--by", "watch", repo=plan)
    assert result.exit_code == 0
    data = yamlio.loads((plan / PATH).read_text(encoding="utf-8"))
    assert data["status"] == "CHOOSE-ONE"


@pytest.mark.parametrize("args, message", [
    (["upr2-127.99", "--by", "watch"],
     "nhrp: unknown recommendation 'upr2-127.99'. Did you mean: upr2-127.1? Valid values: "
     "upr2-127.1, upr2-127.10."),
    (["upr2-127.10", "--by", "wach"], "nhrp: unknown actor 'wach'. Did you mean: watch?"),
    (["upr2-127.10", "--by", "watch", "--duty-bearer", "kgr"],
     "nhrp: unknown duty bearer 'kgr'. Did you mean: krg?"),
    (["../../etc", "--by", "watch"], "nhrp: '../../etc' is not a valid recommendation id"),
    (["upr2-127.10", "--by", "../watch"], "nhrp: '../watch' is not a valid actor id"),
])
def test_bad_ids_are_usage_errors(cli, plan, args, message):
    result = cli("new", "assessment", *args, repo=plan)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not (plan / "data/monitoring/upr2-127.10").exists()
