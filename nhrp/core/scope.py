"""Who may change what in a plan repository (``nhrp check-scope``).

A pull request is judged by what merging it would do: the files that differ between BASE and
the tree that merging HEAD into BASE produces (``git merge-tree``, which considers every merge
base as ``git merge`` does). Comparing HEAD with a single merge base instead can hide a deletion
or a revert in a criss-cross history (docs/security.md). A merge that conflicts is refused,
naming the files. Each changed file is allowed or refused for an *identity*, a set of actor ids:

* any actor may **add** monitoring entries whose ``by`` is itself; the secretariat may also add
  entries in another actor's name when they carry a submission id (``received``: answers that
  came through a form or an assessment sheet, ``nhrp import responses``);
* an activity's lead actor (as at BASE) may **add** measurements of its indicators whose ``by``
  is itself, and so may the secretariat; measurements, like entries, are never edited or deleted;
* a monitor (an actor on the independent side: NGO, independent institution, UN office, other)
  may also change the ``monitors`` field of its own actor file, and nothing else in that file;
* the plan secretariat (the actors listed in ``maintainers`` of ``nhrp.yaml``) may change
  everything else under ``data/`` and ``nhrp.yaml``: recommendations and their assignments,
  actors, vocabularies, the plan file;
* nobody edits or deletes an existing monitoring entry: entries are history, and a correction
  is a new entry with ``supersedes`` (the secretariat may only re-format one without changing
  a value);
* nothing outside ``nhrp.yaml`` and ``data/`` (code, schemas, templates, CI files) is within
  any data contributor's scope: such changes need the repository owners' own review.

The identity is given (``actor=``: an actor id; ``author=``: an e-mail address the forge has
authenticated) or taken from the author e-mail of each commit in BASE..HEAD. E-mail addresses
are mapped through the actors' ``contributors`` lists *as they are at BASE*, together with the
plan's ``maintainers``, so a change cannot grant itself the rights it needs. Commit e-mails are
whatever the committer's client says (PITFALLS.md): in CI, prefer ``author=`` from the forge.

Paths in findings are relative to the top of the git repository (what CI annotations expect),
also when the plan lives in a sub-folder of it.

The cost follows the change, not the plan: the changed files come from comparing the two trees
(``git diff-tree``), and only they and, at BASE, nhrp.yaml, the actors and the activities are
read and parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nhrp.core import layout, yamlio
from nhrp.core.branch import merged as branch_merged
from nhrp.core.branch import resolve_in
from nhrp.core.names import NotFound, match
from nhrp.core.sides import side_of
from nhrp.core.store import git
from nhrp.errors import UsageError

OUTSIDE = ("outside the plan data (nhrp.yaml and data/): code, schemas, templates and CI files "
           "are not part of a data contribution and need the repository owners' review")

CONFLICT = ("merging the change into the base conflicts in this file: merge the base branch into "
            "the change, resolve the conflict, and check again")


class Finding(NamedTuple):
    """One file outside the scope of whoever changed it, and why."""

    path: str
    reason: str

    def as_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


class Identity(NamedTuple):
    """Who a change is judged for: a label for people, and the actors it speaks for."""

    label: str
    actors: frozenset[str]
    email: str | None = None
    commit: str | None = None

    def as_dict(self) -> dict:
        return {"label": self.label, "actors": sorted(self.actors), "email": self.email,
                "commit": self.commit}


@dataclass
class ScopeResult:
    base: str
    head: str
    merge_base: str
    merged_tree: str = ""
    changed: list[git.RawChange] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def offending(self) -> int:
        return len({f.path for f in self.findings})

    def as_dict(self) -> dict:
        return {"ok": self.ok, "base": self.base, "head": self.head, "merge_base": self.merge_base,
                "merged_tree": self.merged_tree,
                "changed": [{"status": c.status, "path": c.path} for c in self.changed],
                "identities": [i.as_dict() for i in self.identities],
                "findings": [f.as_dict() for f in self.findings]}


# --- reading git ------------------------------------------------------------------------------

class _Blob(NamedTuple):
    mode: str
    oid: str

    @property
    def regular(self) -> bool:
        return self.mode in ("100644", "100755")


def _blob(side: tuple[str, str] | None) -> _Blob | None:
    return _Blob(*side) if side else None


def _parse(data: bytes | None):
    """A record's data, or None when it cannot be read (validate says why)."""
    if data is None:
        return None
    try:
        value = yamlio.load_bytes(data)
    except yamlio.YamlProblem:
        return None
    return value if isinstance(value, dict) else None


