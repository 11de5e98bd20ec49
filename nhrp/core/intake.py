"""``nhrp import responses``: answers to the participation and assessment forms (and the
assessment sheet) become monitor choices, declines and monitoring entries.

Each answer (a row of the export) goes through the same functions as ``nhrp monitor`` and
``nhrp assess`` and is validated with the whole plan before anything of it is written; a row
that fails is reported as ``FILE:row N: problem`` and writes nothing, and the other rows still go
in. Everything happens under the plan lock. An answer is imported once: its submission id is
recorded (on the entry, or in data/participation.yaml) and a second import skips it.

Nothing is invented: an organisation the plan does not know is reported; an answer from "another
organisation" goes to a pending list kept outside the repository's files (in git's own folder),
for the secretariat to review (``nhrp participation pending``). Contact details are never read.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import forms, layout, yamlio
from nhrp.core.edit import (Change, apply_updates, commit, entry_path, guess_language,
                            monitor_record, new_entry, writing)
from nhrp.core.fsutil import atomic_write
from nhrp.core.importers.planmatrix import date_cell
from nhrp.core.names import NotFound
from nhrp.core.plan import Loaded, Plan, unreadable_record
from nhrp.core.responses import Answers, Row, read
from nhrp.core.sides import side_of
from nhrp.core.store import git
from nhrp.errors import InvalidData, NhrpError, UsageError

# controls and bidi overrides, removed from the names typed by unknown organisations
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass
class Outcome:
    file: str
    kind: str
    source: str
    dry_run: bool
    new: list[str] = field(default_factory=list)  # "row N: what"
    already: list[int] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "FILE:row N: problem"
    written: list[str] = field(default_factory=list)
    commit: str | None = None

    def as_dict(self) -> dict:
        return {"file": self.file, "kind": self.kind, "source": self.source,
                "dry_run": self.dry_run, "new": self.new, "already_imported": self.already,
                "pending": self.pending, "rejected": self.rejected, "written": self.written,
                "commit": self.commit}


@dataclass
class _Work:
    root: Path
    plan: Plan
    loaded: list[Loaded]
    today: dt.date
    dry_run: bool
    importer: str
    via: str
    answered: set[str]
    entry_keys: set[tuple]
    taken: set[str] = field(default_factory=set)
    written: list[str] = field(default_factory=list)

    def apply(self, updates: dict, *, new_files: bool) -> None:
        done = apply_updates(self.root, self.loaded, updates, today=self.today,
                             new_files=new_files, dry_run=self.dry_run)
        self.written += [path for path in done if path not in self.written]
        where = {item.path: n for n, item in enumerate(self.loaded)}
        for path, (kind, data) in updates.items():
            if path in where:
                self.loaded[where[path]] = Loaded(path, kind, data)
            else:
                self.loaded.append(Loaded(path, kind, data))


def importer_of(plan: Plan, actor: str | None) -> str:
    """Who imports: a maintainer of the plan (``--as``), or the only one."""
    maintainers = [m for m in plan.meta.get("maintainers") or [] if isinstance(m, str)]
    if actor is None:
        if len(maintainers) == 1:
            return maintainers[0]
        raise UsageError("say which member of the secretariat imports: --as "
                         f"{'|'.join(maintainers) or 'ACTOR'}")
    if actor not in maintainers:
        raise UsageError(f"--as {actor}: answers are imported by the plan secretariat "
                         f"(maintainers in nhrp.yaml: {', '.join(maintainers) or 'none'})")
    return actor


def import_responses(root: Path, file: Path, *, imported_by: str | None, today: dt.date,
                     dry_run: bool = False, do_commit: bool = False) -> Outcome:
    with writing(root, do_commit and not dry_run) as (loaded, plan):
        importer = importer_of(plan, imported_by)
        answers = read(file, plan)
        outcome = Outcome(str(file), answers.kind, answers.source, dry_run)
        outcome.rejected += [f"{file}:row {n}: {p}" for n, p in answers.problems]
        work = _Work(root, plan, loaded, today, dry_run, importer, answers.via,
                     {a.get("submission") for a in plan.participation.get("answers") or []},
                     {_key(e.data) for e in plan.all_entries() if e.data.get("received")})
        pending = read_pending(root)
        before = dict(pending)
        for row in answers.rows:
            try:
                if answers.kind == "participation":
                    _choice(work, row, outcome, pending)
                else:
                    _assessment(work, answers, row, outcome)
            except NhrpError as exc:
                outcome.rejected.append(f"{file}:row {row.number}: {exc.message}")
        if pending != before and not dry_run:
            _save_pending(root, pending)
        outcome.written = work.written
        if do_commit and not dry_run and work.written:
            outcome.commit = commit(root, work.written, f"Import {len(outcome.new)} answer(s) "
                                    f"received by {answers.via} ({Path(file).name})")
        return outcome


def _key(entry: dict) -> tuple:
    return ((entry.get("received") or {}).get("submission"), entry.get("recommendation"),
            entry.get("duty_bearer"))


def _date(value: str | None, what: str, fallback: str | None = None) -> str:
    if not value:
        if fallback:
            return fallback
        raise UsageError(f"{what} is empty")
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    if len(value.strip()) > 4:  # as the plan matrix reads it, but a year alone names no day
        try:
            return date_cell(value, what)
        except UsageError:
            pass
    raise UsageError(f"{what} {value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)") from None


def _known_monitor(plan: Plan, actor: str) -> None:
    if not actor:
        raise UsageError("the organisation is empty")
    if actor not in plan.actors:
        broken = unreadable_record(plan, "actor", actor)
        if broken:  # added by the secretariat, but not valid yet
            raise InvalidData(f"{broken} cannot be read or does not match its schema; run "
                              "'nhrp validate' and fix it first")
        raise UsageError(f"{NotFound('organisation', actor, sorted(plan.actors)).message} The "
                         "plan has no such actor; nothing is invented: add it (data/actors/) or "
                         "correct the answer")
    if side_of(plan.actors[actor]) == "self":
        raise UsageError(f"{actor} is an authority; the forms are for monitors")


# --- participation ----------------------------------------------------------------------------

def _choice(work: _Work, row: Row, outcome: Outcome, pending: dict) -> None:
    values, plan = row.values, work.plan
    if row.submission in work.answered:
        outcome.already.append(row.number)
        return
    answer = values.get(forms.ANSWER)
    if answer not in (forms.MONITOR, forms.DECLINE):
        raise UsageError(f"answer {answer!r} is neither '{forms.MONITOR}' nor '{forms.DECLINE}'")
    files = list(dict.fromkeys(values.get(forms.FILES) or [])) if answer == forms.MONITOR else []
    if answer == forms.MONITOR and not files:
        raise UsageError("the answer chooses to monitor but names no thematic file")
    for theme in files:
        if theme not in plan.themes:
            raise NotFound("thematic file", theme, sorted(plan.themes))
    reason = (values.get(forms.REASON) or "").strip() if answer == forms.DECLINE else ""
    on = _date(row.submitted_on, "the submission date", work.today.isoformat())
    organisation = values.get("organisation") or ""
    if organisation == forms.OTHER:
        name = " ".join(_INVISIBLE.sub("", values.get(forms.OTHER_NAME) or "").split())
        if not name:
            raise UsageError("'another organisation' is chosen but its name is empty")
        if row.submission not in pending:
            pending[row.submission] = {"submission": row.submission, "on": on, "name": name,
                                       "choice": answer, "themes": files, "reason": reason}
            outcome.pending.append(row.number)
        else:
            outcome.already.append(row.number)
        return
    _known_monitor(plan, organisation)
    record = monitor_record(plan, organisation, themes=files, decline=answer == forms.DECLINE,
                            reason=reason or None, lang=None, since=on)
    item = {"submission": row.submission, "actor": organisation, "on": on, "choice": answer}
    if files:
        item["themes"] = files
    if reason:
        item["reason"] = {guess_language(reason, plan.languages): reason}
    item.update({"via": work.via, "imported_by": work.importer})
    participation = copy.deepcopy(plan.participation)
    earlier = [a.get("on", "") for a in participation.get("answers") or []
               if a.get("actor") == organisation]
    participation.setdefault("answers", []).append(item)
    updates = {layout.PARTICIPATION_FILE: ("participation", participation)}
    latest = record is not None and on >= max(earlier, default="")
    if latest:  # an older answer imported late does not undo a newer choice
        updates[layout.actor_path(organisation)] = ("actor", record)
    work.apply(updates, new_files=False)
    plan.participation = participation
    if latest:
        plan.actors[organisation] = record
    work.answered.add(row.submission)
    what = f"declines{' (' + reason + ')' if reason else ''}" if answer == forms.DECLINE \
        else f"monitors {', '.join(files)}"
    outcome.new.append(f"row {row.number}: {organisation} {what}")


# --- assessments ------------------------------------------------------------------------------

def _assessment(work: _Work, answers: Answers, row: Row, outcome: Outcome) -> None:
    plan = work.plan
    by = answers.organisation or row.values.get("organisation") or ""
    _known_monitor(plan, by)
    items = [i for i in row.values.get("items") or [] if (i.get("status") or "").strip()]
    if not items:
        raise UsageError("no recommendation is assessed (every status is empty)")
    updates, keys, said = {}, [], []
    for item in items:
        rec = item["recommendation"]
        bearer = (item.get("duty_bearer") or "").strip()
        if not bearer and len(plan.duty_bearer_ids) == 1:
            bearer = plan.duty_bearer_ids[0]
        key = (row.submission, rec, bearer)
        if key in work.entry_keys:
            continue
        summary = (item.get("summary") or "").strip()
        if not summary:
            raise UsageError(f"{rec}: the summary (what was found) is empty")
        as_of = _date(item.get("as_of"), f"{rec}: the as-of date")
        url, title = (item.get("evidence_url") or "").strip(), (item.get("evidence_title") or "")
        evidence = [f"{url}|{' '.join(title.split())}"] if url else []
        entry = new_entry(plan, rec, by=by, duty_bearer=bearer, status=item["status"].strip(),
                          as_of=as_of, summary=summary, lang=None, evidence=evidence)
        entry["received"] = {"via": work.via, "submission": row.submission,
                             "imported_by": work.importer}
        path = entry_path(plan, work.root, rec, as_of, by, work.taken)
        work.taken.add(path)
        updates[path] = ("monitoring-entry", entry)
        keys.append(key)
        said.append(f"{rec} {entry['status']} ({bearer})")
    if not updates:
        outcome.already.append(row.number)
        return
    work.apply(updates, new_files=True)
    work.entry_keys.update(keys)
    outcome.new.append(f"row {row.number}: {by}: {', '.join(said)}")


# --- the pending list -------------------------------------------------------------------------

def accept(root: Path, submission: str, actor: str, *, imported_by: str | None, today: dt.date,
           do_commit: bool = False) -> Change:
    """Record a pending answer as the answer of ``actor`` (an actor the secretariat has added
    after confirming who sent it), and take it off the pending list."""
    with writing(root, do_commit) as (loaded, plan):
        pending = read_pending(root)
        item = pending.get(submission)
        if item is None:
            raise NotFound("pending answer", submission, sorted(pending))
        work = _Work(root, plan, loaded, today, False, importer_of(plan, imported_by), "form",
                     {a.get("submission") for a in plan.participation.get("answers") or []},
                     set())
        outcome = Outcome(str(pending_path(root)), "participation", "pending", False)
        row = Row(0, submission, item.get("on"), {
            "organisation": actor, forms.ANSWER: item.get("choice"),
            forms.FILES: list(item.get("themes") or []), forms.REASON: item.get("reason") or ""})
        _choice(work, row, outcome, {})
        del pending[submission]
        _save_pending(root, pending)
        change = Change(work.written, [submission] if outcome.already else [],
                        f"{actor}: answer {submission} received by form, confirmed by the "
                        "secretariat")
        if do_commit and work.written:
            change.commit = commit(root, work.written, change.message)
        return change


def pending_path(root: Path) -> Path:
    """Outside the plan's files: in git's own folder (never committed or published)."""
    folder = git.git_dir(Path(root))
    return (folder / "nhrp" if folder is not None else Path(root) / ".nhrp") / "pending.yaml"


def read_pending(root: Path) -> dict[str, dict]:
    path = pending_path(root)
    if not path.is_file():
        return {}
    try:
        data = yamlio.load_bytes(path.read_bytes())
    except yamlio.YamlProblem as exc:
        raise UsageError(f"{exc.message}; move the file away to start a new list",
                         path=str(path)) from None
    items = data.get("pending") if isinstance(data, dict) else None
    return {i["submission"]: i for i in items or [] if isinstance(i, dict) and "submission" in i}


def _save_pending(root: Path, pending: dict[str, dict]) -> None:
    import yaml

    items = sorted(pending.values(), key=lambda i: (i.get("on", ""), i["submission"]))
    text = ("# Answers from organisations that are not actors of the plan, for the secretariat "
            "to review.\n# Kept outside the plan's files; never commit or publish it.\n"
            + yaml.safe_dump({"pending": items}, allow_unicode=True, sort_keys=False))
    atomic_write(pending_path(root), text)

