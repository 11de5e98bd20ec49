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


def test_the_quick_start_runs_as_written_on_any_day(cli, tmp_path, monkeypatch):
    """On the real today (no $NHRP_TODAY), step by step, in a new folder."""
    monkeypatch.delenv("NHRP_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)
    section = README[README.index("## A clerk's quick start"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    ran = 0
    for line in block.splitlines():
        words = shlex.split(line.split(" # ")[0])
        if words[:1] == ["cd"]:
            monkeypatch.chdir(tmp_path / words[1])
            continue
        result = cli(*words[1:])
        assert result.exit_code == 0, (line, result.output)
        ran += 1
    assert ran >= 6
    assert "upr2-127.5" in cli("diff").stdout  # the assessment, committed last


def test_the_arabic_readme_gives_the_same_tour():
    arabic = (ROOT / "README.ar.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", arabic, re.S)).replace("\\\n", " ")
    shown_ar = {" ".join(line.split("#")[0].split())
                for line in blocks.splitlines() if line.startswith("nhrp ")}
    shown_en = {" ".join(line.split("#")[0].split())
                for line in BLOCKS.replace("\\\n", " ").splitlines() if line.startswith("nhrp ")}
    assert shown_ar and shown_ar <= shown_en, shown_ar - shown_en
    quick = README[README.index("## A clerk's quick start"):README.index("**Finding ids.**")]
    assert all(" ".join(line.split("#")[0].split()) in shown_ar
               for line in re.search(r"```sh\n(.*?)```", quick, re.S).group(1)
               .replace("\\\n", " ").splitlines() if line.startswith("nhrp "))
    assert "بالإنجليزية حالياً" in arabic  # says that messages stay English for now
