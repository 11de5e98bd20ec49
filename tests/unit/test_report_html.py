"""Structural tests of the HTML report: language and direction, every section, escaping of data,
isolation of mixed-direction codes, the print stylesheet, and no external asset."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_plan

PLAN = FIXTURES / "report" / "plan"
SECTIONS = ("header", "summary", "charts", "themes", "divergences", "overdue", "coverage",
            "methodology")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def first(self, tag: str) -> dict:
        return next(a for t, a in self.tags if t == tag)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture
def report_plan(tmp_path) -> Path:
    return copy_plan(tmp_path / "plan", PLAN)


def html_report(cli, repo: Path, lang: str, *extra: str, exit_code: int = 0) -> str:
    result = cli("report", "--lang", lang, "--format", "html", *extra, repo=repo)
    assert result.exit_code == exit_code, result.output
    return result.stdout


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("ckb", "rtl"), ("en", "ltr")])
def test_language_direction_and_sections(cli, report_plan, lang, direction):
    page = parse(html_report(cli, report_plan, lang))
    assert page.first("html") == {"lang": lang, "dir": direction}
    ids = {a.get("id") for _, a in page.tags}
    for section in SECTIONS:
        assert section in ids, section
    charts = [a for a in page.all("svg") if "chart" in a.get("class", "")]
    assert {c["id"] for c in charts} >= {"chart-overall", "chart-duty-bearers", "chart-themes"}
    assert page.first("meta") == {"charset": "utf-8"}


def test_no_script_and_no_external_asset(cli, report_plan):
    html = html_report(cli, report_plan, "ar")
    page = parse(html)
    assert not page.all("script") and not page.all("img") and not page.all("iframe")
    assert not page.all("link"), "the stylesheet must be inline"
    for tag, attrs in page.tags:
        assert "src" not in attrs, (tag, attrs)
        for name in ("href", "xlink:href"):
            value = attrs.get(name)
            if value is None:
                continue
            if tag == "a" and value.startswith(("https://", "http://", "mailto:")):
                continue  # evidence links the reader may follow; nothing is loaded
            assert value.startswith("#"), (tag, value)
    css = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    assert "@import" not in css and "url(" not in css
    assert "@font-face" not in css


def test_print_stylesheet(cli, report_plan):
    html = html_report(cli, report_plan, "en")
    assert "@page { size: A4;" in html
    assert "thead { display: table-header-group; }" in html
    # the long tables start a page; the summary and charts follow the header (no half-empty page 1)
    assert re.search(r"@media print \{.*section#themes[^{]*\{ break-before: page; \}", html, re.S)
    assert "section#summary" not in html.split("@media print")[1].split("break-before")[0]


def test_arabic_font_stack_installed_fonts_only(cli, report_plan):
    html = html_report(cli, report_plan, "ar")
    assert '"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri"' in html


HOSTILE_ENTRY = (
    "recommendation: upr2-127.3\nby: commission\nduty_bearer: federal\nas_of: '2025-12-20'\n"
    "status: in-progress\nsummary:\n  en: <script>alert(1)</script>\n"
    "evidence:\n- url: 'javascript:alert(1)'\n  title: '<img src=x onerror=alert(2)>'\n"
    "- url: ' JaVaScRiPt:alert(3)'\n  title: second\n")


def hostile(report_plan: Path) -> Path:
    entry = report_plan / "data" / "monitoring" / "upr2-127.3" / "2025-12-20-commission.yaml"
    entry.write_text(HOSTILE_ENTRY, encoding="utf-8")
    rec = report_plan / "data" / "recommendations" / "upr2-127.10.yaml"
    rec.write_text(rec.read_text(encoding="utf-8").replace(
        "Protect women from violence", "'</bdi><script>alert(4)</script> \"quoted\"'"),
        encoding="utf-8")
    return report_plan


def assert_safe(html: str) -> Tags:
    page = parse(html)
    assert "<script" not in html.lower()
    assert not page.all("img")
    hrefs = [a.get("href", "") for a in page.all("a")]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    assert "https://example.org/gazette" in hrefs  # a safe link stays a link
    return page


def test_data_is_escaped_and_unsafe_links_dropped(cli, report_plan):
    html = html_report(cli, hostile(report_plan), "en", exit_code=1)  # the entry is left out
    assert_safe(html)
    assert "&lt;/bdi&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in html


def test_renderer_defuses_what_a_lenient_loader_lets_through(report_plan):
    """Even data that breaks the schema (a javascript: link) is rendered safely."""
    import datetime as dt

    from nhrp.core import layout, report_data
    from nhrp.core.analysis import analyze
    from nhrp.core.plan import build, read_all
    from nhrp.report.render import render, template_folders

    root = hostile(report_plan)
    plan = build(read_all(layout.WorkTree(root)), root)  # no schema check at all
    assert any("javascript" in str(e.data.get("evidence")) for e in plan.entries["upr2-127.3"])
    data = report_data.build(analyze(plan, dt.date(2026, 1, 15)), lang="en",
                             revision=report_data.revision(None))
    html = render(data, fmt="html", folders=template_folders(root))
    assert_safe(html)
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the title, shown as text
    md = render(data, fmt="md", folders=template_folders(root))
    assert "\\<img src=x onerror=alert\\(2\\)\\>" in md  # the title, as Markdown text
    assert "javascript" not in md.lower()  # the unsafe target is dropped, not linked


def test_codes_and_fallback_names_are_isolated_in_arabic(cli, report_plan):
    html = html_report(cli, report_plan, "ar")
    assert '<bdi dir="ltr">upr2-127.10</bdi>' in html
    assert '<bdi dir="ltr">A/HRC/28/14</bdi>' in html
    # an actor without an Arabic name falls back to English, marked as such
    assert '<bdi lang="en" dir="ltr">Test Watch</bdi>' in html
    assert "١٥ كانون الثاني ٢٠٢٦" in html


def test_simulated_plan_says_so_everywhere(cli, report_plan):
    meta = report_plan / "nhrp.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "simulated: true\n", encoding="utf-8")
    for lang, word in (("en", "SIMULATED"), ("ar", "بيانات محاكاة"), ("ckb", "گریمانەیی")):
        html = html_report(cli, report_plan, lang)
        page = parse(html)
        banners = [a for a in page.all("div") if a.get("class") == "simulated"]
        assert len(banners) == 2  # top and bottom of the report
        assert html.count(word) >= 9  # banner, title and a badge on every section
        assert re.search(r"<title>\[[^\]]+\]", html)
        # an Arabic-script letter right before another inline element would be joined to the
        # element's first letter by Chromium's shaping (a final nun drawn as a medial one)
        assert not re.search(r"[\u0600-\u06ff](?:</bdi>|</span>)*<(?:span|bdi|a)\b", html)


def test_filters_narrow_the_report(cli, report_plan):
    html = html_report(cli, report_plan, "en", "--theme", "death-penalty")
    assert "upr2-127.1</bdi>" in html and "upr2-127.3</bdi>" not in html
    html = html_report(cli, report_plan, "en", "--duty-bearer", "krg")
    page = parse(html)
    assert "Regional government" in "".join(page.text)
    html = html_report(cli, report_plan, "en", "--actor", "watch")
    assert "upr2-127.1</bdi>" in html and "upr2-127.2</bdi>" not in html
