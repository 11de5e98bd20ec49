"""``nhrp validate``: the orchestrator. It lists the plan's files, checks each one on its own
(schema and per-record rules: :func:`nhrp.core.rules.check.check_file`, cached per file), runs
the cross-file rules (:mod:`nhrp.core.rules.references`) over one index of the records, then
looks up line and column numbers, only for files that have problems. The rules live in
:mod:`nhrp.core.rules`; this module decides which files to read and which problems to report.

With ``--changed-since`` the work follows the change: the changed files are checked fully,
ids come from the listing, and of the unchanged files only those the change can affect are
read (:mod:`nhrp.core.rules.neighbours`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterator

from nhrp.core import branch, layout, yamlio
from nhrp.core.plan import Loaded, parse
from nhrp.core.rules import Problem, neighbours
from nhrp.core.rules.check import check_file, locate
from nhrp.core.rules.dates import future_dates
from nhrp.core.rules.record import unknown_file_hint
from nhrp.core.rules.references import cross_file
from nhrp.core.rules.result import Report
from nhrp.core.store import files, git, memo
from nhrp.errors import UsageError


def validate(root: Path, *, today: dt.date, paths: list[Path] | None = None,
             since: str | None = None, early: branch.Early | None = None) -> Report:
    """What ``nhrp validate`` checks: the whole plan, the files under ``paths`` (given on the
    command line), or the files changed since the commit ``since`` (``early``: what git is
    asked first about that change, when the caller started it: :class:`branch.Early`)."""
    if since is not None and paths:
        raise UsageError("give either paths or --changed-since, not both")
    if since is not None:
        return validate_changes(root, since, today=today, early=early)
    return validate_tree(root, today=today, only=selected_paths(root, paths) if paths else None)


def selected_paths(root: Path, given: list[Path]) -> list[str]:
    """Command-line paths (files or folders, relative to the current folder) as repository paths."""
    every = list(layout.WorkTree(root).paths())
    wanted: list[str] = []
    for item in given:
        absolute = os.path.abspath(item)  # the folder resolved, the name kept: a link stays one
        full = Path(os.path.realpath(os.path.dirname(absolute))) / os.path.basename(absolute)
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{item} is outside the plan repository {root}") from None
        if not full.exists() and not full.is_symlink():
            raise UsageError(f"{item} does not exist")
        prefix = "" if rel == "." else rel
        wanted += [p for p in every if p == prefix or not prefix or p.startswith(prefix + "/")]
    return sorted(set(wanted))


def validate_tree(root: Path, *, today: dt.date, only: list[str] | None = None,
                  cross_file_everywhere: bool = False, use_cache: bool = True,
                  jobs: int | None = None) -> Report:
    """Validate the working tree at ``root``; ``only`` restricts full checks to those paths
    (cross-file reference checks still see the whole plan). With ``cross_file_everywhere`` the
    cross-file problems (unique ids, references) are reported in every file, not only in
    ``only``.

    Speed (see :mod:`nhrp.core.store.files`): when no file changed since the last run, the last
    result is reused after one ``lstat`` per file; otherwise unchanged files reuse their cached
    per-file results, and the rest are checked on all cores when there are many. When nothing
    is stored yet (a first run, a fresh clone), no stored result can be reused, so checking
    starts while the folders are still being listed."""
    source = layout.WorkTree(root)
    first = only is None and not (use_cache and files.stored(source))
    kinds: dict[str, str | None] | None = {} if first else None
    results = files.checked_files(source, _record_files(source, kinds), check_file,
                                  use_cache=use_cache, jobs=jobs) if first else None
    all_paths = [p for p in source.paths() if not layout.is_documentation(p)]
    snapshot = memo.Snapshot(source, all_paths, (sorted(only) if only is not None else None,
                                                 cross_file_everywhere), enabled=use_cache)
    stored = None if first else _from_snapshot(snapshot.get(), today.isoformat())
    if stored is not None:
        report, future = stored
    else:
        wanted = set(only) if only is not None else None
        is_link = source.links.__contains__ if first else source.is_symlink
        report, record_paths = _listing(all_paths, wanted, is_link, kinds)
        if results is None:
            results = files.checked_files(source, record_paths, check_file,
                                          use_cache=use_cache, jobs=jobs)
        reported = None if wanted is None or cross_file_everywhere else wanted
        future = _assemble(report, source, record_paths, results, wanted, reported, today)
        snapshot.put({"today": today.isoformat(), "files": report.files,
                      "counts": dict(report.counts), "future": future,
                      "problems": [(p.path, p.code, p.message, tuple(p.json_path), p.line,
                                    p.column) for p in report.problems]})
    return _finish(report, source, future, today, [
        p for p in _tracked_hidden(root, source.hidden) if only is None or p in only])


def _record_files(source: layout.WorkTree, kinds: dict[str, str | None]) -> Iterator[str]:
    """The record files of ``source`` (those :func:`_listing` returns) as it lists them; the
    kind of every file listed is noted in ``kinds``."""
    for path in source.stream():
        kind = kinds[path] = layout.kind_of(path)
        if kind is not None and path not in source.links:
            yield path


def validate_changes(root: Path, since: str, *, today: dt.date,
                     early: branch.Early | None = None) -> Report:
    """Fully check the plan files added or changed since the commit ``since`` (and untracked
    ones); report the cross-file problems of those files and of the unchanged files the change
    can affect, reading no other file. Which files exist comes from git's index: of the
    entries and measurements, only the folders the change needs are listed.

    ``early``: what git is asked first (:class:`branch.Early`: its look at the working tree,
    which takes a tenth of a second or more on a large plan, the index listing and the
    committed change), when the caller started it (the entry point does, before typer is
    imported); started here otherwise. Meanwhile the committed change is judged as if the
    working tree were as HEAD left it (a fresh clone, as in CI), and judged again only when
    the scan says otherwise; the files read the first time are not read again."""
    early = early or branch.Early(root, since, neighbours.LISTED)
    listed = _Index(root)
    listed.started[(early.folders, False)] = early.listing
    try:
        checked: dict[str, tuple] = {}  # the working tree's files, read and checked once
        guess = None
        try:
            done = early.committed()
            clean = branch.as_committed(root, done)
            try:
                guess = clean, _judge(root, clean, listed, checked, today)
            except Exception:  # judged below on what the scan says: an error that stands
                guess = None  # recurs there
        except BaseException:
            early.stop()
            raise
        change = branch.since(root, since, early.worktree, done)
        if guess is not None and guess[0] == change and guess[1] is not None:
            return guess[1]
        report = _judge(root, change, listed, checked, today)
    finally:
        listed.stop()  # a listing started for a judgement that was not needed
    if report is None:  # the plan's settings changed: every file may be affected
        return validate_tree(root, today=today, only=change.changed, cross_file_everywhere=True)
    return report


class _Index:
    """git's index listing of folders (:func:`branch.index_files`), asked once per question;
    a listing :meth:`start`-ed early runs while other questions are asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.started: dict[tuple, branch.IndexFiles] = {}
        self.done: dict[tuple, tuple[list[str], set[str]]] = {}

    def start(self, folders: tuple[str, ...], icase: bool) -> None:
        if folders and (folders, icase) not in self.done:
            self.started.setdefault((folders, icase), branch.IndexFiles(self.root, folders, icase))

    def __call__(self, folders: tuple[str, ...], icase: bool) -> tuple[list[str], set[str]]:
        key = (folders, icase)
        if key not in self.done:
            early = self.started.pop(key, None)
            self.done[key] = early.result() if early else branch.index_files(self.root, folders,
                                                                               icase)
        return self.done[key]

    def stop(self) -> None:
        for listing in self.started.values():
            listing.stop()


