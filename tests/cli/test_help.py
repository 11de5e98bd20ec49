"""Help for a clerk: every option of every command says what it is for, metavars are plain
words, and every command that writes shows examples."""

from __future__ import annotations

import re

import pytest
import typer.main

from nhrp.cli.app import app

ROOT_COMMAND = typer.main.get_command(app)


def commands(group=ROOT_COMMAND, path=()):
    for name, command in sorted(getattr(group, "commands", {}).items()):
        if not getattr(command, "commands", None) or command.invoke_without_command:
            yield path + (name,), command  # a group that also runs on its own counts too
        if getattr(command, "commands", None):
            yield from commands(command, path + (name,))


ALL = list(commands())
WRITING = {("init",), ("assign",), ("unassign",), ("assess",), ("monitor",), ("fmt",),
           ("new", "assessment"), ("sandbox",), ("report",), ("site", "build"),
           ("import", "ohchr-matrix"), ("import", "upr-info"), ("export",),
           ("export", "assessment-sheet"), ("import", "responses"), ("form", "build"),
           ("participation", "invite"), ("participation", "accept"), ("activity", "add"),
           ("activity", "indicator"), ("activity", "link"), ("activity", "unlink"),
           ("export", "plan-matrix"), ("import", "plan-matrix"), ("measure",),
           ("new", "activity"), ("new", "plan-matrix"), ("repeats", "add"), ("review",)}
PYTHON_TYPE = re.compile(r"<(?:list\[|str>|int>|Path>|bool>|float>|path>|text>$)")


@pytest.mark.parametrize("path, command", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_option_has_help_and_a_plain_metavar(path, command, cli):
    for param in command.params:
        if param.name == "help":
            continue
        assert (param.help or "").strip(), f"nhrp {' '.join(path)}: {param.name} has no help"
    text = cli(*path, "--help").stdout
    assert not PYTHON_TYPE.search(text), text
    assert "[[" not in text and "]...]..." not in text, text
    assert not re.search(r"\{[a-z_]+\}", text), text


def test_every_writing_command_shows_examples(cli):
    assert WRITING <= {p for p, _ in ALL}
    for path in sorted(WRITING):
        text = cli(*path, "--help").stdout
        assert "Examples:" in text or "Example:" in text, path
        example = text[text.index("Example"):]
        assert f"nhrp {' '.join(path)}" in example, path


def test_help_uses_the_glossary_not_jargon(cli):
    for path, _ in ALL:
        text = cli(*path, "--help").stdout
        for jargon in ("DATE|REV", "merge base", "bare repository", "canonical form", " REV "):
            assert jargon not in text, (path, jargon)
