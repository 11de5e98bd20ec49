"""What a change means between two revisions: the sides ``nhrp diff`` compares by default, the
merge result of a pull request, and the domain diff of the two plans (docs/history.md)."""

from __future__ import annotations

import datetime as dt
import os

from nhrp.core import layout
from nhrp.core.revision import (Point, Repo, Tree, commit_header, list_tree, open_repo,
                                plan_from_tree, resolve_at, resolve_rev, snapshot)
from nhrp.errors import EnvironmentProblem, UsageError

MAIN_BRANCHES = ("main", "master", "origin/main", "origin/master", "@{upstream}")


def _verify(repo: Repo, rev: str) -> str | None:
    import subprocess

    done = subprocess.run(["git", "-C", str(repo.path), "rev-parse", "--verify", "--quiet",
                           f"{rev}^{{commit}}"], capture_output=True)
    return done.stdout.decode().strip() if done.returncode == 0 else None


def default_sides(repo: Repo) -> tuple[str, str, str | None]:
    """What ``nhrp diff`` compares without arguments: (base label, base commit, head) where
    head None is the working tree. Uncommitted plan changes: the branch's start (the merge
    base with main, else master, origin/main, origin/master or the upstream — on main itself
    HEAD) with the working tree. A clean tree: a branch's commits since it left main, or on
    main (or a bare repository) the last commit, HEAD~1 with HEAD."""
    import subprocess

    head = resolve_rev(repo, "HEAD")
    dirty = not repo.bare and bool(repo.git("status", "--porcelain", "-z", "--",
                                            layout.PLAN_FILE, layout.DATA))
    for name in MAIN_BRANCHES if not repo.bare else ():
        branch = _verify(repo, name)
        if branch is None:
            continue
        done = subprocess.run(["git", "-C", str(repo.path), "merge-base", branch, head],
                              capture_output=True)
        if done.returncode != 0:
            hint = " (this clone is shallow: fetch the full history)" if repo.shallow else ""
            raise EnvironmentProblem(f"{name} and HEAD have no common commit{hint}; name the "
                                     "base: nhrp diff BASE")
        base = done.stdout.decode().strip()
        if base != head:
            return f"where this branch left {name}", base, None if dirty else "HEAD"
        break
    if dirty:
        return "HEAD", head, None
    parent = _verify(repo, "HEAD~1")
    if parent is None:
        raise UsageError("HEAD is the plan's first commit: there is nothing before it to "
                         "compare with; name what to compare: nhrp diff BASE [HEAD]")
    return "HEAD~1", parent, "HEAD"


def _merged_tree(repo: Repo, base_id: str, head: str, base_label: str,
                 head_label: str) -> Tree | None:
    """The plan files of what merging ``head`` into ``base_id`` produces when the two have
    diverged, or None when one is in the other's history (then comparing the two directly is
    exact, also backwards in time). Comparing diverged commits directly shows the base's own
    later changes as reverted; comparing with one merge base can hide what a merge deletes or
    reverts (docs/security.md)."""
    from nhrp.core import gitio

    head_id = resolve_rev(repo, head)
    if not repo.git("rev-list", "-1", base_id, f"^{head_id}").strip() or \
            not repo.git("rev-list", "-1", head_id, f"^{base_id}").strip():
        return None
    merge = gitio.merge_result(repo.path, base_id, head_id)
    if merge.conflicts:
        raise UsageError(f"merging {head_label} into {base_label} conflicts in "
                         f"{', '.join(merge.conflicts)}: merge {base_label} into the branch and "
                         "resolve the conflicts first")
    tree = list_tree(repo, merge.tree)
    if layout.PLAN_FILE not in tree:
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) in {head_label} merged into "
                         f"{base_label}")
    return tree


def diff(repo: str | os.PathLike | Repo, base: str | None = None, head: str | None = None, *,
         today: dt.date) -> dict:
    """What changed from ``base`` to ``head`` in domain terms (:func:`nhrp.core.plandiff.compare`).

    ``base``, ``head``: DATE or REV; ``head`` None is the working tree (HEAD in a bare
    repository). Without either, see :func:`default_sides`."""
    from nhrp.core import plan as plan_mod
    from nhrp.core.plandiff import compare

    repo = repo if isinstance(repo, Repo) else open_repo(repo)
    if base is None and head is None:
        base_label, commit_id, head = default_sides(repo)
        base_point = Point(commit_header(repo, commit_id))
    elif base is None:
        raise UsageError("give BASE as well as HEAD: nhrp diff BASE HEAD")
    else:
        base_point = resolve_at(repo, base)
        base_label = base
    base_tree = list_tree(repo, base_point.commit.id)
    if layout.PLAN_FILE not in base_tree:
        raise UsageError(f"there is no plan ({layout.PLAN_FILE}) at {base_point.label}")
    base_plan = plan_from_tree(repo, base_tree)
    if head is None and not repo.bare:
        if not (repo.path / layout.PLAN_FILE).is_file():
            raise EnvironmentProblem(f"{repo.path} has no {layout.PLAN_FILE}; run nhrp diff in "
                                     "the plan folder or pass --repo")
        merged = _merged_tree(repo, base_point.commit.id, "HEAD", base_label, "HEAD")
        if merged is None:
            head_plan = plan_mod.load(repo.path)
            head_side = {"label": "the working tree (uncommitted changes)", "commit": None,
                         "date": None}
        elif repo.git("status", "--porcelain", "-z", "--", layout.PLAN_FILE, layout.DATA):
            raise UsageError(f"{base_label} is not in the history of HEAD, so the change is what "
                             "merging HEAD into it would do, which needs commits: commit your "
                             "changes first, or name the revision: nhrp diff BASE HEAD")
        else:
            head_plan = plan_from_tree(repo, merged)
            head_side = {"label": f"HEAD merged into {base_label}", "commit": None, "date": None}
    else:
        head_point = resolve_at(repo, head or "HEAD")
        label = head or "HEAD"
        merged = _merged_tree(repo, base_point.commit.id, head_point.commit.id, base_label, label)
        if merged is None:
            head_plan = snapshot(repo, head_point.commit.id).plan
        else:
            head_plan = plan_from_tree(repo, merged)
            label = f"{label} merged into {base_label}"
        head_side = {"label": label, "commit": head_point.commit.id,
                     "date": head_point.commit.day}
    result = compare(base_plan, head_plan, today)
    return {"base": {"label": base_label, "commit": base_point.commit.id,
                     "date": base_point.commit.day},
            "head": head_side, **result}
