"""The status dashboard as Markdown, and the labels and words it shares with the terminal
dashboard (:mod:`nhrp.cli.screens.status`). Both read only the dict that
``nhrp.core.status.dashboard`` returns (plus the plan for labels)."""

from __future__ import annotations

from nhrp.core.layout import bundled_root
from nhrp.errors import UsageError
from nhrp.report import i18n
from nhrp.report.markdown import cell

LIST_LIMIT = 10


def label(names: dict | None, lang: str, fallback: str = "") -> str:
    names = names or {}
    return names.get(lang) or names.get("en") or next(iter(names.values()), fallback)


def catalogue(lang: str):
    """The report's interface strings for ``lang`` (English where the language has none)."""
    folders = [bundled_root() / "templates"]
    try:
        return i18n.load(lang, folders)
    except UsageError:
        return i18n.load("en", folders)


def status_label(plan, status_id: str, lang: str) -> str:
    for step in plan.meta.get("status_scale", []):
        if step["id"] == status_id:
            return label(step.get("names"), lang, status_id)
    return catalogue(lang).t("status.not-assessed") if status_id == "not-assessed" else status_id


def bearer_label(plan, db: str, lang: str) -> str:
    for d in plan.meta.get("duty_bearers", []):
        if d["id"] == db:
            return label(d.get("names"), lang, db)
    return db


def actor_label(plan, actor_id: str, lang: str) -> str:
    return label((plan.actors.get(actor_id) or {}).get("names"), lang, actor_id)


def head(items: list, limit: int = LIST_LIMIT, t=None) -> str:
    """The first items, then how many more, in the catalogue's words and digits."""
    t = t or catalogue("en")
    shown = t.join(str(i) for i in items[:limit])
    return shown + (" … " + t.t("list.more", n=len(items) - limit) if len(items) > limit else "")


def as_markdown(data: dict, plan, lang: str) -> str:
    meta, totals = data["plan"], data["totals"]
    out = [f"# {cell(label(meta['name'], lang))}", ""]
    if meta.get("simulated"):
        out += ["**SIMULATED DATA — for practice only.**", ""]
    out += [f"Status on {data['today']}.", "",
            f"- Recommendations: {totals['recommendations']} "
            f"({', '.join(f'{v} {k}' for k, v in totals['by_response'].items())})",
            f"- Assigned: {totals['assigned']}; assessed: {totals['assessed']}; "
            f"implemented: {totals['implemented']}",
            f"- Divergences: {len(data['divergences'])}; overdue: "
            f"{sum(len(v) for v in data['overdue'].values())}"]
    if data.get("participation"):
        out.append("- " + cell(catalogue(lang).t("participation.summary", **data["participation"])))
    out.append("")
    out += ["## Status per duty bearer", ""]
    header = ["Status"]
    for db in data["status_by_duty_bearer"]:
        name = cell(bearer_label(plan, db, lang))
        header += [f"{name} (self)", f"{name} (independent)"]
    out += ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    statuses = list(next(iter(data["status_by_duty_bearer"].values()), {}).get("self", {}))
    for s in statuses:
        cells = [cell(status_label(plan, s, lang))]
        for sides in data["status_by_duty_bearer"].values():
            cells += [str(sides["self"][s]), str(sides["independent"][s])]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out += _breakdown_markdown(data.get("breakdown"), plan, lang)
    if data["divergences"]:
        out += ["## Divergences", "", "| Recommendation | Duty bearer | Self-reported | Independent |",
                "|---|---|---|---|"]
        out += [f"| {cell(d['id'])} | {cell(d['duty_bearer'])} | {cell(d['self']['status'])} | "
                f"{cell(d['independent']['status'])} |" for d in data["divergences"]]
        out.append("")
    if data["overdue"]:
        out += ["## Overdue", "", "| Actor | Recommendation | Due | Status |", "|---|---|---|---|"]
        out += [f"| {cell(actor)} | {cell(i['id'])} | {i['due']} | {cell(i['status'])} |"
                for actor, items in data["overdue"].items() for i in items]
        out.append("")
    return "\n".join(out)


def _breakdown_markdown(b: dict | None, plan, lang: str) -> list[str]:
    """The --by table; for axes and activities, the note that a recommendation linked to
    several of them counts in each row."""
    if not b:
        return []
    fields = ("recommendations", "assigned", "assessed", "implemented", "overdue", "diverging")
    out = [f"## By {b['by']}", "", "| " + " | ".join([b["by"].capitalize(),
                                                        *(f.capitalize() for f in fields)]) + " |",
           "|---" + "|---:" * len(fields) + "|"]
    for r in b["rows"]:
        key = r["key"]
        if b["by"] == "theme":
            key = label(plan.themes.get(key, {}).get("names"), lang, key)
        elif b["by"] in ("axis", "activity"):
            key = label(b["names"].get(key), lang, key)
        out.append("| " + " | ".join([cell(key), *(str(r[f]) for f in fields)]) + " |")
    out.append("")
    if b.get("in_several"):
        out += [f"{b['in_several']} recommendation(s) are linked to activities in more than one "
                f"{b['by']} and count in each row, so the rows add up to more than the total.", ""]
    return out
