"""UPR Info database exports (CSV).

Columns ``To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue,
Session``, one row per recommending State. Real exports come with old-Mac CR line endings, LF
or CRLF, with or without a UTF-8 byte order mark, and older ones in the Mac Roman encoding;
``Issue`` holds several comma-separated labels in one quoted field.

The export gives no paragraph numbers, so the rows of one recommendation are recognised by their
text (same State under review, same session, same text after normalising spaces, quotes and
letter case) and the id is made from that text: ``upr<cycle>-x<first 8 hex digits of the
SHA-256 of the normalised text>``. Importing the same file again gives the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from nhrp.core.importers.common import clean_text
from nhrp.core.names import NotFound
from nhrp.errors import InvalidData, UsageError

REQUIRED = ("To", "Text", "From", "Response", "Issue", "Session")
RESPONSES = {"accepted": "supported", "supported": "supported", "noted": "noted",
             "rejected": "noted", "pending": "pending", "partially accepted": "partially-supported",
             "partially supported": "partially-supported"}
# Labels UPR Info used in older exports for issues the bundled list names differently
# (../shared/data/vocabularies.md, note under 2a).
ALIASES = {"Detention": "Detention conditions",
           "Technical assistance and cooperation": "Technical assistance"}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@dataclass
class Group:
    """The rows of one recommendation."""

    id_key: str  # what the id hash is made from
    text: str
    session: int
    states: list[str] = field(default_factory=list)
    response: str = ""
    actions: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def record_id(self, cycle: int) -> str:
        digest = hashlib.sha256(self.id_key.encode("utf-8")).hexdigest()[:8]
        return f"upr{cycle}-x{digest}"


@dataclass
class Parsed:
    groups: list[Group]
    state: str  # as the file spells it
    session: int
    encoding: str
    rows: int  # rows for this State and session
    notes: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """The text a recommendation is recognised by."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().rstrip(".;").strip().casefold()


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Text and the encoding used: the one given, else UTF-8 (BOM or not), else Mac Roman for
    files with old-Mac line endings and Windows-1252 for others."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise UsageError(f"--encoding {encoding!r} is not an encoding Python knows") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"the file is not valid {encoding} (byte {exc.start}); try another "
                             "--encoding") from None
        return text.lstrip("\ufeff"), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    first_end = re.search(rb"\r\n?|\n", data)  # how the header line ends
    old_mac = first_end is not None and first_end.group() == b"\r"
    fallback = "mac_roman" if old_mac else "cp1252"
    try:
        return data.decode(fallback), fallback
    except UnicodeDecodeError:
        raise UsageError("the file is neither UTF-8 nor Windows-1252; give its encoding with "
                         "--encoding") from None


def parse(data: bytes, *, state: str, session: int | None = None, encoding: str | None = None,
          name: str = "the file") -> Parsed:
    text, used = decode(data, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidData(f"{name} is empty") from None
    except csv.Error as exc:
        raise InvalidData(f"{name}: not a readable CSV file: {exc}") from None
    columns = {clean_text(h).casefold(): i for i, h in enumerate(header)}
    missing = [c for c in REQUIRED if c.casefold() not in columns]
    if missing:
        raise InvalidData(f"{name}: not a UPR Info export: column(s) {', '.join(missing)} missing "
                          f"(found: {', '.join(clean_text(h) for h in header) or 'nothing'})")
    col = {c: columns.get(c.casefold()) for c in (*REQUIRED, "Action")}

    def cell(row: list[str], column: str) -> str:
        i = col[column]
        return clean_text(row[i]) if i is not None and i < len(row) else ""

    wanted = clean_text(state).casefold()
    states_seen: dict[str, str] = {}
    mine: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not any(v.strip() for v in row):
                continue
            to = cell(row, "To")
            states_seen.setdefault(to.casefold(), to)
            if to.casefold() == wanted:
                mine.append((reader.line_num, row))
    except csv.Error as exc:
        raise InvalidData(f"{name}:{reader.line_num}: not a readable CSV line: {exc}") from None
    if not mine:
        raise NotFound("State under review in this file", state, sorted(states_seen.values()))
    spelled = cell(mine[0][1], "To")
    sessions = sorted({cell(row, "Session") for _, row in mine}, key=_session_key)
    if session is None:
        if len(sessions) > 1:
            raise UsageError(f"the file holds {spelled}'s reviews of sessions "
                             f"{', '.join(sessions)}; choose one with --session")
        session_text = sessions[0]
    else:
        session_text = str(session)
        if session_text not in sessions:
            raise UsageError(f"the file has no session {session} for {spelled}; it has: "
                             f"{', '.join(sessions)}")
    if not session_text.isdigit():
        raise InvalidData(f"{name}: session {session_text!r} is not a number")
    rows = [(line, row) for line, row in mine if cell(row, "Session") == session_text]
    groups, problems, notes = _group(rows, cell, int(session_text))
    if problems:
        shown = "\n".join(f"  {name}:{p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise InvalidData(f"{len(problems)} row(s) could not be read; nothing was imported:\n"
                          f"{shown}{more}")
    return Parsed(groups, spelled, int(session_text), used, len(rows), notes)


def _session_key(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def _group(rows, cell, session: int) -> tuple[list[Group], list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    by_text: dict[str, list[tuple[int, list[str], str]]] = {}
    for line, row in rows:
        text = cell(row, "Text")
        response_text = cell(row, "Response")
        response = RESPONSES.get(response_text.casefold())
        if not text:
            problems.append(f"{line}: the Text is empty")
            continue
        if response is None:
            problems.append(f"{line}: Response {response_text!r} is not Accepted or Noted")
            continue
        action = cell(row, "Action")
        if action and not (action.isdigit() and 1 <= int(action) <= 5):
            problems.append(f"{line}: Action {action!r} is not an action category 1-5")
            continue
        if not cell(row, "From"):
            problems.append(f"{line}: From (the recommending State) is empty")
            continue
        by_text.setdefault(normalise(text), []).append((line, row, response))
    groups: list[Group] = []
    for key, members in by_text.items():
        responses = list(dict.fromkeys(r for _, _, r in members))
        if len(responses) > 1:
            notes.append(f"one text has different responses ({', '.join(responses)}) on lines "
                         f"{', '.join(str(line) for line, _, _ in members)}: imported as "
                         f"{len(responses)} recommendations, one per response")
        for response in responses:
            id_key = key if len(responses) == 1 else f"{key}\n{response}"
            group = Group(id_key, cell(members[0][1], "Text"), session, response=response)
            for line, row, r in members:
                if r != response:
                    continue
                group.lines.append(line)
                sender = cell(row, "From")
                if sender not in group.states:
                    group.states.append(sender)
                action = cell(row, "Action")
                if action:
                    group.actions.append(int(action))
                for label in cell(row, "Issue").split(","):
                    label = clean_text(label)
                    if label and label not in group.labels:
                        group.labels.append(label)
            if len(set(group.actions)) > 1:
                notes.append(f"lines {', '.join(map(str, group.lines))}: action categories "
                             f"{', '.join(map(str, sorted(set(group.actions))))} for one "
                             f"recommendation; the highest, {max(group.actions)}, is kept")
            groups.append(group)
    return groups, problems, notes
