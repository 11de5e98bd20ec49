"""``nhrp status`` in the terminal: the dashboard and participation at a glance, drawn with rich
from the dict that ``nhrp.core.status.dashboard`` (or ``participation.overview``) returns; the
Markdown forms are :mod:`nhrp.report.status` and :mod:`nhrp.report.participation`."""

from __future__ import annotations

from nhrp.cli.screens.tables import add_column, new_table, safe_text
from nhrp.core.repeats import phrase
from nhrp.report.participation import headings, rows
from nhrp.report.status import (LIST_LIMIT, actor_label, bearer_label, catalogue, head, label,
                                status_label)


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
        name = safe_text(bearer_label(plan, db, lang))
        add_column(dist, f"{name}\n{safe_text(t.t('side.self'))}", number=True)
        add_column(dist, f"{name}\n{safe_text(t.t('side.independent'))}", number=True)
    statuses = list(next(iter(data["status_by_duty_bearer"].values()), {}).get("self", {}))
    for s_id in statuses:
        cells = []
        for sides in data["status_by_duty_bearer"].values():
            cells += [t.num(sides["self"][s_id]), t.num(sides["independent"][s_id])]
        dist.add_row(safe_text(status_label(plan, s_id, lang)), *cells)
    console.print(dist)

    if data["lead_actors"]:
        leads = new_table(t.t("col.lead"))
        for key in ("col.actor", "headline.assigned", "headline.assessed", "headline.implemented",
                    "flag.overdue"):
            header = t.t(key)
            add_column(leads, header[:1].upper() + header[1:], number=key != "col.actor")
        for r in data["lead_actors"]:
            leads.add_row(safe_text(actor_label(plan, r["actor"], lang)), t.num(r["assigned"]), t.num(r["assessed"]),
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
                key = actor_label(plan, key, lang)
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
        (t.t("coverage.unassigned", n=len(cov["unassigned"])) + "  " + head(cov["unassigned"], t=t),
         len(cov["unassigned"])),
        (t.t("coverage.unmonitored", n=len(cov["unmonitored"])) + "  "
         + head(cov["unmonitored"], t=t), len(cov["unmonitored"])),
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
        console.print(f"  {d['id']} {safe_text(bearer_label(plan, d['duty_bearer'], lang))}: "
                      f"{safe_text(status_label(plan, own['status'], lang))} "
                      f"({safe_text(actor_label(plan, own['by'], lang))}{t.raw('meta.list_separator')}"
                      f"{t.date(own['as_of'])}) ≠ "
                      f"{safe_text(status_label(plan, other['status'], lang))} "
                      f"({safe_text(actor_label(plan, other['by'], lang))}{t.raw('meta.list_separator')}"
                      f"{t.date(other['as_of'])})")
    overdue = data["overdue"]
    if overdue:
        console.print(f"[bold]{safe_text(t.t('section.overdue'))}[/bold]: "
                      f"{t.num(sum(len(v) for v in overdue.values()))}")
    for actor, items in overdue.items():
        console.print(f"  {safe_text(actor_label(plan, actor, lang))}: " + safe_text(
            head([f"{i['id']} ({t.date(i['due'])})" for i in items], t=t)))
    if data.get("repeats"):
        console.print(f"[bold]Continuity[/bold]: {len(data['repeats'])} recommendation(s) repeat "
                      "an earlier cycle's")
        for item in data["repeats"][:LIST_LIMIT]:
            console.print(f"  {item['id']} {safe_text(phrase(item['repeats']))}")
    if "monitor" in data:
        m = data["monitor"]
        who = safe_text(actor_label(plan, m["actor"], lang))
        if m["declined"]:
            console.print(safe_text(t.t("monitor.declined", actor=who, date=t.date(m["since"]))))
        else:
            themes = t.join(label(plan.themes.get(x, {}).get("names"), lang, x)
                            for x in m["themes"]) or t.t("monitor.no_files")
            console.print(safe_text(t.t("monitor.follows", actor=who, themes=themes,
                                        n=m["recommendations"], open=len(m["workload"]))))
            console.print("  " + safe_text(head(m["workload"], t=t)))


def print_participation(console, data: dict, plan, lang: str) -> None:
    from rich.table import Table

    t = catalogue(lang)
    people, files = rows(data, plan, lang)
    heads = headings(lang)
    for title, columns, body in ((t.t("participation.title"), heads[0], people),
                                 (t.t("participation.files"), heads[1], files)):
        table = Table(title=safe_text(title), title_justify="left")
        for h in columns:
            table.add_column(safe_text(h), overflow="fold")
        for row in body:
            table.add_row(*[safe_text(c) for c in row])
        console.print(table)
