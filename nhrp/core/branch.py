"""What a branch changes since a base commit (``validate --changed-since BASE``), found by
comparing trees and asking git about the working tree — never by listing the whole plan.

The change is what merging HEAD into BASE would do (``git merge-tree``, every merge base
considered, as ``check-scope`` judges it), plus what the working tree changes since HEAD,
untracked files included. A merge that conflicts is refused, naming the files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout
from nhrp.core.store import git
from nhrp.errors import InvalidData, UsageError

PLAN_PATHS = (layout.PLAN_FILE, layout.DATA)
Worktree = tuple[git.Background, git.Background, git.Background]


@dataclass
class Change:
    """Paths from the plan root. ``changed``: added or changed, sorted (some may be missing
    from the working tree); ``deleted``: plan files that were there where HEAD left BASE and
    are gone now; ``gone``: tracked files missing from the working tree; ``untracked``."""

    base: str
    changed: list[str]
    deleted: list[str]
    gone: set[str]
    untracked: set[str]


def merge_base(top: Path, base: str, head: str, base_label: str, head_label: str) -> str:
    """The merge base git reports; a usage error, with a hint for shallow clones, when the two
    have no common history."""
    merged = git.run(top, "merge-base", base, head, check=False).decode().strip()
    if not merged:
        shallow = git.run(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
        hint = ("; this is a shallow clone: fetch the whole history (actions/checkout with "
                "fetch-depth: 0)") if shallow else ""
        raise UsageError(f"'{base_label}' and '{head_label}' have no common history{hint}")
    return merged


def changed_since(root: Path, rev: str) -> list[str]:
    """Plan files (paths from the plan root) that merging HEAD into ``rev`` would add or change,
    and those changed in the working tree since HEAD, untracked ones included."""
    return since(root, rev).changed


def scan(root: Path) -> Worktree:
    """Start git comparing the working tree at ``root`` with HEAD: the one part of
    :func:`since` whose cost follows the number of files (git looks at each file's stat data
    and each folder's entries, as ``git status`` does). It runs in the background; start it
    early, and pass it to :func:`since`."""
    return git.worktree_changes(root, *PLAN_PATHS)


def since(root: Path, rev: str, worktree: Worktree | None = None) -> Change:
    """The change from the commit ``rev`` to the working tree at ``root``; ``worktree``: the
    :func:`scan` of it, started here when not given."""
    try:
        base, head = git.resolve_in(root, rev, "HEAD").commits
        worktree = worktree or scan(root)
        fork = merge_base(root, base, head, rev, "HEAD")
        merge = git.merge_result(root, base, head)
        if merge.conflicts:
            raise InvalidData(f"merging HEAD into {rev} conflicts in "
                              f"{', '.join(merge.conflicts)}: merge {rev} into the branch and "
                              "resolve the conflicts first")
        # --relative: paths from the plan root, also when the plan is a sub-folder
        committed = git.names(git.run(root, "diff", "--name-only", "-z", "--no-renames",
                                      "--relative", "--diff-filter=d", base, merge.tree, "--"))
        removed = git.deleted_between(root, fork, head, *PLAN_PATHS)
        status = git.name_status(worktree[0].output())
        untracked = set(git.names(worktree[1].output()))
        staged = git.names(worktree[2].output())
    finally:
        for process in worktree or ():
            process.stop()
    gone = {c.path for c in status if c.status == "D"}
    gone |= {p for p in staged if not os.path.lexists(root / p)}  # added to the index, then removed
    paths = {*committed, *(c.path for c in status if c.status != "D"), *untracked}
    changed = sorted(p for p in paths if p == layout.PLAN_FILE or p.startswith(layout.DATA + "/"))
    # a hidden file is never read, so it is not there for the rules (validate reports it)
    there = {p for p in changed if os.path.lexists(root / p) and not layout.is_hidden(p)}
    # gone from the working tree, but was it there where the branch started?
    missing = sorted(gone - set(removed))
    at_fork = set(git.tree_names(root, fork, *(f":(literal){p}" for p in missing))) \
        if missing else set()
    deleted = sorted(p for p in {*removed, *at_fork} if p not in there and layout.kind_of(p))
    return Change(base, changed, deleted, gone, untracked)