def _judge(root: Path, change: branch.Change, listed: _Index, checked: dict[str, tuple],
           today: dt.date) -> Report | None:
    """:func:`validate_changes` for one ``change``; None when it reaches the whole plan.
    ``listed(folders, icase)``: git's index listing; ``checked``: results of files read."""
    changed, deleted, wanted = change.changed, change.deleted, set(change.changed)
    if neighbours.PLAN_WIDE & {*changed, *deleted}:
        return None
    source = layout.WorkTree(root)
    there = [p for p in changed if os.path.lexists(root / p)]
    links = {p for p in there if os.path.islink(root / p)}
    readable = (p for p in there if not layout.is_hidden(p) and not layout.is_documentation(p))
    report, record_paths = _listing(sorted(readable, key=layout.worktree_order), wanted,
                                    links.__contains__)

    def tracked(found: tuple[list[str], set[str]]) -> list[str]:
        """Unchanged record files of git's index listing (paths, links), in the working tree."""
        paths, links = found
        skip = wanted | change.gone | links
        names = "\0".join(paths) + "\0"  # hidden or documentation files: looked for all at once
        if names.startswith(".") or "/." in names or ".md\0" in names:
            skip |= {p for p in paths if layout.is_hidden(p) or layout.is_documentation(p)}
        return [p for p in paths if p not in skip]

    listing = neighbours.Listing([*tracked(listed(neighbours.LISTED, False)), *record_paths],
                                 fetch=lambda folders: tracked(listed(tuple(folders), True)))
    results: dict[str, tuple] = {}

    def read(paths) -> list[Loaded]:
        paths = sorted((p for p in paths if p in listing.kinds), key=layout.worktree_order)
        checked.update(files.checked_files(source, [p for p in paths if p not in checked],
                                           check_file, use_cache=False))
        results.update((p, checked[p]) for p in paths)
        return [_loaded(p, results[p]) for p in paths]

    actors = set(listing.of_kind("actor"))
    first = read(wanted | actors | _VOCABULARY)
    touched = neighbours.touched(changed, deleted, {layout.stem(i.path): i.data for i in first
                                                    if i.kind == "actor" and i.problem is None})
    listed.start(tuple(listing.unlisted(touched.folders)), True)  # beside the searches below
    near = (set(git.grep_files(root, touched.actors, *neighbours.EVERYWHERE))
            | _naming(root, change, touched.recommendations, first)
            | listing.under(touched.folders)
            | neighbours.collisions(listing, [i for i in first if i.path in wanted])) - wanted
    if touched.actors:
        near |= actors
    listing.need(p.rpartition("/")[0] for p in near)  # the series folders grep found files in
    reported = wanted | near
    read(neighbours.context(listing, read(reported)))
    future = _assemble(report, source, sorted(results, key=layout.worktree_order), results,
                       wanted, reported, today, listing.ids())
    return _finish(report, source, future, today,
                   sorted(p for p in there if layout.is_hidden(p) and p not in change.untracked))


