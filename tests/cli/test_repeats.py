"""nhrp repeats suggest|add and the "repeats ... (its latest status: ...)" line, on pairs built
from the bundled cycle-2 list: paraphrases, other recommending States, changed word order,
Arabic spelling variants — and on pairs that must not match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, copy_plan
from nhrp.core import yamlio

pytest.importorskip("rapidfuzz")

BUNDLED = ROOT / "data" / "recommendations"


def summary(paragraph: str, lang: str = "en") -> str:
    data = yamlio.loads((BUNDLED / f"upr2-{paragraph}.yaml").read_text(encoding="utf-8"))
    return data["summary"][lang]


def record(rec_id: str, cycle: int, texts: dict, response: str = "supported") -> str:
    lines = [f"id: {rec_id}", f"cycle: {cycle}", "source:", "  document: A/HRC/43/14",
             f"  paragraph: '{rec_id.split('-')[1]}'", "recommending_states:", "- Chile",
             f"response: {response}", "themes:", "- death-penalty",
             "summary:" if "en" in texts else "text:"]  # a summary needs English
    lines += [f"  {lang}: {json.dumps(text, ensure_ascii=False)}" for lang, text in texts.items()]
    return "\n".join(lines) + "\n"


# later (cycle 3) text -> the cycle-2 paragraph it repeats, or None for a non-pair
LATER = {
    # other recommending States, and "a party" for "party"
    "upr3-1.1": ({"en": "Become a party to the ICCPR Second Optional Protocol (Spain) (Chile)"},
                 "127.5"),
    # paraphrase
    "upr3-1.2": ({"en": "Ratify the Optional Protocol to the Convention against Torture (OPCAT) "
                        "(Denmark)"}, "127.20"),
    # changed word order and paraphrase
    "upr3-1.3": ({"en": "Continue human rights training for law enforcement bodies (Egypt)"},
                 "127.150"),
    # Arabic only, other spellings (ه for ة, ا for أ, ي for ى)
    "upr3-1.4": ({"ar": "انضمام العراق الى البروتوكول الاختياري الثاني للعهد الدولي الخاص "
                        "بالحقوق المدنيه والسياسيه"}, "127.5"),
    # must not match anything
    "upr3-1.5": ({"en": "Keep strengthening the independence of the judiciary (Brazil)"}, None),
    "upr3-1.6": ({"en": "Ratify the International Convention for the Protection of All Persons "
                        "from Enforced Disappearance (Argentina)"}, None),
}
EARLIER = ("127.5", "127.20", "127.150", "127.45")


@pytest.fixture
def plan(tmp_path) -> Path:
    root = copy_plan(tmp_path / "plan")
    meta = yamlio.loads((root / "nhrp.yaml").read_text(encoding="utf-8"))
    meta["cycles"].append({"cycle": 3, "documents": ["A/HRC/43/14"]})
    from nhrp.core.fmt import canonical

    (root / "nhrp.yaml").write_text(canonical("plan", meta), encoding="utf-8")
    folder = root / "data/recommendations"
    for p in EARLIER:
        texts = {"en": summary(p)}
        if p == "127.5":
            texts["ar"] = summary(p, "ar")
        (folder / f"upr2-{p}.yaml").write_text(record(f"upr2-{p}", 2, texts), encoding="utf-8")
    for rec_id, (texts, _) in LATER.items():
        (folder / f"{rec_id}.yaml").write_text(record(rec_id, 3, texts), encoding="utf-8")
    return root


def test_suggest_finds_the_pairs_and_only_them(plan, cli):
    result = cli("repeats", "suggest", "--from-cycle", "2", "--to-cycle", "3", "--format",
                 "json", repo=plan)
    assert result.exit_code == 0, result.output
    found = {r["later"]: (r["earlier"], r["score"], r["language"])
             for r in json.loads(result.stdout)}
    expected = {later: f"upr2-{p}" for later, (_, p) in LATER.items() if p}
    assert {k: v[0] for k, v in found.items()} == expected
    assert found["upr3-1.4"][2] == "ar" and all(v[1] >= 75 for v in found.values())
    table = cli("repeats", "suggest", "--from-cycle", "2", "--to-cycle", "3", repo=plan).stdout
    assert "upr3-1.2" in table and "4 likely repeat(s)" in table


def test_a_lower_bar_shows_more_and_the_cycles_are_checked(plan, cli):
    low = json.loads(cli("repeats", "suggest", "--from-cycle", "2", "--to-cycle", "3",
                         "--min-score", "0", "--format", "json", repo=plan).stdout)
    assert len(low) == len(LATER)  # every later one has some best match, scored
    assert cli("repeats", "suggest", "--from-cycle", "3", "--to-cycle", "2",
               repo=plan).exit_code == 2
    assert cli("repeats", "suggest", "--from-cycle", "1", "--to-cycle", "3",
               repo=plan).exit_code == 2


def test_add_then_show_status_and_report_say_it(plan, cli):
    entry = ("recommendation: upr2-127.5\nby: watch\nduty_bearer: federal\nas_of: '2023-06-01'\n"
             "status: in-progress\nsummary:\n  en: A finding.\n")
    (plan / "data/monitoring/upr2-127.5").mkdir(parents=True)
    (plan / "data/monitoring/upr2-127.5/2023-06-01-watch.yaml").write_text(entry,
                                                                           encoding="utf-8")
    result = cli("repeats", "add", "upr3-1.1", "upr2-127.5", repo=plan)
    assert result.exit_code == 0, result.output
    data = yamlio.loads((plan / "data/recommendations/upr3-1.1.yaml").read_text(encoding="utf-8"))
    assert data["repeats"] == "upr2-127.5"
    assert "already so" in cli("repeats", "add", "upr3-1.1", "upr2-127.5", repo=plan).output
    phrase = "repeats upr2-127.5 (its latest status: federal in-progress)"
    assert phrase.capitalize() in cli("show", "upr3-1.1", repo=plan).stdout
    assert phrase in cli("status", repo=plan).stdout
    status = json.loads(cli("status", "--format", "json", repo=plan).stdout)
    assert status["repeats"] == [{"id": "upr3-1.1", "repeats": {
        "id": "upr2-127.5", "status": {"federal": "in-progress"}}}]
    md = cli("report", "--format", "md", "--lang", "en", repo=plan).stdout
    assert "repeats upr2-127.5; its latest status: Federal government: In progress" in md
    wrong = cli("repeats", "add", "upr2-127.20", "upr3-1.2", repo=plan)
    assert wrong.exit_code == 1 and "A709" in wrong.output
