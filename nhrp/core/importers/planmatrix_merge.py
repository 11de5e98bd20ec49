"""``nhrp import plan-matrix``: the rows of a plan matrix (:mod:`.planmatrix`) as activities,
merged into the plan the way every import is (:mod:`.common`): new activities and axes are
added, an existing activity only gains what it lacks (a title in another language, a new
indicator), and an activity whose values differ from the file is reported as conflicting and
left exactly as it is. Ids are stable — the id column, else the axis and the normalised title —
so importing the same file again changes nothing.

Defaults (docs/import-export.md): indicator type ``process``, unit ``number``, status
``planned``, start and end the plan period, baseline date the start, target date the end.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import edit, layout
from nhrp.core.edit import guess_language
from nhrp.core.importers import planmatrix as pm
from nhrp.core.importers.common import Conflict
from nhrp.core.plan import Plan
from nhrp.core.textfold import fold
from nhrp.errors import UsageError


@dataclass
class MatrixResult:
    file: str
    dry_run: bool = False
    rows: int = 0
    axes_added: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    commit: str | None = None

    def as_dict(self) -> dict:
        return {"source": "plan-matrix", "file": self.file, "dry_run": self.dry_run,
                "rows": self.rows, "axes_added": self.axes_added,
                "counts": {k: len(getattr(self, k)) for k in ("added", "updated", "unchanged",
                                                               "conflicting")},
                "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicting": self.conflicting,
                "conflicts": [c.as_dict() for c in self.conflicts], "notes": self.notes,
                "written": self.written, "commit": self.commit}


def _hash(text: str) -> str:
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:8]


def stable_id(prefix: str, text: str) -> str:
    """``prefix-words-of-the-title`` for a Latin title, else ``prefix-<8 hex digits>`` of the
    folded title: the same title always gives the same id."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:40].strip("-")
    if len(words) < 3 or not text.isascii():
        words = _hash(text)
    return f"{prefix}-{words}" if prefix else words


class _Resolver:
    """Names in the matrix -> the plan's ids: axes, actors, recommendations."""

    def __init__(self, plan: Plan, cycle: int | None, result: MatrixResult) -> None:
        self.plan, self.result, self.guess = plan, result, guess_language
        self.axes = [copy.deepcopy(a) for a in plan.meta.get("axes") or []]
        self.actors = {}
        for actor_id, actor in sorted(plan.actors.items()):
            for name in [actor_id, *(actor.get("names") or {}).values()]:
                self.actors.setdefault(pm._key(name), actor_id)
        self.paragraphs: dict[str, list[str]] = {}
        for rec_id, rec in sorted(plan.recommendations.items()):
            paragraph = (rec.get("source") or {}).get("paragraph")
            if paragraph and (cycle is None or rec.get("cycle") == cycle):
                self.paragraphs.setdefault(paragraph, []).append(rec_id)

    def axis(self, text: str, where: str) -> str:
        key = pm._key(text)
        for axis in self.axes:
            if key in {pm._key(axis["id"]), *(pm._key(n) for n in axis["names"].values())}:
                return axis["id"]
        axis_id = stable_id("", text)
        if not layout.SLUG.match(axis_id):
            raise UsageError(f"{where}: cannot make an axis id from '{text}'")
        self.axes.append({"id": axis_id, "names": {self.guess(text, self.plan.languages): text}})
        self.result.axes_added.append(axis_id)
        return axis_id

    def actor(self, text: str, where: str) -> str:
        found = self.actors.get(pm._key(text))
        if found is None:
            raise UsageError(f"{where}: no actor is called '{text}' (give an actor id or a name "
                             "as in data/actors/)")
        return found

    def recommendations(self, text: str, where: str) -> list[str]:
        out = []
        for item in pm.paragraphs(text, where):
            if item.startswith("upr"):
                ids = [item] if item in self.plan.recommendations else []
            else:
                ids = self.paragraphs.get(item, [])
            if len(ids) != 1:
                why = "no recommendation has" if not ids else \
                    f"several recommendations ({', '.join(ids)}) have"
                raise UsageError(f"{where}: {why} the paragraph '{item}'"
                                 + ("; choose the cycle with --cycle" if ids else ""))
            out += ids
        return out


