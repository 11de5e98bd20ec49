"""The audit trail of one recommendation, read from git: who changed what, when, and what it
did to the current statuses (docs/history.md).

How it stays fast on a large plan (``benchmarks/``: 10,000 recommendations, 1,000 commits): a
log needs a few dozen file versions — the recommendation's and its entries', the actors and
nhrp.yaml as of the revision — never the whole plan. Ids are file names, so the listing of the
revision finds the recommendation; those few versions come straight from git in one
``git cat-file`` and are parsed (~0.1 ms each), which costs far less than building the plan
or loading the record cache of every version of every file."""

from __future__ import annotations

import os

from nhrp.core import layout
from nhrp.core.analysis import current_statuses
from nhrp.core.sides import side_of
from nhrp.core.store.cache import load_marshal, save_marshal
from nhrp.core.store.git import Meanwhile, cat_blobs
from nhrp.core.names import NotFound, match, natural_key
from nhrp.core.plan import Entry, Loaded, Plan, build, conforming, parse
from nhrp.core.store.revision import (SYMLINK, Commit, FileChange, Repo, Tree, list_tree,
                                      open_repo, resolve_rev, visible, walk)

LOG_FIELDS = ("date", "commit", "author", "email", "actor", "change", "item", "duty_bearer",
              "from", "to", "description")


