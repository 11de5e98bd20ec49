"""The audit trail of one activity and the measurements of its indicators (``nhrp log ID``
when ID is an activity), in the same rows as a recommendation's log."""

from __future__ import annotations

import os

from nhrp.core import layout
from nhrp.core.audit import actors_by_email, flatten, log_rows, make_event, people, plan_of, \
    read_versions
from nhrp.core.names import NotFound
from nhrp.core.store.revision import (SYMLINK, Repo, list_tree, open_repo, resolve_rev, visible,
                                      walk)


def activity_log(repo: str | os.PathLike | Repo, activity_id: str, *, rev: str = "HEAD",
                 newest_first: bool = False) -> list[dict]:
    """Every change to the activity's file and every measurement added, edited or removed,
    oldest first (see ``audit.LOG_FIELDS``)."""
    path = layout.activity_path(activity_id)
    folder = f"{layout.MEASUREMENTS}/{activity_id}/"
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    head = resolve_rev(repo, rev)
    tree = list_tree(repo, head)
    now, _ = plan_of(repo, tree, people)  # the actors, for the contributors' e-mails
    history = walk(repo, head, [path, folder], first_parent=True)
    if not any(files for _, files in history):
        raise NotFound("activity", activity_id, sorted(
            layout.stem(p) for p in tree if layout.kind_of(p) == "activity" and visible(p)))
    parsed = read_versions(repo, [(oid, f.path) for _, files in history for f in files
                                  for oid in (f.old, f.new)
                                  if oid and SYMLINK not in (f.old_mode, f.new_mode)])

    def data(oid):
        found = parsed.get(oid) if oid else None
        return found.data if found is not None and found.problem is None \
            and isinstance(found.data, dict) else None

    emails = actors_by_email(now)
    groups = []
    for commit, files in history:
        events = [e for f in sorted(files, key=lambda f: (f.path != path, f.path))
                  for e in _events(f, data(f.old), data(f.new), activity_id)]
        if events:
            groups.append(log_rows(commit, events, emails))
    return flatten(groups, newest_first)


def _events(f, old: dict | None, new: dict | None, activity_id: str) -> list[dict]:
    if f.new is not None and new is None:
        return [make_event("unreadable", f.path, None, None, None,
                    f"{f.path} cannot be read in this version (run 'nhrp validate' on it)")]
    if not f.path.startswith(layout.MEASUREMENTS + "/"):
        if old is None:
            return [make_event("activity-added", activity_id, None, None, new.get("status"),
                        f"activity added under axis {new.get('axis')}, lead {new.get('lead')}")]
        if new is None:
            return [make_event("activity-removed", activity_id, None, old.get("status"), None,
                        "activity removed")]
        fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        if not fields:
            return []
        return [make_event("activity-edited", activity_id, None, old.get("status"), new.get("status"),
                    f"edited {', '.join(fields)}")]
    item = layout.stem(f.path)
    subject = new or old or {}
    what = (f"{subject.get('indicator')}: {subject.get('value')} {subject.get('unit')} as of "
            f"{subject.get('as_of')} (by {subject.get('by')})")
    if old is None:
        extra = f"; supersedes {new['supersedes']}" if new.get("supersedes") else ""
        return [make_event("measurement-added", item, None, None, new.get("value"), what + extra)]
    if new is None:
        return [make_event("measurement-removed", item, None, old.get("value"), None,
                    f"measurement removed: {what}")]
    if old == new:
        return []
    return [make_event("measurement-edited", item, None, old.get("value"), new.get("value"),
                f"measurement edited: {what}; measurements are history: correct one with a "
                "new measurement that supersedes it")]
