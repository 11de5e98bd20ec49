"""Compatibility: the old import path of :mod:`nhrp.core.store.git` (the one module that runs
git), kept only for modules not yet moved to it (scope, revdiff); remove once they import
``nhrp.core.store.git``."""

from nhrp.core.store.git import (Changed, Merge, cat_blobs, changed_files, git_dir,  # noqa: F401
                                 is_repository, merge_result, require_repository, resolve, run,
                                 version)
