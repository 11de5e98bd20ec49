"""The two XLSForms nhrp builds (participation, assessment), as plain data.

A form is the contract between the secretariat and the people who answer it: the names of its
questions are what ``nhrp import responses`` reads back from a KoboToolbox or ODK export, so
both sides take them from here. Labels come from the interface catalogues through ``t(lang,
key)``; the sheets are written by nhrp.report.xlsform.

Recommendation ids (``upr2-127.5``) are not valid question names in every tool, so each
recommendation gets a group ``r_upr2_127_5`` whose questions are ``r_upr2_127_5_status`` and so
on; names are unique across the form, so an export's header is matched by its last part
whatever group separator (``/`` in Kobo, ``-`` in ODK) the export used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from nhrp.core.names import NotFound, natural_key
from nhrp.core.plan import Plan
from nhrp.core.sides import side_of
from nhrp.errors import UsageError

# question names shared with the importer
ORGANISATION, OTHER, OTHER_NAME, CONTACT = "organisation", "other", "other_name", "contact"
ANSWER, FILES, REASON = "answer", "files", "reason"
MONITOR, DECLINE = "monitor", "decline"
PARTS = ("status", "duty_bearer", "as_of", "summary", "evidence_url", "evidence_title")

Words = Callable[[str, str], str]  # t(lang, key) -> text


@dataclass
class Form:
    kind: str  # participation | assessment
    title: dict  # lang -> text
    form_id: str
    version: str
    survey: list[dict] = field(default_factory=list)  # type, name, label{lang}, hint{lang}, ...
    choices: list[dict] = field(default_factory=list)  # list_name, name, label{lang}


def group_name(rec_id: str) -> str:
    return "r_" + re.sub(r"[^a-z0-9]", "_", rec_id.lower())


def question(rec_id: str, part: str) -> str:
    return f"{group_name(rec_id)}_{part}"


def ngo_actors(plan: Plan) -> list[str]:
    return sorted((a for a, d in plan.actors.items() if d.get("kind") == "ngo"), key=natural_key)


def monitor_actors(plan: Plan) -> list[str]:
    """Who may send assessments through the form: actors on the independent side."""
    return sorted((a for a, d in plan.actors.items() if side_of(d) == "independent"),
                  key=natural_key)


def one_line(value, lang: str, fallback: str) -> str:
    """The text in ``lang`` (else English, else any) on one line, or ``fallback``."""
    if isinstance(value, dict):
        found = value.get(lang) or value.get("en") or next(iter(value.values()), None)
        if isinstance(found, str) and found.strip():
            return " ".join(found.split())
    return fallback


def _per_lang(langs: list[str], make: Callable[[str], str]) -> dict:
    return {lang: make(lang) for lang in langs}


def _choices(name: str, items: list[tuple[str, Callable[[str], str]]], langs) -> list[dict]:
    return [{"list_name": name, "name": value, "label": _per_lang(langs, label)}
            for value, label in items]


def _org_choices(plan: Plan, actors: list[str], langs, t: Words, other: bool) -> list[dict]:
    items = [(a, lambda lang, a=a: one_line(plan.actors[a].get("names"), lang, a)) for a in actors]
    if other:
        items.append((OTHER, lambda lang: t(lang, "form.other_organisation")))
    return _choices("organisations", items, langs)


def _theme_choices(plan: Plan, themes: list[str], langs) -> list[dict]:
    return _choices("themes", [(th, lambda lang, th=th: one_line(plan.themes[th].get("names"), lang,
                                                             th)) for th in themes], langs)


def _settings(plan: Plan, kind: str, langs, t: Words, today: str) -> tuple[dict, str, str]:
    plan_name = plan.meta.get("name") or {}
    title = _per_lang(langs, lambda lang: f"{one_line(plan_name, lang, plan.meta.get('id', ''))}"
                                          f" — {t(lang, f'form.{kind}_title')}")
    form_id = f"{plan.meta.get('id', 'nhrp')}-{kind}"
    return title, form_id, today.replace("-", "")


def participation(plan: Plan, langs: list[str], t: Words, today: str) -> Form:
    """Which organisation answers, the thematic files it chooses, or that it declines (why)."""
    if not plan.themes:
        raise UsageError("the plan has no thematic files (data/vocabularies/themes.yaml)")
    title, form_id, version = _settings(plan, "participation", langs, t, today)
    form = Form("participation", title, form_id, version)
    words = lambda key: _per_lang(langs, lambda lang: t(lang, key))  # noqa: E731
    other = f"${{{ORGANISATION}}} = '{OTHER}'"
    form.survey = [
        {"type": "note", "name": "intro", "label": words("form.participation_intro")},
        {"type": "begin_group", "name": "grp_org", "label": words("form.organisation")},
        {"type": "select_one organisations", "name": ORGANISATION,
         "label": words("form.organisation"), "required": "yes"},
        {"type": "text", "name": OTHER_NAME, "label": words("form.other_name"),
         "required": "yes", "relevant": other},
        {"type": "text", "name": CONTACT, "label": words("form.contact"),
         "hint": words("form.contact_hint"), "required": "yes", "relevant": other},
        {"type": "end_group", "name": ""},
        {"type": "select_one answers", "name": ANSWER, "label": words("form.answer"),
         "required": "yes"},
        {"type": "select_multiple themes", "name": FILES, "label": words("form.files"),
         "required": "yes", "relevant": f"${{{ANSWER}}} = '{MONITOR}'"},
        {"type": "text", "name": REASON, "label": words("form.reason"),
         "relevant": f"${{{ANSWER}}} = '{DECLINE}'"},
    ]
    form.choices = (_org_choices(plan, ngo_actors(plan), langs, t, other=True)
                    + _choices("answers", [(MONITOR, lambda lang: t(lang, "form.answer_monitor")),
                                           (DECLINE, lambda lang: t(lang, "form.answer_decline"))],
                               langs)
                    + _theme_choices(plan, sorted(plan.themes, key=natural_key), langs))
    return form


def chosen_recommendations(plan: Plan, by: str | None, themes: list[str]) -> list[str]:
    """The recommendations an assessment form or sheet covers: the given thematic files, else
    the files ``by`` monitors, else all."""
    if by is not None and by not in plan.actors:
        raise NotFound("actor", by, sorted(plan.actors))
    if by is not None and side_of(plan.actors[by]) == "self":
        raise UsageError(f"{by} is an authority; assessment forms and sheets are for monitors")
    for theme in themes:
        if theme not in plan.themes:
            raise NotFound("theme", theme, sorted(plan.themes))
    wanted = set(themes)
    if not wanted and by is not None:
        wanted = set((plan.actors[by].get("monitors") or {}).get("themes") or [])
        if not wanted:
            raise UsageError(f"{by} follows no thematic file; name the files with --theme, or "
                             f"record its choice first (nhrp monitor {by} --theme ...)")
    ids = [r for r, rec in plan.recommendations.items()
           if not wanted or wanted & set(rec.get("themes") or [])]
    if not ids:
        raise UsageError("no recommendation is in the chosen thematic files")
    return sorted(ids, key=natural_key)


def assessment(plan: Plan, langs: list[str], t: Words, today: str, *, by: str | None,
               themes: list[str]) -> Form:
    """One group per recommendation: status (left empty to skip it), duty bearer, as-of date,
    summary and one piece of evidence. Groups, not repeats: a repeat exports to another sheet."""
    ids = chosen_recommendations(plan, by, themes)
    names = {}
    for rec_id in ids:
        name = group_name(rec_id)
        if name in names:
            raise UsageError(f"{rec_id} and {names[name]} make the same question name {name}")
        names[name] = rec_id
    title, form_id, version = _settings(plan, "assessment", langs, t, today)
    form = Form("assessment", title, form_id, version)
    words = lambda key: _per_lang(langs, lambda lang: t(lang, key))  # noqa: E731
    if by is not None:
        form.survey.append({"type": "calculate", "name": ORGANISATION, "calculation": f"'{by}'"})
        form.survey.append({"type": "note", "name": "organisation_note", "label": _per_lang(
            langs, lambda lang: t(lang, "form.assessing_for") + " " +
            one_line(plan.actors[by].get("names"), lang, by))})
    else:
        form.survey.append({"type": "select_one organisations", "name": ORGANISATION,
                            "label": words("form.organisation"), "required": "yes"})
    form.survey.append({"type": "note", "name": "intro", "label": words("form.assessment_intro")})
    for rec_id in ids:
        rec = plan.recommendations[rec_id]
        q = lambda part, rec_id=rec_id: question(rec_id, part)  # noqa: E731
        given = f"${{{q('status')}}} != ''"
        form.survey += [
            {"type": "begin_group", "name": group_name(rec_id), "label": _per_lang(
                langs, lambda lang, rec=rec, rec_id=rec_id:
                f"{rec_id}: {one_line(rec.get('summary') or rec.get('text'), lang, '')}")},
            {"type": "select_one statuses", "name": q("status"), "label": words("form.status"),
             "hint": words("form.status_hint")},
            {"type": "select_one duty_bearers", "name": q("duty_bearer"),
             "label": words("form.duty_bearer"), "required": "yes", "relevant": given},
            {"type": "date", "name": q("as_of"), "label": words("form.as_of"), "required": "yes",
             "relevant": given, "constraint": ". <= today()"},
            {"type": "text", "name": q("summary"), "label": words("form.summary"),
             "required": "yes", "relevant": given},
            {"type": "text", "name": q("evidence_url"), "label": words("form.evidence_url"),
             "relevant": given, "constraint": "regex(., '^https?://[^ ]+$')"},
            {"type": "text", "name": q("evidence_title"), "label": words("form.evidence_title"),
             "relevant": given},
            {"type": "end_group", "name": ""},
        ]
    scale = plan.meta.get("status_scale") or []
    bearers = plan.meta.get("duty_bearers") or []
    form.choices = (
        ([] if by is not None else _org_choices(plan, monitor_actors(plan), langs, t, other=False))
        + _choices("statuses", [(s["id"], lambda lang, s=s: one_line(s.get("names"), lang, s["id"]))
                                for s in scale], langs)
        + _choices("duty_bearers", [(d["id"], lambda lang, d=d: one_line(d.get("names"), lang,
                                                                      d["id"])) for d in bearers],
                   langs))
    return form
