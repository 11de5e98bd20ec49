"""Recommending States in the reader's language: UN names mapped to ISO codes (templates/locale/
states.yaml), named by CLDR through Babel; English keeps the UN name as written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from nhrp.core import plan as plan_mod
from nhrp.report.render import bundled_templates
from nhrp.report.states import StateNames, for_language

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = bundled_templates()


def test_every_state_of_the_bundled_plan_has_a_code():
    names = StateNames("ar", "ar_IQ", [TEMPLATES])
    plan = plan_mod.load(ROOT)
    states = {s for rec in plan.recommendations.values() for s in rec["recommending_states"]}
    assert len(states) > 80
    assert sorted(s for s in states if s not in names.codes) == []
    assert all(names(s)["lang"] == "ar" for s in states)


def test_un_names_in_arabic_sorani_and_english():
    ar, ckb, en = (for_language(lang, [TEMPLATES]) for lang in ("ar", "ckb", "en"))
    assert ar("Viet Nam") == {"text": "فيتنام", "lang": "ar"}
    assert ar("Iran (Islamic Republic of)")["text"] == "إيران"
    assert ckb("Republic of Korea") == {"text": "کۆریای باشوور", "lang": "ckb"}
    assert ar("Turkey") == ar("Türkiye") == {"text": "تركيا", "lang": "ar"}
    assert ar("State of Palestine")["text"] == "دولة فلسطين"  # nhrp's wording, not CLDR's
    assert ckb("State of Palestine")["text"] == "دەوڵەتی فەلەستین"
    assert en("Viet Nam") == {"text": "Viet Nam", "lang": "en"}  # the UN name as written
    assert ar("Atlantis") == {"text": "Atlantis", "lang": "en"}  # unknown: as written, marked


def test_a_plan_can_change_the_wording(tmp_path):
    own = tmp_path / "templates"
    (own / "locale").mkdir(parents=True)
    (own / "locale" / "states.yaml").write_text(
        "codes:\n  Atlantis: AQ\nwording:\n  VN:\n    ar: جمهورية فيتنام الاشتراكية\n",
        encoding="utf-8")
    ar = for_language("ar", [own, TEMPLATES])
    assert ar("Viet Nam")["text"] == "جمهورية فيتنام الاشتراكية"
    assert ar("Atlantis")["lang"] == "ar"  # Antarctica's code, named by CLDR
    assert ar("France")["text"] == "فرنسا"  # the bundled file still counts


def test_csv_export_names_states_in_its_language(cli):
    result = cli("export", "--lang", "ar", repo=ROOT)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["upr2-127.1"][4] == "جيبوتي"
