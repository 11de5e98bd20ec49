"""Finding ids: the vocabulary commands, ids in any letter case or by name in any plan
language (written canonical), "unknown X" errors that list the closest valid values, and one
--lang rule."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from nhrp.core import yamlio


@pytest.mark.parametrize("command, first, count", [
    ("actors", "aim", 38), ("themes", "asylum-seekers-refugees", None),
    ("statuses", "regressed", 5), ("duty-bearers", "federal", 2)])
def test_vocabulary_commands_list_ids_with_names(command, first, count, cli):
    result = cli(command, "--format", "json", repo=ROOT)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == first and rows[0]["names"]["en"]
    if count:
        assert len(rows) == count
    table = cli(command, "--lang", "en", repo=ROOT)
    assert table.exit_code == 0 and first in table.stdout
    assert table.stdout.rstrip().splitlines()[-1].split()[0].isdigit()  # "38 actors"


def test_vocabulary_search_in_any_language(cli):
    arabic = cli("actors", "--search", "وزاره العدل", "--format", "json", repo=ROOT)  # ة as ه
    assert {r["id"] for r in json.loads(arabic.stdout)} == {"moj", "moj-hrd"}
    english = cli("actors", "-s", "JUSTICE", "--format", "csv", repo=ROOT)
    assert "moj" in {line.split(",")[0] for line in english.stdout.splitlines()}
    none = cli("themes", "--search", "zzz", repo=ROOT)
    assert none.exit_code == 0 and "0 themes matching 'zzz'" in none.stdout


@pytest.mark.parametrize("args", [
    ("list", "--status", "قيد التنفيذ"), ("list", "--actor", "وزارة العدل"),
    ("list", "--actor", "MoJ"), ("list", "--theme", "عقوبة الإعدام"),
    ("list", "--duty-bearer", "Federal"), ("status", "--actor", "Ministry of Justice")])
def test_names_and_any_case_stand_for_ids(args, cli):
    result = cli(*args, "--format", "json", repo=ROOT)
    assert result.exit_code == 0, result.output


def test_a_name_is_written_as_the_canonical_id(plan_dir, cli):
    result = cli("assign", "UPR2-127.10", "--to", "Ministry of Testing", "--role", "support",
                 "--duty-bearer", "FEDERAL", repo=plan_dir)
    assert result.exit_code == 0, result.output
    rec = yamlio.loads((plan_dir / "data/recommendations/upr2-127.10.yaml").read_text())
    assert {"actor": "ministry", "duty_bearer": "federal"}.items() <= rec["assignments"][-1].items()


@pytest.mark.parametrize("args, wanted", [
    (("list", "--status", "done"), "Valid values: regressed, not-started, in-progress, "
                                   "partially-implemented, implemented, not-assessed."),
    (("list", "--actor", "mjo"), "unknown actor 'mjo'. Did you mean: moj"),
    (("list", "--theme", "death penalty!"), "Did you mean: death-penalty"),
    (("status", "--duty-bearer", "kurdistan"), "Valid values: federal, krg."),
    (("show", "ministry of justise"), "Did you mean: moj"),
    (("list", "--response", "accepted"), "Valid values: supported, noted, partially-supported"),
])
def test_unknown_ids_list_the_closest_valid_values(args, wanted, cli):
    result = cli(*args, repo=ROOT)
    assert result.exit_code == 2
    assert wanted in result.stderr, result.stderr


def test_show_takes_an_actor(cli):
    text = cli("show", "MoJ", "--lang", "en", repo=ROOT)
    assert text.exit_code == 0 and text.stdout.startswith("moj  Ministry of Justice")
    data = json.loads(cli("show", "وزارة العدل", "--format", "json", repo=ROOT).stdout)
    assert data["record"] == "actor" and data["id"] == "moj"


def test_a_typo_in_by_does_not_ask_to_rename_the_file(plan_dir, cli):
    folder = plan_dir / "data/monitoring/upr2-127.1"
    entry = next(folder.glob("*-watch.yaml"))
    entry.write_text(entry.read_text().replace("by: watch", "by: wacth"))
    result = cli("validate", repo=plan_dir)
    assert result.exit_code == 1
    assert "unknown actor 'wacth'; did you mean 'watch'?" in result.stdout
    assert "wacth.yaml" not in result.stdout


@pytest.mark.parametrize("command", [
    ("status",), ("status", "--participation"), ("list",), ("show", "upr2-127.1"), ("report",),
    ("export",), ("actors",), ("export", "assessment-sheet", "--by", "watch", "--out", "x.xlsx"),
    ("form", "build", "participation", "--out", "x.xlsx")], ids=" ".join)
def test_every_lang_option_refuses_an_unknown_language(command, plan_dir, cli):
    result = cli(*command, "--lang", "fr", repo=plan_dir)
    assert result.exit_code == 2
    assert "--lang fr" in result.stderr


def test_history_and_scope_take_ids_in_any_letter_case(plan_repo, cli):
    log = cli("log", "UPR2-127.1", "--format", "json", repo=plan_repo)
    assert log.exit_code == 0, log.output
    scope = cli("check-scope", "--base", "HEAD", "--as", "WATCH", repo=plan_repo)
    assert scope.exit_code == 0, scope.output
