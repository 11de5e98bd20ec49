"""OHCHR's "Thematic list of recommendations" (the UPR matrix), a Word table.

One table, grouped under "Theme: ..." rows. Per row: the recommendation cell (paragraph number,
official text, recommending States in brackets, "Source of position: <symbol> - Para. N"), the
position (Supported / Noted / partly both), the themes cell, and in the newest layout a separate
SDG column. Three layouts are known and handled by the same reading rules:

* ``coded-themes`` (sessions up to 33): themes carry UHRI codes ("A12 Acceptance of international
  norms") and an "Affected persons:" block; States in one bracket, comma-separated.
* ``sdg-blocks`` (sessions 34-47): themes without codes as "- label" lines, then "SDGs:" and
  "Affected persons:" blocks; each State in its own bracket; sometimes several recommending
  texts under one paragraph number.
* ``sdg-column`` (session 48 on): columns "Recommendation and recommending State", "Position
  of the State under review", "Human rights themes and groups of persons", "Relevant SDGs";
  "Groups of Persons:" instead of "Affected persons:".
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core.importers.common import bound_office_file, clean_text, read_input
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError


_PARAGRAPH = re.compile(r"(\d{1,3}\.\d{1,3})\s+(.*)", re.S)
_INLINE_NEXT = re.compile(r"(?<=\))\s*;\s+(?=\d{1,3}\.\d{1,3}\s+[A-Z])")
_SOURCE = re.compile(r"source\s+of\s+position\s*:?\s*(.*)", re.I | re.S)
_SOURCE_ITEM = re.compile(r"([A-Z]+/[A-Za-z0-9./-]*[A-Za-z0-9])"  # the document symbol
                          r"(?:[^;]*?-\s*(?i:para(?:graph)?s?)\.?\s*([0-9]+(?:\.[0-9]+)*))?")
_CODE = re.compile(r"[A-H][0-9]{1,3}\s+(?=\S)")
_BULLET = re.compile(r"^[-\u2013\u2022\u00b7*]\s*")
_SDG = re.compile(r"^([0-9]{1,2})\s*[-\u2013:]\s*[A-Z][A-Z ,&'-]*$")
_SDG_BARE = re.compile(r"^(?:goal\s*)?([0-9]{1,2})$", re.I)
_PERSONS = re.compile(r"(affected\s+persons|groups?\s+of\s+persons)\s*:\s*(.*)", re.I)
_SDG_HEAD = re.compile(r"(sdgs?|relevant\s+sdgs?)\s*:\s*(.*)", re.I)
_ACRONYM = re.compile(r"[A-Z]{2,10}")
_ADDENDUM = re.compile(r"/Add\.[0-9]+$")


@dataclass
class Row:
    """One recommendation as the list prints it (before ids and theme mapping)."""

    paragraph: str
    text: str
    states: list[str]
    response: str
    position_sources: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    sdg_goals: list[int] = field(default_factory=list)
    affected_persons: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class Parsed:
    rows: list[Row]
    layout: str
    report_document: str | None  # the Working Group report, from the position sources
    notes: list[str] = field(default_factory=list)


# --- reading the .docx ---------------------------------------------------------------------

def _open(data: bytes, name: str):
    try:
        import docx
    except ImportError:
        raise EnvironmentProblem("reading .docx files needs python-docx: pip install "
                                 "'nhrp[docx]' (or pip install python-docx)") from None
    if not data.startswith(b"PK"):
        hint = " (an old .doc file: open it in Word or LibreOffice and save it as .docx)" \
            if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise UsageError(f"{name} is not a .docx file{hint}")
    bound_office_file(data, name, "docx")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken files
        raise UsageError(f"{name} cannot be read as a .docx file: {type(exc).__name__}: "
                         f"{exc}") from None


def _lines(cell) -> list[str]:
    out = []
    for paragraph in cell.paragraphs:
        for line in paragraph.text.replace("\r", "\n").replace("\v", "\n").split("\n"):
            line = clean_text(line)
            if line:
                out.append(line)
    return out


def _columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, text in enumerate(header):
        low = clean_text(text).casefold()
        if low.startswith("recommendation") and "rec" not in cols:
            cols["rec"] = i
        elif "position" in low and "pos" not in cols:
            cols["pos"] = i
        elif "theme" in low and "themes" not in cols:
            cols["themes"] = i
        elif "sdg" in low and "sdg" not in cols:
            cols["sdg"] = i
    return cols if {"rec", "pos", "themes"} <= set(cols) else None


def parse(data: bytes, name: str = "the file") -> Parsed:
    document = _open(data, name)
    rows: list[Row] = []
    problems: list[str] = []
    layout_seen = {"coded": False, "sdg_block": False, "sdg_column": False}
    tables = 0
    for t_index, table in enumerate(document.tables, start=1):
        cols = None
        for r_index, row in enumerate(table.rows, start=1):
            cells = row.cells
            texts = [c.text for c in cells]
            if cols is None:
                cols = _columns(texts)
                if cols is not None:
                    tables += 1
                    layout_seen["sdg_column"] |= "sdg" in cols
                continue
            where = f"table {t_index}, row {r_index}"
            first = clean_text(texts[0]) if texts else ""
            if not first or first.casefold().startswith("theme:") or \
                    all(c._tc is cells[0]._tc for c in cells):
                continue  # a "Theme: ..." group row (one cell merged across the table)
            if max(cols.values()) >= len(cells):
                problems.append(f"{where}: has {len(cells)} cells, expected "
                                f"{max(cols.values()) + 1}")
                continue
            rows.extend(_row(cells, cols, where, problems, layout_seen))
    if tables == 0:
        raise InvalidData(f"{name}: no table with the columns Recommendation, Position and "
                          "themes; is this an OHCHR thematic list of recommendations?")
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InvalidData(f"{name}: {len(problems)} row(s) could not be read; nothing was "
                          f"imported:\n{shown}{more}")
    rows, notes = _merge_duplicates(rows)
    layout = "sdg-column" if layout_seen["sdg_column"] else \
        "sdg-blocks" if layout_seen["sdg_block"] or not layout_seen["coded"] else "coded-themes"
    symbols = list(dict.fromkeys(_ADDENDUM.sub("", s["document"])
                                 for r in rows for s in r.position_sources))
    if len(symbols) > 1:
        notes.append(f"the positions cite several reports ({', '.join(symbols)}); the first is "
                     "taken as the recommendations' source unless --document says otherwise")
    return Parsed(rows, layout, symbols[0] if symbols else None, notes)


def _row(cells, cols, where, problems, seen) -> list[Row]:
    rec_lines = _lines(cells[cols["rec"]])
    position = clean_text(cells[cols["pos"]].text)
    response = response_of(position)
    if response is None:
        problems.append(f"{where}: position {position!r} is not Supported, Noted or partly "
                        "supported")
        return []
    labels, goals, persons = _themes(_lines(cells[cols["themes"]]), seen)
    if "sdg" in cols:
        for line in _lines(cells[cols["sdg"]]):
            goal = _sdg_goal(_BULLET.sub("", line))
            if goal is not None and goal not in goals:
                goals.append(goal)
    blocks = _blocks(rec_lines)
    if not blocks:
        problems.append(f"{where}: no paragraph number (such as 127.5) at the start of the "
                        "recommendation")
        return []
    row_sources = [s for _, _, sources in blocks for s in sources]
    out = []
    for paragraph, text, sources in blocks:
        text = text.rstrip(" ;")
        states = recommending_states(text)
        if not states:
            problems.append(f"{where}: {paragraph}: no recommending State in brackets at the end "
                            "of the text")
            continue
        out.append(Row(paragraph, text, states, response, sources or row_sources,
                       list(labels), list(goals), list(persons), where))
    return out


def _blocks(lines: list[str]) -> list[tuple[str, str, list[dict]]]:
    """Split a recommendation cell into (paragraph, text, position sources) blocks."""
    pieces: list[str] = []
    for line in lines:
        pieces.extend(p for p in _INLINE_NEXT.split(line) if p.strip())
    blocks: list[list] = []
    for piece in pieces:
        source = _SOURCE.match(piece)
        if source:
            if blocks:
                blocks[-1][2].extend(_sources(source.group(1)))
            continue
        start = _PARAGRAPH.match(piece)
        if start:
            blocks.append([start.group(1), start.group(2), []])
        elif blocks:
            blocks[-1][1] += " " + piece
    return [(p, clean_text(t), _unique(s)) for p, t, s in blocks]


def _sources(text: str) -> list[dict]:
    out = []
    for part in re.split(r"[;\n]", text):
        match = _SOURCE_ITEM.search(part)
        if match:
            item = {"document": match.group(1)}
            if match.group(2):
                item["paragraph"] = match.group(2)
            out.append(item)
    return out


def _unique(items: list) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def response_of(position: str) -> str | None:
    low = position.casefold()
    supported = "support" in low or "accept" in low
    noted = "noted" in low or "reject" in low
    if "partial" in low or (supported and noted):
        return "partially-supported"
    if supported:
        return "supported"
    if noted:
        return "noted"
    if "pending" in low:
        return "pending"
    return None


def _themes(lines: list[str], seen: dict) -> tuple[list[str], list[int], list[str]]:
    labels: list[str] = []
    goals: list[int] = []
    persons: list[str] = []
    mode = "themes"
    for line in lines:
        head = _PERSONS.match(line)
        if head:
            mode, line = "persons", head.group(2)
        else:
            head = _SDG_HEAD.match(line)
            if head:
                mode, line = "sdgs", head.group(2)
                seen["sdg_block"] = True
        item = clean_text(_BULLET.sub("", line))
        if not item:
            continue
        goal = _sdg_goal(item)
        if mode == "sdgs" or (goal is not None and _SDG.match(item)):
            if goal is not None and goal not in goals:
                goals.append(goal)
        elif mode == "persons":
            if item not in persons:
                persons.append(item)
        else:
            coded = _CODE.match(item)
            if coded:
                seen["coded"] = True
                item = item[coded.end():]
            if item not in labels:
                labels.append(item)
    return labels, goals, persons


def _sdg_goal(text: str) -> int | None:
    match = _SDG.match(text) or _SDG_BARE.match(text)
    if match and 1 <= int(match.group(1)) <= 17:
        return int(match.group(1))
    return None


# --- recommending States -------------------------------------------------------------------

def recommending_states(text: str) -> list[str]:
    """The States in brackets that close each recommending clause, in order.

    "... (Belgium, France);" and "... (France) (Lithuania);" both give two States;
    "Venezuela (Bolivarian Republic of)" stays one name; "(No. 29)" or "(CEDAW)" before the
    States' brackets are part of the text, not States. A clause ends at a ';' that is followed
    by a new sentence (capital letter), so "...(Ukraine); Increase efforts ... (Slovakia)" gives
    both States."""
    states: list[str] = []
    clauses = _split_depth0(text, ";")
    for i, clause in enumerate(clauses):
        clause = clause.strip().rstrip(".").rstrip()
        last = i == len(clauses) - 1 or not any(c.strip() for c in clauses[i + 1:])
        if not last and not re.match(r"\s*[A-Z]", clauses[i + 1]):
            continue  # "...(including X); and strengthen ..." is one sentence
        for group in _closing_groups(clause):
            for name in _split_depth0(group, ","):
                name = clean_text(name)
                if name and name not in states:
                    states.append(name)
    return states


def _split_depth0(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _closing_groups(clause: str) -> list[str]:
    """Bracket groups at the very end of ``clause`` that look like State names, in order."""
    groups: list[str] = []
    rest = clause
    while rest.endswith(")"):
        depth, i = 0, len(rest) - 1
        while i >= 0:
            if rest[i] == ")":
                depth += 1
            elif rest[i] == "(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i < 0:
            break
        inner = rest[i + 1:-1].strip()
        if not _looks_like_states(inner):
            break
        groups.insert(0, inner)
        rest = rest[:i].rstrip()
    return groups


def _looks_like_states(inner: str) -> bool:
    return (bool(inner) and not any(ch.isdigit() for ch in inner)
            and not _ACRONYM.fullmatch(inner)
            and (inner[0].isupper() or inner.startswith("the ")))


# --- duplicates ----------------------------------------------------------------------------

def _merge_duplicates(rows: list[Row]) -> tuple[list[Row], list[str]]:
    """The same paragraph printed twice (under two theme groups, or once per part of a split
    position) becomes one recommendation."""
    notes: list[str] = []
    by_paragraph: dict[str, Row] = {}
    for row in rows:
        first = by_paragraph.get(row.paragraph)
        if first is None:
            by_paragraph[row.paragraph] = row
            continue
        if first.text != row.text:
            notes.append(f"{row.paragraph} is printed with two different texts ({first.where} and "
                         f"{row.where}); the first is kept")
        if first.response != row.response:
            notes.append(f"{row.paragraph} has the positions {first.response} ({first.where}) and "
                         f"{row.response} ({row.where}); imported as partially-supported")
            first.response = "partially-supported"
        for name in ("states", "position_sources", "labels", "sdg_goals", "affected_persons"):
            merged = getattr(first, name)
            merged.extend(v for v in getattr(row, name) if v not in merged)
    return list(by_paragraph.values()), notes


def read(path: Path) -> Parsed:
    return parse(read_input(path), Path(path).name)
