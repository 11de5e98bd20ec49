"""Regression tests for the output boundary (nhrp/escape.py): file names and values that
tried to forge GitHub workflow commands, reach the terminal raw, break the Atom feed or split a
Markdown table row."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import FIXTURES, copy_plan, git

FORGED = "x\n::notice title=forged::all good\n::stop-commands::tok"
ESC = "y\x1b]0;pwned\x07\x1b[2J"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_inert(*outputs: str) -> None:
    for text in outputs:
        for line in text.split("\n"):
            assert not line.lstrip().startswith("::"), repr(line)
            assert not CONTROL.search(line.replace("\t", "")), repr(line)


def test_fmt_check_and_validate_cannot_forge_workflow_commands(cli, plan_dir):
    folder = plan_dir / "data/monitoring/upr2-127.10"
    folder.mkdir(parents=True)
    (folder / f"{FORGED}.yaml").write_text("status: [\n", encoding="utf-8")
    (folder / f"{ESC}.yaml").write_text("status:    x\n", encoding="utf-8")
    fmt = cli("fmt", "--check", repo=plan_dir)
    validate = cli("validate", repo=plan_dir)
    assert fmt.exit_code == 1 and validate.exit_code == 1
    assert "::notice" in validate.stdout  # shown, as text inside a line
    assert_inert(fmt.stdout, fmt.stderr, validate.stdout, validate.stderr)


def test_check_scope_text_cannot_forge_workflow_commands(cli, plan_repo):
    git(plan_repo, "checkout", "-q", "-b", "pr")
    (plan_repo / "::error title=ok::forged").write_text("x\n", encoding="utf-8")
    (plan_repo / FORGED).write_text("x\n", encoding="utf-8")
    git(plan_repo, "add", "-A")
    git(plan_repo, "commit", "-q", "-m", "x")
    result = cli("check-scope", "--base", "main", "--as", "watch", repo=plan_repo)
    assert result.exit_code == 1
    assert_inert(result.stdout, result.stderr)


def test_error_messages_cannot_forge_workflow_commands(cli, plan_repo):
    result = cli("check-scope", "--base", FORGED, "--as", "watch", repo=plan_repo)
    assert result.exit_code == 2
    assert_inert(result.stdout, result.stderr)


def test_terminal_tables_do_not_pass_escape_sequences(cli, plan_dir):
    path = plan_dir / "data/recommendations/upr2-127.10.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "en: Protect women from violence", 'en: "Protect\\e]0;pwned\\a women\\e[2J"'),
        encoding="utf-8")
    for args in (("show", "upr2-127.10"), ("list", "--lang", "en")):
        result = cli(*args, repo=plan_dir)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "Protect" in result.stdout
        assert "\\u001b" in result.stdout or "show" not in args


def _entry(plan, summary: str, url: str = "https://example.org/report") -> None:
    folder = plan / "data/monitoring/upr2-127.10"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2025-01-01-watch.yaml").write_text(
        "recommendation: upr2-127.10\nby: watch\nduty_bearer: federal\nas_of: '2025-01-01'\n"
        f"status: in-progress\nsummary:\n  en: \"{summary}\"\nevidence:\n- url: {url}\n"
        "  title: Report\n", encoding="utf-8")


def test_atom_feed_stays_well_formed_with_xml_forbidden_code_points(cli, tmp_path):
    plan = copy_plan(tmp_path / "plan", FIXTURES / "report" / "plan")
    _entry(plan, "Noted\\uFFFE and \\uFFFF here")
    result = cli("site", "build", "--out", tmp_path / "site", repo=plan)
    assert result.exit_code == 0, result.output
    for feed in (tmp_path / "site").rglob("feed.atom"):
        root = ET.parse(feed).getroot()  # well-formed
        texts = [e.text or "" for e in root.iter()]
        assert any("Noted and  here" in t for t in texts)


def test_a_bar_in_an_evidence_url_cannot_split_a_markdown_table_row(cli, plan_dir):
    _entry(plan_dir, "A finding.", "https://example.org/a|forged-cell|b")
    result = cli("report", "--format", "md", "--lang", "en", repo=plan_dir)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "example.org/a" in line]
    assert rows and all("%7Cforged-cell%7C" in r for r in rows)
    header = next(line for line in result.stdout.splitlines() if line.startswith("| ")
                  and "evidence" in line)
    cells = len(re.findall(r"(?<!\\)\|", header))
    assert all(len(re.findall(r"(?<!\\)\|", r)) == cells for r in rows)


def test_html_pages_hold_no_control_characters_from_data(cli, tmp_path):
    plan = copy_plan(tmp_path / "plan", FIXTURES / "report" / "plan")
    _entry(plan, "Bell\\a escape\\e]0;x\\x07 next\\x85line \\uFFFE")
    report = cli("report", "--format", "html", "--lang", "en", repo=plan)
    assert report.exit_code == 0, report.output
    pages = [report.stdout]
    assert cli("site", "build", "--out", tmp_path / "site", repo=plan).exit_code == 0
    pages += [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    for page in pages:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", page)
    assert any("Bell escape]0;x nextline" in page for page in pages)
