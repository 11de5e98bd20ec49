"""``nhrp review`` rendered: the review's data (nhrp.core.review) through the templates in
templates/review/, with one small inline SVG chart per indicator (HTML only)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from nhrp.report.render import environment_for, render_template

TEMPLATES = {"html": "review/review.html.j2", "md": "review/review.md.j2"}
WIDTH, HEIGHT, PAD = 180, 44, 4
LINE, BASELINE, TARGET = "#1f5f99", "#9a9a9a", "#1a9850"


def indicator_chart(ind: dict, *, rtl: bool, label: str, num) -> Markup:
    """A line of the indicator's values over time, with the baseline (grey, dashed) and the
    target (green, dashed) as horizontal lines. Time runs right to left on RTL pages. The
    values are also printed in the table next to it: the chart is never the only carrier."""
    points = [(p["as_of"], p["value"]) for p in ind["series"]]
    marks = [(ind[k]["date"], ind[k]["value"]) for k in ("baseline", "target") if ind.get(k)]
    everything = points + marks
    if not everything:
        return Markup("")
    values = [v for _, v in everything]
    dates = sorted(d for d, _ in everything)
    low, high = min(values), max(values)
    span = (high - low) or 1
    first, last = _day(dates[0]), _day(dates[-1])
    days = (last - first) or 1

    def x(date: str) -> float:
        share = (_day(date) - first) / days
        return round(PAD + (1 - share if rtl else share) * (WIDTH - 2 * PAD), 1)

    def y(value) -> float:
        return round(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD), 1)

    parts = [f'<svg class="spark" role="img" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(label)}</title>"]
    for key, colour in (("baseline", BASELINE), ("target", TARGET)):
        if ind.get(key):
            at = y(ind[key]["value"])
            parts.append(f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{at}" y2="{at}" '
                         f'stroke="{colour}" stroke-dasharray="4 3"/>')
    if len(points) > 1:
        path = " ".join(f"{x(d)},{y(v)}" for d, v in points)
        parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2" points="{path}"/>')
    for d, v in points:
        parts.append(f'<circle cx="{x(d)}" cy="{y(v)}" r="2.5" fill="{LINE}">'
                     f"<title>{escape(d)}: {escape(num(v))}</title></circle>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _day(iso: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(iso).toordinal()


def render(data: dict, *, fmt: str, folders: list[Path]) -> str:
    env, h = environment_for(data["lang"], data["scale"], fmt=fmt, folders=folders)
    context = {"r": data, "charts": {}, "year": h.cat.digits(str(data["period"]["year"]))}
    if fmt == "html":
        for axis in data["axes"]:
            for act in axis["activities"]:
                for ind in act["indicators"]:
                    label = h.cat.t("review.chart", indicator=ind["id"])
                    context["charts"][f"{act['id']}/{ind['id']}"] = indicator_chart(
                        ind, rtl=h.cat.rtl, label=label, num=h.cat.num)
    return render_template(env, TEMPLATES[fmt], context)
