"""What every importer shares: cleaning imported text, mapping theme labels to the plan's
vocabulary, and merging imported records into the plan without clobbering what the plan added.

Who owns which field of a recommendation:

* The import owns the facts the source document states: ``cycle``, ``source``,
  ``recommending_states``, ``response``, ``action_category``, ``sdg_goals``,
  ``affected_persons``, ``position_sources``, ``source_themes`` and the English official text
  ``text.en``.
* The plan owns everything else: ``summary``, the other languages of ``text``, ``assignments``,
  ``related``, ``simulated`` — and ``themes`` once a record exists (the secretariat curates the
  thematic files). The one exception: a record still filed only under the placeholder theme
  ``other`` takes the imported themes, so that a better label mapping reaches it.

An existing record is *updated* when the import only fills fields it lacks, *unchanged* when
nothing differs, and *conflicting* when the plan holds a different value for a field the import
owns. A conflicting record is left exactly as it is unless ``overwrite`` is asked for; even then
plan-owned fields are kept.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import layout
from nhrp.core.edit import apply_updates
from nhrp.core.names import natural_key
from nhrp.core.plan import Loaded, Plan
from nhrp.errors import UsageError

IMPORT_FIELDS = ("cycle", "source", "recommending_states", "response", "action_category",
                 "sdg_goals", "affected_persons", "position_sources", "source_themes")
PLACEHOLDER_THEME = "other"
MAX_INPUT_BYTES = 50 * 1024 * 1024  # real files are well under 5 MB

_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e\u00ad\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def clean_text(text: str) -> str:
    """Imported text as the plan stores it: NFC, no invisible or bidi control characters
    (validate would reject them), one space between words. Nothing else is changed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def fold_label(label: str) -> str:
    """Key for matching labels: letter case, spacing, typographic quotes and '&' versus 'and'
    do not matter."""
    text = clean_text(label).translate(_QUOTES).casefold().replace("&", " and ")
    return _SPACES.sub(" ", text).strip(" .;:")


def slug(label: str) -> str:
    """The id a UPR Info label became in the bundled vocabulary (scripts/build_iraq_dataset.py)."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower().replace("'", "")).strip("-")


def read_input(path: Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the file to import")
    if size > MAX_INPUT_BYTES:
        raise UsageError(f"{path} is {size // (1024 * 1024)} MB; nhrp imports files up to "
                         f"{MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


# --- office files (.docx, .xlsx): zip archives whose parts expand --------------------------

MAX_PARTS = 10_000
MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed; a real UPR matrix's document.xml is ~1 MB
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ROWS = 100_000  # table rows (.docx) or sheet rows (.xlsx)
MAX_PARAGRAPHS = 1_000_000
_COUNTED = {  # kind -> (parts to count in, {what: (tags)})
    "docx": (("word/document.xml",), {"paragraphs": (b"<w:p>", b"<w:p ", b"<w:p/"),
                                       "rows": (b"<w:tr>", b"<w:tr ", b"<w:tr/")}),
    "xlsx": (("xl/worksheets/",), {"rows": (b"<row>", b"<row ", b"<row/", b"<x:row>",
                                            b"<x:row ", b"<x:row/")}),
}
_LIMITS = {"paragraphs": MAX_PARAGRAPHS, "rows": MAX_ROWS}


def bound_office_file(data: bytes, name: str, kind: str) -> None:
    """Refuse a .docx/.xlsx whose parts would expand beyond what any real file needs, before a
    parser sees it: a tiny archive can hold gigabytes of empty paragraphs. The sizes checked
    are the ones Python's zipfile stops reading at, so a part cannot deliver more; rows and
    paragraphs are counted by streaming the main part in chunks."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UsageError(f"{name} cannot be read as a .{kind} file: {exc}") from None
    if len(parts) > MAX_PARTS:
        raise UsageError(f"{name} holds {len(parts):,} parts; a .{kind} file to import holds at "
                         f"most {MAX_PARTS:,}")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise UsageError(f"{name}: the part {part.filename} expands to "
                             f"{part.file_size:,} bytes ({total:,} in all); nhrp imports .{kind} "
                             f"files whose parts expand to at most {MAX_PART_BYTES:,} bytes "
                             f"each and {MAX_TOTAL_BYTES:,} in all")
    prefixes, what = _COUNTED[kind]
    counts = dict.fromkeys(what, 0)
    for part in parts:
        if not part.filename.startswith(prefixes):
            continue
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                for label, tags in what.items():
                    counts[label] += sum(window.count(tag) - tail.count(tag) for tag in tags)
                    if counts[label] > _LIMITS[label]:
                        raise UsageError(f"{name} holds more than {_LIMITS[label]:,} {label}; "
                                         f"nhrp imports .{kind} files up to that size")
                tail = window[-8:]


