"""Rendering safety: template folders and their priority, the Jinja2 sandbox, symbolic links,
Markdown escaping by default, link schemes, and the SVG charts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nhrp.report import svg
from nhrp.report.render import (MdSafe, bundled_templates, environment, safe_url,
                                template_folders)
from tests.conftest import FIXTURES, copy_plan

PLAN = FIXTURES / "report" / "plan"


@pytest.fixture
def report_plan(tmp_path) -> Path:
    return copy_plan(tmp_path / "plan", PLAN)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_priority(tmp_path, report_plan):
    extra = tmp_path / "mine"
    extra.mkdir()
    (report_plan / "templates").mkdir()
    folders = template_folders(report_plan, extra)
    assert folders == [extra.resolve(), (report_plan / "templates").resolve(),
                       bundled_templates().resolve()]
    assert template_folders(None) == [bundled_templates().resolve()]


def test_plan_templates_override_and_template_option_wins(cli, tmp_path, report_plan):
    write(report_plan / "templates" / "report" / "report.md.j2",
          "plan: {{ r.plan.id }} {{ t('report.title') }}\n")
    result = cli("report", "--lang", "en", "-f", "md", repo=report_plan)
    assert result.stdout == "plan: report-test-plan Implementation report\n"
    mine = write(tmp_path / "mine" / "report" / "report.md.j2", "mine {{ r.headline.recommendations }}\n")
    result = cli("report", "--lang", "en", "-f", "md", "--template", mine.parents[1], repo=report_plan)
    assert result.stdout == "mine 4\n"
    result = cli("report", "--template", tmp_path / "nowhere", repo=report_plan)
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_template_cannot_reach_python_internals(cli, report_plan):
    write(report_plan / "templates" / "report" / "report.md.j2",
          "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    result = cli("report", "-f", "md", repo=report_plan)
    assert result.exit_code == 3
    assert "unsafe" in result.stderr or "not safely" in result.stderr
    assert "subclasses" not in result.stdout


def test_template_through_symlink_outside_is_refused(cli, tmp_path, report_plan):
    secret = write(tmp_path / "secret.txt", "TOP SECRET\n")
    target = report_plan / "templates" / "report" / "report.md.j2"
    target.parent.mkdir(parents=True)
    os.symlink(secret, target)
    result = cli("report", "-f", "md", repo=report_plan)
    assert result.exit_code == 3
    assert "TOP SECRET" not in result.stdout


def test_unknown_interface_key_is_a_clear_error(cli, report_plan):
    write(report_plan / "templates" / "report" / "report.md.j2", "{{ t('no.such.key') }}\n")
    result = cli("report", "-f", "md", repo=report_plan)
    assert result.exit_code == 3
    assert "'no.such.key'" in result.stderr


def test_unknown_variable_is_an_error_not_an_empty_cell(cli, report_plan):
    write(report_plan / "templates" / "report" / "report.md.j2", "{{ r.no_such_field }}\n")
    result = cli("report", "-f", "md", repo=report_plan)
    assert result.exit_code == 3 and "no_such_field" in result.stderr


def test_markdown_output_is_escaped_unless_marked_safe(tmp_path):
    write(tmp_path / "t.md.j2", "{{ value }}|{{ safe }}|{{ value | safe }}\n")
    env = environment([tmp_path], "md")
    out = env.get_template("t.md.j2").render(value="*x* <b>", safe=MdSafe("*y*"))
    assert out == "\\*x\\* \\<b\\>|*y*|*x* <b>\n"
    env = environment([tmp_path], "html")
    write(tmp_path / "h.html.j2", "{{ value }}\n")
    assert env.get_template("h.html.j2").render(value="<b>") == "&lt;b&gt;\n"


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/a?b=1", True), ("http://example.org", True),
    ("mailto:someone@example.org", True), ("javascript:alert(1)", False),
    (" JAVASCRIPT:alert(1)", False), ("data:text/html,<b>", False), ("vbscript:x", False),
    ("https://exa mple.org", False), ("https://example.org/\nx", False), ("//example.org", False),
    (None, False), (42, False)])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


def test_palette_runs_from_red_to_green():
    colours = svg.palette(["regressed", "not-started", "in-progress", "partially", "implemented"])
    assert colours["regressed"] == "#b2182b" and colours["implemented"] == "#1a9850"
    assert len(set(colours.values())) == 5
    assert svg.palette(["a", "b"]) == {"a": "#b2182b", "b": "#1a9850"}


def test_bars_mirror_for_right_to_left_and_escape_labels():
    segs = [svg.Segment("a", "A", "#000000"), svg.Segment("b", "B", "#ffffff")]
    bars = [svg.Bar("<x>", [1, 3])]
    ltr = str(svg.stacked_bars("c", "T", bars, segs, rtl=False, num=str, percent=lambda a, b: ""))
    rtl = str(svg.stacked_bars("c", "T", bars, segs, rtl=True, num=str, percent=lambda a, b: ""))
    assert "&lt;x&gt;" in ltr and "<x>" not in ltr
    start = svg.LABEL_WIDTH + 10
    assert f'<rect x="{start:.1f}"' in ltr  # the first segment starts at the left
    first_width = svg.BAR_WIDTH / 4
    assert f'<rect x="{svg.WIDTH - start - first_width:.1f}"' in rtl  # ... and at the right
    assert 'direction="rtl"' in rtl
