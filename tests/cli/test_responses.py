"""nhrp import responses: answers to the forms nhrp builds, as KoboToolbox (`;` CSV, groups
joined by `/`), ODK Central (`,` CSV, groups joined by `-`) and XLSX exports made here from the
built forms; imported twice (nothing new the second time); a bad row reported by number."""

from __future__ import annotations

import pytest

from nhrp.core import yamlio
from tests import form_exports as fx

pytest.importorskip("openpyxl")


def _add_ngo(plan, actor_id, name):
    (plan / "data" / "actors" / f"{actor_id}.yaml").write_text(
        f"id: {actor_id}\nkind: ngo\nnames:\n  en: {name}\n", encoding="utf-8")


@pytest.fixture
def plan(plan_repo):
    _add_ngo(plan_repo, "rights-now", "Rights Now")
    _add_ngo(plan_repo, "quiet-group", "Quiet Group")
    return plan_repo


def _participation_answers():
    return [
        {"uuid": "11111111-1111-4111-8111-111111111111", "date": "2025-12-01",
         "organisation": "rights-now", "answer": "monitor", "files": "death-penalty womens-rights"},
        {"uuid": "22222222-2222-4222-8222-222222222222", "date": "2025-12-02",
         "organisation": "quiet-group", "answer": "decline", "reason": "No staff this year"},
        {"uuid": "33333333-3333-4333-8333-333333333333", "date": "2025-12-03",
         "organisation": "other", "other_name": "New Voices", "contact": "ali@example.org",
         "answer": "monitor", "files": "womens-rights"},
        {"uuid": "44444444-4444-4444-8444-444444444444", "date": "2025-12-04",
         "organisation": "no-such-ngo", "answer": "monitor", "files": "death-penalty"},
    ]


def _form(cli, plan, tmp_path, kind, *extra):
    out = tmp_path / f"{kind}.xlsx"
    result = cli("form", "build", kind, *extra, "--out", out, repo=plan)
    assert result.exit_code == 0, result.output
    return out


def _actor(plan, actor_id):
    return yamlio.load_bytes((plan / "data" / "actors" / f"{actor_id}.yaml").read_bytes())


def _tree_text(plan):
    return {p.relative_to(plan).as_posix(): p.read_bytes() for p in (plan / "data").rglob("*")
            if p.is_file()}


def _export(tmp_path, form, answers, flavour):
    """kobo: `;` CSV; odk: `,` CSV; kobo-xlsx / odk-xlsx: the same tables as .xlsx."""
    if flavour == "odk":
        return fx.write_csv(tmp_path / "odk.csv", *fx.odk_table(form, answers), ",")
    if flavour == "kobo":
        return fx.write_csv(tmp_path / "kobo.csv", *fx.kobo_table(form, answers), ";")
    table = fx.kobo_table if flavour == "kobo-xlsx" else fx.odk_table
    return fx.write_xlsx(tmp_path / f"{flavour}.xlsx", *table(form, answers))


@pytest.mark.parametrize("flavour", ["kobo", "odk", "kobo-xlsx"])
def test_participation_answers_become_choices_declines_and_pending(cli, plan, tmp_path, flavour):
    form = _form(cli, plan, tmp_path, "participation")
    answers = _participation_answers()
    export = _export(tmp_path, form, answers, flavour)
    first = cli("import", "responses", export, repo=plan)
    assert first.exit_code == 1, first.output  # one row was rejected
    assert f"{export}:row 5: unknown organisation 'no-such-ngo'" in first.stderr
    assert "new: 2, already imported: 0, pending review: 1, rejected: 1" in first.stdout
    assert _actor(plan, "rights-now")["monitors"] == {
        "themes": ["death-penalty", "womens-rights"], "since": "2025-12-01"}
    assert _actor(plan, "quiet-group")["monitors"] == {
        "declined": True, "since": "2025-12-02", "reason": {"en": "No staff this year"}}
    record = yamlio.load_bytes((plan / "data" / "participation.yaml").read_bytes())
    assert [a["submission"] for a in record["answers"]] == [
        "uuid:11111111-1111-4111-8111-111111111111", "uuid:22222222-2222-4222-8222-222222222222"]
    assert record["answers"][0]["via"] == "form" and record["answers"][0]["imported_by"] == "secretariat"
    # contact details are never written to the repository
    assert not any(b"ali@example.org" in data for data in _tree_text(plan).values())
    assert b"ali@example.org" not in (plan / ".git" / "nhrp" / "pending.yaml").read_bytes()
    assert cli("validate", repo=plan).exit_code == 0
    assert cli("fmt", "--check", repo=plan).exit_code == 0  # written in canonical form
    before = _tree_text(plan)
    second = cli("import", "responses", export, repo=plan)
    assert "new: 0, already imported: 3, pending review: 0, rejected: 1" in second.stdout
    assert _tree_text(plan) == before
    pending = cli("participation", "pending", repo=plan)
    assert "New Voices" in pending.stdout and "ali@example.org" not in pending.stdout