def _naming(root: Path, change: branch.Change, recommendations: set[str],
            read: list[Loaded]) -> set[str]:
    """The unchanged files that may name the touched ``recommendations`` and read what changed
    of them (:func:`neighbours.searched_for`), found with ``git grep``."""
    now = {i.path: i.data if i.problem is None else None for i in read
           if i.kind == "recommendation"}
    changed = [p for p in change.changed if p in now and layout.stem(p) in recommendations]
    before = {p: _parse(p, raw) for p, raw in branch.read_at(root, change.base, changed).items()}
    gone = {layout.stem(p) for p in change.deleted}
    searches: dict[tuple, set[str]] = defaultdict(set)
    for rec_id in recommendations:
        paths = [p for p in changed if layout.stem(p) == rec_id]
        folders = neighbours.NAMING_RECOMMENDATIONS if rec_id in gone or len(paths) != 1 \
            else neighbours.searched_for(before.get(paths[0]), now[paths[0]])
        if folders:
            searches[folders].add(rec_id)
    return {p for folders, ids in sorted(searches.items())
            for p in git.grep_files(root, ids, *folders)}


def _parse(path: str, raw: bytes | None) -> dict | None:
    item = parse(path, raw) if raw is not None else None
    return item.data if item is not None and item.problem is None else None


