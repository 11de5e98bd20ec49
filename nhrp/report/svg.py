"""Inline SVG charts drawn here, in Python: no script, no external asset, no font download.

Charts mirror for right-to-left languages (labels on the right, bars growing leftwards, time
running from right to left). Every text is escaped; every bar carries a ``<title>`` with its
number, and the numbers are also printed in the bars that are wide enough and in the tables of
the report, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

NOT_ASSESSED_COLOUR = "#d4d4d4"
# From the lowest step of a scale (regressed) to the highest (implemented).
_ANCHORS = ("#b2182b", "#ef8a62", "#f6d36b", "#a6d96a", "#1a9850")

FONT = 13
ROW = 22
HEADING = 26
GAP = 6
LABEL_WIDTH = 290
BAR_WIDTH = 440
TOTAL_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_WIDTH + TOTAL_WIDTH + 20


@dataclass
class Segment:
    key: str
    label: str
    colour: str


@dataclass
class Bar:
    label: str
    counts: list[int]
    lang: str | None = None
    heading: str | None = None  # a group title drawn above this bar
    heading_lang: str | None = None


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    ra, ga, ba = _hex(a)
    rb, gb, bb = _hex(b)
    return "#%02x%02x%02x" % (round(ra + (rb - ra) * t), round(ga + (gb - ga) * t),
                              round(ba + (bb - ba) * t))


def palette(status_ids: list[str]) -> dict[str, str]:
    """A colour per step of the plan's scale, red (lowest) to green (highest)."""
    n = len(status_ids)
    out = {}
    for i, s in enumerate(status_ids):
        pos = (i / (n - 1) if n > 1 else 1.0) * (len(_ANCHORS) - 1)
        low = min(int(pos), len(_ANCHORS) - 2)
        out[s] = _mix(_ANCHORS[low], _ANCHORS[low + 1], pos - low)
    return out


def _ink(colour: str) -> str:
    r, g, b = _hex(colour)
    return "#111111" if (0.299 * r + 0.587 * g + 0.114 * b) > 140 else "#ffffff"


def _clip(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _attrs(**kw) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"' for k, v in kw.items()
                   if v is not None)


def _open(chart_id: str, title: str, height: float, rtl: bool) -> list[str]:
    """The chart's <svg> element and its accessible title."""
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title" direction="{"rtl" if rtl else "ltr"}">',
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']


def _from_reading_start(rtl: bool):
    """x of a position measured from the reading start (left in LTR, right in RTL)."""
    def x_of(pos: float, width: float = 0) -> float:
        return WIDTH - pos - width if rtl else pos
    return x_of


def stacked_bars(chart_id: str, title: str, bars: list[Bar], segments: list[Segment], *,
                 rtl: bool, num: Callable[[int], str], percent: Callable[[int, int], str]) -> Markup:
    """Horizontal 100 % stacked bars, one per row, with the row total at the end."""
    height = 8 + sum(ROW + GAP + (HEADING if b.heading else 0) for b in bars) + 4
    out = _open(chart_id, title, height, rtl)
    x_of = _from_reading_start(rtl)

    y = 8
    bar_start = LABEL_WIDTH + 10
    for bar in bars:
        if bar.heading:
            out.append(f'<text x="{x_of(0):.1f}" y="{y + HEADING - 8:.1f}" font-size="{FONT}" '
                       f'font-weight="bold" text-anchor="start"{_attrs(lang=bar.heading_lang)}>'
                       f'{escape(bar.heading)}</text>')
            y += HEADING
        total = sum(bar.counts)
        label_x = x_of(LABEL_WIDTH)
        out.append(f'<text x="{label_x:.1f}" y="{y + ROW / 2 + FONT / 2 - 2:.1f}" '
                   f'font-size="{FONT}" text-anchor="end"'
                   f'{_attrs(lang=bar.lang)}>{escape(_clip(bar.label))}<title>'
                   f'{escape(bar.label)}</title></text>')
        if total == 0:
            out.append(f'<rect x="{x_of(bar_start, BAR_WIDTH):.1f}" y="{y}" width="{BAR_WIDTH}" '
                       f'height="{ROW}" fill="none" stroke="#bbbbbb" stroke-dasharray="3 3"/>')
        pos = float(bar_start)
        for seg, count in zip(segments, bar.counts):
            if not count:
                continue
            w = BAR_WIDTH * count / total
            sx = x_of(pos, w)
            tip = f"{bar.label} — {seg.label}: {num(count)} ({percent(count, total)})"
            out.append(f'<rect x="{sx:.1f}" y="{y}" width="{w:.1f}" height="{ROW}" '
                       f'fill="{seg.colour}"><title>{escape(tip)}</title></rect>')
            if w >= 24:
                out.append(f'<text x="{sx + w / 2:.1f}" y="{y + ROW / 2 + FONT / 2 - 2:.1f}" '
                           f'font-size="{FONT - 1}" text-anchor="middle" fill="{_ink(seg.colour)}">'
                           f'{escape(num(count))}</text>')
            pos += w
        out.append(f'<text x="{x_of(bar_start + BAR_WIDTH + 8):.1f}" '
                   f'y="{y + ROW / 2 + FONT / 2 - 2:.1f}" font-size="{FONT}" '
                   f'text-anchor="start" font-weight="bold">{escape(num(total))}</text>')
        y += ROW + GAP
    out.append("</svg>")
    return Markup("".join(out))