def test_the_same_answers_from_kobo_then_odk_are_imported_once(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "participation")
    answers = _participation_answers()[:2]
    kobo = fx.write_csv(tmp_path / "kobo.csv", *fx.kobo_table(
        form, answers, per_choice={"files": ["death-penalty", "womens-rights"]}), ";")
    odk = fx.write_csv(tmp_path / "odk.csv", *fx.odk_table(form, answers), ",")
    assert "new: 2," in cli("import", "responses", kobo, repo=plan).stdout
    assert _actor(plan, "rights-now")["monitors"]["themes"] == ["death-penalty", "womens-rights"]
    assert "new: 0, already imported: 2" in cli("import", "responses", odk, repo=plan).stdout


def _assessment_answers():
    return [
        {"uuid": "55555555-5555-4555-8555-555555555555", "date": "2025-12-05",
         "organisation": "rights-now", "r_upr2_127_1_status": "in-progress",
         "r_upr2_127_1_duty_bearer": "federal", "r_upr2_127_1_as_of": "2025-11-30",
         "r_upr2_127_1_summary": "A draft law was tabled.",
         "r_upr2_127_1_evidence_url": "https://example.org/draft",
         "r_upr2_127_1_evidence_title": "Draft law"},
        {"uuid": "66666666-6666-4666-8666-666666666666", "date": "2025-12-06",
         "organisation": "rights-now", "r_upr2_127_1_status": "implemented",
         "r_upr2_127_1_duty_bearer": "federal", "r_upr2_127_1_as_of": "not a date",
         "r_upr2_127_1_summary": "Done."},
        {"uuid": "77777777-7777-4777-8777-777777777777", "date": "2025-12-07",
         "organisation": "rights-now", "r_upr2_127_1_status": "regressed",
         "r_upr2_127_1_duty_bearer": "krg", "r_upr2_127_1_as_of": "2025-12-01",
         "r_upr2_127_1_summary": "تراجع واضح"},
    ]


@pytest.mark.parametrize("flavour", ["kobo", "odk", "odk-xlsx"])
def test_assessment_answers_become_entries_received_by_form(cli, plan, tmp_path, flavour):
    form = _form(cli, plan, tmp_path, "assessment", "--theme", "death-penalty")
    answers = _assessment_answers()
    export = _export(tmp_path, form, answers, flavour)
    dry = cli("import", "responses", export, "--dry-run", repo=plan)
    assert "would be imported row 2" in dry.stdout and "nothing was written" in dry.stdout
    assert not (plan / "data" / "monitoring" / "upr2-127.1" / "2025-11-30-rights-now.yaml").exists()
    first = cli("import", "responses", export, repo=plan)
    assert first.exit_code == 1
    assert f"{export}:row 3: upr2-127.1: the as-of date 'not a date' is not a date" in first.stderr
    assert "new: 2, already imported: 0, pending review: 0, rejected: 1" in first.stdout
    entry = yamlio.load_bytes((plan / "data" / "monitoring" / "upr2-127.1" /
                               "2025-11-30-rights-now.yaml").read_bytes())
    assert entry["received"] == {"via": "form", "imported_by": "secretariat",
                                 "submission": "uuid:55555555-5555-4555-8555-555555555555"}
    assert entry["evidence"] == [{"url": "https://example.org/draft", "title": "Draft law"}]
    other = yamlio.load_bytes((plan / "data" / "monitoring" / "upr2-127.1" /
                               "2025-12-01-rights-now.yaml").read_bytes())
    assert other["summary"] == {"ar": "تراجع واضح"} and other["duty_bearer"] == "krg"
    assert cli("validate", repo=plan).exit_code == 0
    before = _tree_text(plan)
    second = cli("import", "responses", export, repo=plan)
    assert "new: 0, already imported: 2, pending review: 0, rejected: 1" in second.stdout
    assert _tree_text(plan) == before


