"""One flag means one thing everywhere: the options many commands share are declared once, in
nhrp/cli/common.py, and Markdown answers to both of its spellings wherever it is offered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nhrp.cli

CLI = Path(nhrp.cli.__file__).parent
SHARED = ("--format", "--lang", "--duty-bearer", "--theme", "--at", "--template", "--commit")
# command modules other engineers are reshaping in the same change; they adopt the shared
# declarations when it is merged (then this list is emptied)
NOT_YET = {"diff.py", "check_scope.py"}


def test_shared_options_are_declared_only_in_common():
    declared = re.compile(r"typer\.Option\([^)]*?\"(" + "|".join(SHARED) + r")\"", re.S)
    offenders = [f"{path.relative_to(CLI.parent.parent)}: {m.group(1)}"
                 for path in sorted(CLI.rglob("*.py"))
                 if path.name != "common.py" and path.name not in NOT_YET
                 for m in declared.finditer(path.read_text(encoding="utf-8"))]
    assert not offenders, "declare these through nhrp.cli.common's *_option():\n" + \
        "\n".join(offenders)


@pytest.mark.parametrize("command", [("status",), ("status", "--participation")])
def test_md_and_markdown_are_the_same_format(cli, plan_repo, command):
    md = cli(*command, "--format", "md", repo=plan_repo)
    markdown = cli(*command, "-f", "markdown", repo=plan_repo)
    assert md.exit_code == markdown.exit_code == 0, md.output + markdown.output
    assert md.stdout == markdown.stdout and md.stdout.startswith("#")


def test_a_document_takes_markdown_as_well_as_md(cli, plan_repo):
    md = cli("report", "--format", "md", "--lang", "en", repo=plan_repo)
    markdown = cli("report", "--format", "markdown", "--lang", "en", repo=plan_repo)
    assert md.exit_code == markdown.exit_code == 0, md.output + markdown.output
    assert md.stdout == markdown.stdout and "<html" not in md.stdout


def test_an_unknown_format_is_a_usage_error_that_lists_the_choices(cli, plan_repo):
    result = cli("list", "--format", "xml", repo=plan_repo)
    assert result.exit_code == 2
    assert "'xml' is not one of 'table', 'json', 'csv', 'yaml'" in result.output
    result = cli("status", "--format", "html", repo=plan_repo)
    assert result.exit_code == 2 and "'text', 'json', 'markdown'" in result.output


def test_help_lists_the_choices_and_both_markdown_spellings(cli):
    text = cli("status", "--help").stdout
    assert "<text|json|markdown>" in text and "md or markdown" in text
    assert "<html|md>" in cli("report", "--help").stdout