class _Commit(NamedTuple):
    sha: str
    email: str
    paths: tuple[str, ...]
    merge: bool


def _commits(top: Path, base: str, head: str) -> list[_Commit]:
    """Commits in BASE..HEAD, oldest first, with their author e-mail and the files they touch."""
    out: list[_Commit] = []
    raw = git.run(top, "log", "-z", "--no-merges", "--no-renames", "--reverse",
                    "--format=%x01%H %ae", "--name-only", f"{base}..{head}")
    for chunk in raw.decode("utf-8", "surrogateescape").split("\x01"):
        if not chunk:
            continue
        header, *names = chunk.split("\0")
        sha, _, email = header.partition(" ")
        if names and names[0].startswith("\n"):
            names[0] = names[0][1:]
        out.append(_Commit(sha, email.strip(), tuple(n for n in names if n), False))
    merges = git.run(top, "log", "-z", "--merges", "--reverse", "--format=%H %ae",
                       f"{base}..{head}")
    for line in merges.decode("utf-8", "surrogateescape").split("\0"):
        if line.strip():
            sha, _, email = line.strip().partition(" ")
            out.append(_Commit(sha, email.strip(), (), True))
    return out


# --- who is who at BASE -----------------------------------------------------------------------

@dataclass
class _Directory:
    """Actors, their kinds and contributors, and the maintainers, as they are at BASE."""

    actors: dict[str, dict]
    maintainers: list[str]
    by_email: dict[str, set[str]]
    leads: dict[str, str] = field(default_factory=dict)  # activity id -> its lead actor

    def actors_of(self, email: str) -> frozenset[str]:
        return frozenset(self.by_email.get(email.strip().casefold(), ()))

    def monitors(self, actors: frozenset[str]) -> frozenset[str]:
        return frozenset(a for a in actors if a in self.actors
                         and side_of(self.actors[a]) == "independent")

    @property
    def secretariat(self) -> str:
        return ", ".join(self.maintainers) or "none listed in nhrp.yaml"


def _directory_files(top: Path, base: str, prefix: str) -> dict[str, str]:
    """``{path: blob id}`` of nhrp.yaml, the actors and the activities at BASE."""
    listing = git.ls_tree(top, base, [prefix + layout.PLAN_FILE, prefix + layout.ACTORS,
                                  prefix + layout.ACTIVITIES])
    return {path: oid for path, (mode, _, oid) in listing.items()
            if _Blob(mode, oid).regular and
            layout.kind_of(path[len(prefix):]) in ("plan", "actor", "activity")}


def _directory(wanted: dict[str, str], texts: dict[str, bytes], prefix: str) -> _Directory:
    actors: dict[str, dict] = {}
    maintainers: list[str] = []
    leads: dict[str, str] = {}
    for path, oid in sorted(wanted.items()):
        data = _parse(texts[oid])
        if data is None:
            continue
        if layout.kind_of(path[len(prefix):]) == "activity":
            if isinstance(data.get("lead"), str):
                leads[layout.stem(path)] = data["lead"]
        elif path == prefix + layout.PLAN_FILE:
            maintainers = [m for m in data.get("maintainers") or [] if isinstance(m, str)]
        else:
            actors[layout.stem(path)] = data
    by_email: dict[str, set[str]] = {}
    for actor_id, data in actors.items():
        for email in data.get("contributors") or []:
            if isinstance(email, str):
                by_email.setdefault(email.strip().casefold(), set()).add(actor_id)
    return _Directory(actors, maintainers, by_email, leads)


# --- the rules --------------------------------------------------------------------------------

class _Rights(NamedTuple):
    actors: frozenset[str]
    maintainer: bool
    monitors: frozenset[str]

    @property
    def who(self) -> str:
        return ", ".join(sorted(self.actors))


def _rights(directory: _Directory, actors: frozenset[str]) -> _Rights:
    return _Rights(actors, bool(actors & set(directory.maintainers)), directory.monitors(actors))