def test_a_labels_export_is_refused_naming_the_setting(cli, plan, tmp_path):
    export = tmp_path / "labels.csv"
    export.write_text("Your organisation;Will your organisation monitor?;_uuid\n"
                      "Rights Now;Yes;abc\n", encoding="utf-8")
    result = cli("import", "responses", export, repo=plan)
    assert result.exit_code == 1
    assert "XML values and headers" in result.stderr


def test_only_a_maintainer_imports(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "participation")
    export = fx.write_csv(tmp_path / "odk.csv", *fx.odk_table(form, _participation_answers()[:1]), ",")
    result = cli("import", "responses", export, "--as", "rights-now", repo=plan)
    assert result.exit_code == 2 and "maintainers" in result.stderr


def test_entries_received_by_form_are_marked_in_the_site_and_report(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "assessment", "--by", "watch")
    answers = [{**_assessment_answers()[0], "organisation": "watch"}]
    export = fx.write_csv(tmp_path / "odk.csv", *fx.odk_table(form, answers), ",")
    assert cli("import", "responses", export, repo=plan).exit_code == 0
    site = tmp_path / "site"
    assert cli("site", "build", "--out", site, repo=plan).exit_code == 0
    page = (site / "en" / "recommendations" / "upr2-127.1.html").read_text(encoding="utf-8")
    rows = {row.split("</tr>")[0] for row in page.split("<tr")}
    imported = next(r for r in rows if "A draft law was tabled." in r)
    by_hand = next(r for r in rows if "No moratorium has been announced." in r)
    assert "received by form" in imported and "received by form" not in by_hand
    assert "received by form" in (site / "en" / "actors" / "watch.html").read_text(encoding="utf-8")
    report = tmp_path / "report.md"
    assert cli("report", "-f", "md", "--lang", "en", "-o", report, repo=plan).exit_code == 0
    assert "Test Watch (received by form)" in report.read_text(encoding="utf-8")


def test_rows_from_authorities_and_other_encodings_are_refused(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "participation")
    answers = [{**_participation_answers()[0], "organisation": "ministry"}]
    export = _export(tmp_path, form, answers, "odk")
    result = cli("import", "responses", export, repo=plan)
    assert result.exit_code == 1 and f"{export}:row 2: ministry is an authority" in result.stderr
    cp1256 = tmp_path / "excel.csv"
    cp1256.write_bytes("organisation,answer\nمنظمة,monitor\n".encode("cp1256"))
    result = cli("import", "responses", cp1256, repo=plan)
    assert result.exit_code == 1 and "not UTF-8" in result.stderr and "CSV UTF-8" in result.stderr


def test_import_with_commit_records_one_commit(cli, plan, tmp_path):
    from tests.conftest import git

    form = _form(cli, plan, tmp_path, "participation")
    export = _export(tmp_path, form, _participation_answers()[:2], "kobo")
    result = cli("import", "responses", export, "--commit", repo=plan)
    assert result.exit_code == 0 and "committed" in result.stdout
    assert git(plan, "status", "--porcelain") == ""
    assert "Import 2 answer(s) received by form (kobo.csv)" in git(plan, "log", "-1", "--format=%s")