def paired_columns(chart_id: str, title: str, periods: list[str], groups: list[str],
                   pairs: list[tuple[list[int], list[int]]], segments: list[Segment],
                   pair_labels: tuple[str, str], *, rtl: bool,
                   num: Callable[[int], str]) -> Markup:
    """Per period two stacked columns of absolute counts: the first of each pair (in reading
    order) for ``pair_labels[0]`` (self-reported), drawn paler, the second for ``pair_labels[1]``
    (independent). Time runs with the reading order."""
    height, top, base, left = 260, 14, 226, 44
    n = max(len(periods), 1)
    slot = min(64.0, (WIDTH - left - 16) / n)
    peak = max((sum(c) for pair in pairs for c in pair), default=0) or 1
    scale = (base - top) / peak
    out = _open(chart_id, title, height, rtl)
    x_of = _from_reading_start(rtl)

    for value in (peak, peak // 2):
        y = base - value * scale
        out.append(f'<line x1="{x_of(left - 4):.1f}" y1="{y:.1f}" x2="{x_of(left + slot * n):.1f}" '
                   f'y2="{y:.1f}" stroke="#e2e2e2"/>')
        out.append(f'<text x="{x_of(left - 8):.1f}" y="{y + 4:.1f}" font-size="{FONT - 2}" '
                   f'text-anchor="end">{escape(num(value))}</text>')
    out.append(f'<line x1="{x_of(left - 4):.1f}" y1="{base}" x2="{x_of(left + slot * n):.1f}" '
               f'y2="{base}" stroke="#888888"/>')
    width = slot * 0.38
    for i, (label, pair) in enumerate(zip(periods, pairs)):
        for j, counts in enumerate(pair):
            x0 = left + i * slot + slot * 0.1 + j * (width + slot * 0.04)
            y = float(base)
            for seg, count in zip(segments, counts):
                if not count:
                    continue
                h = count * scale
                y -= h
                pale = ' fill-opacity="0.55"' if j == 0 else ""
                out.append(f'<rect x="{x_of(x0, width):.1f}" y="{y:.1f}" width="{width:.1f}" '
                           f'height="{h:.1f}" fill="{seg.colour}"{pale}><title>'
                           f'{escape(label)} — {escape(pair_labels[j])} — {escape(seg.label)}: '
                           f'{escape(num(count))}</title></rect>')
    # one axis label per group of periods (a year), centred under its periods
    spans: list[list] = []
    for i, group in enumerate(groups):
        if spans and spans[-1][0] == group:
            spans[-1][2] = i
        else:
            spans.append([group, i, i])
    for group, first, last in spans:
        if first:
            sx = x_of(left + first * slot)
            out.append(f'<line x1="{sx:.1f}" y1="{top}" x2="{sx:.1f}" y2="{base + 22}" '
                       f'stroke="#bbbbbb" stroke-dasharray="2 3"/>')
        cx = x_of(left + (first + last + 1) * slot / 2)
        out.append(f'<text x="{cx:.1f}" y="{base + 20}" font-size="{FONT}" '
                   f'text-anchor="middle">{escape(group)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