# --- themes --------------------------------------------------------------------------------

class ThemeMapper:
    """Labels of a source system -> the plan's theme ids.

    A label matches a theme whose id is the label's slug, whose English name is the label, or
    whose ``ohchr`` list holds the label (all compared with :func:`fold_label`)."""

    def __init__(self, themes: dict[str, dict], aliases: dict[str, str] | None = None) -> None:
        self.known = set(themes)
        self.table: dict[str, str] = {}
        for theme_id, theme in sorted(themes.items()):
            keys = [theme_id, (theme.get("names") or {}).get("en") or "",
                    *(theme.get("ohchr") or [])]
            for key in keys:
                if key:
                    self.table.setdefault(fold_label(key), theme_id)
        self.aliases = {fold_label(k): v for k, v in (aliases or {}).items()}

    def theme_of(self, label: str) -> str | None:
        key = fold_label(label)
        key = fold_label(self.aliases.get(key, label))
        if key in self.table:
            return self.table[key]
        as_slug = slug(key)
        return as_slug if as_slug in self.known else None

    def map(self, labels: list[str], unmapped: Counter) -> list[str]:
        themes = []
        for label in labels:
            theme = self.theme_of(label)
            if theme is None:
                unmapped[label] += 1
            elif theme not in themes:
                themes.append(theme)
        return themes or [PLACEHOLDER_THEME]


# --- the result of an import ---------------------------------------------------------------

@dataclass
class Conflict:
    id: str
    field: str
    plan: object
    file: object

    def as_dict(self) -> dict:
        return {"id": self.id, "field": self.field, "plan": self.plan, "file": self.file}


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    source: str  # "ohchr-matrix" or "upr-info"
    file: str
    cycle: int
    dry_run: bool = False
    overwrite: bool = False
    details: dict = field(default_factory=dict)  # layout, encoding, document, rows, ...
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # source label -> recommendations
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    commit: str | None = None

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.conflicting)

    def as_dict(self) -> dict:
        return {
            "source": self.source, "file": self.file, "cycle": self.cycle,
            "dry_run": self.dry_run, "overwrite": self.overwrite, **self.details,
            "recommendations": self.total,
            "counts": {"added": len(self.added), "updated": len(self.updated),
                       "unchanged": len(self.unchanged), "conflicting": len(self.conflicting)},
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "conflicting": self.conflicting,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "unmapped_themes": dict(sorted(self.unmapped.items(),
                                           key=lambda kv: (-kv[1], kv[0]))),
            "notes": self.notes, "written": self.written, "commit": self.commit,
        }


# --- merging -------------------------------------------------------------------------------

def recommendation_path(rec_id: str) -> str:
    return f"{layout.RECOMMENDATIONS}/{layout.check_recommendation_id(rec_id)}.yaml"


def merge(plan: Plan, records: list[dict], result: ImportResult, *, overwrite: bool = False
          ) -> dict[str, tuple[str, dict]]:
    """Classify each imported record against the plan; return the files to write."""
    updates: dict[str, tuple[str, dict]] = {}
    taken = {rec_id.casefold(): rec_id for rec_id in plan.recommendations}
    broken = {p.path for p in plan.unreadable}
    for record in sorted(records, key=lambda r: natural_key(r["id"])):
        rec_id = record["id"]
        current = plan.recommendations.get(rec_id)
        if current is None:
            other = taken.get(rec_id.casefold())
            if other is not None:  # same id but for letter case: would collide on disk
                raise UsageError(f"imported id {rec_id} collides with {other}; rename one first")
            if recommendation_path(rec_id) in broken:
                raise UsageError(f"{recommendation_path(rec_id)} exists but cannot be read; fix "
                                 "it first ('nhrp validate' shows why)")
            result.added.append(rec_id)
            updates[recommendation_path(rec_id)] = ("recommendation", record)
            continue
        merged, conflicts = _merge_one(current, record)
        if conflicts and not overwrite:
            result.conflicting.append(rec_id)
            result.conflicts.extend(conflicts)
            continue
        if conflicts:
            result.conflicts.extend(conflicts)
            merged = _overwrite(merged, record, conflicts)
        if merged == current:
            result.unchanged.append(rec_id)
            continue
        result.updated.append(rec_id)
        updates[plan.recommendation_paths[rec_id]] = ("recommendation", merged)
    return updates