def activities(plan: Plan, matrix: pm.Matrix, cycle: int | None,
               result: MatrixResult) -> tuple[list[dict], list[dict]]:
    """The matrix's activities as records, and the plan's axes with those the matrix adds."""
    resolve = _Resolver(plan, cycle, result)
    period = plan.meta.get("period") or {}
    groups: dict[str, dict] = {}
    current = None
    for row in matrix.rows:
        where = f"{matrix.name}:row {row.number}"
        title, given = row.text("activity"), row.text("id")
        if not title and not given:
            if current is None:
                if row.text("indicator"):
                    raise UsageError(f"{where}: an indicator without an activity above it")
                continue
        else:
            axis_text = row.text("axis")
            if not axis_text:
                raise UsageError(f"{where}: no axis for this activity")
            axis = resolve.axis(axis_text, where)
            act_id = given.lower() if given else stable_id(axis, title)
            if not layout.SLUG.match(act_id):
                raise UsageError(f"{where}: '{given}' is not an activity id (lower-case ASCII "
                                 "letters, digits and hyphens)")
            current = groups.get(act_id)
            if current is None:
                current = groups[act_id] = _activity(act_id, axis, title, row, where, resolve,
                                                     period)
        _indicator(current, row, where, plan.languages)
    return list(groups.values()), resolve.axes


def _activity(act_id: str, axis: str, title: str, row: pm.Row, where: str, resolve: _Resolver,
              period: dict) -> dict:
    record: dict = {"id": act_id, "axis": axis}
    if title:
        record["title"] = {resolve.guess(title, resolve.plan.languages): title}
    else:
        raise UsageError(f"{where}: the activity {act_id} has no title")
    raw = row.cells.get("recommendations")
    if isinstance(raw, float) and f"{raw}0" in resolve.paragraphs:
        raise UsageError(f"{where}: the recommendations cell holds the number {raw}, which may "
                         f"have been {raw}0 before Excel dropped the zero; format the column as "
                         "Text and type the paragraph numbers again")
    recs = resolve.recommendations(row.text("recommendations"), where)
    if recs:
        record["recommendations"] = recs
    reason = row.text("unsupported_reason")
    unsupported = [r for r in recs if resolve.plan.recommendations[r].get("response")
                   not in ("supported", "partially-supported")]
    if reason and unsupported:
        record["unsupported_reasons"] = dict.fromkeys(unsupported, reason)
    lead = row.text("lead")
    if not lead:
        raise UsageError(f"{where}: no lead (responsible body) for the activity")
    record["lead"] = resolve.actor(lead, where)
    partners = [resolve.actor(p, where) for p in pm.split_list(row.text("partners"))]
    if partners:
        record["partners"] = list(dict.fromkeys(partners))
    record["start"] = pm.date_cell(row.cells.get("start"), where) or period.get("start")
    record["end"] = pm.date_cell(row.cells.get("end"), where, end=True) or period.get("end")
    record["status"] = pm.word_cell(row.text("status"), pm.STATUS_WORDS, pm.DEFAULT_STATUS,
                                    where, "status")
    budget = pm.number_cell(row.cells.get("budget"), where)
    if budget is not None:
        currency = row.text("currency").upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise UsageError(f"{where}: a budget needs a currency code such as IQD or USD")
        record["budget"] = {"amount": budget[0], "currency": currency}
        if row.text("budget_source"):
            record["budget"]["source"] = row.text("budget_source")
    return record


def _indicator(record: dict, row: pm.Row, where: str, languages: list[str]) -> None:
    text = row.text("indicator")
    if not text:
        return
    given = row.text("indicator_id").lower()
    if given and not layout.SLUG.match(given):
        raise UsageError(f"{where}: '{given}' is not an indicator id (lower-case ASCII letters, "
                         "digits and hyphens)")
    ind = {"id": given or stable_id("", text), "type": pm.word_cell(
        row.text("type"), pm.TYPE_WORDS, pm.DEFAULT_TYPE, where, "indicator type"),
           "description": {guess_language(text, languages): text},
           "unit": row.text("unit") or pm.DEFAULT_UNIT}
    for key, default in (("baseline", record["start"]), ("target", record["end"])):
        found = pm.number_cell(row.cells.get(key), where)
        if found is not None:
            ind[key] = {"value": found[0], "date": found[1] or default}
    if row.text("data_source"):
        ind["data_source"] = row.text("data_source")
    indicators = record.setdefault("indicators", [])
    if all(i["id"] != ind["id"] for i in indicators):
        indicators.append(ind)


