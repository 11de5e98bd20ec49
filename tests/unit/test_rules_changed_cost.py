"""``validate --changed-since`` reads what the change needs, not the whole plan: the changed
files, the plan's settings and actors, and the unchanged files the change can break — each
kind of such neighbour below. On a plan that was valid, the problems it reports must be
exactly those of a full run."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, git
from nhrp.core import branch
from nhrp.core.rules import neighbours
from nhrp.core.validate import validate_changes, validate_tree

DAY = dt.date.fromisoformat(TODAY)
ACTORS = 38  # the bundled plan's actors, which the generator uses
SETTINGS = 4  # nhrp.yaml, the two vocabularies, participation.yaml (when present)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A valid synthetic plan of 150 recommendations and ~300 entries, committed."""
    folder = tmp_path_factory.mktemp("generated") / "plan"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "150", str(folder),
                    "--commits", "1"], check=True, capture_output=True)
    return folder


@pytest.fixture
def repo(generated, tmp_path) -> Path:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(generated), str(clone)], check=True)
    git(clone, "tag", "base")
    return clone


def lines(problems) -> list[tuple]:
    return sorted((p.path, p.line, p.column, p.code, p.message) for p in problems)


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def judged(repo: Path, most: int = ACTORS + SETTINGS + 20):
    """validate --changed-since base, after checking it against a full run; it reads at most
    ``most`` files (the full run: ~480)."""
    report = validate_changes(repo, "base", today=DAY)
    full = validate_tree(repo, today=DAY, use_cache=False)
    assert lines(report.problems) == lines(full.problems)
    # as the command runs it: the actors read while git looks at the working tree
    scanned = validate_changes(repo, "base", today=DAY,
                               early=branch.Early(repo, "base", neighbours.LISTED))
    assert lines(scanned.problems) == lines(full.problems) and scanned.parsed == report.parsed
    assert full.parsed > 450 and report.parsed <= most, report.parsed
    return report


def rec_file(repo: Path, rec_id: str) -> Path:
    return next((repo / "data" / "recommendations").rglob(f"{rec_id}.yaml"))


def codes_in(report, path: str) -> list[str]:
    return [p.code for p in report.problems if p.path == path]


def test_a_one_file_change_reads_a_constant_number_of_files(repo):
    path = rec_file(repo, "upr2-100.1")
    path.write_text(path.read_text(encoding="utf-8").replace("summary:\n  en: ",
                                                                 "summary:\n  en: Revised. "),
                    encoding="utf-8")
    entry = repo / "data/monitoring/upr2-100.1/2025-03-01-jnp.yaml"
    entry.write_text("recommendation: upr2-100.1\nby: jnp\nduty_bearer: federal\n"
                     "as_of: '2025-03-01'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                     "  ar: نتيجة.\n  ckb: ئەنجام.\nsimulated: true\n", encoding="utf-8")
    commit(repo)
    report = judged(repo)
    assert report.ok and report.files == 2
    # the two files, the settings and actors, and the other entries of the recommendation
    assert report.parsed <= 2 + ACTORS + SETTINGS + 5


def test_a_deleted_actor_breaks_the_unchanged_files_that_name_it(repo):
    (repo / "data/actors/jnp.yaml").unlink()
    commit(repo)
    naming = git(repo, "grep", "-l", "-w", "jnp").split()
    # those files and the recommendations and other entries they are checked with
    report = judged(repo, most=ACTORS + SETTINGS + 4 * len(naming))
    assert any(p.code == "R303" and "unknown actor 'jnp'" in p.message and
               p.path.startswith("data/monitoring/") for p in report.problems)


def test_a_renamed_recommendation_breaks_its_entries(repo):
    old = rec_file(repo, "upr2-100.1")
    new = old.with_name("upr2-100.1000.yaml")
    new.write_text(old.read_text(encoding="utf-8").replace("id: upr2-100.1\n",
                                                           "id: upr2-100.1000\n"), encoding="utf-8")
    old.unlink()
    commit(repo)
    report = judged(repo)
    assert codes_in(report, "data/monitoring/upr2-100.1/2022-01-04-jnp.yaml") == ["R304"]


def test_removing_a_superseded_entry_breaks_its_correction(repo):
    original = repo / "data/monitoring/upr2-100.1/2022-01-04-jnp.yaml"
    correction = original.with_name("2022-02-01-jnp.yaml")
    correction.write_text(original.read_text(encoding="utf-8").replace(
        "as_of: '2022-01-04'", "as_of: '2022-02-01'") + "supersedes: 2022-01-04-jnp\n",
        encoding="utf-8")
    commit(repo, "a correction")
    git(repo, "tag", "-f", "base")
    original.unlink()
    commit(repo)
    report = judged(repo)
    assert codes_in(report, "data/monitoring/upr2-100.1/2022-02-01-jnp.yaml") == ["R306"]


def test_an_actor_moved_to_another_duty_bearer_breaks_its_children_s_self_assessments(repo):
    """The child names no duty bearer of its own: it belongs to its parent's. Its entries do not
    mention the parent, yet the parent's change makes them wrong (R313)."""
    (repo / "data/actors/hr-committee.yaml").write_text(
        "id: hr-committee\nkind: parliament\nparent: cor\nnames:\n  en: Human Rights Committee\n"
        "  ar: لجنة حقوق الإنسان\n  ckb: لیژنەی مافی مرۆڤ\nsimulated: true\n", encoding="utf-8")
    entry = repo / "data/monitoring/upr2-100.1/2023-05-01-hr-committee.yaml"
    entry.write_text("recommendation: upr2-100.1\nby: hr-committee\nduty_bearer: federal\n"
                     "as_of: '2023-05-01'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                     "  ar: نتيجة.\n  ckb: ئەنجام.\nsimulated: true\n", encoding="utf-8")
    commit(repo, "a committee")
    assert validate_tree(repo, today=DAY, use_cache=False).ok
    git(repo, "tag", "-f", "base")
    parent = repo / "data/actors/cor.yaml"
    parent.write_text(parent.read_text(encoding="utf-8").replace("duty_bearer: federal",
                                                                 "duty_bearer: krg"),
                      encoding="utf-8")
    commit(repo)
    report = judged(repo)
    assert codes_in(report, str(entry.relative_to(repo))) == ["R313"]


def test_a_new_file_whose_name_differs_only_in_case_is_a_duplicate(repo):
    original = rec_file(repo, "upr2-100.1")
    copy = original.with_name("UPR2-100.1.yaml")
    copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    commit(repo)
    report = judged(repo)
    # the new name sorts first, so the unchanged file is the one reported
    assert "R302" in codes_in(report, str(original.relative_to(repo)))
