"""Fuzzing the output boundary: hostile file names (newlines followed by workflow commands, ESC
and OSC sequences, separators, bidi controls) through every output format of the commands that
print paths, and hostile values through every channel function. No output line may start a
GitHub workflow command that nhrp did not mean to write, or hold a control character other than
the newline and tab the format itself uses.

    NHRP_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile/test_output_fuzz.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINIMAL, git, init_git
from nhrp.cli.app import app
from nhrp import escape
from nhrp.report import markdown

EXAMPLES = int(os.environ.get("NHRP_FUZZ_EXAMPLES", "150"))
SLOW = settings(max_examples=max(8, EXAMPLES // 10), deadline=None,
                suppress_health_check=list(HealthCheck))
FAST = settings(max_examples=EXAMPLES * 2, deadline=dt.timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow])
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
OURS = re.compile(r"^::(error|warning) file=[^:]*(,line=\d+,col=\d+)?,title=[^:]*::[^\r\n]*$")
PAYLOADS = ["\n::notice title=forged::all good", "\n::stop-commands::tok", "\n::error::x",
            "\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x9b31m", "\r::warning::cr", "\u2028::x",
            "\u202eevil", "a|b", "%0A::x", "x,y:z", "\t::tab", "::lead"]
piece = st.one_of(st.sampled_from(PAYLOADS), st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
    max_size=6))
names = st.lists(piece, min_size=1, max_size=4).map("".join).filter(
    lambda n: n not in (".", "..") and 0 < len(n.encode()) < 120)


def lines_are_safe(text: str, *, workflow: bool = False) -> None:
    for line in text.split("\n"):
        assert not CONTROL.search(line.replace("\t", "")), repr(line)
        if line.lstrip().startswith("::"):
            assert workflow and OURS.match(line), repr(line)


def markdown_rows_are_whole(text: str) -> None:
    width = None  # per table
    for line in text.split("\n"):
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        width = width or cells
        assert cells == width, repr(line)


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "plan"
    shutil.copytree(MINIMAL, root)
    init_git(root)
    git(root, "checkout", "-q", "-b", "pr")
    return root


def run(root: Path, *args: str, summary: Path | None = None):
    env = {"NHRP_TODAY": "2026-01-15", "NO_COLOR": "1"}
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    result = CliRunner().invoke(app, ["--repo", str(root), *args], env=env,
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.output)
    return result


@SLOW
@given(name=names)
@example(name="\n::notice title=forged::all good")
@example(name="x\n::stop-commands::tok\x1b]0;pwned\x07")
def test_hostile_file_names_cannot_forge_output_lines(base_repo, name):
    root = base_repo
    inside = f"data/monitoring/upr2-127.10/{name}.yaml"
    work = Path(tempfile.mkdtemp(dir=root.parent))
    try:
        for path, text in ((inside, "status: [\n"), (name, "x\n")):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "hostile", env={"GIT_AUTHOR_EMAIL": "watch@example.org"})
        summary = work / "summary.md"
        for args in (["validate"], ["validate", "-f", "json"], ["validate", "-f", "github"],
                     ["validate", "--changed-since", "main"], ["fmt", "--check"],
                     ["check-scope", "--base", "main"], ["check-scope", "--base", "main", "-f", "json"],
                     ["check-scope", "--base", "main", "--as", "watch", "-f", "github"]):
            result = run(root, *args, summary=summary)
            lines_are_safe(result.stdout, workflow="github" in args)
            lines_are_safe(result.stderr)
            if "json" in args:
                json.loads(result.stdout)
            if "github" in args:
                assert len([x for x in result.stdout.split("\n") if x.startswith("::")]) >= 1
        text = summary.read_text(encoding="utf-8")
        lines_are_safe(text)
        markdown_rows_are_whole(text)
    finally:
        subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True)
        subprocess.run(["git", "-C", str(root), "clean", "-qfdx"], check=True)
        shutil.rmtree(work, ignore_errors=True)


values = st.one_of(st.sampled_from(PAYLOADS + ["\ufffe", "\uffff", "\x00", "=cmd|x", "[a](b)"]),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))


@FAST
@given(value=values)
def test_every_channel_function_keeps_values_inert(value):
    for one_line in (escape.terminal(value), markdown.text(value), markdown.cell(value)):
        assert "\n" not in one_line and "\r" not in one_line
        lines_are_safe(one_line)  # these may begin a line
    for inside_a_line in (escape.workflow_data(value), escape.workflow_property(value),
                          escape.ical_text(value)):
        assert not CONTROL.search(inside_a_line.replace("\t", "")), repr(inside_a_line)
        assert "\n" not in inside_a_line and "\r" not in inside_a_line
    assert "," not in escape.workflow_property(value) and ":" not in escape.workflow_property(value)
    lines_are_safe(escape.terminal_text(value))
    # XML: the feed stays well-formed whatever the text
    root = ET.Element("summary")
    root.text = escape.xml_text(value)
    parsed = ET.fromstring(ET.tostring(root, encoding="unicode")).text  # XML reads CR as LF
    assert parsed in (None, root.text.replace("\r\n", "\n").replace("\r", "\n"))
    # Markdown: a table row keeps its cells, a link its target
    markdown_rows_are_whole(f"| a | b |\n| {markdown.cell(value)} | x |")
    link = f"https://example.org/{value}"
    assert not re.search(r"[\s|()<>\[\]]", markdown.url(link))
    # CSV: one cell, no formula, no control character other than the format's own
    cell = escape.spreadsheet(value)
    assert not cell.startswith(("=", "+", "-", "@")) and not CONTROL.search(
        cell.replace("\t", "").replace("\r", "").replace("\n", ""))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([cell])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == [cell]
    # YAML (--format yaml): one line per value, reads back to the same value
    import yaml

    from nhrp.report.rows import as_yaml

    text = as_yaml([{"value": value}])
    lines_are_safe(text.rstrip("\n"))
    assert len(text.rstrip("\n").split("\n")) == 1
    assert yaml.safe_load(text) == [{"value": value}]
    # JSON: parses back to the same value, with no raw control character
    text = escape.json_text(value)
    assert json.loads(text) == value and not CONTROL.search(text.rstrip("\n"))
