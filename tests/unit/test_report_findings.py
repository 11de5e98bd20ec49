"""Reports and site pages show the findings: per recommendation with entries, the latest
self-reported and independent assessment side by side (status, date, who, their words in the
reader's language or the original marked with its language, evidence); divergences list both
sides' words."""

from __future__ import annotations

import datetime as dt
import re

from nhrp.core import layout, report_data
from nhrp.core.analysis import analyze
from nhrp.core.plan import build, read_all
from nhrp.report.render import render, template_folders
from tests.conftest import FIXTURES, copy_plan

PLAN = FIXTURES / "report" / "plan"


def data_for(lang: str, root=PLAN) -> dict:
    plan = build(read_all(layout.WorkTree(root)), root)
    return report_data.build(analyze(plan, dt.date(2026, 1, 15)), lang=lang,
                             revision=report_data.revision(None))


def row(data: dict, rec_id: str) -> dict:
    return next(r for t in data["themes"] for r in t["rows"] if r["id"] == rec_id)


def test_both_sides_carry_their_words_and_evidence():
    r = row(data_for("en"), "upr2-127.2")
    own, independent = r["self"][0], r["independent"][0]
    assert own["summary"] == {"text": "The law was adopted.", "lang": "en"}
    assert independent["summary"] == {"text": "The law is in force.", "lang": "en"}
    assert [link["url"] for link in independent["links"]] == ["https://example.org/gazette"]
    assert (own["status"], own["as_of"]) == ("implemented", "2025-11-01")


def test_divergence_lists_both_sides_words_in_html_and_markdown():
    data = data_for("ar")
    html = render(data, fmt="html", folders=template_folders(PLAN))
    section = html.split('id="divergences"')[1].split("</section>")[0]
    assert "يجري نقاش مشروع مرسوم." in section  # the ministry's words, in Arabic
    # the monitor wrote only English: shown as written, marked with its language and direction
    assert '<bdi lang="en" dir="ltr">No moratorium has been announced.</bdi>' in section
    assert "https://example.org/report?year=2023&amp;part=(2)" in section
    md = render(data, fmt="md", folders=template_folders(PLAN))
    line = next(x for x in md.splitlines() if x.startswith("| upr2-127.1: "))
    assert "يجري نقاش مشروع مرسوم." in line and "No moratorium has been announced." in line
    assert "[Annual report 2023](" in line


def test_summary_in_the_readers_language_when_given(tmp_path):
    root = copy_plan(tmp_path / "plan", PLAN)
    entry = root / "data" / "monitoring" / "upr2-127.1" / "2023-06-01-watch.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "  en: No moratorium has been announced.",
        "  en: No moratorium has been announced.\n  ar: لم يُعلن أي وقف."), encoding="utf-8")
    d = next(x for x in data_for("ar", root)["divergences"] if x["id"] == "upr2-127.1")
    assert d["independent_words"]["summary"] == {"text": "لم يُعلن أي وقف.", "lang": "ar"}


def test_title_range_never_breaks():
    html = render(data_for("en"), fmt="html", folders=template_folders(PLAN))
    h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert '<span class="nobreak">2021-2025</span>' in h1
