"""W701: validate warns about every missing translation (exit 0); --strict makes warnings
errors; the bundled plan passes --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_missing_translation_is_a_warning_and_strict_makes_it_an_error(cli, plan_dir):
    actor = plan_dir / "data" / "actors" / "watch.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("  ckb: چاودێری تاقیکردنەوە\n", ""),
                     encoding="utf-8")
    plan = plan_dir / "nhrp.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    ar: بلد الاختبار\n", ""),
                    encoding="utf-8")
    result = cli("validate", repo=plan_dir)
    assert result.exit_code == 0, result.stdout
    assert ("data/actors/watch.yaml:3:1: W701 names: no ckb text (the plan's languages are ar, "
            "en, ckb); add names.ckb") in result.stdout
    assert "nhrp.yaml:9:3: W701 state.name: no ar text" in result.stdout
    assert result.stdout.endswith("0 errors, 2 warnings\n")
    strict = cli("validate", "--strict", repo=plan_dir)
    assert strict.exit_code == 1 and strict.stdout == result.stdout


def test_untranslated_plan_notes_are_reported(cli, plan_dir):
    plan = plan_dir / "nhrp.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "notes: Written in English only.\n",
                    encoding="utf-8")
    result = cli("validate", repo=plan_dir)
    assert result.exit_code == 0
    assert "W701 notes: one text for every language" in result.stdout


def test_monitoring_entries_are_not_checked(cli, plan_dir):
    # the minimal plan's entry has an English summary only: an assessment is shown as written
    result = cli("validate", "--strict", repo=plan_dir)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith(": no problems\n")


def test_the_bundled_plan_passes_strict(cli, tmp_path):
    plan = tmp_path / "bundled"
    plan.mkdir()
    shutil.copy(ROOT / "nhrp.yaml", plan / "nhrp.yaml")
    shutil.copytree(ROOT / "data", plan / "data")
    result = cli("validate", "--strict", repo=plan)
    assert result.exit_code == 0, result.stdout
