"""nhrp export assessment-sheet, filled in as a monitor would in Excel, read back by nhrp import
responses: one entry per filled row, received via the sheet, imported once."""

from __future__ import annotations

import pytest

from nhrp.core import yamlio

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def plan(plan_repo):
    watch = plan_repo / "data" / "actors" / "watch.yaml"
    watch.write_text(watch.read_text(encoding="utf-8").replace("  - death-penalty",
                                                               "  - death-penalty\n  - womens-rights"),
                     encoding="utf-8")
    return plan_repo


def test_sheet_round_trip(cli, plan, tmp_path):
    sheet = tmp_path / "watch.xlsx"
    made = cli("export", "assessment-sheet", "--by", "watch", "--lang", "ar", "--out", sheet,
               repo=plan)
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(sheet)
    main = book.worksheets[0]
    assert main.sheet_view.rightToLeft is True
    assert book["nhrp"].sheet_state == "hidden" and main.column_dimensions["A"].hidden
    assert main["B1"].value == "التوصية"
    keys = [main.cell(r, 1).value for r in range(2, main.max_row + 1)]
    assert keys == ["upr2-127.1", "upr2-127.10"]
    lists = [v.formula1 for v in main.data_validations.dataValidation]
    assert any("lists!$A$1:$A$5" in f for f in lists)  # the plan's five statuses
    assert book["lists"]["A3"].value == "قيد التنفيذ"  # the status names in the sheet's language
    # the monitor fills in row 2 by label, row 3 with a status not on the scale
    main["E2"], main["F2"], main["G2"] = "Federal government", "In progress", "2025-11-01"
    main["H2"], main["I2"] = "بدأت الحكومة مشاورات", "https://example.org/a"
    main["E3"], main["F3"], main["G3"], main["H3"] = "federal", "finished", "2025-11-01", "x"
    book.save(sheet)
    first = cli("import", "responses", sheet, repo=plan)
    assert first.exit_code == 1
    assert f"{sheet}:row 3: unknown status 'finished'" in first.stderr
    assert "new: 1, already imported: 0, pending review: 0, rejected: 1" in first.stdout
    entry = yamlio.load_bytes((plan / "data/monitoring/upr2-127.1/2025-11-01-watch.yaml")
                              .read_bytes())
    assert entry["status"] == "in-progress" and entry["summary"] == {"ar": "بدأت الحكومة مشاورات"}
    assert entry["received"]["via"] == "sheet"
    assert entry["received"]["submission"].startswith("sheet:")
    assert entry["evidence"] == [{"url": "https://example.org/a", "title": "https://example.org/a"}]
    second = cli("import", "responses", sheet, repo=plan)
    assert "new: 0, already imported: 1, pending review: 0, rejected: 1" in second.stdout
    assert cli("validate", repo=plan).exit_code == 0


def test_sheet_of_another_plan_is_refused(cli, plan, tmp_path):
    sheet = tmp_path / "watch.xlsx"
    cli("export", "assessment-sheet", "--by", "watch", "--out", sheet, repo=plan)
    book = openpyxl.load_workbook(sheet)
    book["nhrp"]["B3"] = "another-plan"
    book.save(sheet)
    result = cli("import", "responses", sheet, repo=plan)
    assert result.exit_code == 1 and "made for the plan 'another-plan'" in result.stderr


def test_sheet_cells_never_become_formulas(cli, plan, tmp_path):
    rec = plan / "data" / "recommendations" / "upr2-127.1.yaml"
    rec.write_text(rec.read_text(encoding="utf-8").replace(
        "en: Establish a moratorium on executions", "en: =HYPERLINK(\"http://x\")"), encoding="utf-8")
    sheet = tmp_path / "s.xlsx"
    assert cli("export", "assessment-sheet", "--by", "watch", "--lang", "en", "--out", sheet,
               repo=plan).exit_code == 0
    cell = openpyxl.load_workbook(sheet).worksheets[0]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_dates_typed_as_a_monitor_in_iraq_types_them(cli, plan, tmp_path):
    """DD/MM/YYYY and Arabic-Indic digits, as the plan matrix reads them; a year alone names
    no day and is refused."""
    sheet = tmp_path / "watch.xlsx"
    assert cli("export", "assessment-sheet", "--by", "watch", "--lang", "ar", "--out", sheet,
               repo=plan).exit_code == 0
    book = openpyxl.load_workbook(sheet)
    main = book.worksheets[0]
    main["E2"], main["F2"], main["G2"], main["H2"] = "federal", "In progress", "30/10/2025", "x"
    main["E3"], main["F3"], main["G3"], main["H3"] = "federal", "In progress", "٢٠٢٥-١١-٠١", "y"
    book.save(sheet)
    first = cli("import", "responses", sheet, repo=plan)
    assert first.exit_code == 0, first.output
    assert (plan / "data/monitoring/upr2-127.1/2025-10-30-watch.yaml").is_file()
    assert (plan / "data/monitoring/upr2-127.10/2025-11-01-watch.yaml").is_file()
    main["G2"], main["A2"] = "2025", "upr2-127.1"
    book["nhrp"]["B2"] = "another-sheet-id"
    book.save(sheet)
    assert "the as-of date '2025' is not a date (YYYY-MM-DD or DD/MM/YYYY)" in cli(
        "import", "responses", sheet, repo=plan).stderr