def _merge_one(current: dict, record: dict) -> tuple[dict, list[Conflict]]:
    merged = copy.deepcopy(current)
    conflicts: list[Conflict] = []
    rec_id = current["id"]
    for name in IMPORT_FIELDS:
        if name not in record:
            continue
        if name not in merged:
            merged[name] = copy.deepcopy(record[name])
        elif merged[name] != record[name]:
            conflicts.append(Conflict(rec_id, name, merged[name], record[name]))
    imported_text = (record.get("text") or {}).get("en")
    if imported_text:
        text = merged.setdefault("text", {})
        if "en" not in text:
            text["en"] = imported_text
        elif text["en"] != imported_text:
            conflicts.append(Conflict(rec_id, "text.en", text["en"], imported_text))
    if merged.get("themes") == [PLACEHOLDER_THEME] and record["themes"] != [PLACEHOLDER_THEME]:
        merged["themes"] = list(record["themes"])
    return merged, conflicts


def _overwrite(merged: dict, record: dict, conflicts: list[Conflict]) -> dict:
    for c in conflicts:
        if c.field == "text.en":
            merged["text"]["en"] = record["text"]["en"]
        else:
            merged[c.field] = copy.deepcopy(record[c.field])
    return merged


def write(root: Path, loaded: list[Loaded], updates: dict, result: ImportResult, *,
          today: dt.date) -> None:
    """Validate the updates with the whole plan, then write them (unless dry run)."""
    result.written = apply_updates(root, loaded, updates, today=today, dry_run=result.dry_run)


def check_placeholder(plan: Plan, records: list[dict], result: ImportResult) -> None:
    """Records whose labels map to no theme go to ``other``; the plan must have that theme."""
    homeless = [r["id"] for r in records if r["themes"] == [PLACEHOLDER_THEME]]
    if homeless and PLACEHOLDER_THEME not in plan.themes:
        labels = ", ".join(f"'{label}'" for label, _ in result.unmapped.most_common(5))
        raise UsageError(
            f"{len(homeless)} recommendation(s) (e.g. {homeless[0]}) have no theme label that maps "
            f"to the plan's vocabulary (unmapped: {labels or 'none given'}), and the plan has no "
            f"theme '{PLACEHOLDER_THEME}' to hold them: add the labels to the ohchr lists in "
            f"{layout.THEMES_FILE}, or add a theme '{PLACEHOLDER_THEME}'")


def plan_documents(plan: Plan, cycle: int) -> list[str]:
    for c in plan.meta.get("cycles") or []:
        if isinstance(c, dict) and c.get("cycle") == cycle:
            return list(c.get("documents") or [])
    return []


def check_cycle(plan: Plan, cycle: int, result: ImportResult) -> None:
    if not 1 <= cycle <= 99:
        raise UsageError(f"--cycle {cycle} is not a UPR cycle number (1, 2, 3, ...)")
    listed = [c.get("cycle") for c in plan.meta.get("cycles") or [] if isinstance(c, dict)]
    if listed and cycle not in listed:
        result.notes.append(f"cycle {cycle} is not listed in nhrp.yaml (cycles: "
                            f"{', '.join(map(str, listed))}); add it there with its documents")


def csv_rows(text: str, name: str, delimiter: str = ",") -> list[list[str]]:
    """The rows of a CSV text; a row the csv module cannot read (a cell past its size limit,
    a stray NUL) is a usage error naming the row, not an internal error."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise UsageError(f"{name}:row {reader.line_num}: not readable as CSV ({exc})") from None
