"""``nhrp init``: a new, empty, valid plan repository for any State."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from nhrp.core import layout
from nhrp.core.fmt import canonical
from nhrp.core.fsutil import atomic_write
from nhrp.core.store import git
from nhrp.errors import EnvironmentProblem, UsageError

DEFAULT_SCALE = [
    ("regressed", "Regressed", "not implemented"),
    ("not-started", "Not started", "not implemented"),
    ("in-progress", "In progress", "partially implemented"),
    ("partially-implemented", "Partially implemented", "partially implemented"),
    ("implemented", "Implemented", "fully implemented"),
]


GITIGNORE = ".nhrp-cache/\n.nhrp.lock\n"


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
        ".gitignore": GITIGNORE,
    }
    for vocab in (layout.THEMES_FILE, layout.SDGS_FILE):
        source = bundled / vocab
        if not source.is_file():
            raise EnvironmentProblem(f"the bundled vocabulary {source} is missing")
        written[vocab] = source.read_text(encoding="utf-8")
    for path, text in written.items():
        atomic_write(target / path, text)
    if git:
        first_commit(target, f"Start the plan: {spec.plan_names['en']} (made by nhrp init)",
                     sorted(written))
    return sorted(written)


EXAMPLES = ("iraq",)


def copy_example(target: Path, example: str, *, git: bool = True) -> list[str]:
    """A new plan repository holding a copy of a bundled plan (today only Iraq's), committed."""
    if example not in EXAMPLES:
        raise UsageError(f"unknown example '{example}'; the bundled example is: "
                         f"{', '.join(EXAMPLES)}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not empty; choose a new folder")
    copy_bundled(target)
    atomic_write(target / layout.PLAN_FILE, (layout.bundled_root() / layout.PLAN_FILE)
                 .read_text(encoding="utf-8"))
    atomic_write(target / ".gitignore", GITIGNORE)
    if git:
        first_commit(target, "Start the plan: a copy of the Iraq plan bundled with nhrp",
                     [layout.PLAN_FILE, layout.DATA, ".gitignore"])
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(target).parts)


def copy_bundled(target: Path) -> None:
    """The bundled plan's data/ (without monitoring entries) into ``target``; nhrp.yaml is the
    caller's to write."""
    bundled = layout.bundled_root()
    if not (bundled / layout.PLAN_FILE).is_file():
        raise EnvironmentProblem(f"the bundled plan is missing from {bundled}")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(bundled / layout.DATA, target / layout.DATA, symlinks=True,
                    ignore=shutil.ignore_patterns(".*", "monitoring"), dirs_exist_ok=True)


def first_commit(target: Path, message: str, paths: list[str]) -> None:
    """``git init`` (unless the folder already is a repository's top) and the first commit, so
    that history (log, diff) has a starting point."""
    if not git.installed():
        raise EnvironmentProblem(f"the plan is written in {target}, but git is not installed: "
                                 "install git and run 'git init', 'git add -A' and 'git commit'")
    if not (target / ".git").exists():
        _git(target, "init", "-q")
        _git(target, "symbolic-ref", "HEAD", "refs/heads/main")
    _git(target, "add", "--", *paths)
    _git(target, "commit", "-q", "-m", message)


def _git(target: Path, *args: str) -> None:
    done = git.call(target, *args)
    if done.returncode != 0:
        raise EnvironmentProblem(f"the plan is written in {target}, but 'git {args[0]}' failed: "
                                 f"{git.last_line(done, 'no reason given')}. Fix that, then "
                                 "run 'git add -A' and 'git commit' there")
