"""The index view with the rules bound: the store's load with validate's per-file check, so
that the rules stay pure functions of records and the store knows no rule. Whole results are
reused while nothing changed in :mod:`nhrp.core.index` (list) and :mod:`nhrp.core.dashboards`
(status).

Layers (no cycles): the store (files, git, caches) <- the rules and validate (which use the
store's per-file cache) <- these services <- status, list and the commands.
"""

from __future__ import annotations

from pathlib import Path

from nhrp.core import layout
from nhrp.core.plan import Plan
from nhrp.core.store.load import INDEX, load


def load_index(root: Path, source: layout.WorkTree | None = None, *, texts: bool = True) -> Plan:
    """The index view of the working tree at ``root`` (see :mod:`nhrp.core.store.load`): all
    that status and list need, from the per-file cache where files are unchanged."""
    # validate is imported only here, on a miss: it brings the YAML parser and the rules
    # (~0.1 s), which a run answered from a memo never needs
    from nhrp.core.rules.check import check_file

    return load(source or layout.WorkTree(Path(root)), INDEX, check=check_file, texts=texts)
