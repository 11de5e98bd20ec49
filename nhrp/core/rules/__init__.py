"""The validation rules: this module is their one registry (codes, :class:`Problem`).

Every problem nhrp reports carries one of these codes. Codes are stable: a rule may be
reworded, never renumbered. Each has a line in docs/rules.md (a test keeps them in step) and
a failing fixture in tests/fixtures/invalid/.

The rules are pure functions of parsed records — no file, git or cache access:

* :mod:`.record` — one record on its own (with :mod:`.text` and :mod:`.dates`);
* :mod:`.references` — across files (with :mod:`.identity`, :mod:`.entries`,
  :mod:`.activities`);
* :mod:`.check` — a file's bytes to its per-file result; a set of records to its problems;
* :mod:`.neighbours` — which unchanged files a change can affect;
* :mod:`.result` — the result of a run, which :mod:`nhrp.core.validate` assembles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from nhrp.escape import terminal


class Rule(NamedTuple):
    code: str
    name: str
    summary: str
    severity: str = "error"


RULES: dict[str, Rule] = {}


def _rule(code: str, name: str, summary: str, severity: str = "error") -> None:
    assert code not in RULES, code
    RULES[code] = Rule(code, name, summary, severity)


# Y: reading the file
_rule("Y101", "yaml-syntax", "The file is not well-formed YAML.")
_rule("Y102", "not-utf8", "The file is not UTF-8 text.")
_rule("Y103", "duplicate-key", "A key appears twice in one mapping (YAML would silently keep the last).")
_rule("Y104", "alias", "Anchors, aliases and merge keys are refused (they enable alias bombs).")
_rule("Y105", "file-too-large", "The file is larger than the configured limit.")
_rule("Y106", "too-deep", "The document is nested deeper than any plan file needs.")
_rule("Y107", "conflict-marker", "The file contains git merge-conflict markers.")
_rule("Y108", "yaml-tag", "A YAML tag such as !!python/object is used; tags are never constructed.")
_rule("Y109", "not-a-mapping", "The file does not hold a mapping of fields at its top level.")
_rule("Y110", "bad-value", "A value the loader cannot build, e.g. a number of thousands of digits or `!!int` on a word.")
# S: the JSON Schema of the record kind
_rule("S201", "missing-field", "A required field is missing.")
_rule("S202", "unknown-field", "A field the schema does not know (often a typo).")
_rule("S203", "wrong-type", "A value has the wrong type, e.g. 127.10 read as a number where text is expected.")
_rule("S204", "not-allowed-value", "A value is not one of the allowed values.")
_rule("S205", "bad-format", "A value does not have the expected form (id, date, link, document symbol).")
_rule("S206", "schema", "Another schema constraint fails (empty list, repeated items, out of range).")
# R: identity and references across files
_rule("R301", "id-not-file-name", "The record's id differs from its file name.")
_rule("R302", "duplicate-id", "Two records share an id (also ids that differ only in letter case).")
_rule("R303", "unknown-actor", "A reference to an actor that has no file in data/actors/.")
_rule("R304", "unknown-recommendation", "A reference to a recommendation that does not exist.")
_rule("R305", "unknown-theme", "A theme id that is not in data/vocabularies/themes.yaml.")
_rule("R306", "unknown-supersedes", "supersedes names no earlier entry of the same recommendation and actor (or the corrections loop).")
_rule("R307", "unknown-status", "A status that is not on the plan's status_scale.")
_rule("R308", "unknown-duty-bearer", "A duty bearer that is not in the plan's duty_bearers.")
_rule("R309", "conflicting-assignment", "An actor assigned twice, or two leads for one duty bearer.")
_rule("R310", "entry-location", "A monitoring entry is not at data/monitoring/<recommendation>/<as_of>-<by>.yaml.")
_rule("R311", "unknown-language", "Text in a language the plan does not list.")
_rule("R312", "confusable-name", "An actor's name looks like another actor's name (homoglyphs, spelling variants).")
_rule("R313", "self-assessment-other-duty-bearer", "A self-assessment by an authority about a duty bearer it does not belong to.")
_rule("R340", "received-not-by-secretariat", "An answer received by form or sheet that names as its importer someone who is not a maintainer of the plan.")
# D: dates
_rule("D401", "impossible-date", "A date that does not exist in the calendar (2023-02-30).")
_rule("D402", "future-date", "An as-of, assignment, review, invitation or answer date later than today.")
_rule("D403", "date-order", "An end before its start: due before assigned, period end before start.")
_rule("D404", "before-review", "A monitoring entry's as_of date is before the review that made the recommendation.")
# T: text hygiene
_rule("T501", "bidi-control", "Bidirectional control characters (Trojan Source) in text.")
_rule("T502", "zero-width", "Invisible characters: zero-width ones other than ZWNJ/ZWJ, invisible operators, tag characters, soft hyphens.")
_rule("T503", "not-nfc", "Text that is not in Unicode NFC form.")
_rule("T504", "control-character", "Control characters (other than newline) and noncharacters such as U+FFFE in text.")
_rule("T505", "mixed-script", "A word mixing Latin with Cyrillic or Greek look-alike letters.")
# F: files
_rule("F601", "unknown-file", "A file under data/ that nhrp does not know, or a tracked dot-file (never read).")
_rule("F602", "symlink", "A symbolic link inside the plan; links are never followed.")
# A: the plan's activities, indicators and measurements
_rule("A701", "unknown-axis", "An activity's axis is not among the axes in nhrp.yaml.")
_rule("A702", "unknown-activity", "A measurement of an activity that has no file in data/activities/.")
_rule("A703", "unknown-indicator", "A measurement of an indicator its activity does not have.")
_rule("A704", "unit-mismatch", "A measurement's unit differs from its indicator's unit.")
_rule("A705", "outside-plan-period", "An activity's start, end or target date lies outside the plan period.")
_rule("A706", "unsupported-recommendation", "An activity implements a recommendation the State did not support, without saying why.")
_rule("A707", "measurement-location", "A measurement is not at data/measurements/<activity>/<indicator>/<as_of>-<by>.yaml.")
_rule("A708", "duplicate-indicator", "Two indicators of one activity share an id.")
_rule("A709", "repeats-not-earlier", "A recommendation repeats one that is not of an earlier cycle.")
# W: warnings (exit 0; errors with validate --strict)
_rule("W701", "missing-translation", "A name, summary or note lacks one of the plan's languages.",
      "warning")




@dataclass
class Problem:
    """One finding. ``json_path`` locates it inside the file; line/column are filled in later,
    only for files that have problems (see :func:`nhrp.core.yamlio.locate`)."""

    path: str
    code: str
    message: str
    json_path: tuple = ()
    line: int = 0
    column: int = 0
    at_key: bool = False
    quote_hint: bool = False
    severity: str = field(default="")

    def __post_init__(self) -> None:
        if not self.severity:
            self.severity = RULES[self.code].severity
        # one problem, one line: data quoted in a message cannot break or reorder the output
        self.message = terminal(self.message)

    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, "code": self.code,
                "severity": self.severity, "message": self.message,
                "json_path": json_path_text(self.json_path)}


def json_path_text(path: tuple) -> str:
    """``('assignments', 0, 'due')`` -> ``assignments[0].due``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
