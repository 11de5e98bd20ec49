"""Export: the document's fields, its JSON schema, CSV for Excel, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from nhrp.core import plan as plan_mod
from nhrp.core.analysis import analyze
from nhrp.core.export import build
from nhrp.core.fmt import canonical
from nhrp.core.yamlio import load_bytes
from nhrp.report import export as render

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def plan_root(plan_dir):
    """The minimal plan plus a self-assessment with evidence and a hostile State name."""
    entry = {"recommendation": "upr2-127.1", "by": "ministry", "duty_bearer": "federal",
             "as_of": "2024-01-01", "status": "in-progress",
             "summary": {"en": "A draft law is in parliament."},
             "evidence": [{"document": "Ministry report 2024", "title": "Ministry report 2024"},
                          {"url": "https://example.org/draft", "title": "Draft law"}]}
    (plan_dir / "data/monitoring/upr2-127.1/2024-01-01-ministry.yaml").write_text(
        canonical("monitoring-entry", entry), encoding="utf-8")
    path = plan_dir / "data/recommendations/upr2-127.10.yaml"
    rec = load_bytes(path.read_bytes())
    rec["recommending_states"].insert(0, '=HYPERLINK("http://evil.example","x")')
    path.write_text(canonical("recommendation", rec), encoding="utf-8")
    return plan_dir


def export_doc(root: Path, lang: str = "en") -> dict:
    return build(analyze(plan_mod.load(root), TODAY), lang)


def test_document_fields(plan_root):
    doc = export_doc(plan_root)
    assert doc["format"] == "nhrp-export" and doc["version"] == 1
    assert doc["plan"] == {"id": "test-plan-2021-2025", "name": "Test plan", "state": "XYZ"}
    assert doc["as_of"] == "2026-01-15"
    assert doc["duty_bearers"] == [{"id": "federal", "name": "Federal government"},
                                   {"id": "krg", "name": "Regional government"}]
    first, second = doc["recommendations"]
    assert [first["id"], second["id"]] == ["upr2-127.1", "upr2-127.10"]
    assert (first["document"], first["paragraph"], first["response"]) == (
        "A/HRC/28/14", "127.1", "supported")
    assert first["themes"] == [{"id": "death-penalty", "name": "Death penalty"}]
    assert (first["summary"], first["summary_lang"]) == ("Establish a moratorium on executions",
                                                          "en")
    assert (first["text"], first["text_lang"]) == ("", None)
    assert first["lead"] == [{"actor": "ministry", "name": "Ministry of Testing",
                              "duty_bearer": "federal", "due": "2024-12-31"}]
    assert first["support"] == [] and first["due"] == "2024-12-31"
    federal, krg = first["status"]
    assert federal == {
        "duty_bearer": "federal",
        "self": {"status": "in-progress", "status_name": "In progress", "as_of": "2024-01-01",
                 "by": "ministry", "by_name": "Ministry of Testing",
                 "entry": "2024-01-01-ministry"},
        "independent": {"status": "not-started", "status_name": "Not started",
                        "as_of": "2023-06-01", "by": "watch", "by_name": "Test Watch",
                        "entry": "2023-06-01-watch"},
        "settled": "not-started"}
    assert krg == {"duty_bearer": "krg", "self": None, "independent": None, "settled": None}
    assert first["overdue"] is True and first["diverging"] is True
    assert first["latest_evidence"] == {
        "entry": "2024-01-01-ministry", "as_of": "2024-01-01", "by": "ministry",
        "by_name": "Ministry of Testing", "duty_bearer": "federal",
        "items": [{"document": "Ministry report 2024", "title": "Ministry report 2024"},
                  {"url": "https://example.org/draft", "title": "Draft law"}]}
    assert second["latest_evidence"] is None and second["lead"] == [] and second["due"] is None
    assert second["overdue"] is False and second["diverging"] is False


def test_names_in_the_export_language(plan_root):
    doc = export_doc(plan_root, "ar")
    first = doc["recommendations"][0]
    assert doc["plan"]["name"] == "خطة تجريبية"
    assert first["summary_lang"] == "ar" and first["summary"].startswith("إعلان")
    assert first["themes"][0]["name"] == "عقوبة الإعدام"
    assert doc["recommendations"][1]["summary_lang"] == "ar"


def test_names_without_a_translation_fall_back_to_english(plan_root):
    themes = plan_root / "data" / "vocabularies" / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("    ar: عقوبة الإعدام\n", ""),
                      encoding="utf-8")
    first = export_doc(plan_root, "ar")["recommendations"][0]
    assert first["themes"][0]["name"] == "Death penalty"  # no Arabic name: English


def test_json_matches_its_schema(plan_root):
    import jsonschema

    schema = json.loads((ROOT / "schemas/export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for lang in ("en", "ar"):
        doc = json.loads(render.as_json(export_doc(plan_root, lang)))
        assert list(validator.iter_errors(doc)) == []
    # the schema is strict: an unknown field is an error
    doc["recommendations"][0]["extra"] = 1
    assert list(validator.iter_errors(doc))


def test_json_of_the_bundled_plan_matches_its_schema():
    import jsonschema

    schema = json.loads((ROOT / "schemas/export.schema.json").read_text(encoding="utf-8"))
    doc = json.loads(render.as_json(export_doc(ROOT, "ckb")))
    assert len(doc["recommendations"]) == 229
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc)) == []


def test_csv_for_excel(plan_root):
    text = render.as_csv_text(export_doc(plan_root))
    assert text.startswith("\ufeffID,UPR cycle,Document,Paragraph,")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    head, first, second = rows
    assert [r[0] for r in rows[1:]] == ["upr2-127.1", "upr2-127.10"]
    cell = dict(zip(head, first))
    assert cell["Federal government: self-reported status"] == "In progress"
    assert cell["Federal government: independent status"] == "Not started"
    assert cell["Federal government: independent as of"] == "2023-06-01"
    assert cell["Regional government: self-reported status"] == ""
    assert cell["Lead"] == "Ministry of Testing"
    assert cell["Due date"] == "2024-12-31"
    assert cell["Overdue"] == "yes" and cell["Assessments differ"] == "yes"
    assert cell["Latest evidence"] == ("Ministry report 2024; "
                                       "Draft law <https://example.org/draft>")
    assert cell["Response"] == "Supported"
    states = dict(zip(head, second))["Recommending States"]
    assert states == "'=HYPERLINK(\"http://evil.example\",\"x\"); Norway; Spain"
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row)


def test_csv_headings_in_arabic(plan_root):
    text = render.as_csv_text(export_doc(plan_root, "ar"))
    head = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert head[0] == "المعرّف"
    assert "الحكومة الاتحادية: الحالة وفق التقييم الذاتي" in head


def test_xlsx(plan_root, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for lang, rtl in (("en", False), ("ar", True)):
        data = render.as_xlsx(export_doc(plan_root, lang))
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.active
        assert sheet.sheet_view.rightToLeft is rtl
        assert sheet.freeze_panes == "B2"
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert [v[0] for v in values[1:]] == ["upr2-127.1", "upr2-127.10"]
        assert values[1][1] == 2  # numbers stay numbers
        hostile = [c for row in sheet.iter_rows() for c in row
                   if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert len(hostile) == 1 and hostile[0].data_type == "s"
        assert hostile[0].value.startswith("'=HYPERLINK")
        assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)


def test_xlsx_survives_control_characters(plan_root):
    """An invalid plan can still be exported: characters Excel cannot hold are left out."""
    openpyxl = pytest.importorskip("openpyxl")
    path = plan_root / "data/recommendations/upr2-127.10.yaml"
    rec = load_bytes(path.read_bytes())
    rec["summary"]["en"] = "Protect\x0bwomen"
    path.write_text(canonical("recommendation", rec), encoding="utf-8")
    sheet = openpyxl.load_workbook(io.BytesIO(render.as_xlsx(export_doc(plan_root)))).active
    assert "Protectwomen" in [c.value for c in sheet[3]]
