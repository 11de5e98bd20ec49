"""History output: ``nhrp log`` rows, and ``nhrp diff`` as text or as Markdown fit for a
pull-request comment. Everything here reads only the dicts that nhrp.core.audit, timeline and revdiff return."""

from __future__ import annotations

from nhrp.escape import terminal
from nhrp.report.markdown import cell, text
from nhrp.core.names import plural

MAX_ROWS = 50  # per Markdown table: a pull-request comment must stay readable (and < 64 KB)

# --- log -------------------------------------------------------------------------------------

LOG_TABLE = [("date", "date"), ("commit", "commit"), ("by", "by"), ("change", "change"),
             ("description", "what changed")]


def log_table_rows(rows: list[dict]) -> list[dict]:
    return [{"date": r["date"], "commit": r["commit"][:10],
             "by": r["actor"] or r["author"], "change": r["change"],
             "description": r["description"]} for r in rows]


# --- diff as text ----------------------------------------------------------------------------

def _status(value) -> str:
    return "not assessed" if value is None else str(value)


def _side_label(side: dict) -> str:
    label = side["label"]
    if side.get("commit"):
        label += f" ({side['commit'][:10]}, {side['date']})"
    return label


_PHRASES = {
    "recommendations_added": ("recommendation added", "recommendations added"),
    "recommendations_removed": ("recommendation removed", "recommendations removed"),
    "responses_changed": ("response changed", "responses changed"),
    "recommendations_edited": ("recommendation edited", "recommendations edited"),
    "assignments_changed": ("assignment change", "assignment changes"),
    "entries_added": ("new monitoring entry", "new monitoring entries"),
    "entries_removed": ("monitoring entry removed", "monitoring entries removed"),
    "entries_edited": ("monitoring entry edited", "monitoring entries edited"),
    "status_changes": ("status change", "status changes"),
    "divergences_opened": ("divergence opened", "divergences opened"),
    "divergences_closed": ("divergence closed", "divergences closed"),
    "overdue_appeared": ("overdue item appeared", "overdue items appeared"),
    "overdue_resolved": ("overdue item resolved", "overdue items resolved"),
    "actors_added": ("actor added", "actors added"),
    "actors_removed": ("actor removed", "actors removed"),
    "activities_added": ("activity added", "activities added"),
    "activities_removed": ("activity removed", "activities removed"),
    "activities_edited": ("activity edited", "activities edited"),
    "measurements_added": ("new measurement", "new measurements"),
    "measurements_removed": ("measurement removed", "measurements removed"),
    "measurements_edited": ("measurement edited", "measurements edited"),
}


def _phrases(summary: dict) -> list[str]:
    return [f"{n} {_PHRASES[k][n != 1]}" for k, n in summary.items() if n]


def _assignment_text(a: dict) -> str:
    if a["change"] == "changed":
        fields = "; ".join(f"{k} {v['from'] or 'none'} -> {v['to'] or 'none'}"
                           for k, v in a["fields"].items())
        return f"{a['actor']} ({a['duty_bearer']}): {fields}"
    due = f", due {a['due']}" if a.get("due") else ""
    return f"{a['actor']} ({a['role']}, {a['duty_bearer']}){due}"


def _entry_text(e: dict) -> str:
    sup = f", supersedes {e['supersedes']}" if e.get("supersedes") else ""
    return (f"{e['id']}/{e['entry']}: {e['by']} ({e['side']}) on {e['duty_bearer']}: "
            f"{e['status']} as of {e['as_of']}{sup}{_received(e)}")


def _received(e: dict) -> str:
    """Entries the secretariat imported from a form or sheet say so, with the submission id
    to confirm with the organisation (docs/participation.md)."""
    got = e.get("received")
    if not isinstance(got, dict):
        return ""
    return (f", received by {got.get('via')} (submission {got.get('submission')}, imported by "
            f"{got.get('imported_by')})")


