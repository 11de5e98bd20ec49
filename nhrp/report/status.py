"""The status dashboard in the terminal (rich) and as Markdown. Both read only the dict that
``nhrp.core.status.dashboard`` returns (plus the plan for labels)."""

from __future__ import annotations

from nhrp.report.markdown import cell
from nhrp.report.rows import safe_text

LIST_LIMIT = 10


def label(names: dict | None, lang: str, fallback: str = "") -> str:
    names = names or {}
    return names.get(lang) or names.get("en") or next(iter(names.values()), fallback)


def _status_label(plan, status_id: str, lang: str) -> str:
    for step in plan.meta.get("status_scale", []):
        if step["id"] == status_id:
            return label(step.get("names"), lang, status_id)
    return "not assessed" if status_id == "not-assessed" else status_id


def _bearer_label(plan, db: str, lang: str) -> str:
    for d in plan.meta.get("duty_bearers", []):
        if d["id"] == db:
            return label(d.get("names"), lang, db)
    return db


def _head(items: list, limit: int = LIST_LIMIT) -> str:
    shown = ", ".join(str(i) for i in items[:limit])
    return shown + (f" … (+{len(items) - limit} more)" if len(items) > limit else "")


def print_dashboard(console, data: dict, plan, lang: str) -> None:
    from rich.table import Table

    meta, totals = data["plan"], data["totals"]
    if meta.get("simulated"):
        console.print("[bold reverse] SIMULATED DATA — for practice only [/bold reverse]")
    console.print(f"[bold]{safe_text(label(meta['name'], lang))}[/bold]  {meta['state']}, "
                  f"{meta['period'].get('start')} – {meta['period'].get('end')}; today {data['today']}")
    shown = {k: v for k, v in data["filters"].items() if v}
    if shown:
        console.print("Filter: " + ", ".join(f"{k}={v}" for k, v in shown.items()))
    console.print(f"{totals['recommendations']} recommendations "
                  f"({', '.join(f'{v} {k}' for k, v in totals['by_response'].items())}); "
                  f"{totals['assigned']} assigned, {totals['assessed']} assessed, "
                  f"{totals['implemented']} implemented; {totals['monitoring_entries']} monitoring "
                  f"entries; {totals['actors']} actors")
    if data["unreadable_files"]:
        console.print(f"[red]{data['unreadable_files']} file(s) could not be read and are left "
                      "out: run 'nhrp validate'[/red]")
    cycles = Table(title="Recommendations by cycle", title_justify="left")
    cycles.add_column("Cycle")
    cycles.add_column("Recommendations", justify="right")
    for k, v in totals["by_cycle"].items():
        cycles.add_row(k, str(v))
    console.print(cycles)

    dist = Table(title="Implementation status per duty bearer: self-reported | independent",
                 title_justify="left")
    dist.add_column("Status")
    for db in data["status_by_duty_bearer"]:
        name = _bearer_label(plan, db, lang)
        dist.add_column(f"{safe_text(name)}\nself", justify="right")
        dist.add_column(f"{safe_text(name)}\nindependent", justify="right")
    statuses = list(next(iter(data["status_by_duty_bearer"].values()), {}).get("self", {}))
    for s in statuses:
        cells = []
        for sides in data["status_by_duty_bearer"].values():
            cells += [str(sides["self"][s]), str(sides["independent"][s])]
        dist.add_row(safe_text(_status_label(plan, s, lang)), *cells)
    console.print(dist)

    if data["lead_actors"]:
        leads = Table(title="Lead actors", title_justify="left")
        for col in ("Actor", "Assigned", "Assessed", "Implemented", "Overdue"):
            leads.add_column(col, justify="left" if col == "Actor" else "right")
        for r in data["lead_actors"]:
            leads.add_row(safe_text(r["actor"]), str(r["assigned"]), str(r["assessed"]),
                          str(r["implemented"]), str(r["overdue"]))
        console.print(leads)

    if "breakdown" in data:
        b = data["breakdown"]
        table = Table(title=f"By {b['by']}", title_justify="left")
        fields = ("recommendations", "assigned", "assessed", "implemented", "overdue", "diverging")
        table.add_column(b["by"].capitalize())
        for f in fields:
            table.add_column(f.capitalize(), justify="right")
        for r in b["rows"]:
            key = r["key"]
            if b["by"] == "theme":
                key = label(plan.themes.get(key, {}).get("names"), lang, key)
            table.add_row(safe_text(key), *[str(r[f]) for f in fields])
        console.print(table)

    cov = data["coverage"]
    console.print("[bold]Coverage gaps[/bold]")
    console.print(f"  unassigned: {len(cov['unassigned'])}  {safe_text(_head(cov['unassigned']))}")
    console.print(f"  followed by no monitor: {len(cov['unmonitored'])}  "
                  f"{safe_text(_head(cov['unmonitored']))}")
    console.print(f"  stale assessments (older than {cov['stale_after_months']} months): "
                  f"{len(cov['stale'])}")
    console.print(f"[bold]Divergences[/bold] (self-reported vs independent): {len(data['divergences'])}")
    for d in data["divergences"][:LIST_LIMIT]:
        console.print(f"  {d['id']} {d['duty_bearer']}: self {d['self']['status']} "
                      f"({d['self']['by']}, {d['self']['as_of']}) vs independent "
                      f"{d['independent']['status']} ({d['independent']['by']}, "
                      f"{d['independent']['as_of']})")
    overdue = data["overdue"]
    console.print(f"[bold]Overdue[/bold]: {sum(len(v) for v in overdue.values())}")
    for actor, items in overdue.items():
        console.print(f"  {safe_text(actor)}: " + safe_text(_head([f"{i['id']} (due {i['due']})"
                                                                  for i in items])))
    if "monitor" in data:
        m = data["monitor"]
        if m["declined"]:
            console.print(f"[bold]{m['actor']}[/bold] declined to monitor (since {m['since']}).")
        else:
            console.print(f"[bold]{m['actor']}[/bold] follows {safe_text(m['themes']) or 'no files yet'}: "
                          f"{m['recommendations']} recommendations, {len(m['workload'])} without a "
                          f"current assessment from it")
            console.print("  " + safe_text(_head(m["workload"])))


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
            f"{sum(len(v) for v in data['overdue'].values())}", ""]
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
