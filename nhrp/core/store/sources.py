"""The two places a plan is read from, behind one interface: the working tree
(:class:`nhrp.core.layout.WorkTree`) and a git revision (:class:`GitTree`, also in a bare
repository).

Both list their files in the same order (``paths``), say whether one is a symbolic link (never
followed), read one or many files, and give each file a *content key*: equal keys mean equal
bytes, so per-file results can be reused. For git the key is the blob id; for the working tree
it is the file's ``lstat`` (size, times, inode), confirmed by a content hash where it changed
(:mod:`.files`).
"""

from __future__ import annotations

import os
from typing import Iterator, Protocol

from nhrp.core import layout
from nhrp.core.store import git
from nhrp.core.store.revision import SYMLINK, Repo, list_tree, open_repo, resolve_at


class Source(layout.Source, Protocol):
    """What every source offers besides listing and reading (:class:`nhrp.core.layout.Source`)."""

    def is_symlink(self, path: str) -> bool: ...

    def key(self, path: str): ...

    def read_many(self, paths: list[str]) -> dict[str, bytes]: ...


class GitTree:
    """The plan files of one commit, read from git objects: nothing is checked out."""

    label = "git revision"

    def __init__(self, repo: Repo, commit: str) -> None:
        self.repo, self.commit = repo, commit
        self.tree = list_tree(repo, commit)  # path -> (mode, blob id)

    def paths(self) -> Iterator[str]:
        """Every file the working tree would list, in its order (hidden names left out)."""
        return iter(sorted((p for p in self.tree if not layout.is_hidden(p)),
                           key=layout.worktree_order))

    def is_symlink(self, path: str) -> bool:
        return self.tree[path][0] == SYMLINK

    def key(self, path: str) -> str:
        return self.tree[path][1]

    def read(self, path: str) -> bytes:
        return self.read_many([path])[path]

    def read_many(self, paths: list[str]) -> dict[str, bytes]:
        """Many files through one ``git cat-file --batch``."""
        blobs = git.cat_blobs(self.repo.path, [self.tree[p][1] for p in paths])
        return {p: blobs[self.tree[p][1]] for p in paths}


def at(repo: str | os.PathLike | Repo, rev: str) -> GitTree:
    """The plan at ``rev`` (a commit, branch, tag or date: see ``resolve_at``)."""
    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    return GitTree(repo, resolve_at(repo, rev).commit.id)
