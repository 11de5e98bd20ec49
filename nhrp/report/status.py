"""The status dashboard in the terminal (rich) and as Markdown."""

from __future__ import annotations

from nhrp.report.markdown import cell


def _name(names: dict, lang: str = "en") -> str:
    return names.get(lang) or next(iter(names.values()), "") if names else ""


def print_dashboard(console, data: dict, plan) -> None:
    from rich.table import Table

    meta = data["plan"]
    title = _name(meta["name"])
    if meta.get("simulated"):
        title = "SIMULATED DATA — " + title
    console.print(f"[bold]{title}[/bold]  ({meta['state']}, {meta['period'].get('start')} – "
                  f"{meta['period'].get('end')})")
    console.print(f"{data['recommendations']} recommendations, {data['actors']} actors, "
                  f"{data['assigned']} assigned, {data['assessed']} assessed, "
                  f"{data['monitoring_entries']} monitoring entries")
    if data["unreadable_files"]:
        console.print(f"[red]{data['unreadable_files']} file(s) could not be read: run "
                      "'nhrp validate'[/red]")
    for key, label in (("by_cycle", "Cycle"), ("by_response", "Response")):
        table = Table(title=f"By {label.lower()}", title_justify="left")
        table.add_column(label)
        table.add_column("Recommendations", justify="right")
        for k, v in data[key].items():
            table.add_row(k, str(v))
        console.print(table)
    table = Table(title="By theme (top 15)", title_justify="left")
    table.add_column("Theme")
    table.add_column("Recommendations", justify="right")
    for k, v in list(data["by_theme"].items())[:15]:
        table.add_row(_name(plan.themes.get(k, {}).get("names", {})) or k, str(v))
    console.print(table)


def as_markdown(data: dict) -> str:
    meta = data["plan"]
    out = [f"# {cell(_name(meta['name']))}", ""]
    if meta.get("simulated"):
        out += ["**SIMULATED DATA — for practice only.**", ""]
    out += [f"- Recommendations: {data['recommendations']}",
            f"- Actors: {data['actors']}",
            f"- Assigned: {data['assigned']}; assessed: {data['assessed']}", ""]
    for key, label in (("by_cycle", "Cycle"), ("by_response", "Response"), ("by_theme", "Theme")):
        out += [f"| {label} | Recommendations |", "|---|---:|"]
        out += [f"| {cell(k)} | {v} |" for k, v in data[key].items()]
        out.append("")
    return "\n".join(out)
