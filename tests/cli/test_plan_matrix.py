"""nhrp import plan-matrix / new plan-matrix / export plan-matrix, with real .xlsx files built
by openpyxl: merged axis cells, Arabic headers and Arabic-Indic digits, names of actors in
Arabic, ranges of paragraphs, Excel date cells and dates as text; and a CSV in English."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import copy_plan, git, init_git, never_hangs
from nhrp.core import yamlio

openpyxl = pytest.importorskip("openpyxl")

MOJ = "id: moj\nkind: federal-government\nnames:\n  en: Ministry of Justice\n  ar: وزارة العدل\n"


def rec(paragraph: str) -> str:
    return (f"id: upr2-{paragraph}\ncycle: 2\nsource:\n  document: A/HRC/28/14\n  paragraph: "
            f"'{paragraph}'\nrecommending_states:\n- Chile\nresponse: supported\nthemes:\n"
            f"- death-penalty\nsummary:\n  en: Recommendation {paragraph}\n")


@pytest.fixture
def plan(tmp_path) -> Path:
    root = copy_plan(tmp_path / "plan")
    (root / "data/actors/moj.yaml").write_text(MOJ, encoding="utf-8")
    for p in ("127.2", "127.3", "127.4", "127.5", "127.6"):
        (root / f"data/recommendations/upr2-{p}.yaml").write_text(rec(p), encoding="utf-8")
    return root


AR_HEADERS = ["المحور", "النشاط", "التوصيات", "الجهة المسؤولة", "الجهات الشريكة", "تاريخ البدء",
              "تاريخ الانتهاء", "المؤشر", "نوع المؤشر", "الوحدة", "خط الأساس", "الهدف"]


def arabic_matrix(path: Path, lead: str = "وزارة العدل") -> Path:
    """A title row, Arabic headers, one axis merged over three rows; the first activity has two
    indicators (its own cells merged over both rows)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["مصفوفة الخطة الوطنية لحقوق الإنسان"])
    sheet.append(AR_HEADERS)
    sheet.append(["العدالة الجنائية", "تدريب القضاة على ضمانات المحاكمة العادلة",
                  "١٢٧٫٢-١٢٧٫٤، 127.5", lead, "Test Watch", dt.datetime(2022, 1, 1),
                  "31/12/2024", "عدد القضاة المدربين", "عملية", "قاضٍ", "٠", "٢٠٠ (2024-12-31)"])
    sheet.append([None, None, None, None, None, None, None, "نسبة القضايا المحسومة", "نتيجة",
                  "نسبة مئوية", "40", "75"])
    sheet.append([None, "إنشاء محاكم متخصصة", "127.6", "ministry", None, "٢٠٢٣", "2025",
                  "محاكم عاملة", "هيكلي", None, None, None])
    for column in "ABCDEFG":
        if column != "A":
            sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("A3:A5")
    book.save(path)
    return path


def activities(plan: Path) -> dict[str, dict]:
    return {p.stem: yamlio.loads(p.read_text(encoding="utf-8"))
            for p in sorted((plan / "data/activities").glob("*.yaml"))}


def test_arabic_matrix_with_merged_cells(plan, cli, tmp_path):
    matrix = arabic_matrix(tmp_path / "matrix.xlsx")
    result = cli("import", "plan-matrix", str(matrix), repo=plan)
    assert result.exit_code == 0, result.output
    assert "added: 2, updated: 0, unchanged: 0, conflicting: 0" in result.output
    meta = yamlio.loads((plan / "nhrp.yaml").read_text(encoding="utf-8"))
    (axis,) = meta["axes"]
    assert axis["names"] == {"ar": "العدالة الجنائية"}
    found = activities(plan)
    assert len(found) == 2 and all(a["axis"] == axis["id"] for a in found.values())
    training = next(a for a in found.values() if "تدريب" in a["title"]["ar"])
    assert training["recommendations"] == ["upr2-127.2", "upr2-127.3", "upr2-127.4",
                                           "upr2-127.5"]
    assert (training["lead"], training["partners"]) == ("moj", ["watch"])
    assert (training["start"], training["end"]) == ("2022-01-01", "2024-12-31")
    assert [(i["type"], i["unit"]) for i in training["indicators"]] == [
        ("process", "قاضٍ"), ("outcome", "نسبة مئوية")]
    assert training["indicators"][0]["baseline"] == {"value": 0, "date": "2022-01-01"}
    assert training["indicators"][0]["target"] == {"value": 200, "date": "2024-12-31"}
    courts = next(a for a in found.values() if "إنشاء" in a["title"]["ar"])
    assert (courts["start"], courts["end"], courts["lead"]) == ("2023-01-01", "2025-12-31",
                                                                "ministry")
    assert courts["indicators"][0]["unit"] == "number"  # the documented default
    assert cli("validate", repo=plan).exit_code == 0
    again = cli("import", "plan-matrix", str(matrix), repo=plan)
    assert "added: 0, updated: 0, unchanged: 2, conflicting: 0" in again.output
    assert "nothing to change" in again.output