# --- merging ---------------------------------------------------------------------------------

def merge(plan: Plan, records: list[dict], result: MatrixResult) -> dict[str, tuple[str, dict]]:
    updates: dict[str, tuple[str, dict]] = {}
    for record in records:
        act_id = record["id"]
        current = plan.activities.get(act_id)
        if current is None:
            result.added.append(act_id)
            updates[layout.activity_path(act_id)] = ("activity", record)
            continue
        merged, conflicts = _merge_one(current, record)
        if conflicts:
            result.conflicting.append(act_id)
            result.conflicts += conflicts
        elif merged == current:
            result.unchanged.append(act_id)
        else:
            result.updated.append(act_id)
            updates[plan.activity_paths[act_id]] = ("activity", merged)
    return updates


def _merge_one(current: dict, record: dict) -> tuple[dict, list[Conflict]]:
    merged = copy.deepcopy(current)
    conflicts: list[Conflict] = []
    act_id = current["id"]
    for key, value in record.items():
        if key not in merged:
            merged[key] = copy.deepcopy(value)
        elif key == "title":
            for lang, text in value.items():
                if merged["title"].setdefault(lang, text) != text:
                    conflicts.append(Conflict(act_id, f"title.{lang}", merged["title"][lang],
                                              text))
        elif key in ("budget", "unsupported_reasons"):
            for name, wanted in value.items():
                if merged[key].setdefault(name, wanted) != wanted:
                    conflicts.append(Conflict(act_id, f"{key}.{name}", merged[key][name],
                                              wanted))
        elif key == "indicators":
            mine = {i["id"]: i for i in merged["indicators"]}
            described = {fold(text): i["id"] for i in merged["indicators"]
                         for text in (i.get("description") or {}).values()}
            for ind in value:
                texts = [fold(t) for t in ind["description"].values()]
                if ind["id"] not in mine and any(t in described for t in texts):
                    # no id column: the indicator the plan has with this description
                    ind = {**ind, "id": next(described[t] for t in texts if t in described)}
                if ind["id"] not in mine:
                    merged["indicators"].append(copy.deepcopy(ind))
                    continue
                for name, wanted in ind.items():
                    have = mine[ind["id"]].setdefault(name, copy.deepcopy(wanted))
                    if name == "description":
                        for lang, text in wanted.items():
                            if have.setdefault(lang, text) != text:
                                conflicts.append(Conflict(act_id, f"indicators.{ind['id']}."
                                                          f"description.{lang}", have[lang], text))
                    elif have != wanted:
                        conflicts.append(Conflict(act_id, f"indicators.{ind['id']}.{name}",
                                                  have, wanted))
        elif merged[key] != value:
            conflicts.append(Conflict(act_id, key, merged[key], value))
    return merged, conflicts


def import_plan_matrix(root: Path, file: Path, *, cycle: int | None = None, today: dt.date,
                       dry_run: bool = False, do_commit: bool = False) -> MatrixResult:
    file = Path(file)
    matrix = pm.read(file)
    result = MatrixResult(file.name, dry_run=dry_run, rows=len(matrix.rows))
    with edit.writing(root, do_commit and not dry_run) as (loaded, plan):
        records, axes = activities(plan, matrix, cycle, result)
        updates = merge(plan, records, result)
        if result.axes_added:
            updates[layout.PLAN_FILE] = ("plan", {**plan.meta, "axes": axes})
        result.written = edit.apply_updates(root, loaded, updates, today=today, dry_run=dry_run)
    if do_commit and not dry_run and result.written:
        counts = ", ".join(f"{len(ids)} {what}" for what, ids in
                           (("added", result.added), ("updated", result.updated)) if ids)
        result.commit = edit.commit(root, result.written, f"Import the plan matrix {file.name}: "
                                    f"{counts or 'axes'}")
    return result
