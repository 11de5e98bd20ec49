"""The README stays true: its first lines are the set-up contract, every command it shows
exists, and the read-only tour runs on the bundled plan."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = "\n".join(re.findall(r"```sh\n(.*?)```", README, re.S))
SHOWN = [line.split("#")[0].strip() for line in re.findall(r"^(nhrp [^\n]*)$", BLOCKS, re.M)]


def test_first_lines_are_the_two_make_commands():
    head = README.splitlines()[:6]
    assert head[3].startswith("make run") and head[4].startswith("make test")


@pytest.mark.parametrize("line", sorted(set(SHOWN)))
def test_every_shown_command_exists(line, cli):
    words = shlex.split(line.rstrip("\\"))
    command = [w for w in words[1:3] if not w.startswith("-") and re.fullmatch(r"[a-z-]+", w)]
    result = cli("--help") if not command else cli(*command[:2], "--help") if command[:2] in (
        ["site", "build"], ["new", "assessment"], ["new", "plan-matrix"],
        ["import", "plan-matrix"], ["repeats", "suggest"]) else cli(command[0], "--help")
    assert result.exit_code == 0, line
    for option in re.findall(r"(--[a-z-]+)", line):
        assert option in result.stdout, (line, option)


@pytest.mark.parametrize("line", [
    "nhrp status",
    "nhrp list --theme death-penalty --response noted",
    'nhrp list --search "الاعدام"',
    "nhrp show upr2-127.5",
    "nhrp validate",
])
def test_read_only_tour_runs_on_the_bundled_plan(line, cli):
    result = cli(*shlex.split(line)[1:], repo=ROOT)
    assert result.exit_code == 0, result.output
    assert line.split("#")[0].strip() in SHOWN
    if "--search" in line:
        assert "upr2-127." in result.stdout