def test_diff_names_the_submission_of_an_entry_received_by_form(cli, plan, tmp_path):
    from tests.conftest import git

    form = _form(cli, plan, tmp_path, "assessment", "--theme", "death-penalty")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "two NGOs")
    export = _export(tmp_path, form, _assessment_answers()[:1], "odk")
    assert cli("import", "responses", export, "--commit", repo=plan).exit_code == 0
    text = cli("diff", "HEAD~1", repo=plan).stdout
    assert ("in-progress as of 2025-11-30, received by form (submission "
            "uuid:55555555-5555-4555-8555-555555555555, imported by secretariat)") in text


def test_a_pending_answer_is_accepted_once_its_organisation_is_added(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "participation")
    export = _export(tmp_path, form, _participation_answers()[2:3], "odk")
    assert "pending review: 1" in cli("import", "responses", export, repo=plan).stdout
    submission = "uuid:33333333-3333-4333-8333-333333333333"
    refused = cli("participation", "accept", submission, "new-voices", repo=plan)
    assert refused.exit_code == 2 and "unknown organisation 'new-voices'" in refused.stderr
    # added in Arabic only (names.en is required): the file is named, not "unknown"
    (plan / "data/actors/new-voices.yaml").write_text(
        "id: new-voices\nkind: ngo\nnames:\n  ar: أصوات جديدة\n", encoding="utf-8")
    invalid = cli("participation", "accept", submission, "new-voices", repo=plan)
    assert invalid.exit_code == 1
    assert "data/actors/new-voices.yaml cannot be read or does not match its schema" in \
        invalid.stderr
    _add_ngo(plan, "new-voices", "New Voices")
    accepted = cli("participation", "accept", submission, "new-voices", repo=plan)
    assert accepted.exit_code == 0, accepted.output
    assert _actor(plan, "new-voices")["monitors"] == {"themes": ["womens-rights"],
                                                      "since": "2025-12-03"}
    assert "no answer waiting" in cli("participation", "pending", repo=plan).stdout
    again = cli("import", "responses", export, repo=plan)  # the same export, imported again
    assert "new: 0, already imported: 1, pending review: 0" in again.stdout


def test_hostile_text_in_an_answer_rejects_that_row_only(cli, plan, tmp_path):
    form = _form(cli, plan, tmp_path, "participation")
    answers = _participation_answers()[:2]
    answers[1] = {**answers[1], "reason": "evil \u202etxt.exe"}
    answers.append({"uuid": "88888888-8888-4888-8888-888888888888", "date": "2025-12-09",
                    "organisation": "other", "other_name": "=HYPERLINK(\"x\") \u202e\x07Bad",
                    "answer": "decline"})
    export = _export(tmp_path, form, answers, "kobo")
    result = cli("import", "responses", export, repo=plan)
    assert result.exit_code == 1
    assert f"{export}:row 3: the change would make the plan invalid" in result.stderr
    assert "T501" in result.stderr
    assert "monitors" not in _actor(plan, "quiet-group")
    csv_text = cli("participation", "pending", "-f", "csv", repo=plan).stdout
    assert "'=HYPERLINK" in csv_text and "\u202e" not in csv_text and "\x07" not in csv_text


def test_an_xlsx_export_declared_a_million_rows_wide_is_read_by_its_values(cli, plan, tmp_path):
    """A formatted cell at XFD1048576 made the reader pad every row to the declared size."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    from conftest import never_hangs

    export = _export(tmp_path, _form(cli, plan, tmp_path, "participation"),
                     _participation_answers(), "kobo-xlsx")
    book = load_workbook(export)
    book.active["XFD1048576"].font = Font(bold=True)
    book.save(export)
    with never_hangs():
        result = cli("import", "responses", export, repo=plan)
    assert "new: 2, already imported: 0, pending review: 1, rejected: 1" in result.stdout


def test_a_csv_cell_past_the_csv_module_limit_names_its_row(cli, plan, tmp_path):
    """A 200,000-character answer was an internal error (exit 70)."""
    export = tmp_path / "kobo.csv"
    export.write_text('"grp_org/organisation";"answer";"files";"_uuid"\n'
                      f'"rights-now";"monitor";"{"x" * 200_000}";"u-1"\n', encoding="utf-8")
    result = cli("import", "responses", export, repo=plan)
    assert result.exit_code == 2
    assert f"{export}:row 2: not readable as CSV (field larger than field limit" in result.stderr
