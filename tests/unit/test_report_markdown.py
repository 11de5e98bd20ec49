"""Golden files for the Markdown report of tests/fixtures/report/plan (today fixed to
2026-01-15 by conftest). Regenerate after an intended change with
``NHRP_UPDATE_GOLDEN=1 pytest tests/unit/test_report_markdown.py`` and review the diff."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_plan

PLAN = FIXTURES / "report" / "plan"
EXPECTED = FIXTURES / "report" / "expected"


@pytest.fixture
def report_plan(tmp_path) -> Path:
    # a copy outside any git repository: the revision is "working tree, not committed"
    return copy_plan(tmp_path / "plan", PLAN)


@pytest.mark.parametrize("lang", ["en", "ar", "ckb"])
def test_markdown_report_matches_golden_file(cli, report_plan, lang):
    result = cli("report", "--lang", lang, "--format", "md", repo=report_plan)
    assert result.exit_code == 0, result.output
    golden = EXPECTED / f"report-{lang}.md"
    if os.environ.get("NHRP_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_markdown_escapes_data(cli, report_plan):
    text = cli("report", "--lang", "en", "--format", "md", repo=report_plan).stdout
    # the summary holds *emphasis*, a pipe, HTML, a link and an @mention: all shown as text
    assert "Adopt the \\*draft\\* law \\| on \\<b\\>domestic\\</b\\> violence" in text
    assert "<b>" not in text
    assert "[now](https://example.org)" not in text
    assert "@everyone" not in text and "@\u2060everyone" in text
    assert "[Official gazette, issue 4](https://example.org/gazette)" in text


def test_every_table_row_has_the_columns_of_its_header(cli, report_plan):
    text = cli("report", "--lang", "ar", "--format", "md", repo=report_plan).stdout
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r"\|(-+:?\|)+", line):
            width = lines[i - 1].count("|") - lines[i - 1].count("\\|")
            body = lines[i + 1:]
            for row in body:
                if not row.startswith("|"):
                    break
                assert row.count("|") - row.count("\\|") == width, row


def test_arabic_report_uses_arabic_digits_and_months_but_keeps_codes(cli, report_plan):
    text = cli("report", "--lang", "ar", "--format", "md", repo=report_plan).stdout
    assert "١٥ كانون الثاني ٢٠٢٦" in text  # today
    assert "upr2-127.10" in text and "A/HRC/28/14" in text  # codes stay as written
    assert "| التوصيات | ٤ |" in text


def test_sorani_report_uses_sorani_months(cli, report_plan):
    text = cli("report", "--lang", "ckb", "--format", "md", repo=report_plan).stdout
    assert "١٥ی کانوونی دووەمی ٢٠٢٦" in text
