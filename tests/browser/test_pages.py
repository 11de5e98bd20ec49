"""The report and every site template, per language, in a real browser: Debian's Chromium driven
through Playwright's Python API (never a downloaded browser) with axe-core.

For one page of each template in each language: no horizontal scrolling at 360 px (a phone) or
1280 px, no serious or critical axe-core violation (WCAG 2.1 A and AA rules), and — for the
report — print-to-PDF page counts that keep Arabic and Sorani within 1.3 times the English count.
Every link of the built site resolves to a built file (no browser needed for that one).

Outside CI (``CI`` not set) the browser tests are skipped when Chromium or Playwright is missing;
in CI they fail instead. To add a page template (for instance a "review" or "Take part" page),
add one line to ``PAGES``: ``test_every_page_template_is_checked`` fails until it is there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
LANGS = ("ar", "ckb", "en")
WIDTHS = (360, 1280)
PRINT_RATIO = 1.3
BLOCKING = {"serious", "critical"}

# template -> the page of the built site (or "report") that shows it; {lang} is filled in
PAGES = {
    "site/languages.html.j2": "index.html",
    "site/index.html.j2": "{lang}/index.html",
    "site/recommendations.html.j2": "{lang}/recommendations.html",
    "site/recommendation.html.j2": "{lang}/recommendations/upr2-127.14.html",
    "site/themes.html.j2": "{lang}/themes.html",
    "site/theme.html.j2": "{lang}/themes/womens-rights.html",
    "site/actors.html.j2": "{lang}/actors.html",
    "site/actor.html.j2": "{lang}/actors/mofa.html",
    "site/take_part.html.j2": "{lang}/take-part.html",
    "report/report.html.j2": "report-{lang}.html",
    "review/review.html.j2": "review-{lang}.html",
}
NOT_PAGES = {"site/base.html.j2", "report/macros.html.j2",  # a layout, macros, and a part
             "report/participation.html.j2"}  # of the report


def _need_browser():
    """Playwright's sync API, or a skip outside CI (a failure in CI)."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium fonts-noto-core)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            problem = "Playwright is missing (pip install -e '.[browser]')"
    if problem is None:
        return sync_playwright
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {problem}")
    pytest.skip(problem)


def _nhrp(*args: str, env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "nhrp", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A practice plan (real recommendations, simulated findings), its site and its reports."""
    out = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "NHRP_TODAY": "2026-01-15",
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("NHRP_REPO", None)
    plan = out / "practice"
    _nhrp("sandbox", str(plan), env=env)
    _nhrp("--repo", str(plan), "site", "build", "--out", str(out / "site"), env=env)
    for lang in LANGS:
        _nhrp("--repo", str(plan), "report", "--lang", lang, "--out",
              str(out / "site" / f"report-{lang}.html"), env=env)
        _nhrp("--repo", str(plan), "review", "--period", "2024", "--lang", lang, "--out",
              str(out / "site" / f"review-{lang}.html"), env=env)
    return out / "site"


@pytest.fixture(scope="module")
def browser(built):
    sync_playwright = _need_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def _pages() -> list[tuple[str, str, str]]:
    out = []
    for template, pattern in PAGES.items():
        for lang in (LANGS if "{lang}" in pattern else ("en",)):
            out.append((template, lang, pattern.format(lang=lang)))
    return out


def test_every_page_template_is_checked():
    templates = {p.relative_to(ROOT / "templates").as_posix()
                 for p in (ROOT / "templates").glob("*/*.html.j2")}
    assert templates - NOT_PAGES <= set(PAGES), "add the new template's page to PAGES"


@pytest.mark.slow
@pytest.mark.parametrize("template,lang,page", _pages(), ids=[f"{t.split('/')[-1]}-{lang}"
                                                            for t, lang, _ in _pages()])
def test_fits_a_phone_and_passes_axe(built, browser, template, lang, page):
    from axe_playwright_python.sync_playwright import Axe

    path = built / page
    assert path.is_file(), page
    problems = []
    for width in WIDTHS:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        try:
            tab.goto(path.as_uri())
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide = tab.evaluate(_WIDEST)
                problems.append(f"{width}px: the page is {scroll}px wide ({wide})")
            if width == WIDTHS[-1]:
                results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": [
                    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]})
                for v in results.response["violations"]:
                    if v.get("impact") in BLOCKING:
                        nodes = [n["target"] for n in v["nodes"][:3]]
                        problems.append(f"axe {v['impact']} {v['id']}: {v['help']} {nodes}")
        finally:
            tab.close()
    assert not problems, f"{page}:\n" + "\n".join(problems)


# the element that sticks out furthest, to say what to fix
_WIDEST = """() => {
  let worst = null, right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const out = Math.max(r.right, document.documentElement.clientWidth - r.left);
    if (out > right) { right = out; worst = el; }
  }
  return worst ? worst.tagName.toLowerCase() + '.' + worst.className + ' ' + Math.round(right) : '';
}"""


@pytest.mark.slow
def test_printed_reports_have_comparable_length(built, browser):
    counts = {}
    for lang in LANGS:
        tab = browser.new_page()
        try:
            tab.goto((built / f"report-{lang}.html").as_uri())
            tab.emulate_media(media="print")
            counts[lang] = _pdf_pages(tab.pdf(format="A4", prefer_css_page_size=True))
        finally:
            tab.close()
    print("A4 pages:", counts)
    for lang in ("ar", "ckb"):
        assert counts[lang] <= PRINT_RATIO * counts["en"], counts


def _pdf_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [v or "" for k, v in attrs if k in ("href", "src")]


def test_every_link_of_the_site_resolves(built):
    checked = 0
    broken = []
    for page in sorted(built.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for value in parser.targets:
            parts = urlsplit(value)
            if parts.scheme or not parts.path:
                continue  # an outside link (evidence) or a fragment of the same page
            if not (page.parent / parts.path).resolve().is_file():
                broken.append(f"{page.relative_to(built)}: {value}")
            checked += 1
    assert not broken, broken[:20]
    assert checked > 10_000
