"""Data is text in every output: spreadsheets cannot run it, Markdown cannot format or ping
with it, terminals do not interpret it."""

from __future__ import annotations

import csv
import io

import pytest

from nhrp.report import markdown, rows


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0",
                                   "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"])
def test_formula_cells_are_neutralised(value):
    assert rows.safe_cell(value) == "'" + value
    text = rows.as_csv([{"summary": value}])
    assert list(csv.reader(io.StringIO(text)))[1] == ["'" + value]


def test_list_csv_neutralises_hostile_summaries(plan_repo, cli):
    path = plan_repo / "data/recommendations/upr2-127.10.yaml"
    path.write_text(path.read_text().replace("en: Protect women from violence",
                                             "en: =HYPERLINK(\"http://evil\",\"click\")"))
    result = cli("list", "--format", "csv", "--lang", "en", repo=plan_repo)
    assert "'=HYPERLINK" in result.stdout
    assert ",=HYPERLINK" not in result.stdout


@pytest.mark.parametrize("value", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "@everyone please look",
    "a | b", "line\nbreak", "[click](javascript:alert(1))", "**bold** _it_ `code`",
])
def test_markdown_cells_are_inert(value):
    import re

    cell = markdown.cell(value)
    assert "\n" not in cell
    assert not re.search(r"(?<!\\)[<>\[\]|*_`]", cell), cell  # every markup character escaped
    assert not re.search(r"@\w", cell), cell  # no @mention that notifies anyone


def test_status_markdown_with_hostile_plan_name(plan_dir, cli):
    plan_file = plan_dir / "nhrp.yaml"
    plan_file.write_text(plan_file.read_text().replace("en: Test plan",
                                                       "en: '<b>x</b> @team | y'"))
    result = cli("status", "--format", "markdown", repo=plan_dir)
    first = result.stdout.splitlines()[0]
    assert "<b>" not in first and "@team" not in first and " | " not in first


def test_terminal_output_does_not_interpret_markup(plan_dir, cli):
    path = plan_dir / "data/recommendations/upr2-127.10.yaml"
    path.write_text(path.read_text().replace("en: Protect women from violence",
                                             "en: '[bold red]shout[/bold red]'"))
    result = cli("show", "upr2-127.10", repo=plan_dir)
    assert "[bold red]shout[/bold red]" in result.stdout


def _hostile_entry(plan_dir):
    """A valid entry whose texts and link try to break out of HTML, Markdown and spreadsheets."""
    folder = plan_dir / "data/monitoring/upr2-127.10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025-01-01-watch.yaml").write_text(
        "recommendation: upr2-127.10\nby: watch\nduty_bearer: krg\nas_of: '2025-01-01'\n"
        "status: in-progress\nsummary:\n  en: '<script>alert(1)</script> =cmd|x @all'\n"
        "evidence:\n- url: https://example.org/x\"onmouseover=\"alert(1)\n"
        "  title: '=HYPERLINK(\"http://evil\",\"y\")'\n", encoding="utf-8")


def test_html_report_keeps_hostile_data_inert(plan_dir, cli):
    from html.parser import HTMLParser

    _hostile_entry(plan_dir)
    assert cli("validate", repo=plan_dir).exit_code == 0  # the data is valid: output must cope
    html = cli("report", "--lang", "en", "--format", "html", repo=plan_dir).stdout
    assert "<script" not in html.lower()
    attributes = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes.extend(name for name, _ in attrs)

    Collect().feed(html)
    assert "onmouseover" not in attributes  # the quote in the link could not open an attribute


def test_export_csv_neutralises_hostile_cells(plan_dir, cli, tmp_path):
    _hostile_entry(plan_dir)
    out = tmp_path / "plan.csv"
    result = cli("export", "--format", "csv", "--lang", "en", "--out", str(out), repo=plan_dir)
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
