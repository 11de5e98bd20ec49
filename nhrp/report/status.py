"""The status dashboard in the terminal (rich) and as Markdown. Both read only the dict that
``nhrp.core.status.dashboard`` returns (plus the plan for labels)."""

from __future__ import annotations

from nhrp.core.layout import bundled_root
from nhrp.core.repeats import phrase
from nhrp.errors import UsageError
from nhrp.report import i18n
from nhrp.report.markdown import cell
from nhrp.report.rows import add_column, new_table, safe_text

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


def _status_label(plan, status_id: str, lang: str) -> str:
    for step in plan.meta.get("status_scale", []):
        if step["id"] == status_id:
            return label(step.get("names"), lang, status_id)
    return catalogue(lang).t("status.not-assessed") if status_id == "not-assessed" else status_id


def _bearer_label(plan, db: str, lang: str) -> str:
    for d in plan.meta.get("duty_bearers", []):
        if d["id"] == db:
            return label(d.get("names"), lang, db)
    return db


def _actor_label(plan, actor_id: str, lang: str) -> str:
    return label((plan.actors.get(actor_id) or {}).get("names"), lang, actor_id)


def _head(items: list, limit: int = LIST_LIMIT, t=None) -> str:
    """The first items, then how many more, in the catalogue's words and digits."""
    t = t or catalogue("en")
    shown = t.join(str(i) for i in items[:limit])
    return shown + (" … " + t.t("list.more", n=len(items) - limit) if len(items) > limit else "")