def test_conflicts_are_reported_never_overwritten(plan, cli, tmp_path):
    assert cli("import", "plan-matrix", str(arabic_matrix(tmp_path / "a.xlsx")),
               repo=plan).exit_code == 0
    before = activities(plan)
    changed = arabic_matrix(tmp_path / "b.xlsx", lead="ministry")
    result = cli("import", "plan-matrix", str(changed), "--format", "json", repo=plan)
    data = json.loads(result.stdout)
    assert data["counts"]["conflicting"] == 1
    (conflict,) = data["conflicts"]
    assert (conflict["field"], conflict["plan"], conflict["file"]) == ("lead", "moj", "ministry")
    assert activities(plan) == before


def test_dry_run_and_commit(plan, cli, tmp_path):
    init_git(plan)
    matrix = arabic_matrix(tmp_path / "m.xlsx")
    dry = cli("import", "plan-matrix", str(matrix), "--dry-run", repo=plan)
    assert "would be added: 2" in dry.output and "axes would be added" in dry.output
    assert not (plan / "data/activities").exists()
    assert "axes" not in (plan / "nhrp.yaml").read_text(encoding="utf-8")
    done = cli("import", "plan-matrix", str(matrix), "--commit", repo=plan)
    assert done.exit_code == 0, done.output
    assert git(plan, "status", "--porcelain") == ""
    assert "Import the plan matrix m.xlsx: 2 added" in git(plan, "log", "-1", "--format=%s")


def test_english_csv_with_ids_and_errors_name_the_row(plan, cli, tmp_path):
    good = ("Activity ID,Axis,Activity,Recommendations,Lead,Start,End,Indicator,Unit,Budget,"
            "Currency\n"
            "shelters,Women,Open shelters,127.5; 127.6,Ministry of Justice,2022-02-01,2023,"
            "Shelters open,shelters,\"120,000\",usd\n")
    path = tmp_path / "matrix.csv"
    path.write_text(good, encoding="utf-8")
    result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 0, result.output
    data = activities(plan)["shelters"]
    assert data["axis"] == "women" and data["budget"] == {"amount": 120000, "currency": "USD"}
    assert data["indicators"][0]["type"] == "process" and data["end"] == "2023-12-31"
    bad = good.replace("Ministry of Justice", "Ministry of Magic").replace("shelters,", "x,", 1)
    path.write_text(bad, encoding="utf-8")
    result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 2
    assert "matrix.csv:row 2: no actor is called 'Ministry of Magic'" in result.output
    path.write_text(good.replace("127.5; 127.6", "127.99"), encoding="utf-8")
    assert "no recommendation has the paragraph '127.99'" in cli(
        "import", "plan-matrix", str(path), repo=plan).output
    path.write_text("Name,Date\nx,y\n", encoding="utf-8")
    assert "no header row found" in cli("import", "plan-matrix", str(path), repo=plan).output


def test_template_in_sorani_reads_back(plan, cli, tmp_path):
    out = tmp_path / "matrix-ckb.xlsx"
    assert cli("new", "plan-matrix", "--lang", "ckb", "--out", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["ناسێنەری چالاکی", "تەوەر", "چالاکی"]
    row = {h: None for h in headers}
    row.update({"تەوەر": "دادپەروەری", "چالاکی": "ڕاهێنانی دادوەران", "لایەنی بەرپرس": "moj",
                "دەستپێک": "2022-01-01", "کۆتایی": "2023-12-31"})
    sheet.append([row[h] for h in headers])
    book.save(out)
    result = cli("import", "plan-matrix", str(out), repo=plan)
    assert result.exit_code == 0, result.output
    (act,) = activities(plan).values()
    assert act["title"] == {"ckb": "ڕاهێنانی دادوەران"}
    assert cli("new", "plan-matrix", "--out", str(out)).exit_code == 2  # never overwritten


def test_export_then_import_changes_nothing(plan, cli, tmp_path):
    assert cli("import", "plan-matrix", str(arabic_matrix(tmp_path / "a.xlsx")),
               repo=plan).exit_code == 0
    out = tmp_path / "export.xlsx"
    result = cli("export", "plan-matrix", "--lang", "ar", "--out", str(out), repo=plan)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(1, 2).value == "المحور" and sheet.max_row == 4
    again = cli("import", "plan-matrix", str(out), repo=plan)
    assert "added: 0, updated: 0, unchanged: 2, conflicting: 0" in again.output, again.output
    assert cli("export", "nonsense", "--out", str(out), repo=plan).exit_code == 2  # no such


def test_every_header_word_is_documented():
    from nhrp.core.importers.planmatrix import HEADERS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-export.md").read_text(
        encoding="utf-8")
    missing = [word for langs in HEADERS.values() for words in langs.values() for word in words
               if word not in doc]
    assert missing == []


