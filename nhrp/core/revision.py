"""Compatibility: the old import path of :mod:`nhrp.core.store.revision` (the repository, its
commits and the plan at a revision), kept only for modules not yet moved to it (audit,
timeline, activity_history, revdiff); remove once they import ``nhrp.core.store.revision``."""

from nhrp.core.store.revision import (SYMLINK, Commit, FileChange, Point, Repo,  # noqa: F401
                                      Snapshot, Tree, commit_header, last_on_or_before,
                                      list_tree, load_at, open_repo, parse_blobs, parse_day,
                                      plan_from_tree, resolve_at, resolve_rev, snapshot,
                                      visible, walk)