class _Change(NamedTuple):
    status: str
    path: str  # from the repository top
    plan_path: str | None  # from the plan root; None when outside the plan folder
    old: _Blob | None
    new: _Blob | None
    old_data: dict | None
    new_data: dict | None


def _fields(old: dict | None, new: dict | None) -> list[str]:
    old, new = old or {}, new or {}
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def _judge(change: _Change, rights: _Rights, directory: _Directory) -> str | None:
    """Why ``rights`` do not cover ``change``, or None when they do."""
    path = change.plan_path
    if path is None or not (path == layout.PLAN_FILE or path.startswith(layout.DATA + "/")):
        return OUTSIDE
    if change.new is not None and not change.new.regular:
        return "not a regular file (a symbolic link or submodule); plan files must be plain files"
    if change.new is not None and layout.is_hidden(path):
        return layout.HIDDEN_HINT
    kind = layout.kind_of(path)
    secretariat = f"the plan secretariat ({directory.secretariat})"
    if kind in ("monitoring-entry", "measurement"):
        name = layout.stem(path)
        what, one, whats = ("monitoring entry", "entry", "entries") \
            if kind == "monitoring-entry" else ("measurement", "measurement", "measurements")
        if change.status == "D":
            return (f"deletes the {what} {name}; {whats} are history and are never "
                    f"deleted: to correct one, add a new {one} with 'supersedes: {name}'")
        if change.status != "A":
            if rights.maintainer and change.old_data is not None and \
                    change.old_data == change.new_data:
                return None  # the secretariat re-formats without changing a value
            return (f"edits the existing {what} {name}; {whats} are history and are "
                    f"never edited: to correct it, add a new {one} with 'supersedes: {name}'")
        by = (change.new_data or {}).get("by")
        if not isinstance(by, str):
            return (f"cannot tell who made this {one} (the 'by' field is missing or the file "
                    "cannot be read): run 'nhrp validate' and fix the file")
        if kind == "measurement" and not rights.maintainer:
            activity = path.split("/")[2]
            lead = directory.leads.get(activity)
            if by != lead:
                return (f"adds a measurement of {activity} by '{by}'; only its lead actor "
                        f"({lead or 'none at BASE'}) and {secretariat} may add measurements")
        if by in rights.actors:
            return None
        received = (change.new_data or {}).get("received")
        if kind == "monitoring-entry" and rights.maintainer and isinstance(received, dict) \
                and received.get("submission"):
            return None  # an answer the secretariat received by form or sheet
        return (f"adds {'an' if one == 'entry' else 'a'} {one} in the name of '{by}'; "
                f"{rights.who} may add {whats} only "
                f"with 'by: {' or '.join(sorted(rights.actors))}'" +
                (" (the secretariat may add entries in another actor's name only when they "
                 "carry the submission id of a form or sheet: nhrp import responses)"
                 if rights.maintainer and kind == "monitoring-entry" else ""))
    if rights.maintainer:
        return None
    verb = {"A": "adds", "D": "deletes"}.get(change.status, "changes")
    if kind == "actor":
        actor_id = layout.stem(path)
        if change.status in ("M", "T") and actor_id in rights.monitors:
            if change.new_data is None:
                return "the actor file cannot be read: run 'nhrp validate' and fix it"
            fields = [f for f in _fields(change.old_data, change.new_data) if f != "monitors"]
            if not fields:
                return None
            return (f"changes {', '.join(fields)} of its own actor file; a monitor may change "
                    f"only 'monitors' there: ask {secretariat} for other changes")
        return f"{verb} the actor '{actor_id}'; actors are maintained by {secretariat}"
    if kind == "recommendation":
        rec = layout.stem(path)
        what = ""
        if change.status in ("M", "T") and change.old_data and change.new_data:
            what = f" ({', '.join(_fields(change.old_data, change.new_data)) or 'formatting'})"
        return (f"{verb} the recommendation {rec}{what}; recommendations and their assignments "
                f"are maintained by {secretariat}")
    if kind == "plan":
        return f"{verb} the plan file; only {secretariat} may"
    if kind == "activity":
        return (f"{verb} the activity {layout.stem(path)}; activities are maintained by "
                f"{secretariat}")
    if kind in ("themes", "sdgs"):
        return f"{verb} a vocabulary; vocabularies are maintained by {secretariat}"
    if path.startswith(layout.MONITORING + "/"):
        return (f"{verb} a file that is not a monitoring entry (entries are "
                f"data/monitoring/<recommendation>/<as_of>-<by>.yaml); other data files are "
                f"maintained by {secretariat}")
    return f"{verb} a data file that only {secretariat} may change"


