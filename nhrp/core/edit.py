"""Writing commands: assign, unassign, assess, monitor.

Every change follows the same path: take the plan lock, re-read the plan under it, compute the
new records, validate them together with the rest of the plan, then write each changed file
atomically in canonical form. Nothing is written when anything is invalid, and files that did not
change are not touched. Monitoring entries are only ever created, never rewritten.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from nhrp.core import layout, names, yamlio
from nhrp.core.fmt import canonical
from nhrp.core.forms import ngo_actors
from nhrp.core.fsutil import atomic_write, create_new, plan_file, plan_lock
from nhrp.core.names import NotFound, natural_key, plural
from nhrp.core.plan import Loaded, Plan, build, checked, conforming, read_all, unreadable_record
from nhrp.core.rules.check import check_loaded
from nhrp.core.sides import side_of
from nhrp.core.store import git
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError


@dataclass
class Change:
    """What a writing command did (or, with dry-run semantics, would do)."""

    written: list[str] = field(default_factory=list)  # repository paths
    unchanged: list[str] = field(default_factory=list)  # ids already in the wanted state
    message: str = ""
    commit: str | None = None


# --- the common path -------------------------------------------------------------------------

@contextlib.contextmanager
def writing(root: Path, do_commit: bool = False) -> Iterator[tuple[list[Loaded], Plan]]:
    """The plan, read under the plan lock, for a read-modify-write: refuses a repository in the
    middle of a merge or rebase, and (with ``do_commit``) one with unrelated staged changes."""
    if do_commit:
        check_can_commit(root)
    with plan_lock(root):
        ensure_writable(root)
        loaded = read_all(layout.WorkTree(root))
        yield loaded, checked(build(conforming(loaded), root))


def apply_updates(root: Path, loaded: list[Loaded], updates: dict[str, tuple[str, dict]], *,
                  today: dt.date, new_files: bool = False, dry_run: bool = False) -> list[str]:
    """Validate ``updates`` ({path: (kind, data)}) against the whole plan, then write them in
    canonical form. Returns the paths written (with ``dry_run``: that would be written)."""
    texts = {path: canonical(kind, data) for path, (kind, data) in updates.items()}
    proposed = [item for item in loaded if item.path not in updates]
    proposed += [Loaded(path, kind, yamlio.loads(texts[path]))
                 for path, (kind, _) in updates.items()]
    problems = [p for p in check_loaded(proposed, today=today, only=set(updates), texts=texts)
                if p.severity == "error"]
    if problems:
        detail = "\n".join(f"  {p.path}: {p.code} {p.message}" for p in problems)
        raise InvalidData(f"the change would make the plan invalid; nothing was written:\n{detail}",
                          problems)
    written = []
    for path in sorted(texts, key=natural_key):  # upr2-127.2 before upr2-127.10
        full = plan_file(root, path)
        if dry_run:
            if full.exists() and full.read_text(encoding="utf-8") == texts[path]:
                continue
        elif new_files:
            create_new(full, texts[path])
        elif not full.exists() or full.read_text(encoding="utf-8") != texts[path]:
            atomic_write(full, texts[path])
        else:
            continue
        written.append(path)
    return written


def ensure_writable(root: Path) -> None:
    """Refuse to write into a repository in the middle of a merge or rebase."""
    folder = git.git_dir(root)
    if folder is None:
        return
    for marker, what in (("rebase-merge", "a rebase"), ("rebase-apply", "a rebase"),
                         ("MERGE_HEAD", "a merge"), ("CHERRY_PICK_HEAD", "a cherry-pick")):
        if (folder / marker).exists():
            raise EnvironmentProblem(f"{what} is in progress in {root}; finish or abort it first")
    if _git(root, "ls-files", "--unmerged").strip():
        raise EnvironmentProblem(f"{root} has unmerged files; resolve the conflicts first")


def _git(root: Path, *args: str) -> str:
    return git.run(root, *args).decode("utf-8", "replace")


def check_can_commit(root: Path) -> None:
    """--commit, checked before anything is written: a git repository (the plan may be a
    subfolder of one), an identity to commit as, and nothing unrelated staged."""
    if git.git_dir(root) is None:
        raise EnvironmentProblem(f"{root} is not in a git repository; run without --commit or "
                                 "'git init' first")
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            _git(root, "var", ident)
        except EnvironmentProblem:
            raise EnvironmentProblem("git does not know who you are: set it with 'git config "
                                     "user.name ...' and 'git config user.email ...' (nothing "
                                     "was written)") from None
    staged = [p for p in _git(root, "diff", "--cached", "--name-only", "-z").split("\0") if p]
    if staged:
        raise UsageError("other changes are already staged (" + ", ".join(staged[:5]) +
                         "); commit or unstage them first, or run without --commit")


def commit(root: Path, paths: list[str], message: str) -> str:
    try:
        _git(root, "add", "--", *paths)
        _git(root, "commit", "-q", "-m", message, "--", *paths)
    except EnvironmentProblem as exc:
        raise EnvironmentProblem(f"the change was written but not committed ({exc.message}); "
                                 f"commit it with git, or undo it: {', '.join(paths)}") from None
    return _git(root, "rev-parse", "--short", "HEAD").strip()


def _finish(root: Path, change: Change, do_commit: bool) -> Change:
    if do_commit and change.written:
        change.commit = commit(root, change.written, change.message)
    return change


# --- assign / unassign -----------------------------------------------------------------------

def default_duty_bearer(plan: Plan, actor_id: str) -> str:
    kind = plan.actors[actor_id].get("kind")
    bearers = plan.meta.get("duty_bearers", [])
    matching = [d["id"] for d in bearers if kind in d.get("actor_kinds", [])]
    if len(matching) == 1:
        return matching[0]
    if len(bearers) == 1:
        return bearers[0]["id"]
    raise UsageError(f"say which duty bearer {actor_id} acts for: --duty-bearer "
                     f"{'|'.join(d['id'] for d in bearers)}")


def _require(plan: Plan, kind: str, value: str, known=None) -> str:
    """The canonical id ``value`` stands for among the plan's ids of ``kind`` (or ``known``):
    ids match in any letter case and by name (see :mod:`nhrp.core.names`). A usage error with
    the closest valid values when it stands for none, exit 1 when its file is broken."""
    valid = names.choices(plan, kind) if known is None else dict.fromkeys(known)
    found = value if value in valid else names.match(value, valid)
    if found is not None:
        return found
    broken = unreadable_record(plan, kind.replace(" ", "-"), value)
    if broken:
        raise InvalidData(f"{broken} cannot be read or does not match its schema; run "
                          "'nhrp validate' and fix it first")
    raise NotFound(kind, value, valid)


def assign(root: Path, ids: list[str], *, themes: list[str], actor: str, role: str,
           duty_bearer: str | None, due: str | None, today: dt.date,
           assigned_on: str | None = None, do_commit: bool = False) -> Change:
    if role not in ("lead", "support"):
        raise UsageError(f"--role must be lead or support, not {role!r}")
    if not ids and not themes:
        raise UsageError("name recommendations (IDs) or a thematic file (--theme)")
    with writing(root, do_commit) as (loaded, plan):
        actor = _require(plan, "actor", actor)
        themes = [_require(plan, "theme", theme) for theme in themes]
        bearer = _require(plan, "duty bearer", duty_bearer or default_duty_bearer(plan, actor))
        targets = list(dict.fromkeys(_require(plan, "recommendation", i) for i in ids))
        if themes:
            targets += [r for r, rec in sorted(plan.recommendations.items(),
                                                key=lambda item: natural_key(item[0]))
                        if set(themes) & set(rec.get("themes", [])) and r not in targets]
        updates, unchanged = {}, []
        for rec_id in targets:
            rec = _copy(plan.recommendations[rec_id])
            assignments = rec.setdefault("assignments", [])
            mine = next((a for a in assignments if a["actor"] == actor
                         and a["duty_bearer"] == bearer), None)
            if role == "lead":
                other = next((a for a in assignments if a["role"] == "lead"
                              and a["duty_bearer"] == bearer and a is not mine), None)
                if other:
                    raise UsageError(f"{rec_id}: {other['actor']} is already the lead for "
                                     f"{bearer}; unassign it first or use --role support")
            if mine is None:
                new = {"actor": actor, "role": role, "duty_bearer": bearer,
                       "assigned_on": assigned_on or today.isoformat()}
                if due:
                    new["due"] = due
                assignments.append(new)
            else:
                if mine["role"] == role and (due is None or mine.get("due") == due):
                    unchanged.append(rec_id)
                    continue
                mine["role"] = role
                if due:
                    mine["due"] = due
            updates[plan.recommendation_paths[rec_id]] = ("recommendation", rec)
        written = apply_updates(root, loaded, updates, today=today)
        scope = f"thematic file {', '.join(themes)}" if themes and not ids else \
            plural(len(updates), "recommendation", "recommendations")
        change = Change(written, unchanged,
                        f"Assign {actor} ({role}, {bearer}) to {scope}" +
                        (f", due {due}" if due else "") + _id_list(updates, plan))
        return _finish(root, change, do_commit)


def unassign(root: Path, ids: list[str], *, actor: str, duty_bearer: str | None,
             today: dt.date, do_commit: bool = False) -> Change:
    with writing(root, do_commit) as (loaded, plan):
        actor = _require(plan, "actor", actor)
        if duty_bearer is not None:
            duty_bearer = _require(plan, "duty bearer", duty_bearer)
        updates, unchanged = {}, []
        for rec_id in dict.fromkeys(_require(plan, "recommendation", i) for i in ids):
            rec = _copy(plan.recommendations[rec_id])
            before = rec.get("assignments") or []
            after = [a for a in before if not (a["actor"] == actor and
                                              (duty_bearer is None or a["duty_bearer"] == duty_bearer))]
            if len(after) == len(before):
                unchanged.append(rec_id)
                continue
            if after:
                rec["assignments"] = after
            else:
                rec.pop("assignments", None)
            updates[plan.recommendation_paths[rec_id]] = ("recommendation", rec)
        written = apply_updates(root, loaded, updates, today=today)
        change = Change(written, unchanged, f"Unassign {actor} from "
                        f"{plural(len(updates), 'recommendation', 'recommendations')}"
                        f"{_id_list(updates, plan)}")
        return _finish(root, change, do_commit)


def _id_list(updates: dict, plan: Plan) -> str:
    ids = sorted((data["id"] for _, data in updates.values()), key=natural_key)
    if not ids:
        return ""
    return "\n\n" + "\n".join(f"- {i}" for i in ids) + "\n"


def _copy(data):
    return copy.deepcopy(data)


# --- assess ----------------------------------------------------------------------------------

_SORANI_LETTERS = re.compile("[ڕڵۆێە]")  # letters Arabic does not use
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def guess_language(text: str, languages: list[str]) -> str:
    """Arabic script with Sorani letters is ckb, other Arabic script ar, else en — when the
    plan has that language; otherwise the plan's first language."""
    if _ARABIC_SCRIPT.search(text):
        guess = "ckb" if _SORANI_LETTERS.search(text) else "ar"
    else:
        guess = "en"
    return guess if guess in languages else languages[0]