def actors_by_email(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for actor_id, actor in sorted(plan.actors.items()):
        for email in actor.get("contributors") or []:
            if isinstance(email, str):
                out.setdefault(email.strip().lower(), []).append(actor_id)
    return out


def _entry(path: str, data) -> Entry | None:
    """An entry the status rules can use, or None for a version too broken to count."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in
                                             ("by", "duty_bearer", "as_of", "status")):
        return None
    return Entry(layout.stem(path), path, data)


def _plain(value) -> str:
    return "none" if value in (None, "") else str(value)


def _rec_events(old: dict | None, new: dict | None, rec_id: str) -> list[dict]:
    if old is None and new is not None:
        return [make_event("recommendation-added", rec_id, None, None, new.get("response"),
                    f"recommendation {rec_id} added (response: {_plain(new.get('response'))})")]
    if new is None and old is not None:
        return [make_event("recommendation-deleted", rec_id, None, old.get("response"), None,
                    f"recommendation {rec_id} deleted")]
    if old is None or new is None:
        return []
    events = []
    if old.get("response") != new.get("response"):
        events.append(make_event("response-changed", rec_id, None, old.get("response"),
                          new.get("response"), f"response changed from "
                          f"{_plain(old.get('response'))} to {_plain(new.get('response'))}"))
    events += _assignment_events(old, new)
    edited = sorted(k for k in set(old) | set(new)
                    if k not in ("assignments", "response") and old.get(k) != new.get(k))
    if edited:
        events.append(make_event("recommendation-edited", ", ".join(edited), None, None, None,
                          f"edited: {', '.join(edited)}"))
    return events


def _assignments(rec: dict) -> dict[tuple[str, str], dict]:
    out = {}
    for a in rec.get("assignments") or []:
        if isinstance(a, dict) and isinstance(a.get("actor"), str):
            out[(a["actor"], str(a.get("duty_bearer")))] = a
    return out


def _assignment_events(old: dict, new: dict) -> list[dict]:
    before, after = _assignments(old), _assignments(new)
    events = []
    for key in sorted(set(before) | set(after)):
        actor, db = key
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            due = f", due {b['due']}" if b.get("due") else ""
            events.append(make_event("assignment-added", actor, db, None, b.get("role"),
                              f"{actor} assigned as {_plain(b.get('role'))} for {db}{due}"))
        elif b is None and a is not None:
            events.append(make_event("assignment-removed", actor, db, a.get("role"), None,
                              f"{actor} ({_plain(a.get('role'))}) unassigned for {db}"))
        elif a is not None and b is not None:
            if a.get("role") != b.get("role"):
                events.append(make_event("assignment-changed", actor, db, a.get("role"), b.get("role"),
                                  f"{actor} for {db}: role {_plain(a.get('role'))} -> "
                                  f"{_plain(b.get('role'))}"))
            if a.get("due") != b.get("due"):
                if not a.get("due"):
                    what = f"due date set to {b.get('due')}"
                elif not b.get("due"):
                    what = f"due date {a.get('due')} removed"
                else:
                    what = f"due date moved from {a.get('due')} to {b.get('due')}"
                events.append(make_event("due-moved", actor, db, a.get("due"), b.get("due"),
                                  f"{actor} for {db}: {what}"))
            rest = sorted(k for k in set(a) | set(b)
                          if k not in ("role", "due") and a.get(k) != b.get(k))
            if rest:
                events.append(make_event("assignment-changed", actor, db, None, None,
                                  f"{actor} for {db}: edited {', '.join(rest)}"))
    return events


def make_event(change: str, item, duty_bearer, before, after, description: str) -> dict:
    return {"change": change, "item": item, "duty_bearer": duty_bearer, "from": before,
            "to": after, "description": description}


def _status_name(value: str | None) -> str:
    return value or "not assessed"


def read_versions(repo: Repo, wanted: list[tuple[str, str]]) -> dict[str, Loaded]:
    """``{oid: Loaded}`` for a few ``(oid, path)`` file versions, parsed exactly as the plan
    loader parses them, read through one ``git cat-file``."""
    paths = dict(wanted)
    return {oid: parse(paths[oid], raw) for oid, raw in cat_blobs(repo.path, list(paths)).items()}


def plan_of(repo: Repo, tree: Tree, keep) -> tuple[Plan, dict[str, Loaded]]:
    """The plan of the files of ``tree`` that ``keep(path)`` selects — nhrp.yaml, the actors
    and the records a log is about — built as the whole plan would be, in the working tree's
    order; and the versions read (``{oid: Loaded}``)."""
    paths = sorted((p for p in tree if keep(p) and visible(p) and tree[p][0] != SYMLINK),
                   key=layout.worktree_order)
    read = read_versions(repo, [(tree[p][1], p) for p in paths])
    return build(conforming([read[tree[p][1]] for p in paths])), read


def people(path: str) -> bool:
    """nhrp.yaml (the status scale) and the actors (their sides and contributors' e-mails)."""
    return path == layout.PLAN_FILE or path.startswith(layout.ACTORS + "/")


def _entries_folder(rec_id: str) -> str:
    return f"{layout.MONITORING}/{rec_id}/"


def _find(repo: Repo, head: str, rec_id: str) -> tuple[str, Plan, dict[str, Loaded], list]:
    """The recommendation's id as its file spells it, the plan of nhrp.yaml, the actors and that
    file as of ``head``, the versions read, and the walk of its history. Git walks the history
    of the id as typed (nearly always the file's spelling) while the listing and those few files
    are read: the two run on two cores."""
    typed = rec_id if isinstance(rec_id, str) and layout.RECOMMENDATION_ID.match(rec_id) else None
    early = Meanwhile(_history, repo, head, typed) if typed else None
    tree = list_tree(repo, head)
    records = {p for p in tree if p.startswith(layout.RECOMMENDATIONS + "/")
               and layout.kind_of(p) == "recommendation"}
    wanted = rec_id.casefold() if isinstance(rec_id, str) else None
    now, parsed = plan_of(repo, tree, lambda p: people(p) or (
        p in records and layout.stem(p).casefold() == wanted))
    rec_id = match(rec_id, dict.fromkeys(now.recommendations)) or rec_id  # any letter case
    layout.check_recommendation_id(rec_id)
    history = early.result() if early is not None and rec_id == typed \
        else _history(repo, head, rec_id)
    if not any(files for _, files in history):
        raise NotFound("recommendation", rec_id,
                       sorted({layout.stem(p) for p in records if visible(p)}, key=natural_key))
    return rec_id, now, parsed, history


def log(repo: str | os.PathLike | Repo, rec_id: str, *, rev: str = "HEAD",
        newest_first: bool = False) -> list[dict]:
    """Every change to one recommendation and its monitoring entries, in domain terms, oldest
    first: one flat row per change (see ``LOG_FIELDS``)."""
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    head = resolve_rev(repo, rev)
    rec_id, now, parsed, history = _find(repo, head, rec_id)
    rank = {status: i for i, status in enumerate(now.status_ids)}
    emails = actors_by_email(now)
    folder = _entries_folder(rec_id)

    parsed.update(read_versions(repo, [(oid, f.path) for _, files in history for f in files
                                       for oid in (f.old, f.new) if oid and oid not in parsed
                                       and SYMLINK not in (f.old_mode, f.new_mode)]))

    def data(oid: str | None, mode: str):
        if oid is None or mode == SYMLINK:
            return None
        p = parsed.get(oid)
        return p.data if p is not None and p.problem is None and isinstance(p.data, dict) \
            else None

    def current(state: dict[str, str]) -> dict:
        entries = [e for path, oid in state.items() if path.startswith(folder)
                   for e in [_entry(path, data(oid, ""))] if e is not None]
        return current_statuses(now, entries, rank)

    states: dict[str, dict[str, str]] = {}  # commit -> {path: blob id} of this recommendation
    last_good: dict[str, dict] = {}  # path -> last readable version (to compare across breakage)
    groups: list[list[dict]] = []
    for commit, files in history:
        base = states.get(commit.parents[0], {}) if commit.parents else {}
        others = [states.get(p, {}) for p in commit.parents[1:]]
        state = dict(base)
        clean = dict(base)  # a merge before its own edits: what the parents brought together
        own: list[FileChange] = []
        for f in files:
            if f.new is None:
                state.pop(f.path, None)
            else:
                state[f.path] = f.new
            # in a merge, a version that another parent already had was logged on that branch
            # (a deletion counts as the branch's when that parent lacks the file)
            if any(o.get(f.path) == f.new for o in others):
                if f.new is None:
                    clean.pop(f.path, None)
                else:
                    clean[f.path] = f.new
                continue
            if f.old is None:  # new on the main line, but a branch may have brought a version
                brought = next((o[f.path] for o in others if f.path in o), None)
                if brought is not None:
                    clean[f.path] = brought
                    f = f._replace(old=brought, old_mode=f.new_mode)
            own.append(f)
        states[commit.id] = state
        if not own:
            continue
        events: list[dict] = []
        if commit.id in repo.shallow:
            events = [make_event("history-starts", layout.stem(f.path), None, None, None,
                          f"{f.path} exists here; earlier history is not in this shallow clone")
                      for f in own]
        else:
            needed_now = [(f.old, f.path) for f in own if f.old and f.old not in parsed]
            if needed_now:
                parsed.update(read_versions(repo, needed_now))
            before, after = current(clean), current(state)
            gone = [f for f in own if f.path.startswith(layout.RECOMMENDATIONS + "/")
                    and f.new is None]
            came = [f for f in own if f.path.startswith(layout.RECOMMENDATIONS + "/")
                    and f.old is None]
            if len(gone) == 1 and len(came) == 1:  # the file moved (e.g. into a cycle folder)
                events.append(make_event("recommendation-moved", rec_id, None, gone[0].path,
                                  came[0].path, f"file moved from {gone[0].path} to "
                                  f"{came[0].path}"))
                own = [f for f in own if f is not gone[0] and f is not came[0]]
                own.append(came[0]._replace(old=gone[0].old, old_mode=gone[0].old_mode))
            for f in sorted(own, key=lambda f: (not f.path.startswith(layout.RECOMMENDATIONS),
                                                f.path)):
                events += _file_events(f, data, before, after, last_good, rec_id, now)
        groups.append(log_rows(commit, events, emails))
    return flatten(groups, newest_first)


# --- where each recommendation's file has been: a small index beside the record cache --------
# Asking git for ':(glob)data/recommendations/**/ID.yaml' makes it compare the folders of every
# recommendation changed in every commit (~0.4 s of git's time at 10,000 recommendations and
# 1,000 commits); the literal paths the file has had let it skip them. The index of those paths
# by file name is kept per commit (a commit never changes) and made by the same single walk that
# a log without it takes. Without a cache folder (NHRP_CACHE=off), git is given the glob.

PATHS_FILE = "recommendation-paths.marshal"
PATHS_FORMAT = 1


def _history(repo: Repo, head: str, rec_id: str) -> list:
    """``walk`` of the commits that touch the recommendation's file, wherever it has been, or
    its entries' folder."""
    folder = _entries_folder(rec_id)
    base = getattr(repo.cache, "folder", None)
    location = base / PATHS_FILE if base is not None else None
    stored = _stored_paths(location, head)
    name = f"{rec_id}.yaml"
    if stored is not None:  # (only paths the glob would match: the index is not trusted more)
        paths = [f":(literal){p}" for p in stored.get(name, [])
                 if p.startswith(layout.RECOMMENDATIONS + "/") and p.endswith("/" + name)]
        return walk(repo, head, [*paths, folder])
    if location is None:
        return walk(repo, head, [f":(glob){layout.RECOMMENDATIONS}/**/{name}", folder])
    every = walk(repo, head, [layout.RECOMMENDATIONS + "/", folder])
    by_name: dict[str, set[str]] = {}
    for _, files in every:
        for f in files:
            if f.path.startswith(layout.RECOMMENDATIONS + "/"):
                by_name.setdefault(f.path.rpartition("/")[2], set()).add(f.path)
    save_marshal(location, _paths_key(head),
                 {name: sorted(paths) for name, paths in by_name.items()})
    mine = by_name.get(name, set())
    return [(commit, [f for f in files if f.path in mine or f.path.startswith(folder)])
            for commit, files in every]


def _paths_key(head: str) -> str:
    return f"{PATHS_FORMAT};{head}"


def _stored_paths(location, head: str) -> dict[str, list[str]] | None:
    """The index made at ``head``, or None (missing, of another commit, or damaged)."""
    paths = load_marshal(location, _paths_key(head))
    if not isinstance(paths, dict) or not all(isinstance(v, list) and all(isinstance(p, str) for p in v) for v in paths.values()):
        return None
    return paths


def log_rows(commit: Commit, events: list[dict], emails: dict[str, list[str]]) -> list[dict]:
    """One commit's events as log rows (``LOG_FIELDS``), with the actor its e-mail maps to."""
    actor = ", ".join(emails.get(commit.email.strip().lower(), [])) or None
    return [{"date": commit.day, "commit": commit.id, "author": commit.author,
             "email": commit.email, "actor": actor, **e} for e in events]


def flatten(groups: list[list[dict]], newest_first: bool) -> list[dict]:
    """Commits' rows, oldest commit first (or newest first); each commit's rows in order."""
    return [row for group in (reversed(groups) if newest_first else groups) for row in group]


def _file_events(f: FileChange, data, before: dict, after: dict, last_good: dict, rec_id: str,
                 now: Plan) -> list[dict]:
    old, new = data(f.old, f.old_mode), data(f.new, f.new_mode)
    if f.new is not None and new is None:
        return [make_event("unreadable", f.path, None, None, None,
                    f"{f.path} cannot be read in this version (run 'nhrp validate' on it)")]
    if f.old is not None and old is None:
        old = last_good.get(f.path)
    if new is not None:
        last_good[f.path] = new
    if f.path.startswith(layout.RECOMMENDATIONS + "/"):
        return _rec_events(old, new, rec_id)
    entry_id = layout.stem(f.path)
    subject = new if new is not None else old
    if subject is None:
        return []
    db = subject.get("duty_bearer")
    side = side_of(now.actors.get(subject.get("by")))
    was, now_status = before.get((db, side)), after.get((db, side))
    was, now_status = (was.status if was else None), (now_status.status if now_status else None)
    if was == now_status:
        moved = f"current {side} status for {db} stays {_status_name(now_status)}"
    else:
        moved = (f"current {side} status for {db}: {_status_name(was)} -> "
                 f"{_status_name(now_status)}")
    if old is None:
        events = [make_event("assessment-added", entry_id, db, was, now_status,
                      f"{subject.get('by')} ({side}) assessed {db}: {subject.get('status')} as "
                      f"of {subject.get('as_of')}; {moved}")]
        if new.get("supersedes"):
            events.append(make_event("entry-superseded", str(new["supersedes"]), db, None, None,
                              f"entry {new['supersedes']} superseded by {entry_id}"))
        return events
    if new is None:
        return [make_event("entry-removed", entry_id, db, was, now_status,
                    f"entry {entry_id} removed; {moved}")]
    fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    if not fields:
        return []
    return [make_event("entry-edited", entry_id, db, was, now_status,
                f"entry {entry_id} edited ({', '.join(fields)}); entries are history: correct "
                f"one with a new entry that supersedes it; {moved}")]
