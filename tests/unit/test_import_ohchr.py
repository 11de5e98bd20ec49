"""OHCHR thematic lists: the three layouts, built as small .docx files, read field by field."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import import_builders
from nhrp.core import yamlio
from nhrp.core.importers import import_ohchr_matrix, ohchr
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError

pytest.importorskip("docx")

B = import_builders()

TODAY = dt.date(2026, 1, 15)


def parse(tmp_path, spec):
    return ohchr.read(B.write_docx(tmp_path / "list.docx", spec))


def rec(plan: Path, rec_id: str) -> dict:
    return yamlio.load_bytes((plan / f"data/recommendations/{rec_id}.yaml").read_bytes())


# --- parsing -------------------------------------------------------------------------------

def test_coded_layout_every_field(tmp_path):
    parsed = parse(tmp_path, B.CODED_LIST)
    assert parsed.layout == "coded-themes"
    assert parsed.report_document == "A/HRC/43/14"
    assert parsed.notes == []  # the repeated 127.1 is identical: merged without comment
    assert [r.paragraph for r in parsed.rows] == ["127.1", "127.2"]
    first, second = parsed.rows
    assert first.text == ("Ratify the Protocol of 2014 to the Forced Labour Convention, 1930 "
                          "(No. 29) (Portugal, Venezuela (Bolivarian Republic of))")
    assert first.states == ["Portugal", "Venezuela (Bolivarian Republic of)"]
    assert first.response == "supported"
    assert first.position_sources == [{"document": "A/HRC/43/14/Add.1", "paragraph": "3"}]
    assert first.labels == ["Acceptance of international norms",
                            "Prohibition of torture & cruel, inhuman or degrading treatment"]
    assert first.sdg_goals == []
    assert first.affected_persons == ["general"]
    assert second.text == "Abolish the death penalty (France)"
    assert second.states == ["France"]
    assert second.response == "noted"
    assert second.position_sources == [{"document": "A/HRC/43/14/Add.1", "paragraph": "5"}]
    assert second.labels == ["Right to life"]
    assert second.affected_persons == ["persons deprived of their liberty", "general"]


def test_sdg_blocks_layout_every_field(tmp_path):
    parsed = parse(tmp_path, B.SDG_BLOCKS_LIST)
    assert parsed.layout == "sdg-blocks"
    assert parsed.report_document == "A/HRC/43/14"
    by_id = {r.paragraph: r for r in parsed.rows}
    assert list(by_id) == ["127.3", "127.4", "127.5"]
    r3 = by_id["127.3"]
    assert r3.text == ("Complete the ratification of the Convention on Enforced Disappearance "
                       "(Ukraine); Increase efforts towards ratification of the Convention "
                       "(Slovakia)")
    assert r3.states == ["Ukraine", "Slovakia"]
    assert r3.response == "supported"
    assert r3.position_sources == [{"document": "A/HRC/43/14", "paragraph": "127"}]
    assert r3.labels == ["Acceptance of international norms", "Enforced disappearances"]
    assert r3.sdg_goals == [16]
    assert r3.affected_persons == ["Disappeared persons"]
    r4, r5 = by_id["127.4"], by_id["127.5"]
    # "...disability; and strengthen..." is one sentence: no State before the ';'
    assert r4.states == ["Chile", "Iraq"]
    assert r4.text.startswith("Strengthen measures against discrimination, including on the "
                              "grounds of disability; and strengthen")
    assert r5.text == "Adopt a law on gender equality (Spain)"
    assert r5.states == ["Spain"]
    assert r4.response == r5.response == "partially-supported"  # "Supported/Noted"
    assert r4.position_sources == [{"document": "A/HRC/43/14/Add.1", "paragraph": "3"}]
    assert r5.position_sources == [{"document": "A/HRC/43/14/Add.1", "paragraph": "5"}]
    for r in (r4, r5):
        assert r.labels == ["Economic, social & cultural rights - general measures of "
                            "implementation", "Discrimination against women"]
        assert r.sdg_goals == [5, 10]
        assert r.affected_persons == []


def test_sdg_column_layout_every_field(tmp_path):
    parsed = parse(tmp_path, B.SDG_COLUMN_LIST)
    assert parsed.layout == "sdg-column"
    assert parsed.report_document == "A/HRC/43/14"
    [row] = parsed.rows
    assert row.paragraph == "127.10"
    assert row.text == ("Ratify the Optional Protocol to the International Covenant on Economic, "
                        "Social and Cultural Rights (Maldives) (Portugal)")
    assert row.states == ["Maldives", "Portugal"]
    assert row.response == "noted"
    assert row.position_sources == [{"document": "A/HRC/43/14/Add.1", "paragraph": "3"}]
    assert row.labels == ["Ratification of & accession to international instruments",
                          "Economic, social & cultural rights - general measures of "
                          "implementation"]
    assert row.sdg_goals == [1, 8]
    assert row.affected_persons == ["Public officials"]


@pytest.mark.parametrize("text, states", [
    ("Ratify the Convention (CEDAW) (France)", ["France"]),
    ("Ratify the Convention (Belgium, France, Sierra Leone)",
     ["Belgium", "France", "Sierra Leone"]),
    ("Act on it (the former Yugoslav Republic of Macedonia).",
     ["the former Yugoslav Republic of Macedonia"]),
    ("Adopt the programme (2017-2021) (Iran (Islamic Republic of)) (Spain)",
     ["Iran (Islamic Republic of)", "Spain"]),
    ("No States here", []),
])
def test_recommending_states(text, states):
    assert ohchr.recommending_states(text) == states


@pytest.mark.parametrize("position, response", [
    ("Supported", "supported"), ("Noted", "noted"), ("Supported/Noted", "partially-supported"),
    ("Partially supported", "partially-supported"), ("Pending", "pending"), ("Maybe", None),
])
def test_positions(position, response):
    assert ohchr.response_of(position) == response


def test_unknown_position_and_missing_number_fail_with_rows_named(tmp_path):
    header, rows = B.CODED_LIST
    bad = [[["Ratify things (France);"], ["Supported"], ["A12 x"], [""]],
           [["127.9 Do things (Chile);"], ["Perhaps"], ["A12 x"], [""]]]
    with pytest.raises(InvalidData) as caught:
        parse(tmp_path, (header, [*rows, *bad]))
    message = str(caught.value)
    assert "2 row(s) could not be read; nothing was imported" in message
    assert "table 1, row 7: no paragraph number" in message
    assert "table 1, row 8: position 'Perhaps'" in message


def test_not_a_list(tmp_path):
    with pytest.raises(InvalidData, match="no table with the columns"):
        parse(tmp_path, (["Name", "Age"], [[["a"], ["b"]]]))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(UsageError, match="old .doc file"):
        ohchr.read(tmp_path / "old.doc")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UsageError, match="cannot be read as a .docx file"):
        ohchr.read(tmp_path / "broken.docx")
    with pytest.raises(UsageError, match="no such file"):
        ohchr.read(tmp_path / "missing.docx")


def test_missing_python_docx_says_how_to_install(tmp_path, monkeypatch):
    path = B.write_docx(tmp_path / "list.docx", B.CODED_LIST)
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(EnvironmentProblem, match=r"pip install 'nhrp\[docx\]'"):
        ohchr.read(path)


# --- importing into a plan -----------------------------------------------------------------

@pytest.fixture
def plan(tmp_path):
    return B.copy_plan(tmp_path / "plan")


def test_import_writes_every_field(tmp_path, plan):
    docx = B.write_docx(tmp_path / "list.docx", B.SDG_BLOCKS_LIST)
    result = import_ohchr_matrix(plan, docx, cycle=3, today=TODAY)
    assert result.added == ["upr3-127.3", "upr3-127.4", "upr3-127.5"]
    assert result.details == {"layout": "sdg-blocks", "document": "A/HRC/43/14"}
    assert result.unmapped == Counter({"Discrimination against women": 2})
    assert rec(plan, "upr3-127.3") == {
        "id": "upr3-127.3", "cycle": 3,
        "source": {"document": "A/HRC/43/14", "paragraph": "127.3"},
        "recommending_states": ["Ukraine", "Slovakia"],
        "response": "supported",
        "themes": ["international-instruments", "enforced-disappearances"],
        "sdg_goals": [16],
        "affected_persons": ["Disappeared persons"],
        "text": {"en": "Complete the ratification of the Convention on Enforced Disappearance "
                       "(Ukraine); Increase efforts towards ratification of the Convention "
                       "(Slovakia)"},
        "position_sources": [{"document": "A/HRC/43/14", "paragraph": "127"}],
        "source_themes": ["Acceptance of international norms", "Enforced disappearances"],
    }
    r5 = rec(plan, "upr3-127.5")
    assert r5["themes"] == ["esc-rights-general"]
    assert r5["response"] == "partially-supported"
    assert r5["sdg_goals"] == [5, 10]
    assert "affected_persons" not in r5 and "summary" not in r5
    # written in canonical form: formatting it again changes nothing
    from nhrp.core.fmt import format_files

    assert not any(r.changed for r in format_files(plan, result.written, write=False))


def test_unmapped_labels_go_to_other_and_are_kept(tmp_path, plan):
    docx = B.write_docx(tmp_path / "list.docx", B.CODED_LIST)
    result = import_ohchr_matrix(plan, docx, cycle=3, today=TODAY)
    assert result.unmapped == Counter({"Right to life": 1})
    r2 = rec(plan, "upr3-127.2")
    assert r2["themes"] == ["other"]
    assert r2["source_themes"] == ["Right to life"]
    assert rec(plan, "upr3-127.1")["themes"] == ["international-instruments",
                                                 "torture-and-other-cid-treatment"]


def test_without_theme_other_unmapped_labels_are_an_error(tmp_path, plan):
    themes = plan / "data/vocabularies/themes.yaml"
    themes.write_text(themes.read_text().replace("- id: other\n  names:\n    en: Other\n", ""))
    docx = B.write_docx(tmp_path / "list.docx", B.CODED_LIST)
    with pytest.raises(UsageError, match="no theme 'other'"):
        import_ohchr_matrix(plan, docx, cycle=3, today=TODAY)
    assert list((plan / "data/recommendations").iterdir()) == []


def test_document_from_option_and_warning_for_another_report(tmp_path, plan):
    docx = B.write_docx(tmp_path / "list.docx", B.SDG_COLUMN_LIST)
    result = import_ohchr_matrix(plan, docx, cycle=3, today=TODAY, document="A/HRC/43/99",
                                 dry_run=True)
    assert result.details["document"] == "A/HRC/43/99"
    assert any("A/HRC/43/99, which nhrp.yaml does not list" in n for n in result.notes)
    with pytest.raises(UsageError, match="not a UN document symbol"):
        import_ohchr_matrix(plan, docx, cycle=3, today=TODAY, document="a/hrc/1")
