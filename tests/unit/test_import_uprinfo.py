"""UPR Info exports: line endings, BOM, encodings, grouping rows into recommendations, ids."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import pytest

from conftest import import_builders
from nhrp.core import yamlio
from nhrp.core.importers import import_upr_info, uprinfo
from nhrp.core.names import NotFound
from nhrp.errors import InvalidData, UsageError

B = import_builders()

TODAY = dt.date(2026, 1, 15)
TORTURE = "consider ratifying the convention against torture, vis-à-vis its obligations"


def expected_id(normalised: str, cycle: int = 3) -> str:
    return f"upr{cycle}-x" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]


def test_cr_file_with_bom_every_field():
    data = B.upr_info_csv()
    assert b"\r\n" not in data and data.count(b"\r") >= 6 and data.startswith(b"\xef\xbb\xbf")
    parsed = uprinfo.parse(data, state="testland")
    assert (parsed.state, parsed.session, parsed.encoding, parsed.rows) == ("Testland", 20,
                                                                            "utf-8", 4)
    assert parsed.notes == []
    groups = {g.text: g for g in parsed.groups}
    assert len(groups) == 3
    death = groups["Abolish the death penalty"]
    assert (death.states, death.response, death.actions, death.labels, death.session) == (
        ["France"], "noted", [5], ["Death penalty"], 20)
    # the Ghana row differs only in spaces, a line break and the final full stop: same text
    torture = groups["Consider ratifying the Convention against Torture, vis-à-vis its obligations"]
    assert torture.states == ["Chile", "Ghana"]
    assert torture.response == "supported"
    assert torture.actions == [3, 3]
    assert torture.labels == ["International instruments", "Torture and other CID treatment"]
    assert torture.lines == [3, 5]  # the Text of the Ghana row spans two lines
    assert torture.record_id(3) == expected_id(TORTURE)
    prisons = groups["Improve conditions in prisons"]
    assert prisons.labels == ["Detention", "Sexual Orientation and Gender Identity"]


@pytest.mark.parametrize("newline, bom", [("\n", False), ("\r\n", True), ("\r\n", False)])
def test_line_endings_and_bom_do_not_matter(newline, bom):
    reference = uprinfo.parse(B.upr_info_csv(), state="Testland")
    other = uprinfo.parse(B.upr_info_csv(newline=newline, bom=bom), state="Testland")
    assert [(g.record_id(3), g.states, g.labels) for g in other.groups] == \
        [(g.record_id(3), g.states, g.labels) for g in reference.groups]


def test_old_mac_roman_file():
    data = B.upr_info_csv(bom=False, encoding="mac_roman")
    assert "à".encode("mac_roman") in data
    parsed = uprinfo.parse(data, state="Testland")
    assert parsed.encoding == "mac_roman"
    assert any(g.text.endswith("vis-à-vis its obligations") for g in parsed.groups)
    forced = uprinfo.parse(data, state="Testland", encoding="latin-1")  # wrong, but as asked
    assert forced.encoding == "latin-1"
    with pytest.raises(UsageError, match="not an encoding"):
        uprinfo.parse(data, state="Testland", encoding="no-such-thing")


def test_one_text_with_two_responses_becomes_two_records():
    rows = [["Testland", "", "", "Ratify it", "France", "", "", "Accepted", "5", "General", "20"],
            ["Testland", "", "", "Ratify it", "Chile", "", "", "Noted", "4", "General", "20"],
            ["Testland", "", "", "Ratify it", "Ghana", "", "", "Accepted", "4", "Other", "20"]]
    parsed = uprinfo.parse(B.upr_info_csv(rows), state="Testland")
    assert [(g.response, g.states, g.actions, g.labels) for g in parsed.groups] == [
        ("supported", ["France", "Ghana"], [5, 4], ["General", "Other"]),
        ("noted", ["Chile"], [4], ["General"])]
    assert [g.record_id(3) for g in parsed.groups] == [
        expected_id("ratify it\nsupported"), expected_id("ratify it\nnoted")]
    assert "imported as 2 recommendations, one per response" in parsed.notes[0]
    assert "the highest, 5, is kept" in parsed.notes[1]


def test_state_and_session_choice():
    rows = [*B.UPR_INFO_ROWS,
            ["Otherland", "", "", "Protect journalists", "Chile", "", "", "Accepted", "4",
             "Freedom of the press", "30"]]
    data = B.upr_info_csv(rows)
    with pytest.raises(NotFound, match="Did you mean: Testland"):
        uprinfo.parse(data, state="Testlant")
    with pytest.raises(UsageError, match="sessions 16, 30; choose one with --session"):
        uprinfo.parse(data, state="Otherland")
    assert uprinfo.parse(data, state="Otherland", session=30).groups[0].text == \
        "Protect journalists"
    with pytest.raises(UsageError, match="no session 20 for Otherland"):
        uprinfo.parse(data, state="Otherland", session=20)


@pytest.mark.parametrize("row, message", [
    (["Testland", "", "", "Do it", "France", "", "", "Maybe", "5", "General", "20"],
     "Response 'Maybe' is not Accepted or Noted"),
    (["Testland", "", "", "Do it", "France", "", "", "Noted", "9", "General", "20"],
     "Action '9' is not an action category 1-5"),
    (["Testland", "", "", "", "France", "", "", "Noted", "5", "General", "20"],
     "the Text is empty"),
])
def test_bad_rows_are_named(row, message):
    with pytest.raises(InvalidData, match=message):
        uprinfo.parse(B.upr_info_csv([*B.UPR_INFO_ROWS, row]), state="Testland")


def test_not_an_export():
    with pytest.raises(InvalidData, match="column\\(s\\) To, Text, From, Response, Issue, "
                                          "Session missing"):
        uprinfo.parse(b"a,b\r1,2\r", state="X")
    with pytest.raises(InvalidData, match="is empty"):
        uprinfo.parse(b"", state="X")


def test_import_every_field(tmp_path):
    plan = B.copy_plan(tmp_path / "plan")
    source = tmp_path / "export.csv"
    source.write_bytes(B.upr_info_csv())
    result = import_upr_info(plan, source, state="Testland", cycle=3, today=TODAY)
    assert result.details == {"state": "Testland", "session": 20, "encoding": "utf-8", "rows": 4,
                              "document": "A/HRC/43/14"}
    torture_id = expected_id(TORTURE)
    assert sorted(result.added) == sorted([torture_id, expected_id("abolish the death penalty"),
                                           expected_id("improve conditions in prisons")])
    assert result.unmapped == Counter({"Sexual Orientation and Gender Identity": 1})
    data = yamlio.load_bytes((plan / f"data/recommendations/{torture_id}.yaml").read_bytes())
    assert data == {
        "id": torture_id, "cycle": 3,
        "source": {"document": "A/HRC/43/14", "session": 20},
        "recommending_states": ["Chile", "Ghana"],
        "response": "supported",
        "action_category": 3,
        "themes": ["international-instruments", "torture-and-other-cid-treatment"],
        "text": {"en": "Consider ratifying the Convention against Torture, vis-à-vis its "
                       "obligations"},
        "source_themes": ["International instruments", "Torture and other CID treatment"],
    }
    prisons_id = expected_id("improve conditions in prisons")
    prisons = yamlio.load_bytes((plan / f"data/recommendations/{prisons_id}.yaml").read_bytes())
    # "Detention" is UPR Info's older label for the theme detention-conditions
    assert prisons["themes"] == ["detention-conditions"]
    assert prisons["source_themes"] == ["Detention", "Sexual Orientation and Gender Identity"]
    # the plan is about Testland: no warning; a second import changes nothing
    assert result.notes == []
    again = import_upr_info(plan, source, state="Testland", cycle=3, today=TODAY)
    assert sorted(again.unchanged) == sorted(result.added) and again.written == []


def test_import_needs_a_document_when_the_plan_has_none(tmp_path):
    plan = B.copy_plan(tmp_path / "plan")
    source = tmp_path / "export.csv"
    source.write_bytes(B.upr_info_csv())
    with pytest.raises(UsageError, match="give the Working Group report with --document"):
        import_upr_info(plan, source, state="Otherland", cycle=2, today=TODAY)
    result = import_upr_info(plan, source, state="Otherland", cycle=2, document="A/HRC/33/1",
                             today=TODAY, dry_run=True)
    assert result.details["document"] == "A/HRC/33/1"
    assert any("not Otherland" in n for n in result.notes)
