"""``nhrp show`` in the terminal: a recommendation, an actor or an activity, from the dicts
``nhrp.core.query`` and ``nhrp.core.activity_view`` return."""

from __future__ import annotations

from nhrp.cli.screens.tables import safe_text
from nhrp.core.names import plural
from nhrp.core.repeats import phrase


def _pick(names: dict, lang: str) -> str:
    return names.get(lang) or names.get("en") or next(iter(names.values()), "")


def print_details(console, d: dict, plan, lang: str) -> None:
    src = d["source"] or {}
    paragraph = f" para. {safe_text(src['paragraph'])}" if src.get("paragraph") else ""
    console.print(f"[bold]{d['id']}[/bold]  cycle {d['cycle']}, {safe_text(src.get('document'))}"
                  f"{paragraph}")
    console.print(f"Recommended by: {safe_text(d['recommending_states'])}")
    category = f", UPR Info action category {d['action_category']}" if d["action_category"] else ""
    console.print(f"Response: {d['response']}{category}")
    console.print("Themes: " + safe_text([_pick(t["names"], lang) or t["id"] for t in d["themes"]]))
    if d["sdg_goals"]:
        console.print("SDGs: " + safe_text([f"{g['goal']} {_pick(g['names'], lang)}".strip()
                                            for g in d["sdg_goals"]]))
    for code, text in d["summary"].items():
        console.print(f"Summary ({code}): {safe_text(text)}")
    for code, text in d["text"].items():
        console.print(f"Official text ({code}): {safe_text(text)}")
    console.print()
    if d["assignments"]:
        console.print("[bold]Assignments[/bold]")
        for a in d["assignments"]:
            due = f", due {a['due']}" if a.get("due") else ""
            console.print(f"  {a['actor']} — {a['role']} for {a['duty_bearer']}, assigned "
                          f"{a['assigned_on']}{due}")
    else:
        console.print("Not assigned to anyone yet.")
    if d["current"]:
        console.print("[bold]Current status[/bold]")
        for c in d["current"]:
            console.print(f"  {c['duty_bearer']} / {c['side']}: {c['status']} (as of {c['as_of']}, "
                          f"by {c['by']})")
    for div in d["divergences"]:
        console.print(f"  [yellow]diverging for {div['duty_bearer']}: self {div['self']['status']} "
                      f"vs independent {div['independent']['status']}[/yellow]")
    for o in d["overdue"]:
        console.print(f"  [red]overdue: {o['actor']} ({o['duty_bearer']}) was due {o['due']}[/red]")
    if d.get("repeats"):
        console.print(phrase(d["repeats"]).capitalize())
    for act in d.get("activities", []):
        console.print(f"Activity {act['id']} ({act['axis']}, {act['status']}): "
                      f"{safe_text(_pick(act['title'], lang))}")
    console.print(f"Monitored by: {safe_text(d['monitored_by']) or 'no monitor follows its themes'}")
    if d["entries"]:
        console.print("[bold]Monitoring entries[/bold]")
        for e in d["entries"]:
            note = f" (superseded by {e['superseded_by']})" if e["superseded_by"] else ""
            summary = _pick(e.get("summary", {}), lang)
            console.print(f"  {e['as_of']}  {e['by']} on {e['duty_bearer']}: {e['status']}{note}")
            console.print(f"      {safe_text(summary)}")
            for ev in e.get("evidence", []):
                console.print(f"      evidence: {safe_text(ev.get('title'))} "
                              f"{safe_text(ev.get('url') or ev.get('document'))}")


def print_actor(console, d: dict, plan, lang: str) -> None:
    """``nhrp show ACTOR``: who the actor is, its assignments and its monitoring entries."""
    console.print(f"[bold]{d['id']}[/bold]  {safe_text(_pick(d['names'], lang))} "
                  f"({safe_text(d['kind'])})")
    for code, name in d["names"].items():
        if code != lang:
            console.print(f"  {code}: {safe_text(name)}")
    if d["parent"]:
        console.print(f"Part of: {safe_text(d['parent'])}")
    if d["notes"]:
        console.print(f"Notes: {safe_text(d['notes'])}")
    monitors = d["monitors"] or {}
    if monitors.get("declined"):
        console.print("Declined to monitor any thematic file.")
    elif monitors.get("themes"):
        console.print(f"Monitors: {safe_text(monitors['themes'])}")
    assigned = d["assignments"]
    console.print()
    if assigned:
        console.print(f"[bold]Assigned to {plural(len(assigned), 'recommendation', 'recommendations')}[/bold]")
        for a in assigned:
            due = f", due {a['due']}" if a.get("due") else ""
            late = " [red]overdue[/red]" if a["overdue"] else ""
            console.print(f"  {a['recommendation']} — {a['role']} for {a['duty_bearer']}{due}{late}")
    else:
        console.print("Not assigned to any recommendation.")
    if d["entries"]:
        console.print(f"[bold]{plural(len(d['entries']), 'monitoring entry', 'monitoring entries')} by this actor[/bold]")
        for e in d["entries"]:
            console.print(f"  {e['as_of']}  {e['recommendation']} on {e['duty_bearer']}: {e['status']}")


def print_activity(console, d: dict, lang: str) -> None:
    console.print(f"[bold]{d['id']}[/bold]  {safe_text(_pick(d['title'], lang))}")
    console.print(f"Axis: {safe_text(_pick(d['axis_names'], lang) or d['axis'])}")
    partners = f"; partners: {safe_text(d['partners'])}" if d["partners"] else ""
    console.print(f"Lead: {d['lead']}{partners}")
    late = " [red](late)[/red]" if d["late"] else ""
    console.print(f"{d['start']} – {d['end']}, status {d['status']}{late}")
    if d["budget"]:
        b = d["budget"]
        source = f" ({safe_text(b['source'])})" if b.get("source") else ""
        console.print(f"Budget: {b['amount']} {b['currency']}{source}")
    console.print("[bold]Recommendations[/bold]" if d["recommendations"] else
                  "Linked to no recommendation yet.")
    for r in d["recommendations"]:
        console.print(f"  {r['id']} ({r['response']}): {safe_text(_pick(r['summary'], lang))}")
        if r["reason"]:
            console.print(f"      why, although not supported: {safe_text(r['reason'])}")
    for ind in d["indicators"]:
        console.print(f"[bold]Indicator {ind['id']}[/bold] ({ind['type']}, {safe_text(ind['unit'])}): "
                      f"{safe_text(_pick(ind['description'], lang))}")
        for key in ("baseline", "target"):
            if ind.get(key):
                console.print(f"  {key}: {ind[key]['value']} ({ind[key]['date']})")
        for m in ind["measurements"]:
            console.print(f"  {m['as_of']}  {m['value']} {safe_text(m['unit'])}  by {m['by']} "
                          f"— {safe_text(m['source'])}")
        if not ind["measurements"]:
            console.print("  no measurement yet")