def _evidence(item: str) -> dict:
    """``URL`` or ``URL|title``; anything that is not a web link is a document reference."""
    ref, _, title = item.partition("|")
    ref, title = ref.strip(), title.strip()
    key = "url" if re.match(r"(https?://|mailto:)\S+$", ref) else "document"
    return {key: ref, "title": title or ref}


def entry_path(plan: Plan, root: Path, rec_id: str, as_of: str, by: str,
               taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A new entry's path; ``taken``: paths already chosen for entries not yet written."""
    return history_path(root, layout.entry_folder(rec_id), as_of, by, taken)


def history_path(root: Path, folder: str, as_of: str, by: str,
                 taken: set[str] | frozenset[str] = frozenset()) -> str:
    """``<folder>/<as_of>-<by>.yaml``, or with -2, -3, ... when that file exists (or is in
    ``taken``): history records (entries, measurements) are never overwritten."""
    stem = f"{as_of}-{layout.check_slug(by, 'actor id')}"
    candidate, n = f"{folder}/{stem}.yaml", 2
    while (root / candidate).exists() or candidate in taken:
        candidate, n = f"{folder}/{stem}-{n}.yaml", n + 1
    return candidate


def new_entry(plan: Plan, rec_id: str, *, by: str, duty_bearer: str, status: str, as_of: str,
              summary: str, lang: str | None, evidence: list[str],
              supersedes: str | None = None) -> dict:
    """A monitoring entry, its references checked against ``plan`` (the rest is validated
    with the whole plan when it is written)."""
    if not summary.strip():
        raise UsageError("--summary must say what was found")
    rec_id = _require(plan, "recommendation", rec_id)
    by = _require(plan, "actor", by)
    duty_bearer = _require(plan, "duty bearer", duty_bearer)
    status = _require(plan, "status", status)
    if supersedes:
        supersedes = _require(plan, "entry", supersedes,
                              [e.id for e in plan.entries.get(rec_id, [])])
    if lang is not None and lang not in plan.languages:
        raise UsageError(f"--lang {lang}: the summary must be in one of the plan's "
                         f"languages: {', '.join(plan.languages)}")
    language = lang or guess_language(summary, plan.languages)
    entry = {"recommendation": rec_id, "by": by, "duty_bearer": duty_bearer,
             "as_of": as_of, "status": status, "summary": {language: summary.strip()}}
    if evidence:
        entry["evidence"] = [_evidence(item) for item in evidence]
    if supersedes:
        entry["supersedes"] = supersedes
    return entry


def assess(root: Path, rec_id: str, *, by: str, duty_bearer: str, status: str, as_of: str,
           summary: str, lang: str | None, evidence: list[str], supersedes: str | None,
           today: dt.date, do_commit: bool = False) -> Change:
    with writing(root, do_commit) as (loaded, plan):
        entry = new_entry(plan, rec_id, by=by, duty_bearer=duty_bearer, status=status,
                          as_of=as_of, summary=summary, lang=lang, evidence=evidence,
                          supersedes=supersedes)
        rec_id, by, duty_bearer, status = (entry[k] for k in ("recommendation", "by",
                                                              "duty_bearer", "status"))
        path = entry_path(plan, root, rec_id, as_of, by)
        written = apply_updates(root, loaded, {path: ("monitoring-entry", entry)}, today=today,
                                new_files=True)
        change = Change(written, [], f"Assess {rec_id}: {status} for {duty_bearer} as of {as_of} "
                        f"(by {by})")
        return _finish(root, change, do_commit)


# --- monitor ---------------------------------------------------------------------------------

def monitor(root: Path, actor: str, *, themes: list[str], decline: bool, today: dt.date,
            reason: str | None = None, lang: str | None = None, do_commit: bool = False) -> Change:
    if decline == bool(themes):
        raise UsageError("give the thematic files to follow (--theme, repeatable) or --decline")
    if reason and not decline:
        raise UsageError("--reason goes with --decline")
    with writing(root, do_commit) as (loaded, plan):
        actor = _require(plan, "actor", actor)
        themes = [_require(plan, "theme", theme) for theme in themes]
        record = monitor_record(plan, actor, themes=themes, decline=decline, reason=reason,
                                lang=lang, since=today.isoformat())
        if record is None:
            return Change([], [actor], "")
        written = apply_updates(root, loaded, {layout.actor_path(actor): ("actor", record)},
                                today=today)
        what = "declines to monitor" if decline else f"monitors {', '.join(themes)}"
        change = Change(written, [], f"{actor} {what}")
        return _finish(root, change, do_commit)


def monitor_record(plan: Plan, actor: str, *, themes: list[str], decline: bool,
                   reason: str | None, lang: str | None, since: str) -> dict | None:
    """The actor record with its new choice of files (or its decline, and why), or None when
    that is already its choice."""
    actor = _require(plan, "actor", actor)
    if side_of(plan.actors[actor]) == "self":
        raise UsageError(f"{actor} is an authority ({plan.actors[actor].get('kind')}); only "
                         "monitors (NGOs, independent institutions, UN offices) choose files")
    themes = [_require(plan, "theme", theme) for theme in themes]
    record = _copy(plan.actors[actor])
    wanted: dict = {"declined": True} if decline else {"themes": list(dict.fromkeys(themes))}
    if decline and reason and reason.strip():
        wanted["reason"] = {lang or guess_language(reason, plan.languages): reason.strip()}
    current = {k: v for k, v in (record.get("monitors") or {}).items() if k != "since"}
    if current == wanted:
        return None
    record["monitors"] = {**wanted, "since": since}
    return record


def add_repeat(root: Path, later: str, earlier: str, *, today: dt.date, do_commit: bool = False):
    """``nhrp repeats add``: record that ``later`` repeats ``earlier`` (an earlier cycle's
    recommendation)."""
    with writing(root, do_commit) as (loaded, plan):
        for rec_id in (later, earlier):
            _require(plan, "recommendation", rec_id, plan.recommendations)
        record = _copy(plan.recommendations[later])
        if record.get("repeats") == earlier:
            return Change([], [later], "")
        record["repeats"] = earlier
        written = apply_updates(root, loaded, {plan.recommendation_paths[later]:
                                               ("recommendation", record)}, today=today)
        return _finish(root, Change(written, [], f"{later} repeats {earlier}"), do_commit)


def invite(root: Path, actors: list[str], *, on: str, everyone: bool, today: dt.date,
           do_commit: bool = False) -> Change:
    """``nhrp participation invite``: record in data/participation.yaml that the participation
    link was sent to ``actors`` (or every NGO) on ``on``."""
    if everyone == bool(actors):
        raise UsageError("name the organisations invited (ACTOR ...) or give --all-ngos")
    with writing(root, do_commit) as (loaded, plan):
        targets = ngo_actors(plan) if everyone else list(dict.fromkeys(actors))
        for actor in targets:
            _require(plan, "actor", actor, plan.actors)
            if side_of(plan.actors[actor]) == "self":
                raise UsageError(f"{actor} is an authority; invitations are for monitors")
        record = copy.deepcopy(plan.participation)
        invitations = record.setdefault("invitations", [])
        known = {(i.get("actor"), i.get("on")) for i in invitations}
        added = [a for a in targets if (a, on) not in known]
        if not added:
            return Change([], targets, "")
        invitations += [{"actor": a, "on": on} for a in added]
        invitations.sort(key=lambda i: (i["on"], natural_key(i["actor"])))
        written = apply_updates(root, loaded, {layout.PARTICIPATION_FILE:
                                               ("participation", record)}, today=today)
        change = Change(written, [a for a in targets if a not in added],
                        f"Invite {len(added)} organisation(s) to take part, on {on}\n\n"
                        + "\n".join(f"- {a}" for a in added) + "\n")
        return _finish(root, change, do_commit)