# --- the check --------------------------------------------------------------------------------

class _Asked(NamedTuple):
    top: Path
    prefix: str
    base: str  # the commit ids
    head: str
    merged: str  # their merge base
    merge: git.Merge
    changed: list[git.RawChange]  # the change (none when the merge conflicts)
    wanted: dict[str, str]  # :func:`_directory_files` at the base
    readable: dict[tuple[str, str], str]  # :func:`_readable` of the change
    texts: dict[str, bytes]  # the contents of both, by blob id


def _asked(root: Path, base: str, head: str) -> _Asked:
    """All the check asks git, but the commits' authors: the two commits, then at once what
    is at BASE, the change from BASE to HEAD (the merge's when BASE is in HEAD's history: then
    HEAD's tree is the merge's, the usual pull request), their merge base and the merge, then
    the contents of what is read."""
    where = resolve_in(root, base, head)
    top, prefix, (base_commit, head_commit) = where.top, where.prefix, where.commits
    listing = git.Meanwhile(_directory_files, top, base_commit, prefix)
    forward = git.Meanwhile(git.raw_diff, top, base_commit, head_commit)
    merged, merge = branch_merged(top, base_commit, head_commit, base, head)
    if merge.conflicts:
        return _Asked(top, prefix, base_commit, head_commit, merged, merge, [], {}, {}, {})
    changed = forward.result() if merged == base_commit else \
        git.raw_diff(top, base_commit, merge.tree)
    wanted, readable = listing.result(), _readable(prefix, changed)
    texts = git.cat_blobs(top, sorted({*wanted.values(), *readable.values()}))  # one process
    return _Asked(top, prefix, base_commit, head_commit, merged, merge, changed, wanted,
                  readable, texts)


class Early(git.Meanwhile):
    """:func:`_asked`, asked on a thread from the start of the run (it only waits on git): the
    entry point starts it before typer is imported (~40 ms of Python that git overlaps), and
    :func:`check_scope` takes it when it judges the same BASE and HEAD."""

    def __init__(self, root: Path, base: str, head: str) -> None:
        super().__init__(_asked, root, base, head)


def check_scope(root: Path, base: str, head: str = "HEAD", *, actor: str | None = None,
                author: str | None = None, early: Early | None = None) -> ScopeResult:
    """Judge the change from BASE to HEAD (commits) in the plan repository at ``root``.

    With neither ``actor`` nor ``author``, every commit's author e-mail is the identity for the
    files that commit touches; a commit whose e-mail maps to no actor is out of scope.
    ``early``: git's first answers (:class:`Early` of the same ``root``, ``base`` and
    ``head``), when the caller asked already."""
    if actor is not None and author is not None:
        raise UsageError("give either --as ACTOR or --author EMAIL, not both")
    if author is not None and "@" not in author:
        raise UsageError(f"--author takes an e-mail address, not {author!r}; for a GitHub user "
                         "use ID+LOGIN@users.noreply.github.com (see docs/ci/README.md)")
    asked = early.result() if early is not None else _asked(root, base, head)
    top, prefix, base_commit, head_commit, merged, merge = asked[:6]
    result = ScopeResult(base_commit, head_commit, merged, merge.tree)
    if merge.conflicts:
        result.changed = [git.RawChange("U", path, None, None) for path in sorted(merge.conflicts)]
        result.findings = [Finding(path, CONFLICT) for path in sorted(merge.conflicts)]
        return result

    result.changed = asked.changed
    directory = _directory(asked.wanted, asked.texts, prefix)
    changes = _changes(prefix, result.changed, asked.readable, asked.texts)

    if actor is not None:
        actor = match(actor, dict.fromkeys(directory.actors)) or actor  # any letter case
        if actor not in directory.actors:
            raise NotFound("actor", actor, sorted(directory.actors))
        who = Identity(f"--as {actor}", frozenset([actor]))
        result.identities = [who]
        result.findings = _judge_all(changes, {c.path: [who] for c in changes}, directory, base)
    elif author is not None:
        actors = directory.actors_of(author)
        who = Identity(f"{author} ({', '.join(sorted(actors)) or 'no actor'})", actors, author)
        result.identities = [who]
        result.findings = _judge_all(changes, {c.path: [who] for c in changes}, directory, base)
    else:
        result.identities, result.findings = _by_commit(top, base_commit, head_commit, changes,
                                                        directory, base)
    return result


