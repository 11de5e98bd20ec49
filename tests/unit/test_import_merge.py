"""Re-importing: idempotent, never clobbers what the plan added, reports conflicts, dry run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import import_builders
from nhrp.core import yamlio
from nhrp.core.fmt import canonical
from nhrp.core.importers import import_ohchr_matrix
from nhrp.errors import InvalidData, UsageError

pytest.importorskip("docx")

B = import_builders()

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def plan(tmp_path):
    return B.copy_plan(tmp_path / "plan")


@pytest.fixture
def docx(tmp_path):
    return B.write_docx(tmp_path / "list.docx", B.CODED_LIST)


def path_of(plan: Path, rec_id: str) -> Path:
    return plan / f"data/recommendations/{rec_id}.yaml"


def read(plan: Path, rec_id: str) -> dict:
    return yamlio.load_bytes(path_of(plan, rec_id).read_bytes())


def write(plan: Path, data: dict) -> None:
    path_of(plan, data["id"]).write_text(canonical("recommendation", data), encoding="utf-8")


def snapshot(plan: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted((plan / "data/recommendations").iterdir())}


def run(plan, docx, **kw):
    return import_ohchr_matrix(plan, docx, cycle=3, today=TODAY, **kw)


def test_importing_twice_changes_nothing(plan, docx):
    first = run(plan, docx)
    assert first.added == ["upr3-127.1", "upr3-127.2"]
    assert first.written == ["data/recommendations/upr3-127.1.yaml",
                             "data/recommendations/upr3-127.2.yaml"]
    before = snapshot(plan)
    again = run(plan, docx)
    assert (again.added, again.updated, again.conflicting) == ([], [], [])
    assert again.unchanged == ["upr3-127.1", "upr3-127.2"]
    assert again.written == []
    assert snapshot(plan) == before


def test_plan_added_fields_survive_reimport(plan, docx):
    run(plan, docx)
    data = read(plan, "upr3-127.1")
    data["summary"] = {"en": "Ratify the forced labour protocol", "ar": "المصادقة على البروتوكول"}
    data["text"]["ar"] = "نص رسمي"
    data["assignments"] = [{"actor": "ministry", "role": "lead", "duty_bearer": "federal",
                            "assigned_on": "2025-01-01", "due": "2026-12-31"}]
    data["related"] = ["upr3-127.2"]
    data["themes"] = ["international-instruments"]  # the secretariat re-filed it
    write(plan, data)
    before = snapshot(plan)
    result = run(plan, docx)
    assert result.unchanged == ["upr3-127.1", "upr3-127.2"]
    assert snapshot(plan) == before
    result = run(plan, docx, overwrite=True)  # nothing conflicts: overwrite changes nothing
    assert result.written == [] and snapshot(plan) == before


def test_missing_imported_fields_are_filled_in(plan, docx):
    # a record the plan made by hand (like the bundled ones): summary, no text, no labels
    write(plan, {"id": "upr3-127.2", "cycle": 3,
                 "source": {"document": "A/HRC/43/14", "paragraph": "127.2"},
                 "recommending_states": ["France"], "response": "noted",
                 "themes": ["death-penalty"], "summary": {"en": "Abolish capital punishment"}})
    result = run(plan, docx)
    assert result.added == ["upr3-127.1"]
    assert result.updated == ["upr3-127.2"]
    data = read(plan, "upr3-127.2")
    assert data["summary"] == {"en": "Abolish capital punishment"}
    assert data["themes"] == ["death-penalty"]  # the plan's themes are kept
    assert data["text"] == {"en": "Abolish the death penalty (France)"}
    assert data["source_themes"] == ["Right to life"]
    assert data["affected_persons"] == ["persons deprived of their liberty", "general"]
    assert data["position_sources"] == [{"document": "A/HRC/43/14/Add.1", "paragraph": "5"}]


def test_placeholder_theme_takes_a_better_mapping(plan, docx):
    run(plan, docx)
    assert read(plan, "upr3-127.2")["themes"] == ["other"]
    themes = plan / "data/vocabularies/themes.yaml"
    themes.write_text(themes.read_text().replace(
        "- id: death-penalty\n  names:\n    en: Death penalty\n",
        "- id: death-penalty\n  names:\n    en: Death penalty\n  ohchr:\n  - Right to life\n"))
    result = run(plan, docx)
    assert result.updated == ["upr3-127.2"]
    assert result.unmapped == {}
    assert read(plan, "upr3-127.2")["themes"] == ["death-penalty"]


def test_conflicts_are_reported_and_left_alone_unless_overwrite(plan, docx):
    run(plan, docx)
    data = read(plan, "upr3-127.2")
    data["response"] = "supported"
    data["text"]["en"] = "Abolish the death penalty"
    data["summary"] = {"en": "Our words"}
    write(plan, data)
    before = snapshot(plan)
    result = run(plan, docx)
    assert result.conflicting == ["upr3-127.2"]
    assert result.unchanged == ["upr3-127.1"]
    assert [(c.id, c.field, c.plan, c.file) for c in result.conflicts] == [
        ("upr3-127.2", "response", "supported", "noted"),
        ("upr3-127.2", "text.en", "Abolish the death penalty",
         "Abolish the death penalty (France)")]
    assert snapshot(plan) == before
    result = run(plan, docx, overwrite=True)
    assert result.updated == ["upr3-127.2"] and result.conflicting == []
    data = read(plan, "upr3-127.2")
    assert data["response"] == "noted"
    assert data["text"]["en"] == "Abolish the death penalty (France)"
    assert data["summary"] == {"en": "Our words"}


def test_dry_run_reports_without_writing(plan, docx):
    result = run(plan, docx, dry_run=True)
    assert result.added == ["upr3-127.1", "upr3-127.2"]
    assert result.written == ["data/recommendations/upr3-127.1.yaml",
                              "data/recommendations/upr3-127.2.yaml"]
    assert snapshot(plan) == {}
    run(plan, docx)
    data = read(plan, "upr3-127.1")
    del data["source_themes"]
    write(plan, data)
    before = snapshot(plan)
    result = run(plan, docx, dry_run=True)
    assert result.updated == ["upr3-127.1"]
    assert result.written == ["data/recommendations/upr3-127.1.yaml"]
    assert snapshot(plan) == before


def test_invalid_result_writes_nothing(plan, docx):
    # the plan has no language 'en' for the official text: validation refuses the whole import
    meta = plan / "nhrp.yaml"
    meta.write_text(meta.read_text().replace("languages:\n- ar\n- en\n", "languages:\n- ar\n"))
    with pytest.raises(InvalidData, match="nothing was written") as caught:
        run(plan, docx)
    assert "R311" in str(caught.value)
    assert snapshot(plan) == {}


def test_unreadable_existing_file_is_not_overwritten(plan, docx):
    path_of(plan, "upr3-127.1").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(UsageError, match="exists but cannot be read"):
        run(plan, docx)
    assert path_of(plan, "upr3-127.1").read_text(encoding="utf-8") == "id: [broken\n"


def test_cycle_not_in_plan_is_noted(plan, docx):
    result = run(plan, docx, dry_run=True)
    assert result.notes == []
    result = import_ohchr_matrix(plan, docx, cycle=4, today=TODAY, dry_run=True)
    assert result.added == ["upr4-127.1", "upr4-127.2"]
    assert len(result.notes) == 1 and "cycle 4 is not listed in nhrp.yaml" in result.notes[0]
