"""The hooks in .pre-commit-hooks.yaml, run the way pre-commit runs them: the entry, split like a
shell would, plus the staged file names that match ``files``, from the repository top."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
ENTRY = "data/monitoring/upr2-127.10/2025-03-01-watch.yaml"
VALID = ("recommendation: upr2-127.10\nby: watch\nduty_bearer: federal\nas_of: '2025-03-01'\n"
         "status: in-progress\nsummary:\n  en: A finding.\n")


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def run_hook(hook: dict, repo: Path, staged: list[str]) -> subprocess.CompletedProcess:
    """What pre-commit does: filter by ``files``, append the names, run from the top."""
    names = [p for p in staged if re.search(hook["files"], p)]
    argv = shlex.split(hook["entry"]) + list(hook.get("args", []))
    script = Path(sys.executable).with_name(argv[0])
    argv = ([str(script)] if script.exists() else [sys.executable, "-m", "nhrp"]) + argv[1:]
    env = {k: v for k, v in os.environ.items() if k != "NHRP_REPO"}
    return subprocess.run(argv + (names if hook.get("pass_filenames", True) else []), cwd=repo,
                          capture_output=True, text=True, env=env)


def test_hook_definitions_are_complete():
    found = hooks()
    assert sorted(found) == ["nhrp-fmt", "nhrp-validate"]
    for hook in found.values():
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit installs this package for the hook
        assert hook["pass_filenames"] is True
    assert found["nhrp-validate"]["entry"] == "nhrp validate"
    assert found["nhrp-fmt"]["entry"] == "nhrp fmt"


@pytest.mark.parametrize("path, validate, fmt", [
    ("nhrp.yaml", True, True),
    ("data/actors/watch.yaml", True, True),
    (ENTRY, True, True),
    ("data/monitoring/README.md", True, False),  # validate knows notes; fmt only YAML
    ("data/actors/watch.yml", True, False),  # validate says: .yaml, not .yml
    ("README.md", False, False),
    ("schemas/actor.schema.json", False, False),
    ("tests/data/x.yaml", False, False),
])
def test_files_patterns(path, validate, fmt):
    found = hooks()
    assert bool(re.search(found["nhrp-validate"]["files"], path)) is validate
    assert bool(re.search(found["nhrp-fmt"]["files"], path)) is fmt


def test_validate_hook_passes_a_valid_entry(plan_dir):
    (plan_dir / ENTRY).parent.mkdir(parents=True)
    (plan_dir / ENTRY).write_text(VALID, encoding="utf-8")
    done = run_hook(hooks()["nhrp-validate"], plan_dir, [ENTRY, "README.md"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("checked 1 file (0 recommendations, 0 actors, "
                                  "1 monitoring entry): no problems")


def test_validate_hook_fails_an_invalid_entry_with_the_reason(plan_dir):
    (plan_dir / ENTRY).parent.mkdir(parents=True)
    (plan_dir / ENTRY).write_text(VALID.replace("in-progress", "CHOOSE-ONE"), encoding="utf-8")
    done = run_hook(hooks()["nhrp-validate"], plan_dir, [ENTRY])
    assert done.returncode == 1
    assert f"{ENTRY}:5:9: R307 status: unknown status 'CHOOSE-ONE'" in done.stdout


def test_validate_hook_checks_only_the_files_given(plan_dir):
    broken = plan_dir / "data/actors/ministry.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    (plan_dir / ENTRY).parent.mkdir(parents=True)
    (plan_dir / ENTRY).write_text(VALID, encoding="utf-8")
    assert run_hook(hooks()["nhrp-validate"], plan_dir, [ENTRY]).returncode == 0
    assert run_hook(hooks()["nhrp-validate"], plan_dir,
                    ["data/actors/ministry.yaml"]).returncode == 1


def test_fmt_hook_leaves_a_canonical_file_alone(plan_dir):
    path = plan_dir / "data/actors/watch.yaml"
    before = path.read_bytes()
    done = run_hook(hooks()["nhrp-fmt"], plan_dir, ["data/actors/watch.yaml"])
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == before


def test_fmt_hook_rewrites_a_file_out_of_form(plan_dir):
    """pre-commit then stops the commit because the file changed; the person adds it again."""
    (plan_dir / ENTRY).parent.mkdir(parents=True)
    flow = ("{by: watch, recommendation: upr2-127.10, duty_bearer: federal, as_of: '2025-03-01', "
            "status: in-progress, summary: {en: A finding.}}\n")
    (plan_dir / ENTRY).write_text(flow, encoding="utf-8")
    done = run_hook(hooks()["nhrp-fmt"], plan_dir, [ENTRY])
    assert done.returncode == 0, done.stderr
    assert (plan_dir / ENTRY).read_text(encoding="utf-8") == VALID
    assert f"{ENTRY}: reformatted" in done.stdout


def test_fmt_hook_fails_a_file_it_cannot_read(plan_dir):
    (plan_dir / ENTRY).parent.mkdir(parents=True)
    (plan_dir / ENTRY).write_text("status: [unclosed\n", encoding="utf-8")
    done = run_hook(hooks()["nhrp-fmt"], plan_dir, [ENTRY])
    assert done.returncode == 1
    assert f"{ENTRY}: not formatted:" in done.stderr
