"""Terminal output in the reader's language: names instead of ids, one digit system, catalogue
strings; the English `show` names themes in English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture
def bundled(tmp_path) -> Path:
    plan = tmp_path / "bundled"
    plan.mkdir()
    shutil.copy(ROOT / "nhrp.yaml", plan / "nhrp.yaml")
    shutil.copytree(ROOT / "data", plan / "data")
    return plan


def _words(line: str) -> str:
    """A line without ids (upr2-127.5) and data texts that hold Latin digits (2021-2025)."""
    return re.sub(r"upr[0-9]+-[0-9.]+|[0-9]{4}-[0-9]{4}", "", line)


@pytest.mark.parametrize("lang,more", [("ar", "(+٢١٩ أخرى)"), ("ckb", "(+٢١٩ی تر)")])
def test_status_in_arabic_and_sorani(cli, bundled, lang, more):
    result = cli("status", "--lang", lang, repo=bundled)
    assert result.exit_code == 0, result.output
    assert more in result.stdout and "more)" not in result.stdout
    assert [line for line in result.stdout.splitlines() if LATIN_DIGIT.search(_words(line))] == []


def test_status_names_actors_and_duty_bearers(cli, plan_dir):
    entry = plan_dir / "data" / "monitoring" / "upr2-127.1" / "2023-05-01-ministry.yaml"
    entry.write_text("recommendation: upr2-127.1\nby: ministry\nduty_bearer: federal\n"
                     "as_of: '2023-05-01'\nstatus: implemented\nsummary:\n  en: Done.\n",
                     encoding="utf-8")
    result = cli("status", "--lang", "ar", repo=plan_dir)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "وزارة الاختبار" in out and "مرصد الاختبار" in out and "الحكومة الاتحادية" in out
    assert not re.search(r"\b(ministry|watch|federal)\b", out)


def test_english_show_names_themes_in_english(cli, bundled):
    result = cli("show", "upr2-127.15", repo=bundled)
    assert result.exit_code == 0, result.output
    themes = next(line for line in result.stdout.splitlines() if line.startswith("Themes:"))
    assert "Women's rights" in themes and not re.search("[\u0600-\u06ff]", themes)
