"""``nhrp export``: the plan as one table, one row per recommendation, for colleagues who work
in spreadsheets and for other systems.

:func:`build` returns the export document (the JSON format, described by
schemas/export.schema.json); nhrp.report.export turns it into CSV or XLSX. Statuses are
derived by nhrp.core.analysis, never read from storage: per duty bearer of the plan, the current
self-reported and independent status. Names (themes, actors, statuses, duty bearers) are given
in the export language, falling back to English, then to any language the record has; ids stay
ids.
"""

from __future__ import annotations

from nhrp.core.analysis import Analysis
from nhrp.core.plan import Plan

EXPORT_VERSION = 1


def pick(names: dict | None, lang: str) -> str:
    names = names or {}
    return names.get(lang) or names.get("en") or next(iter(names.values()), "")


def _text_in(texts: dict | None, lang: str) -> tuple[str, str | None]:
    texts = texts or {}
    for code in (lang, "en", *texts):
        if texts.get(code):
            return texts[code], code
    return "", None


def build(analysis: Analysis, lang: str) -> dict:
    """The export document for every recommendation of the plan, in natural id order."""
    plan = analysis.plan
    bearers = [{"id": d["id"], "name": pick(d.get("names"), lang)}
               for d in plan.meta.get("duty_bearers", [])]
    statuses = {s["id"]: pick(s.get("names"), lang) for s in plan.meta.get("status_scale", [])}
    return {
        "format": "nhrp-export",
        "version": EXPORT_VERSION,
        "plan": {"id": plan.meta.get("id"), "name": pick(plan.meta.get("name"), lang),
                 "state": (plan.meta.get("state") or {}).get("code")},
        "language": lang,
        "as_of": analysis.today.isoformat(),
        "duty_bearers": bearers,
        "status_scale": [{"id": k, "name": v} for k, v in statuses.items()],
        "recommendations": [_recommendation(plan, analysis, rec_id, lang, bearers, statuses)
                            for rec_id in analysis.facts],
    }


def _recommendation(plan: Plan, analysis: Analysis, rec_id: str, lang: str, bearers: list,
                    statuses: dict) -> dict:
    facts = analysis.facts[rec_id]
    rec = facts.rec
    source = rec.get("source") or {}
    summary, summary_lang = _text_in(rec.get("summary"), lang)
    text, text_lang = _text_in(rec.get("text"), lang)
    dues = sorted(a["due"] for a in facts.assignments if a.get("due"))

    def actor(a: dict) -> dict:
        names = plan.actors.get(a["actor"], {}).get("names")
        out = {"actor": a["actor"], "name": pick(names, lang), "duty_bearer": a["duty_bearer"]}
        if a.get("due"):
            out["due"] = a["due"]
        return out

    def current(db: str, side: str) -> dict | None:
        cur = facts.current.get((db, side))
        if cur is None:
            return None
        return {"status": cur.status, "status_name": statuses.get(cur.status, cur.status),
                "as_of": cur.as_of, "by": cur.by,
                "by_name": pick(plan.actors.get(cur.by, {}).get("names"), lang),
                "entry": cur.entry}

    return {
        "id": rec_id,
        "cycle": rec.get("cycle"),
        "document": source.get("document"),
        "paragraph": source.get("paragraph"),
        "recommending_states": list(rec.get("recommending_states", [])),
        "response": rec.get("response"),
        "action_category": rec.get("action_category"),
        "themes": [{"id": t, "name": pick(plan.themes.get(t, {}).get("names"), lang) or t}
                   for t in rec.get("themes", [])],
        "sdg_goals": list(rec.get("sdg_goals", [])),
        "summary": summary,
        "summary_lang": summary_lang,
        "text": text,
        "text_lang": text_lang,
        "lead": [actor(a) for a in facts.assignments if a.get("role") == "lead"],
        "support": [actor(a) for a in facts.assignments if a.get("role") == "support"],
        "due": dues[0] if dues else None,
        "status": [{"duty_bearer": b["id"], "self": current(b["id"], "self"),
                    "independent": current(b["id"], "independent"),
                    "settled": facts.settled.get(b["id"])} for b in bearers],
        "overdue": bool(facts.overdue),
        "diverging": bool(facts.divergences),
        "latest_evidence": _latest_evidence(plan, rec_id, lang),
    }


def _latest_evidence(plan: Plan, rec_id: str, lang: str) -> dict | None:
    """The newest monitoring entry (not superseded) that cites evidence."""
    entries = plan.entries.get(rec_id, [])
    superseded = {e.supersedes for e in entries if e.supersedes}
    with_evidence = [e for e in entries if e.id not in superseded and e.data.get("evidence")]
    if not with_evidence:
        return None
    latest = max(with_evidence, key=lambda e: (str(e.as_of), e.id))
    items = []
    for item in latest.data["evidence"]:
        ref = {k: item[k] for k in ("url", "document") if k in item}
        items.append({**ref, "title": item.get("title") or next(iter(ref.values()), "")})
    return {"entry": latest.id, "as_of": latest.as_of, "by": latest.by,
            "by_name": pick(plan.actors.get(latest.by, {}).get("names"), lang),
            "duty_bearer": latest.duty_bearer, "items": items}