def _listing(all_paths: list[str], wanted: set[str] | None, is_link: Callable[[str], bool],
             kinds: dict[str, str | None] | None = None) -> tuple[Report, list[str]]:
    """The files counted and the problems of files that are not records (unknown files,
    links) among ``wanted``; and the record files to read. ``kinds``: of the record files,
    when known already."""
    report = Report()
    record_paths: list[str] = []
    for path in all_paths:
        selected = wanted is None or path in wanted
        report.files += selected
        if is_link(path):
            if selected:
                report.problems.append(Problem(path, "F602", "symbolic link: replace it with the "
                                               "file itself (links are never followed)", (), 1, 1))
        elif (kinds[path] if kinds is not None else layout.kind_of(path)) is None:
            if selected:
                report.problems.append(Problem(path, "F601", unknown_file_hint(path), (), 1, 1))
        else:
            record_paths.append(path)
    return report, record_paths


_VOCABULARY = frozenset({layout.PLAN_FILE, layout.THEMES_FILE, layout.SDGS_FILE,
                         layout.PARTICIPATION_FILE})


def _loaded(path: str, result: tuple) -> Loaded:
    kind, data, problems, _ = result
    if data is None:
        return Loaded(path, kind, None, Problem(path, *problems[0]))
    return Loaded(path, kind, data)


def _assemble(report: Report, source: layout.WorkTree, read_paths: list[str],
              results: dict[str, tuple], wanted: set[str] | None, reported: set[str] | None,
              today: dt.date, ids: dict[str, set[str]] | None = None) -> list[tuple]:
    """Per-file problems of ``wanted`` files and cross-file problems of ``reported`` ones
    (None: all) into ``report``; returns the candidates for D402 (future dates), judged
    apart so that a stored result stays right as days pass."""
    future: list[tuple] = []
    limit = today.isoformat()
    for path in read_paths:
        kind, data, problems, past_dates = results[path]
        if wanted is None or path in wanted:
            report.problems += [Problem(path, *p) for p in problems]
            future += [(path, at, value) for at, value in past_dates if value > limit]
            report.counts[kind] += data is not None or not problems[0][0].startswith("Y")
    report.parsed = len(results)
    loaded = [_loaded(path, results[path]) for path in read_paths]
    report.problems += [p for p in cross_file(loaded, ids)
                        if reported is None or p.path in reported]
    _fill_positions(report.problems, source)
    return future


def _finish(report: Report, source: layout.WorkTree, future: list, today: dt.date,
            hidden_files: list[str]) -> Report:
    """Add the future dates (D402) and the tracked hidden files to check (F601)."""
    dates = [p for path, at, value in future for p in future_dates(path, [(at, value)], today)]
    _fill_positions(dates, source)
    hidden = [Problem(path, "F601", layout.HIDDEN_HINT, (), 1, 1) for path in hidden_files]
    report.files += len(hidden)
    report.problems = sorted(report.problems + dates + hidden, key=Problem.sort_key)
    return report


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
        locate(items, text)


# --- what git knows of the plan's files -------------------------------------------------------

def _tracked_hidden(root: Path, skipped: list[str]) -> list[str]:
    """Files git tracks under data/ that the listing skipped (a name starting with '.', or
    inside such a folder). Untracked clutter (.DS_Store) is not a plan file; outside git
    nothing is tracked. Git is asked only when the listing met such a name."""
    if not skipped:
        return []
    names = git.ls_files(root, "--", *(f":(literal){p}" for p in skipped))
    return sorted({n for n in names if layout.is_hidden(n)})
