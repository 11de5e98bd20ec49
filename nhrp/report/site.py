"""Render the static site: HTML pages per language, an Atom feed and an iCalendar file per
language, data.json and one stylesheet. Returns {relative path: bytes}; nhrp.core.site writes it.

Deterministic by construction: no clock (the feeds' dates come from the data and its revision),
every list sorted, every link relative (the site works from file:// and any static host).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from xml.etree import ElementTree as ET

from nhrp.core import report_data, site
from nhrp.core.analysis import Analysis
from nhrp.core.names import natural_key
from nhrp.core.report_data import Labels
from nhrp.core.status import dashboard
from nhrp.errors import UsageError
from nhrp.escape import ical_text, xml_text
from nhrp.report import render as rnd
from nhrp.report import svg
from nhrp.report.i18n import load
from nhrp.report.states import StateNames

ATOM = "http://www.w3.org/2005/Atom"


def build(analysis: Analysis, revision: dict, folders: list[Path], *,
          timeline: dict | None = None) -> dict[str, bytes]:
    site.check_names(analysis)
    plan = analysis.plan
    languages = list(dict.fromkeys(plan.languages)) or ["en"]
    files: dict[str, str] = {}
    stamp = site.stamp(analysis, revision)
    choices = []
    first_env = None
    for lang in languages:
        data = report_data.build(analysis, lang=lang, revision=revision, timeline=timeline)
        env, h = rnd.environment_for(lang, data["scale"], fmt="html", folders=folders)
        first_env = first_env or (env, h, data)
        files.update(_language(analysis, data, env, h, folders))
        files[f"{lang}/feed.atom"] = atom(analysis, data, h, stamp)
        files[f"{lang}/calendar.ics"] = icalendar(analysis, data, h, stamp)
        choices.append({"lang": lang, "dir": h.cat.dir, "name": h.cat.raw("meta.name"),
                        "title": h.cat.t("site.home"), "path": f"{lang}/index.html",
                        "banner": h.cat.t("simulated.banner")})
    env, h, data = first_env
    files["index.html"] = rnd.render_template(env, "site/languages.html.j2",
                                              {"r": data, "choices": choices})
    files["style.css"] = rnd.render_template(env, "site/style.css", {})
    files["data.json"] = site.data_json(analysis, revision, dashboard(analysis))
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}


def _language(analysis: Analysis, data: dict, env, h, folders: list[Path]) -> dict[str, str]:
    plan = analysis.plan
    lang = data["lang"]
    labels = Labels(analysis, lang)
    charts = rnd.charts(data, h)
    languages = [{"lang": other, "name": _native_name(other, folders), "path": None}
                 for other in dict.fromkeys(plan.languages)]
    bearers_count = len(plan.duty_bearer_ids)
    out: dict[str, str] = {}

    def page(path: str, template: str, kind: str, **context) -> None:
        here = posixpath.dirname(path)

        def rel(target: str) -> str:
            return posixpath.relpath(target, here or ".")

        def rec_href(rec_id: str) -> str:
            return rel(site.rec_path(lang, rec_id))

        switch = [{**other, "path": lang_swap(path, lang, other["lang"])} for other in languages]
        out[path] = rnd.render_template(env, template, {
            "r": data, "charts": charts, "page": kind, "rel": rel, "rec_href": rec_href,
            "languages": switch, "bearers_count": bearers_count, **context})

    bearer_rows = [{"name": db["name"], "label": h.cat.t("side." + side["side"]),
                    "counts": side["counts"]}
                   for db in data["charts"]["by_duty_bearer"] for side in db["sides"]]
    page(f"{lang}/index.html", "site/index.html.j2", "index", bearer_rows=bearer_rows)
    rows = [report_data.recommendation_row(analysis, x, plan.duty_bearer_ids, labels)
            for x in sorted(analysis.facts.values(), key=lambda x: natural_key(x.id))]
    page(f"{lang}/recommendations.html", "site/recommendations.html.j2", "recommendations",
         rows=rows)
    page(f"{lang}/themes.html", "site/themes.html.j2", "themes")
    page(f"{lang}/take-part.html", "site/take_part.html.j2", "take-part",
         form_url=(plan.meta.get("participation") or {}).get("form_url"))
    groups: dict[str, list] = {}
    for actor_id in sorted(plan.actors):
        groups.setdefault(str(plan.actors[actor_id].get("kind")), []).append(
            {"id": actor_id, "name": labels.actor(actor_id)})
    page(f"{lang}/actors.html", "site/actors.html.j2", "actors",
         actor_groups=[{"kind": k, "actors": v} for k, v in sorted(groups.items())])

    state_name = StateNames(lang, h.cat.strings.get("meta.locale", lang), folders)
    for rec_id in sorted(plan.recommendations, key=natural_key):
        rec = site.recommendation_page(analysis, rec_id, labels)
        page(site.rec_path(lang, rec_id), "site/recommendation.html.j2", "recommendation",
             rec=rec, row=rec["row"], states=[state_name(s) for s in rec["states"]])
    for actor_id in sorted(plan.actors):
        page(site.actor_path(lang, actor_id), "site/actor.html.j2", "actor",
             actor=site.actor_page(analysis, actor_id, labels))
    scale = [s["id"] for s in data["scale"]]
    segments = [svg.Segment(s, h.status_text(s), h.colours[s]) for s in scale]
    counts_by_theme = {t["theme"]: t["counts"] for t in data["charts"]["by_theme"]}
    for theme_id in sorted(plan.themes):
        theme = site.theme_page(analysis, theme_id, labels)
        counts = {c["status"]: c["count"] for c in counts_by_theme.get(theme_id, [])}
        chart = svg.stacked_bars(f"chart-theme-{theme_id}", h.cat.t("chart.by_theme"),
                                 [svg.Bar(theme["name"]["text"], [counts.get(s, 0) for s in scale],
                                          theme["name"]["lang"])],
                                 segments, rtl=h.cat.rtl, num=h.cat.num, percent=h.cat.percent)
        page(site.theme_path(lang, theme_id), "site/theme.html.j2", "theme", theme=theme,
             theme_chart=chart,
             theme_counts=[{"status": s, "count": counts.get(s, 0)} for s in scale])
    return out


def _native_name(lang: str, folders: list[Path]) -> str:
    try:
        return load(lang, folders).raw("meta.name")
    except UsageError:  # a language without a catalogue: its code
        return lang


def lang_swap(path: str, lang: str, other: str) -> str:
    return other + path[len(lang):] if path.startswith(lang + "/") else path


# --- feeds -----------------------------------------------------------------------------------

def _text(h, value: dict | None) -> str:
    return (value or {}).get("text", "")


def atom(analysis: Analysis, data: dict, h, stamp: str) -> str:
    """An Atom feed (RFC 4287) of the latest monitoring entries, newest first."""
    plan_id = str(data["plan"]["id"])
    lang = data["lang"]
    entries = site.feed_entries(analysis, Labels(analysis, lang))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sim = f"[{h.cat.t('simulated.badge')}] " if data["simulated"] else ""

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            el.text = xml_text(text)
        return el

    sub(feed, "id", f"urn:nhrp:{plan_id}:{lang}:entries")
    sub(feed, "title", sim + h.cat.t("site.feed_title", plan=_text(h, data["plan"]["name"])))
    updated = max((str(e["as_of"]) for e in entries), default=stamp)
    sub(feed, "updated", f"{updated}T00:00:00Z")
    sub(feed, "link", rel="alternate", type="text/html", href="index.html")
    sub(feed, "link", rel="self", type="application/atom+xml", href="feed.atom")
    author = sub(feed, "author")
    sub(author, "name", _text(h, data["plan"]["name"]))
    sub(feed, "generator", "nhrp")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:nhrp:{plan_id}:entry:{e['recommendation']}:{e['id']}")
        sub(entry, "title", sim + h.cat.t("site.feed_entry", id=e["recommendation"],
                                          status=h.status_text(e["status"]),
                                          bearer=_text(h, e["bearer_name"]),
                                          actor=_text(h, e["by_name"])))
        sub(entry, "updated", f"{e['as_of']}T00:00:00Z")
        by = sub(entry, "author")
        sub(by, "name", _text(h, e["by_name"]))
        sub(entry, "link", rel="alternate", type="text/html",
            href=f"recommendations/{e['recommendation']}.html")
        sub(entry, "category", term=str(e["status"]), label=h.status_text(e["status"]))
        sub(entry, "summary", _text(h, e["summary"]), type="text")
    ET.indent(feed, space=" ")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode") + "\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines of at most 75 octets, continuation lines start with a space; never
    split inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def icalendar(analysis: Analysis, data: dict, h, stamp: str) -> str:
    """An iCalendar file (RFC 5545) with one all-day event per assignment due date."""
    import datetime as dt

    plan_id = str(data["plan"]["id"])
    lang = data["lang"]
    sim = f"[{h.cat.t('simulated.badge')}] " if data["simulated"] else ""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//nhrp//site build//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ical_text(sim + _text(h, data['plan']['name']))}"]
    dtstamp = stamp.replace("-", "") + "T000000Z"
    for d in site.due_dates(analysis, Labels(analysis, lang)):
        try:
            day = dt.date.fromisoformat(str(d["due"]))
        except ValueError:
            continue
        summary = sim + h.cat.t("site.calendar_event", id=d["recommendation"],
                                actor=_text(h, d["name"]), role=h.cat.t(f"role.{d['role']}")
                                if h.cat.has(f"role.{d['role']}") else str(d["role"]))
        lines += ["BEGIN:VEVENT",
                  f"UID:{plan_id}-{d['recommendation']}-{d['actor']}-{d['duty_bearer']}@nhrp.invalid",
                  f"DTSTAMP:{dtstamp}",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY;LANGUAGE={lang}:{ical_text(summary)}",
                  f"DESCRIPTION;LANGUAGE={d['summary'].get('lang') or lang}:"
                  f"{ical_text(_text(h, d['summary']))}",
                  f"CATEGORIES:{ical_text(str(d['role']))}",
                  "TRANSP:TRANSPARENT",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