def diff_text(data: dict) -> str:
    lines = [f"Plan changes from {_side_label(data['base'])} to {_side_label(data['head'])}, "
             f"judged on {data['today']}"]
    broken = data.get("unreadable", {}).get("head", [])
    if broken:
        lines.append(f"{plural(len(broken), 'file', 'files')} could not be read and are left out of this "
                     f"comparison (run nhrp validate): {', '.join(broken)}")
    if not data["changed"]:
        lines.append("No changes to the plan.")
        return "\n".join(terminal(x) for x in lines) + "\n"
    lines.append("Summary: " + ", ".join(_phrases(data["summary"])))
    recs = data["recommendations"]
    if recs["added"] or recs["removed"] or recs["response_changed"] or recs["edited"]:
        lines.append("")
        lines.append("Recommendations:")
        lines += [f"  + {r}" for r in recs["added"]]
        lines += [f"  - {r}" for r in recs["removed"]]
        lines += [f"  ~ {r['id']}: response {r['from']} -> {r['to']}"
                  for r in recs["response_changed"]]
        lines += [f"  ~ {r['id']}: edited {', '.join(r['fields'])}" for r in recs["edited"]]
    if data["assignments"]:
        lines += ["", "Assignments:"]
        mark = {"added": "+", "removed": "-", "changed": "~"}
        lines += [f"  {mark[a['change']]} {a['id']}: {_assignment_text(a)}"
                  for a in data["assignments"]]
    entries = data["entries"]
    if any(entries.values()):
        lines += ["", "Monitoring entries:"]
        lines += [f"  + {_entry_text(e)}" for e in entries["added"]]
        lines += [f"  - {_entry_text(e)}" for e in entries["removed"]]
        lines += [f"  ~ {_entry_text(e)} (edited: {', '.join(e['fields'])})"
                  for e in entries["edited"]]
    if data["status_changes"]:
        lines += ["", "Current status, per duty bearer:"]
        for db, changes in data["status_changes"].items():
            up = sum(c["direction"] == "up" for c in changes)
            down = sum(c["direction"] == "down" for c in changes)
            lines.append(f"  {db}: {len(changes)} changed, {up} up, {down} down")
            lines += [f"    {c['id']} ({c['side']}): {_status(c['from'])} -> {_status(c['to'])}"
                      for c in changes]
    div = data["divergences"]
    if div["opened"] or div["closed"]:
        lines += ["", "Divergences (self-assessment vs independent):"]
        for word, items in (("opened", div["opened"]), ("closed", div["closed"])):
            lines += [f"  {word} {d['id']} ({d['duty_bearer']}): self {d['self']['status']}, "
                      f"independent {d['independent']['status']}" for d in items]
    over = data["overdue"]
    if over["appeared"] or over["resolved"]:
        lines += ["", "Overdue:"]
        for word, items in (("appeared", over["appeared"]), ("resolved", over["resolved"])):
            lines += [f"  {word} {o['id']}: {o['actor']} ({o['role']}, {o['duty_bearer']}), "
                      f"due {o['due']}, status {_status(o['status'])}" for o in items]
    actors = data["actors"]
    if actors["added"] or actors["removed"]:
        lines += ["", "Actors:"]
        lines += [f"  + {a}" for a in actors["added"]] + [f"  - {a}" for a in actors["removed"]]
    lines += _plan_lines(data)
    return "\n".join(terminal(x) for x in lines) + "\n"


def _plan_lines(data: dict) -> list[str]:
    """Activities and measurements (absent from diffs made before they existed)."""
    lines: list[str] = []
    acts = data.get("activities") or {}
    if any(acts.values()):
        lines += ["", "Activities:"]
        lines += [f"  + {a}" for a in acts["added"]] + [f"  - {a}" for a in acts["removed"]]
        lines += [f"  ~ {a['id']}: edited {', '.join(a['fields'])}" for a in acts["edited"]]
    found = data.get("measurements") or {}
    if any(found.values()):
        lines += ["", "Measurements:"]
        for mark, word in (("+", "added"), ("-", "removed"), ("~", "edited")):
            lines += [f"  {mark} {m['activity']}/{m['indicator']}/{m['measurement']}: "
                      f"{m['value']} {m['unit']} as of {m['as_of']} (by {m['by']})"
                      for m in found[word]]
    return lines


# --- diff as Markdown ------------------------------------------------------------------------

def _table(headers: list[str], rows: list[list], out: list[str]) -> None:
    out.append("| " + " | ".join(cell(h) for h in headers) + " |")
    out.append("|" + "---|" * len(headers))
    for r in rows[:MAX_ROWS]:
        out.append("| " + " | ".join(cell("" if v is None else v) for v in r) + " |")
    if len(rows) > MAX_ROWS:
        out.append("")
        out.append(text(f"… and {len(rows) - MAX_ROWS} more; run nhrp diff for the full list."))
    out.append("")


