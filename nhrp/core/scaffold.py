"""``nhrp init``: a new, empty, valid plan repository for any State."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout
from nhrp.core.fmt import canonical
from nhrp.core.fsutil import atomic_write
from nhrp.errors import EnvironmentProblem, UsageError

DEFAULT_SCALE = [
    ("regressed", "Regressed", "not implemented"),
    ("not-started", "Not started", "not implemented"),
    ("in-progress", "In progress", "partially implemented"),
    ("partially-implemented", "Partially implemented", "partially implemented"),
    ("implemented", "Implemented", "fully implemented"),
]


@dataclass
class NewPlan:
    state_code: str
    state_names: dict
    plan_names: dict
    languages: list
    start: str
    end: str
    cycle: int
    documents: list
    secretariat_id: str = "secretariat"
    secretariat_names: dict | None = None


def create(target: Path, spec: NewPlan, *, git: bool = True) -> list[str]:
    """Write the skeleton; refuse a folder that already holds a plan. Returns the files written."""
    if (target / layout.PLAN_FILE).exists():
        raise UsageError(f"{target} already holds a plan ({layout.PLAN_FILE})")
    layout.check_slug(spec.secretariat_id, "actor id")
    if not spec.state_names.get("en") or not spec.plan_names.get("en"):
        raise UsageError("the State and the plan need at least an English name (--state-name, --name)")
    bundled = layout.bundled_root()
    plan = {
        "schema_version": 1,
        "id": f"{spec.state_code.lower()}-plan-{spec.start[:4]}-{spec.end[:4]}",
        "name": spec.plan_names,
        "state": {"code": spec.state_code, "name": spec.state_names},
        "period": {"start": spec.start, "end": spec.end},
        "cycles": [{"cycle": spec.cycle, **({"documents": spec.documents} if spec.documents else {})}],
        "languages": spec.languages,
        "maintainers": [spec.secretariat_id],
        "duty_bearers": [{"id": "government", "actor": spec.secretariat_id,
                          "names": {"en": "Government"}}],
        "status_scale": [{"id": i, "names": {"en": n}, "upr_info_iri": iri}
                         for i, n, iri in DEFAULT_SCALE],
        "settings": {"stale_after_months": 12},
    }
    secretariat = {"id": spec.secretariat_id, "kind": "federal-government",
                   "names": spec.secretariat_names or {"en": "Plan secretariat"},
                   "notes": "The plan's secretariat (created by nhrp init; rename as needed)."}
    written = {
        layout.PLAN_FILE: canonical("plan", plan),
        layout.actor_path(spec.secretariat_id): canonical("actor", secretariat),
        "data/recommendations/README.md": "One YAML file per recommendation; see docs/data-model.md "
                                          "of nhrp. 'nhrp import' fills this folder.\n",
        "data/monitoring/README.md": "Monitoring entries: data/monitoring/<recommendation>/"
                                     "<as_of>-<actor>.yaml, added with 'nhrp assess'.\n",
        ".gitignore": ".nhrp-cache/\n.nhrp.lock\n",
    }
    for vocab in (layout.THEMES_FILE, layout.SDGS_FILE):
        source = bundled / vocab
        if not source.is_file():
            raise EnvironmentProblem(f"the bundled vocabulary {source} is missing")
        written[vocab] = source.read_text(encoding="utf-8")
    for path, text in written.items():
        atomic_write(target / path, text)
    if git and shutil.which("git") and not (target / ".git").exists():
        subprocess.run(["git", "init", "-q", str(target)], check=False)
    return sorted(written)
