"""``nhrp validate``: schema plus the rules a schema cannot express (codes in rules.py).

The work is linear in the number of files: each file is parsed once, checked against its
compiled schema and the per-record rules, then the cross-file rules run over one index.
Line and column numbers are looked up afterwards, only for files that have problems.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import activity_rules, confusables, entry_rules, layout, yamlio
from nhrp.core import plan as plan_mod
from nhrp.core.plan import Loaded, Plan, build
from nhrp.core.rules import Problem, json_path_text
from nhrp.core.schemas import schema_problems
from nhrp.core.store import files, memo
from nhrp.core.translations import missing_translations

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\ufeff\u180e\u00ad\U000e0000-\U000e007f]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")  # + XML-forbidden
DATE_FIELDS = {"as_of", "assigned_on", "due", "since", "start", "end", "review_date", "date",
               "on"}
PAST_DATE_FIELDS = {"as_of", "assigned_on", "review_date", "since", "on"}  # on: invited, answered


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    counts: Counter = field(default_factory=Counter)  # records by kind

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        return {"ok": self.ok, "files": self.files, "records": dict(sorted(self.counts.items())),
                "errors": self.errors, "warnings": self.warnings,
                "problems": [p.as_dict() for p in self.problems]}


def validate_tree(root: Path, *, today: dt.date, only: list[str] | None = None,
                  cross_file_everywhere: bool = False, use_cache: bool = True,
                  jobs: int | None = None) -> Report:
    """Validate the working tree at ``root``; ``only`` restricts full checks to those paths
    (cross-file reference checks still see the whole plan). With ``cross_file_everywhere`` the
    cross-file problems (unique ids, references) are reported in every file, not only in
    ``only``: a deleted actor breaks the unchanged files that name it.

    Speed (see :mod:`nhrp.core.store.files`): when no file changed since the last run, the last
    result is reused after one ``lstat`` per file; otherwise unchanged files reuse their cached
    per-file results, and the rest are checked on all cores when there are many."""
    source = layout.WorkTree(root)
    all_paths = [p for p in source.paths() if not layout.is_documentation(p)]
    snapshot = memo.Snapshot(source, all_paths, (sorted(only) if only is not None else None,
                                                      cross_file_everywhere), enabled=use_cache)
    stored = _from_snapshot(snapshot.get(), today.isoformat())
    if stored is not None:
        report, future = stored
    else:
        report, future = _check_listing(source, all_paths, only, cross_file_everywhere,
                                        use_cache, jobs, today)
        snapshot.put({"today": today.isoformat(), "files": report.files,
                      "counts": dict(report.counts), "future": future,
                      "problems": [(p.path, p.code, p.message, tuple(p.json_path), p.line,
                                    p.column) for p in report.problems]})
    dates = [p for path, at, value in future for p in _future_dates(path, [(at, value)], today)]
    _fill_positions(dates, source)
    hidden = [Problem(path, "F601", layout.HIDDEN_HINT, (), 1, 1)
              for path in _tracked_hidden(root, source.hidden) if only is None or path in only]
    report.files += len(hidden)
    report.problems = sorted(report.problems + dates + hidden, key=Problem.sort_key)
    return report


def _tracked_hidden(root: Path, skipped: list[str]) -> list[str]:
    """Files git tracks under data/ that the listing skipped (a name starting with '.', or
    inside such a folder). Untracked clutter (.DS_Store) is not a plan file; outside git
    nothing is tracked. Git is asked only when the listing met such a name."""
    import subprocess

    if not skipped:
        return []
    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--",
                               *(f":(literal){path}" for path in skipped)], capture_output=True)
    except FileNotFoundError:
        return []
    if done.returncode != 0:
        return []
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n and layout.is_hidden(n)})


def _from_snapshot(stored, today: str) -> tuple[Report, list] | None:
    """A stored result, usable when it was made on or before today (dates that were in the
    future then are kept and judged again)."""
    if not isinstance(stored, dict) or stored.get("today", "9999") > today:
        return None
    try:
        report = Report(problems=[Problem(*p) for p in stored["problems"]],
                        files=stored["files"], counts=Counter(stored["counts"]))
        return report, list(stored["future"])
    except (KeyError, TypeError, ValueError):
        return None


def _check_listing(source: layout.WorkTree, all_paths: list[str], only: list[str] | None,
                   cross_file_everywhere: bool, use_cache: bool, jobs: int | None,
                   today: dt.date) -> tuple[Report, list[tuple]]:
    """Every check except D402 (future dates), whose candidates are returned separately so
    that a cached result stays right as days pass."""
    report = Report()
    wanted = set(only) if only is not None else None
    record_paths: list[str] = []
    for path in all_paths:
        selected = wanted is None or path in wanted
        report.files += selected
        if source.is_symlink(path):
            if selected:
                report.problems.append(Problem(path, "F602", "symbolic link: replace it with the "
                                               "file itself (links are never followed)", (), 1, 1))
        elif layout.kind_of(path) is None:
            if selected:
                report.problems.append(Problem(path, "F601", _unknown_file_hint(path), (), 1, 1))
        else:
            record_paths.append(path)
    results = files.checked_files(source, record_paths, check_file, use_cache=use_cache,
                                      jobs=jobs)
    loaded: list[Loaded] = []
    limit = today.isoformat()
    future: list[tuple] = []
    for path in record_paths:
        kind, data, problems, past_dates = results[path]
        selected = wanted is None or path in wanted
        if selected:
            report.problems += [Problem(path, *p) for p in problems]
            future += [(path, at, value) for at, value in past_dates if value > limit]
        if data is None:
            loaded.append(Loaded(path, kind, None, Problem(path, *problems[0])))
        else:
            loaded.append(Loaded(path, kind, data))
        readable = data is not None or not problems[0][0].startswith("Y")
        report.counts[kind] += selected and readable
    cross = _cross_file_problems(loaded)
    report.problems += [p for p in cross if wanted is None or cross_file_everywhere
                        or p.path in wanted]
    _fill_positions(report.problems, source)
    return report, future


def check_file(path: str, raw: bytes) -> tuple:
    """Everything about one file that does not depend on other files or on today's date:
    ``(kind, data for the cross-file rules or None, problems as tuples, past-only dates)``.
    Problems carry their line and column already. Runs in worker processes; results are cached."""
    item = plan_mod.parse(path, raw)
    if item.problem is not None:
        p = item.problem
        return item.kind, None, [(p.code, p.message, (), p.line, p.column)], []
    text = raw.decode("utf-8-sig")  # parse() has checked that it decodes
    dates = _date_fields(item.data)
    problems = schema_problems(item.kind, item.data, item.path) + \
        _record_rules(item, text, dates)
    _locate(problems, text)
    return (item.kind, _projection(item.kind, item.data),
            [(p.code, p.message, p.json_path, p.line, p.column) for p in problems],
            [(at, value) for at, value in dates if at[-1] in PAST_DATE_FIELDS
             and parse_date(value)])


def check_loaded(loaded: list[Loaded], *, today: dt.date, only: set[str] | None = None,
                 cross_file_everywhere: bool = False) -> list[Problem]:
    """All checks over already-parsed records (used to validate a change before writing it):
    per-record for ``only`` (default all), cross-file for all. No line numbers."""
    problems: list[Problem] = []
    for item in loaded:
        if only is not None and item.path not in only:
            continue
        if item.problem is not None:
            problems.append(item.problem)
        else:
            problems += _content_problems(item)
            problems += _future_dates(item.path, [
                (at, value) for at, value in _date_fields(item.data)
                if at[-1] in PAST_DATE_FIELDS and parse_date(value)], today)
    problems += [p for p in _cross_file_problems(loaded)
                 if only is None or cross_file_everywhere or p.path in only]
    return problems


def _content_problems(item: Loaded) -> list[Problem]:
    return schema_problems(item.kind, item.data, item.path) + _record_rules(item)


def _cross_file_problems(loaded: list[Loaded]) -> list[Problem]:
    readable = [item for item in loaded if item.problem is None]
    unreadable = {item.path for item in loaded if item.problem is not None}
    return _cross_file_rules(build(readable), readable, unreadable)


_TEXT_MAPS = ("names", "summary", "text", "description")
_DROPPED = ("notes", "evidence")


def _projection(kind: str, data: dict) -> dict:
    """What the cross-file rules and the index (``plan.load_index``: status, list) read. Notes,
    evidence and the summaries of monitoring entries are left out, which keeps the cache and
    the data passed between processes small; recommendations keep their texts for search."""
    if kind in ("plan", "themes", "sdgs", "participation"):
        return data
    out = {}
    for key, value in data.items():
        if key in _DROPPED:
            continue
        if kind == "monitoring-entry" and key == "summary" and isinstance(value, dict):
            value = dict.fromkeys(value, "")
        out[key] = value
    return out


# --- per-record rules ------------------------------------------------------------------------

def _record_rules(item: Loaded, text: str | None = None,
                  dates: list[tuple] | None = None) -> list[Problem]:
    """Rules on one record that depend on nothing else (not even today's date). ``text``, the
    file as written, lets clean files skip the per-string text checks; ``dates`` are its date
    fields when the caller has them already."""
    out: list[Problem] = []
    data, path, kind = item.data, item.path, item.kind
    if kind in ("actor", "recommendation", "activity") and isinstance(data.get("id"), str):
        expected = layout.stem(path)
        if data["id"] != expected:
            out.append(Problem(path, "R301", f"id '{data['id']}' differs from the file name "
                               f"'{expected}.yaml'; rename the file or fix the id", ("id",)))
    if kind == "monitoring-entry":
        out += _entry_location(item)
    if kind in ("activity", "measurement"):
        out += activity_rules.record_rules(item)
    out += _text_hygiene(path, data, text)
    dates = _date_fields(data) if dates is None else dates
    out += [p for at, value in dates for p in _date_problems(path, value, at)]
    if kind == "recommendation":
        assignments = data.get("assignments")
        for i, a in enumerate(assignments if isinstance(assignments, list) else []):
            if isinstance(a, dict):
                out += _order(path, ("assignments", i), a.get("assigned_on"), a.get("due"),
                              "due date", "assignment date")
    if kind == "plan" and isinstance(data.get("period"), dict):
        period = data["period"]
        out += _order(path, ("period",), period.get("start"), period.get("end"), "period end",
                      "period start")
    return out


def _entry_location(item: Loaded) -> list[Problem]:
    data, path = item.data, item.path
    folder = path.split("/")[-2]
    out = []
    rec = data.get("recommendation")
    if isinstance(rec, str) and rec != folder:
        out.append(Problem(path, "R310", f"entry for '{rec}' is in the folder of '{folder}'; move "
                           f"it to data/monitoring/{rec}/", ("recommendation",)))
    stem = layout.stem(path)
    match = layout.ENTRY_STEM.match(stem)
    as_of, by = data.get("as_of"), data.get("by")
    if isinstance(as_of, str) and isinstance(by, str) and parse_date(as_of) and layout.SLUG.match(by):
        expected = f"{as_of}-{by}"
        if not match or not (stem == expected or re.fullmatch(re.escape(expected) + r"-[0-9]+", stem)):
            if match and match.group("by") != by:  # which one is right is not known here: a
                # typo in 'by' must not be suggested as the new file name
                out.append(Problem(path, "R310", f"the file name says the entry is by "
                                   f"'{match.group('by')}' but by: says '{by}'; make them agree "
                                   "(fix by: if it has a typo, else rename the file)", ("by",)))
            else:
                out.append(Problem(path, "R310", f"file name should be {expected}.yaml (as_of "
                                   "date, then the assessing actor)", ()))
    return out


_ATTENTION = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e\u00ad"
                        "\U000e0000-\U000e007f\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                        "\u0370-\u03ff\u0400-\u052f]")  # + Greek, Cyrillic
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def _text_hygiene(path: str, data: dict, text: str | None) -> list[Problem]:
    """Bidi controls, zero-width and control characters, non-NFC text, look-alike letters,
    string by string — but only when the file could hold one: a clean file (the common case)
    is decided by a scan of its text. Raw control characters cannot get past the YAML parser,
    but a double-quoted escape such as \\u202e can, so a backslash counts as suspect."""
    if text is None:
        text = "\n".join(s for s, _ in _strings(data, ()))
        suspect = True  # built from the values: escapes are already decoded
    else:
        suspect = "\\" in text
    if not suspect and text.isascii():
        return []
    if not suspect and _ATTENTION.search(text) is None and unicodedata.is_normalized("NFC", text):
        return []
    out = []
    for s, at in _strings(data, ()):
        if s.isascii() and _CONTROL.search(s) is None:
            continue
        words = confusables.mixed_script_words(s)
        if words:
            out.append(Problem(path, "T505", f"{json_path_text(at) or 'text'}: '{words[0]}' "
                               "mixes Latin with Cyrillic or Greek letters that look the same; "
                               "retype it", at))
        out += _text_problems(path, s, at)
    return out


def _strings(value, at: tuple):
    """Every string in the data, keys included, with its place."""
    stack = [(value, at)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.items():
                if isinstance(key, str):
                    yield key, where + (key,)
                stack.append((sub, where + (key,)))
        elif isinstance(node, list):
            stack.extend((sub, where + (i,)) for i, sub in enumerate(node))
        elif isinstance(node, str):
            yield node, where




def _date_fields(data: dict) -> list[tuple]:
    """(place, value) of every date field. Only mappings (and lists of mappings) are walked:
    texts and lists of plain values never hold a date field."""
    out, stack = [], [(data, ())]
    while stack:
        node, at = stack.pop()
        for key, value in node.items():
            if isinstance(value, str):
                if key in DATE_FIELDS:
                    out.append((at + (key,), value))
            elif isinstance(value, dict):
                if key not in _TEXT_MAPS:
                    stack.append((value, at + (key,)))
            elif isinstance(value, list):
                stack.extend((item, at + (key, i)) for i, item in enumerate(value)
                             if isinstance(item, dict))
    return out


def _future_dates(path: str, past_dates: list, today: dt.date) -> list[Problem]:
    limit = today.isoformat()
    return [Problem(path, "D402", f"{json_path_text(tuple(at))}: {value} is in the future (today "
                    f"is {limit}); record what has happened, as of today or earlier", tuple(at))
            for at, value in past_dates if value > limit]


def _text_problems(path: str, text: str, at: tuple) -> list[Problem]:
    field_name = json_path_text(at) or "text"
    out = []
    if _BIDI.search(text):
        ch = _BIDI.search(text).group()
        out.append(Problem(path, "T501", f"{field_name}: bidirectional control character "
                           f"U+{ord(ch):04X} can make text display differently from what is stored; "
                           "remove it", at))
    if _ZERO_WIDTH.search(text):
        ch = _ZERO_WIDTH.search(text).group()
        out.append(Problem(path, "T502", f"{field_name}: invisible character U+{ord(ch):04X}; "
                           "remove it (ZWNJ U+200C and ZWJ U+200D are allowed)", at))
    if _CONTROL.search(text.replace("\t", "")):
        ch = _CONTROL.search(text.replace("\t", "")).group()
        what = "noncharacter" if ord(ch) >= 0xfdd0 else "control character"
        out.append(Problem(path, "T504", f"{field_name}: {what} U+{ord(ch):04X}; "
                           "remove it", at))
    if not unicodedata.is_normalized("NFC", text):
        out.append(Problem(path, "T503", f"{field_name}: text is not in Unicode NFC form (e.g. a "
                           "letter and a separate combining mark); 'nhrp fmt' does not change "
                           "text: retype it or normalise it to NFC", at))
    return out


def parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _date_problems(path: str, value: str, at: tuple) -> list[Problem]:
    if not _DATE.match(value):
        return []  # the schema reports the form
    if parse_date(value) is None:
        return [Problem(path, "D401", f"{json_path_text(at)}: {value} is not a date in the "
                        "calendar", at)]
    return []


def _order(path, at, start, end, end_name, start_name) -> list[Problem]:
    first, last = parse_date(start), parse_date(end)
    if first and last and last < first:
        return [Problem(path, "D403", f"{json_path_text(at)}: {end_name} {end} is before the "
                        f"{start_name} {start}", at + (("due",) if end_name == "due date" else ("end",)))]
    return []


# --- cross-file rules ------------------------------------------------------------------------

def _cross_file_rules(plan: Plan, loaded: list[Loaded], unreadable: set[str]) -> list[Problem]:
    """References between files; tolerant of records that break their schema (those have
    their own S2xx problems). A file that could not be read already has its own problem;
    its file name still counts as a known id, and when a whole vocabulary (the plan file, the
    theme list) is unreadable the references into it are not checked, so one broken file does
    not cascade into dozens of false "unknown" reports."""
    out: list[Problem] = []
    out += _duplicate_ids(loaded)
    out += missing_translations(loaded, plan.languages)
    meta, plan_path = plan.meta, layout.PLAN_FILE
    stems = {kind: {layout.stem(i.path) for i in loaded if i.kind == kind}
             for kind in ("actor", "recommendation")}
    for path in unreadable:
        if layout.kind_of(path) in stems:
            stems[layout.kind_of(path)].add(layout.stem(path))
    actors = set(plan.actors) | stems["actor"]
    recommendations = set(plan.recommendations) | stems["recommendation"]
    themes = plan.themes
    statuses, bearers = set(plan.status_ids), set(plan.duty_bearer_ids)
    languages = set(plan.languages)
    unchecked = {name for name, missing in (("theme", layout.THEMES_FILE in unreadable),
                                            ("plan", layout.PLAN_FILE in unreadable or not meta))
                 if missing}

    def ref(path, at, value, known, code, what):
        if {"status": "plan", "duty bearer": "plan", "theme": "theme"}.get(what) in unchecked:
            return
        if isinstance(value, str) and value not in known:
            out.append(Problem(path, code, f"{json_path_text(at)}: {_unknown(what, value, known)}", at))

    for i, m in enumerate(_list(meta.get("maintainers"))):
        ref(plan_path, ("maintainers", i), m, actors, "R303", "actor")
    for i, d in enumerate(_list(meta.get("duty_bearers"))):
        if isinstance(d, dict) and "actor" in d:
            ref(plan_path, ("duty_bearers", i, "actor"), d["actor"], actors, "R303", "actor")
    for kind_list, label in (("duty_bearers", "duty bearer"), ("status_scale", "status")):
        seen: set = set()
        for i, d in enumerate(_list(meta.get(kind_list))):
            if isinstance(d, dict) and d.get("id") in seen:
                out.append(Problem(plan_path, "R302", f"{kind_list}[{i}]: {label} id '{d['id']}' "
                                   "is listed twice", (kind_list, i, "id")))
            elif isinstance(d, dict):
                seen.add(d.get("id"))
    for item in loaded:
        if item.kind in ("actor", "recommendation", "monitoring-entry", "activity") and \
                "plan" not in unchecked:
            out += _languages(item, languages)
    out += _confusable_names(plan)
    if "plan" not in unchecked:
        out += entry_rules.check(plan)
    for actor_id, actor in plan.actors.items():
        path = layout.actor_path(actor_id) if layout.SLUG.match(actor_id) else actor_id
        ref(path, ("parent",), actor.get("parent"), actors, "R303", "actor")
        ref(path, ("duty_bearer",), actor.get("duty_bearer"), bearers, "R308", "duty bearer")
        for i, t in enumerate(_list(_dict(actor.get("monitors")).get("themes"))):
            ref(path, ("monitors", "themes", i), t, themes, "R305", "theme")
    for rec_id, rec in plan.recommendations.items():
        path = plan.recommendation_paths[rec_id]
        for i, t in enumerate(_list(rec.get("themes"))):
            ref(path, ("themes", i), t, themes, "R305", "theme")
        for i, r in enumerate(_list(rec.get("related"))):
            ref(path, ("related", i), r, recommendations, "R304", "recommendation")
        seen_actor: set = set()
        leads: set = set()
        for i, a in enumerate(_list(rec.get("assignments"))):
            a = _dict(a)
            ref(path, ("assignments", i, "actor"), a.get("actor"), actors, "R303", "actor")
            ref(path, ("assignments", i, "duty_bearer"), a.get("duty_bearer"), bearers, "R308",
                "duty bearer")
            key = (str(a.get("actor")), str(a.get("duty_bearer")))
            if key in seen_actor:
                out.append(Problem(path, "R309", f"assignments[{i}]: {a.get('actor')} is assigned "
                                   f"twice for {a.get('duty_bearer')}; keep one", ("assignments", i)))
            seen_actor.add(key)
            if a.get("role") == "lead":
                if str(a.get("duty_bearer")) in leads:
                    out.append(Problem(path, "R309", f"assignments[{i}]: a second lead for duty "
                                       f"bearer {a.get('duty_bearer')}; make one of them support",
                                       ("assignments", i, "role")))
                leads.add(str(a.get("duty_bearer")))
    taking_part = plan.participation
    for field in ("invitations", "answers"):
        for i, item in enumerate(_list(taking_part.get(field))):
            item = _dict(item)
            ref(layout.PARTICIPATION_FILE, (field, i, "actor"), item.get("actor"), actors, "R303",
                "actor")
            out += _importer(layout.PARTICIPATION_FILE, (field, i, "imported_by"), item, meta)
            for j, t in enumerate(_list(item.get("themes"))):
                ref(layout.PARTICIPATION_FILE, (field, i, "themes", j), t, themes, "R305", "theme")
    for rec_id, entries in plan.entries.items():
        by_id = {e.id: e for e in entries}
        for e in entries:
            ref(e.path, ("recommendation",), rec_id, recommendations, "R304", "recommendation")
            ref(e.path, ("by",), e.data.get("by"), actors, "R303", "actor")
            ref(e.path, ("duty_bearer",), e.data.get("duty_bearer"), bearers, "R308", "duty bearer")
            ref(e.path, ("status",), e.data.get("status"), statuses, "R307", "status")
            out += _importer(e.path, ("received", "imported_by"), _dict(e.data.get("received")),
                             meta)
            out += _supersedes(e, by_id, rec_id, "entry", "entries")
    for key, series in plan.measurements.items():
        by_id = {m.id: m for m in series}
        out += [p for m in series for p in _supersedes(m, by_id, "/".join(key), "measurement",
                                                        "measurements")]
    out += activity_rules.cross_file(plan, ref, actors, recommendations, "plan" in unchecked)
    return out


def _importer(path: str, at: tuple, item: dict, meta: dict) -> list[Problem]:
    """R340: answers received by form or sheet are imported by the secretariat, which alone
    may add entries in another actor's name (check-scope)."""
    who = item.get("imported_by")
    maintainers = _list(meta.get("maintainers"))
    if not isinstance(who, str) or not meta or who in maintainers:
        return []
    return [Problem(path, "R340", f"{json_path_text(at)}: '{who}' is not a maintainer of the plan "
                    f"({', '.join(map(str, maintainers)) or 'none'}); answers received by form "
                    "or sheet are imported by the secretariat", at)]


def _supersedes(e, by_id: dict, owner: str, what: str, whats: str) -> list[Problem]:
    """R306: ``supersedes`` of a monitoring entry or a measurement names an earlier record of
    the same series by the same actor, without a loop."""
    target = e.supersedes
    if not isinstance(target, str):
        return []
    earlier = by_id.get(target)
    if earlier is None or target == e.id:
        message = f"no {what} '{target}' for {owner}"
    elif earlier.data.get("by") != e.data.get("by"):
        message = (f"{what} '{target}' is by {earlier.data.get('by')}; an actor can only "
                   f"correct its own {whats}")
    elif str(earlier.data.get("as_of")) > str(e.data.get("as_of")):
        message = (f"{what} '{target}' is as of {earlier.data.get('as_of')}, later than this "
                   f"one; a correction supersedes an earlier {what}")
    elif _supersedes_loop(e, by_id):
        message = f"'{target}' leads back to this {what}; corrections cannot supersede each other"
    else:
        return []
    return [Problem(e.path, "R306", f"supersedes: {message}", ("supersedes",))]


def _supersedes_loop(entry, by_id: dict) -> bool:
    seen, current = {entry.id}, by_id.get(entry.supersedes)
    while current is not None:
        if current.id in seen:
            return True
        seen.add(current.id)
        target = current.data.get("supersedes")
        current = by_id.get(target) if isinstance(target, str) else None
    return False


def _confusable_names(plan: Plan) -> list[Problem]:
    """Actors whose names look alike in some language (R312), reported in each of their files."""
    groups: dict[tuple, list[str]] = defaultdict(list)
    for actor_id in sorted(plan.actors):
        names = plan.actors[actor_id].get("names")
        if isinstance(names, dict) and layout.SLUG.match(actor_id):
            for lang, name in names.items():
                if isinstance(name, str) and confusables.skeleton(name):
                    groups[(lang, confusables.skeleton(name))].append(actor_id)
    out: list[Problem] = []
    for (lang, _), ids in sorted(groups.items()):
        for actor_id in ids if len(ids) > 1 else ():
            others = ", ".join(f"'{i}'" for i in ids if i != actor_id)
            out.append(Problem(layout.actor_path(actor_id), "R312", f"names.{lang}: looks the "
                               f"same as the name of actor {others}; names must be "
                               "distinguishable", ("names", lang)))
    return out


def _languages(item: Loaded, languages: set) -> list[Problem]:
    out = []
    for key in ("names", "summary", "text", "title"):
        value = item.data.get(key)
        if isinstance(value, dict):
            for lang in value:
                if lang not in languages:
                    out.append(Problem(item.path, "R311", f"{key}.{lang}: '{lang}' is not one of "
                                       f"the plan's languages ({', '.join(sorted(languages))})",
                                       (key, lang), at_key=True))
    return out


def _duplicate_ids(loaded: list[Loaded]) -> list[Problem]:
    """Same id twice, or ids/file names equal after case folding (they collide on macOS/Windows)."""
    out: list[Problem] = []
    seen: dict[tuple, str] = {}
    for item in loaded:
        if item.problem is not None or item.kind not in ("actor", "recommendation",
                                                         "monitoring-entry", "activity"):
            continue
        if item.kind == "monitoring-entry":
            key = (item.kind, item.path.casefold())
        else:
            key = (item.kind, layout.stem(item.path).casefold())
        if key in seen:
            out.append(Problem(item.path, "R302", f"same id as {seen[key]} (ids must be unique, "
                               "ignoring letter case)", ("id",) if item.kind != "monitoring-entry" else ()))
            continue
        seen[key] = item.path
        if item.kind != "monitoring-entry" and isinstance(item.data.get("id"), str):
            id_key = (item.kind + "-id", item.data["id"].casefold())
            if id_key in seen:
                out.append(Problem(item.path, "R302", f"id '{item.data['id']}' is also used by "
                                   f"{seen[id_key]}", ("id",)))
            else:
                seen[id_key] = item.path
    themes = [i for i in loaded if i.kind == "themes" and i.problem is None]
    for item in themes:
        first: dict[str, int] = {}
        for i, t in enumerate(_list(item.data.get("themes"))):
            tid = t.get("id") if isinstance(t, dict) else None
            if isinstance(tid, str):
                if tid.casefold() in first:
                    out.append(Problem(item.path, "R302", f"themes[{i}]: theme id '{tid}' is listed "
                                       f"twice (first at themes[{first[tid.casefold()]}])",
                                       ("themes", i, "id")))
                else:
                    first[tid.casefold()] = i
    return out


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _unknown(what: str, value: str, known) -> str:
    import difflib

    near = difflib.get_close_matches(value, list(known), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown {what} '{value}'{hint}"


def _unknown_file_hint(path: str) -> str:
    if path.endswith(".yml"):
        return "unknown file: plan files end in .yaml, not .yml"
    return ("unknown file: data/ holds actors/, recommendations/, monitoring/<recommendation>/, "
            "activities/, measurements/<activity>/<indicator>/, vocabularies/themes.yaml, "
            "vocabularies/sdgs.yaml, participation.yaml and Markdown notes")


def _locate(problems: list[Problem], text: str | None) -> None:
    for p in problems:
        if p.line:
            continue
        if text is None:
            p.line, p.column = 1, 1
            continue
        pos = yamlio.locate(text, p.json_path, key=p.at_key)
        p.line, p.column = pos.line, pos.column
        if p.quote_hint and pos.source is not None:
            p.message += f"; write it in quotes: '{pos.source}'"


def _fill_positions(problems: list[Problem], source: layout.Source) -> None:
    """Look up line:column for problems that only know their place in the data."""
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for p in problems:
        if not p.line:
            by_path[p.path].append(p)
    for path, items in by_path.items():
        try:
            text = yamlio.decode(source.read(path))
        except Exception:  # unreadable files already have their own problem
            text = None
        _locate(items, text)