def diff_markdown(data: dict) -> str:
    out = [f"### {text('Plan changes')}", "",
           text(f"From {_side_label(data['base'])} to {_side_label(data['head'])}, judged on "
                f"{data['today']}."), ""]
    broken = data.get("unreadable", {}).get("head", [])
    if broken:
        out += ["**" + text(f"{plural(len(broken), 'file', 'files')} could not be read and are left out of this "
                            "comparison (run nhrp validate):") + "** " +
                text(", ".join(broken)), ""]
    if not data["changed"]:
        out += [text("No changes to the plan."), ""]
        return "\n".join(out)
    out += ["**" + text("Summary:") + "** " + text("; ".join(_phrases(data["summary"]))) + ".", ""]
    recs = data["recommendations"]
    rec_rows = ([[r, "added", ""] for r in recs["added"]] +
                [[r, "removed", ""] for r in recs["removed"]] +
                [[r["id"], "response", f"{r['from']} → {r['to']}"]
                 for r in recs["response_changed"]] +
                [[r["id"], "edited", ", ".join(r["fields"])] for r in recs["edited"]])
    if rec_rows:
        out += [f"#### {text('Recommendations')}", ""]
        _table(["Recommendation", "Change", "Detail"], rec_rows, out)
    if data["assignments"]:
        out += [f"#### {text('Assignments')}", ""]
        _table(["Recommendation", "Change", "Actor", "Duty bearer", "Role", "Due", "Detail"],
               [[a["id"], a["change"], a["actor"], a["duty_bearer"], a["role"], a["due"],
                 _assignment_text(a) if a["change"] == "changed" else ""]
                for a in data["assignments"]], out)
    entries = data["entries"]
    entry_rows = ([["new", *_entry_cells(e)] for e in entries["added"]] +
                  [["removed", *_entry_cells(e)] for e in entries["removed"]] +
                  [["edited: " + ", ".join(e["fields"]), *_entry_cells(e)]
                   for e in entries["edited"]])
    if entry_rows:
        out += [f"#### {text('Monitoring entries')}", ""]
        _table(["Change", "Recommendation", "Entry", "By", "Side", "Duty bearer", "Status",
                "As of", "Supersedes"], entry_rows, out)
    for db, changes in data["status_changes"].items():
        up = sum(c["direction"] == "up" for c in changes)
        down = sum(c["direction"] == "down" for c in changes)
        out += [f"#### {text(f'Current status: {db} ({up} up, {down} down)')}", ""]
        _table(["Recommendation", "Side", "Before", "After", "Direction"],
               [[c["id"], c["side"], _status(c["from"]), _status(c["to"]), c["direction"]]
                for c in changes], out)
    div = data["divergences"]
    if div["opened"] or div["closed"]:
        out += [f"#### {text('Divergences (self-assessment vs independent)')}", ""]
        _table(["", "Recommendation", "Duty bearer", "Self", "Independent", "Steps"],
               [[word, d["id"], d["duty_bearer"], d["self"]["status"],
                 d["independent"]["status"], d["steps"]]
                for word, items in (("opened", div["opened"]), ("closed", div["closed"]))
                for d in items], out)
    over = data["overdue"]
    if over["appeared"] or over["resolved"]:
        out += [f"#### {text('Overdue')}", ""]
        _table(["", "Recommendation", "Actor", "Role", "Duty bearer", "Due", "Status"],
               [[word, o["id"], o["actor"], o["role"], o["duty_bearer"], o["due"],
                 _status(o["status"])]
                for word, items in (("appeared", over["appeared"]),
                                    ("resolved", over["resolved"])) for o in items], out)
    actors = data["actors"]
    if actors["added"] or actors["removed"]:
        out += [f"#### {text('Actors')}", ""]
        _table(["Change", "Actor"], [["added", a] for a in actors["added"]] +
               [["removed", a] for a in actors["removed"]], out)
    acts, found = data.get("activities") or {}, data.get("measurements") or {}
    if any(acts.values()):
        out += [f"#### {text('Activities')}", ""]
        _table(["Change", "Activity", "Detail"],
               [["added", a, ""] for a in acts["added"]] +
               [["removed", a, ""] for a in acts["removed"]] +
               [["edited", a["id"], ", ".join(a["fields"])] for a in acts["edited"]], out)
    if any(found.values()):
        out += [f"#### {text('Measurements')}", ""]
        _table(["Change", "Activity", "Indicator", "Value", "Unit", "As of", "By"],
               [[word, m["activity"], m["indicator"], m["value"], m["unit"], m["as_of"], m["by"]]
                for word in ("added", "removed", "edited") for m in found[word]], out)
    return "\n".join(out)


def _entry_cells(e: dict) -> list:
    return [e["id"], e["entry"], e["by"] + _received(e), e["side"], e["duty_bearer"], e["status"],
            e["as_of"], e.get("supersedes")]
