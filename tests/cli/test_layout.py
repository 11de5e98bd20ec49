"""Terminal tables fit 80 columns without cutting a header; counts read "1 entry"/"2 entries";
sections with nothing to say are left out."""

from __future__ import annotations

import pytest

from conftest import ROOT

WIDE = {"COLUMNS": "80"}


@pytest.mark.parametrize("args, headers", [
    (("status", "--by", "actor"), ("Recommendations", "Implemented", "Diverging")),
    (("status", "--by", "theme"), ("Recommendations", "Implemented", "Diverging")),
    (("status", "--lang", "ar"), ()),
    (("list", "--theme", "death-penalty"), ("summary",)),
    (("actors",), ("kind",)),
])
def test_tables_fit_80_columns_with_whole_headers(args, headers, cli):
    result = cli(*args, repo=ROOT, env=WIDE)
    assert result.exit_code == 0, result.output
    table_lines = [line for line in result.stdout.splitlines() if "─" in line or "│" in line]
    assert all(len(line) <= 80 for line in table_lines)
    assert "…" not in "\n".join(table_lines)
    for header in headers:
        assert header in result.stdout


def test_counts_agree_in_number_and_empty_sections_are_left_out(plan_dir, cli):
    result = cli("status", "--lang", "en", repo=plan_dir, env=WIDE)
    assert "()" not in result.stdout
    assert "Overdue" in result.stdout  # the minimal plan has an overdue item
    assert "Divergences" not in result.stdout  # and no divergence
    validate = cli("validate", repo=plan_dir)
    assert "1 monitoring entry)" in validate.stdout and "1 monitoring entries" not in validate.stdout
