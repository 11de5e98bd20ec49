"""nhrp site build: deterministic trees, relative links that resolve, feeds that parse."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nhrp.core.site import MANIFEST, write_tree
from tests.conftest import FIXTURES, copy_plan, init_git

PLAN = FIXTURES / "report" / "plan"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def report_plan(tmp_path) -> Path:
    return copy_plan(tmp_path / "plan", PLAN)


def build(cli, repo: Path, out: Path) -> Path:
    result = cli("site", "build", "--out", out, repo=repo)
    assert result.exit_code == 0, result.output
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src"):
                self.links.append((tag, name, value or ""))


def test_same_data_same_bytes(cli, tmp_path, report_plan):
    one = tree(build(cli, report_plan, tmp_path / "one"))
    two = tree(build(cli, report_plan, tmp_path / "two"))
    assert one == two
    # a rebuild in place changes nothing
    again = tree(build(cli, report_plan, tmp_path / "one"))
    assert again == one


def test_same_bytes_from_a_git_repository(cli, tmp_path, report_plan):
    init_git(report_plan)
    one = tree(build(cli, report_plan, tmp_path / "one"))
    two = tree(build(cli, report_plan, tmp_path / "two"))
    assert one == two
    index = one["en/index.html"].decode()
    assert "commit" in index and "working tree" not in index


def test_pages_for_every_language_record_and_feed(cli, tmp_path, report_plan):
    files = tree(build(cli, report_plan, tmp_path / "site"))
    for lang in ("ar", "en", "ckb"):
        for page in ("index.html", "recommendations.html", "themes.html", "actors.html",
                     "recommendations/upr2-127.1.html", "recommendations/upr2-127.10.html",
                     "actors/watch.html", "themes/justice.html", "feed.atom", "calendar.ics"):
            assert f"{lang}/{page}" in files, f"{lang}/{page}"
        assert f'<html lang="{lang}" dir="{"ltr" if lang == "en" else "rtl"}">' in \
            files[f"{lang}/index.html"].decode()
    assert {"index.html", "style.css", "data.json", MANIFEST} <= set(files)
    data = json.loads(files["data.json"])
    assert [r["id"] for r in data["recommendations"]] == ["upr2-127.1", "upr2-127.2",
                                                           "upr2-127.3", "upr2-127.10"]
    assert data["simulated"] is False


def test_links_are_relative_and_resolve(cli, tmp_path, report_plan):
    site = build(cli, report_plan, tmp_path / "site")
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        # no Arabic-script letter glued to the next inline element (shaping would join them)
        assert not re.search(r"[\u0600-\u06ff](?:</bdi>|</span>|</a>)*<(?:span|bdi|a)\b", html), page
        parser = Links()
        parser.feed(html)
        for tag, name, value in parser.links:
            parts = urlsplit(value)
            if parts.scheme:
                assert tag == "a" and parts.scheme in ("http", "https", "mailto"), value
                continue
            assert not value.startswith("/"), value
            if not parts.path:
                continue  # a fragment on the same page
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: {value}"
            assert site.resolve() in target.parents
            checked += 1
    assert checked > 200


def test_atom_feed_parses(cli, tmp_path, report_plan):
    site = build(cli, report_plan, tmp_path / "site")
    root = ET.parse(site / "ar" / "feed.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    for field in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{field}") is not None, field
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 8
    stamps = [e.find(f"{ATOM}updated").text for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", s) for s in stamps)
    assert stamps == sorted(stamps, reverse=True)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 8 and all(i.startswith("urn:nhrp:report-test-plan:") for i in ids)
    for e in entries:
        href = e.find(f"{ATOM}link").get("href")
        assert (site / "ar" / href).is_file()
    assert root.find(f"{ATOM}updated").text == "2025-12-01T00:00:00Z"


def test_icalendar_lines(cli, tmp_path, report_plan):
    site = build(cli, report_plan, tmp_path / "site")
    raw = (site / "ckb" / "calendar.ics").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode("utf-8").split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(l.startswith("PRODID:") for l in lines)
    assert all(len(l.encode("utf-8")) <= 75 for l in lines)
    unfolded = re.sub(r"\r\n ", "", raw.decode("utf-8")).split("\r\n")
    events = [l for l in unfolded if l == "BEGIN:VEVENT"]
    assert len(events) == 4 and unfolded.count("END:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20241231" in unfolded
    uids = [l for l in unfolded if l.startswith("UID:")]
    assert len(set(uids)) == 4
    stamps = {l for l in unfolded if l.startswith("DTSTAMP:")}
    assert len(stamps) == 1 and re.fullmatch(r"DTSTAMP:\d{8}T000000Z", stamps.pop())
    for line in unfolded:
        if line.startswith(("SUMMARY", "DESCRIPTION")):
            value = line.split(":", 1)[1]
            assert not re.search(r"(?<!\\)[,;]", value), line  # commas and semicolons escaped


def test_out_folder_must_be_new_or_an_earlier_site(tmp_path, cli, report_plan):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "thesis.docx").write_text("mine")
    result = cli("site", "build", "--out", taken, repo=report_plan)
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (taken / "thesis.docx").read_text() == "mine"


def test_rebuild_removes_pages_that_are_gone(cli, tmp_path, report_plan):
    site = build(cli, report_plan, tmp_path / "site")
    assert (site / "en" / "recommendations" / "upr2-127.10.html").is_file()
    (report_plan / "data" / "recommendations" / "upr2-127.10.yaml").unlink()
    (site / "notes.txt").write_text("kept: not ours")
    build(cli, report_plan, site)
    assert not (site / "en" / "recommendations" / "upr2-127.10.html").exists()
    assert (site / "notes.txt").read_text() == "kept: not ours"


def test_write_tree_never_leaves_the_folder(tmp_path):
    out = tmp_path / "site"
    write_tree(out, {"a/b.html": b"x"})
    (out / MANIFEST).write_text("../outside.txt\na/b.html\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    write_tree(out, {"c.html": b"y"})
    assert outside.read_text() == "precious"
    assert not (out / "a").exists() and (out / "c.html").read_bytes() == b"y"


def test_language_without_catalogue_is_a_clear_error(cli, tmp_path, report_plan):
    meta = report_plan / "nhrp.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("- ckb\nunofficial", "- ckb\n- fr\nunofficial"),
                    encoding="utf-8")
    result = cli("site", "build", "--out", tmp_path / "site", repo=report_plan)
    assert result.exit_code == 2
    assert "no interface catalogue for language 'fr'" in result.stderr


def test_bad_ids_never_become_paths(tmp_path, report_plan, cli):
    rec = report_plan / "data" / "recommendations" / "upr2-127.10.yaml"
    rec.write_text(rec.read_text(encoding="utf-8").replace("id: upr2-127.10", "id: ../../evil"),
                   encoding="utf-8")
    result = cli("site", "build", "--out", tmp_path / "site" / "out", repo=report_plan)
    # either the loader leaves the broken record out or the site refuses it: never a path
    assert result.exit_code in (0, 1)
    assert not list(tmp_path.rglob("evil*"))


def test_check_names_refuses_ids_that_are_not_file_names(report_plan):
    import datetime as dt

    from nhrp.core import layout
    from nhrp.core.analysis import analyze
    from nhrp.core.plan import build, read_all
    from nhrp.core.site import check_names
    from nhrp.errors import InvalidData

    plan = build(read_all(layout.WorkTree(report_plan)), report_plan)
    plan.recommendations["../../evil"] = dict(plan.recommendations["upr2-127.10"],
                                              id="../../evil")
    with pytest.raises(InvalidData, match="nhrp validate"):
        check_names(analyze(plan, dt.date(2026, 1, 15)))


def test_simulated_plan_says_so_on_every_page_and_feed(cli, tmp_path, report_plan):
    meta = report_plan / "nhrp.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "simulated: true\n", encoding="utf-8")
    site = build(cli, report_plan, tmp_path / "site")
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="simulated"' in html, page
        assert re.search(r"<title>\[(SIMULATED|بيانات محاكاة|گریمانەیی)\]", html), page
    feed = ET.parse(site / "en" / "feed.atom").getroot()
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles and all(t.startswith("[SIMULATED] ") for t in titles)
    ics = (site / "en" / "calendar.ics").read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=en:[SIMULATED] " in ics
    assert json.loads((site / "data.json").read_text(encoding="utf-8"))["simulated"] is True