def test_a_paragraph_number_excel_turned_into_a_number_is_not_guessed(plan, cli, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Axis", "Activity", "Recommendations", "Lead"])
    sheet.append(["Justice", "Train judges", 127.1, "moj"])  # typed 127.10, stored 127.1
    book.save(tmp_path / "m.xlsx")
    result = cli("import", "plan-matrix", str(tmp_path / "m.xlsx"), repo=plan)
    assert result.exit_code == 2
    assert "m.xlsx:row 2: the recommendations cell holds the number 127.1" in result.output


def test_export_neutralises_formulas_and_import_reads_them_back(plan, cli, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("Axis,Activity,Lead,Indicator,Baseline\n"
                    "Justice,=HYPERLINK(\"http://x\"),moj,Change in backlog,-5\n",
                    encoding="utf-8")
    assert cli("import", "plan-matrix", str(path), repo=plan).exit_code == 0
    (act,) = [yamlio.loads(p.read_text(encoding="utf-8"))
              for p in (plan / "data/activities").glob("*.yaml")]
    assert act["title"]["en"].startswith("=HYPERLINK")
    out = tmp_path / "export.xlsx"
    assert cli("export", "plan-matrix", "--lang", "en", "--out", str(out), repo=plan).exit_code == 0
    values = [c.value for c in openpyxl.load_workbook(out).active[2]]
    assert "'=HYPERLINK(\"http://x\")" in values and not any(
        isinstance(v, str) and v.startswith(("=", "-")) for v in values)
    again = cli("import", "plan-matrix", str(out), repo=plan)
    assert "unchanged: 1, conflicting: 0" in again.output, again.output


def test_a_noted_recommendation_needs_its_reason(plan, cli, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("Axis,Activity,Recommendations,Lead\nWomen,Shelters,127.10,moj\n",
                    encoding="utf-8")
    refused = cli("import", "plan-matrix", str(path), repo=plan)
    assert refused.exit_code == 1 and "A706" in refused.output
    assert not (plan / "data/activities").exists()
    path.write_text("Axis,Activity,Recommendations,Lead,Why if not supported\n"
                    "Women,Shelters,127.10،127.2,moj,Within the ministry's mandate\n",
                    encoding="utf-8")
    result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 0, result.output
    (act,) = [yamlio.loads(p.read_text(encoding="utf-8"))
              for p in (plan / "data/activities").glob("*.yaml")]
    assert act["unsupported_reasons"] == {"upr2-127.10": "Within the ministry's mandate"}
    out = tmp_path / "export.xlsx"
    assert cli("export", "plan-matrix", "--out", str(out), repo=plan).exit_code == 0
    assert "unchanged: 1, conflicting: 0" in cli("import", "plan-matrix", str(out),
                                                 repo=plan).output


def test_a_sheet_declared_a_million_rows_wide_is_read_by_its_values(plan, cli, tmp_path):
    """One formatted cell far away (or a whole column formatted) declares a sheet of a million
    rows by 16,384 columns; reading it padded to that size never ended."""
    path = arabic_matrix(tmp_path / "matrix.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"].font = openpyxl.styles.Font(bold=True)  # formatted, empty
    book.save(path)
    with never_hangs():
        result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 0, result.output
    assert "added: 2, updated: 0, unchanged: 0, conflicting: 0" in result.output
    book.active["A200000"] = "stray"
    book.save(path)
    with never_hangs():
        result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 2
    assert "matrix.xlsx:row 200000: the sheet holds values beyond row 100,000" in result.output


def test_a_csv_cell_past_the_csv_module_limit_names_its_row(plan, cli, tmp_path):
    """A 200,000-character cell was an internal error (exit 70)."""
    path = tmp_path / "matrix.csv"
    path.write_text("Axis,Activity,Recommendations,Lead,Start,End\n"
                    f"Women,{'x' * 200_000},127.5,ministry,2022-01-01,2023-01-01\n",
                    encoding="utf-8")
    result = cli("import", "plan-matrix", str(path), repo=plan)
    assert result.exit_code == 2
    assert "matrix.csv:row 2: not readable as CSV (field larger than field limit" in result.output


def test_a_damaged_or_exploding_workbook_is_a_usage_error(plan, cli, tmp_path):
    """A sheet whose XML breaks off was an internal error (openpyxl parses rows lazily); a tiny
    archive with 200,000 empty rows is refused before openpyxl reads it."""
    import io
    import zipfile

    good = arabic_matrix(tmp_path / "good.xlsx").read_bytes()

    def rezip(name: str, part: bytes):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as old, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                new.writestr(item.filename, part if item.filename == "xl/worksheets/sheet1.xml"
                             else old.read(item.filename))
        (tmp_path / name).write_bytes(out.getvalue())
        return cli("import", "plan-matrix", str(tmp_path / name), repo=plan)

    broken = rezip("broken.xlsx", b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>')
    assert broken.exit_code == 2, broken.output
    assert "broken.xlsx: not an Excel workbook that can be read (ParseError" in broken.output
    bomb = rezip("bomb.xlsx", b"<worksheet><sheetData>" + b"<row/>" * 200_000
                 + b"</sheetData></worksheet>")
    assert bomb.exit_code == 2 and "holds more than 100,000 rows" in bomb.output
