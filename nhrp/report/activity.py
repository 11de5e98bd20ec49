"""``nhrp show ACTIVITY`` in the terminal."""

from __future__ import annotations

from nhrp.report.rows import safe_text
from nhrp.report.show import _pick


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