def print_dashboard(console, data: dict, plan, lang: str) -> None:
    t = catalogue(lang)
    meta, totals = data["plan"], data["totals"]
    if meta.get("simulated"):
        console.print(f"[bold reverse] {safe_text(t.t('simulated.badge'))} [/bold reverse]")
    state = label((plan.meta.get("state") or {}).get("name"), lang, meta["state"] or "")
    console.print(f"[bold]{safe_text(label(meta['name'], lang))}[/bold]  " + safe_text(t.join([
        state, f"{t.date(meta['period'].get('start'))} – {t.date(meta['period'].get('end'))}",
        f"{t.t('report.status_on')} {t.date(data['today'])}"])))
    shown = {k: v for k, v in data["filters"].items() if v}
    if shown:
        console.print(safe_text(t.t("status.filter")) + ": " + safe_text(t.join(
            f"{k}={v}" for k, v in shown.items())))
    figures = [("headline.recommendations", totals["recommendations"]),
               ("headline.assigned", totals["assigned"]), ("headline.assessed", totals["assessed"]),
               ("headline.implemented", totals["implemented"]),
               ("headline.entries", totals["monitoring_entries"])]
    responses = t.join(f"{safe_text(t.t('response.' + k) if t.has('response.' + k) else k)} "
                       f"{t.num(v)}" for k, v in totals["by_response"].items())
    shown = [f"{safe_text(t.t(key))}: {t.num(n)}" for key, n in figures]
    if responses:  # with the recommendations they count, and never an empty "()"
        shown[0] += f" ({responses})"
    console.print(t.join(shown))
    if data["unreadable_files"]:
        console.print(f"[red]{safe_text(t.t('report.unreadable', n=data['unreadable_files']))}[/red]")

    dist = new_table(t.t("chart.by_duty_bearer"))
    add_column(dist, t.t("col.status"))
    for db in data["status_by_duty_bearer"]:
        name = safe_text(_bearer_label(plan, db, lang))
        add_column(dist, f"{name}\n{safe_text(t.t('side.self'))}", number=True)
        add_column(dist, f"{name}\n{safe_text(t.t('side.independent'))}", number=True)
    statuses = list(next(iter(data["status_by_duty_bearer"].values()), {}).get("self", {}))
    for s_id in statuses:
        cells = []
        for sides in data["status_by_duty_bearer"].values():
            cells += [t.num(sides["self"][s_id]), t.num(sides["independent"][s_id])]
        dist.add_row(safe_text(_status_label(plan, s_id, lang)), *cells)
    console.print(dist)

    if data["lead_actors"]:
        leads = new_table(t.t("col.lead"))
        for key in ("col.actor", "headline.assigned", "headline.assessed", "headline.implemented",
                    "flag.overdue"):
            header = t.t(key)
            add_column(leads, header[:1].upper() + header[1:], number=key != "col.actor")
        for r in data["lead_actors"]:
            leads.add_row(safe_text(_actor_label(plan, r["actor"], lang)), t.num(r["assigned"]), t.num(r["assessed"]),
                          t.num(r["implemented"]), t.num(r["overdue"]))
        console.print(leads)

    if "breakdown" in data:
        b = data["breakdown"]
        by_key = {"theme": "col.theme", "actor": "col.actor", "response": "col.response"}.get(b["by"])
        by_word = t.t(by_key) if by_key else b["by"].capitalize()
        table = new_table(by_word)
        fields = ("recommendations", "assigned", "assessed", "implemented", "overdue", "diverging")
        add_column(table, by_word)
        for f in fields:
            word = t.t(f"headline.{f}" if f not in ("overdue", "diverging") else f"flag.{f}")
            add_column(table, word[:1].upper() + word[1:], number=True)
        for r in b["rows"]:
            key = r["key"]
            if b["by"] == "theme":
                key = label(plan.themes.get(key, {}).get("names"), lang, key)
            elif b["by"] == "actor":
                key = _actor_label(plan, key, lang)
            elif b["by"] == "response" and t.has(f"response.{key}"):
                key = t.t(f"response.{key}")
            elif b["by"] in ("axis", "activity"):
                key = label(b["names"].get(key), lang, key)
            table.add_row(safe_text(key), *[t.num(r[f]) for f in fields])
        console.print(table)
        if b.get("in_several"):
            console.print(f"{b['in_several']} recommendation(s) are linked to activities in more "
                          f"than one {b['by']} and count in each row, so the rows add up to more "
                          "than the total.")

    cov = data["coverage"]  # sections and lines with nothing to say are left out
    gaps = [line for line, n in (
        (t.t("coverage.unassigned", n=len(cov["unassigned"])) + "  " + _head(cov["unassigned"], t=t),
         len(cov["unassigned"])),
        (t.t("coverage.unmonitored", n=len(cov["unmonitored"])) + "  "
         + _head(cov["unmonitored"], t=t), len(cov["unmonitored"])),
        (t.t("coverage.stale", months=cov["stale_after_months"], n=len(cov["stale"])),
         len(cov["stale"]))) if n]
    if gaps:
        console.print(f"[bold]{safe_text(t.t('section.coverage'))}[/bold]")
        for line in gaps:
            console.print("  " + safe_text(line))
    if data.get("participation"):
        console.print(f"[bold]{safe_text(t.t('participation.title'))}[/bold]: "
                      + safe_text(t.t("participation.summary", **data["participation"])))
    if data["divergences"]:
        console.print(f"[bold]{safe_text(t.t('section.divergences'))}[/bold]: "
                      f"{t.num(len(data['divergences']))}")
    for d in data["divergences"][:LIST_LIMIT]:
        own, other = d["self"], d["independent"]
        console.print(f"  {d['id']} {safe_text(_bearer_label(plan, d['duty_bearer'], lang))}: "
                      f"{safe_text(_status_label(plan, own['status'], lang))} "
                      f"({safe_text(_actor_label(plan, own['by'], lang))}{t.raw('meta.list_separator')}"
                      f"{t.date(own['as_of'])}) ≠ "
                      f"{safe_text(_status_label(plan, other['status'], lang))} "
                      f"({safe_text(_actor_label(plan, other['by'], lang))}{t.raw('meta.list_separator')}"
                      f"{t.date(other['as_of'])})")
    overdue = data["overdue"]
    if overdue:
        console.print(f"[bold]{safe_text(t.t('section.overdue'))}[/bold]: "
                      f"{t.num(sum(len(v) for v in overdue.values()))}")
    for actor, items in overdue.items():
        console.print(f"  {safe_text(_actor_label(plan, actor, lang))}: " + safe_text(
            _head([f"{i['id']} ({t.date(i['due'])})" for i in items], t=t)))
    if data.get("repeats"):
        console.print(f"[bold]Continuity[/bold]: {len(data['repeats'])} recommendation(s) repeat "
                      "an earlier cycle's")
        for item in data["repeats"][:LIST_LIMIT]:
            console.print(f"  {item['id']} {safe_text(phrase(item['repeats']))}")
    if "monitor" in data:
        m = data["monitor"]
        who = safe_text(_actor_label(plan, m["actor"], lang))
        if m["declined"]:
            console.print(safe_text(t.t("monitor.declined", actor=who, date=t.date(m["since"]))))
        else:
            themes = t.join(label(plan.themes.get(x, {}).get("names"), lang, x)
                            for x in m["themes"]) or t.t("monitor.no_files")
            console.print(safe_text(t.t("monitor.follows", actor=who, themes=themes,
                                        n=m["recommendations"], open=len(m["workload"]))))
            console.print("  " + safe_text(_head(m["workload"], t=t)))


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
        name = cell(_bearer_label(plan, db, lang))
        header += [f"{name} (self)", f"{name} (independent)"]
    out += ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    statuses = list(next(iter(data["status_by_duty_bearer"].values()), {}).get("self", {}))
    for s in statuses:
        cells = [cell(_status_label(plan, s, lang))]
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