def _plan_path(prefix: str, path: str) -> str | None:
    return path[len(prefix):] if path.startswith(prefix) else None


def _readable(prefix: str, changed: list[git.RawChange]) -> dict[tuple[str, str], str]:
    """The blob ids of the sides of the changed records whose contents a rule reads."""
    readable = {}
    for c in changed:
        kind = layout.kind_of(_plan_path(prefix, c.path) or "")
        if kind in ("monitoring-entry", "actor", "recommendation", "measurement"):
            for side, blob in (("old", _blob(c.old)), ("new", _blob(c.new))):
                if blob is not None and blob.regular:
                    readable[(side, c.path)] = blob.oid
    return readable


def _changes(prefix: str, changed: list[git.RawChange], readable: dict[tuple[str, str], str],
             texts: dict[str, bytes]) -> list[_Change]:
    def data(side: str, path: str):
        oid = readable.get((side, path))
        return _parse(texts[oid]) if oid else None

    return [_Change(c.status, c.path, _plan_path(prefix, c.path), _blob(c.old), _blob(c.new),
                    data("old", c.path), data("new", c.path)) for c in changed]


def _judge_all(changes: list[_Change], who: dict[str, list[Identity]], directory: _Directory,
               base: str) -> list[Finding]:
    reasons: dict[str, list[str]] = {}
    for change in changes:
        for identity in who.get(change.path, []):
            if not identity.actors:
                reason = _unknown_identity(identity, base)
            else:
                reason = _judge(change, _rights(directory, identity.actors), directory)
            if reason and reason not in reasons.setdefault(change.path, []):
                reasons[change.path].append(reason)
    return [Finding(path, "; ".join(found)) for path, found in sorted(reasons.items()) if found]


def _unknown_identity(identity: Identity, base: str) -> str:
    source = f"commit {identity.commit[:10]} by {identity.email}" if identity.commit \
        else identity.email
    return (f"{source}: this address is not among the contributors of any actor (as of {base}); "
            "ask the plan secretariat to add it to your organisation's actor file")


def _by_commit(top: Path, base: str, head: str, changes: list[_Change], directory: _Directory,
               base_label: str) -> tuple[list[Identity], list[Finding]]:
    """Each file is judged for the author of every commit that touched it. A file that only a
    merge commit changed (a conflict resolution) is judged for the merge authors."""
    commits = _commits(top, base, head)
    identities = []
    for c in commits:
        actors = directory.actors_of(c.email)
        label = f"commit {c.sha[:10]} by {c.email} ({', '.join(sorted(actors)) or 'no actor'})"
        identities.append(Identity(label, actors, c.email, c.sha))
    who: dict[str, list[Identity]] = {}
    for c, identity in zip(commits, identities):
        for path in c.paths:
            who.setdefault(path, []).append(identity)
    merges = [i for c, i in zip(commits, identities) if c.merge]
    findings = []
    for change in changes:
        if change.path not in who:
            who[change.path] = merges or identities
        if not who[change.path]:
            findings.append(Finding(change.path, "no commit between BASE and HEAD accounts for "
                                    "this change; check it with --as or --author"))
    findings += _judge_all(changes, who, directory, base_label)
    # a commit by an unknown address is out of scope even where a later commit undid its change
    changed = {c.path for c in changes}
    for path in sorted(set(who) - changed):
        for identity in who[path]:
            if not identity.actors:
                findings.append(Finding(path, _unknown_identity(identity, base_label)))
    merged: dict[str, list[str]] = {}
    for f in findings:
        if f.reason not in merged.setdefault(f.path, []):
            merged[f.path].append(f.reason)
    return identities, [Finding(p, "; ".join(r)) for p, r in sorted(merged.items())]
