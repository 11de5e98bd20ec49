#!/usr/bin/env python3
"""Build the bundled Iraq plan (nhrp.yaml and data/) from the research CSVs.

    python scripts/build_iraq_dataset.py [SHARED_DATA_DIR] [--out DIR]

Inputs: the facts in ../shared/data/ (recommendations, by-State rows, actors) and our own
translations in scripts/translations/. Output is canonical (nhrp fmt) and byte-for-byte the
same on every run. No assignment, assessment or status is produced: the plan starts with none.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nhrp.core.fmt import canonical  # noqa: E402
from nhrp.core.fsutil import atomic_write  # noqa: E402

TRANSLATIONS = ROOT / "scripts" / "translations"

# Judgements of ours, kept here so that they are visible and documented in data/SOURCES.md.
PARENTS = {"moj-hrd": "moj", "gscom-women-empowerment": "gscom", "cor-hr-committee": "cor"}
KIND_OVERRIDES = {
    "krg-ibhr": ("independent-institution",
                 "Classified by nhrp as an independent institution (established by Law 4/2010 as an "
                 "independent board), so that its assessments count as independent, not as KRG "
                 "self-reporting."),
}


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower().replace("'", "")).strip("-")


def text(**langs: str) -> dict:
    return {k: v.strip() for k, v in langs.items() if v and v.strip()}


def plan_file() -> dict:
    return {
        "schema_version": 1,
        "id": "iraq-nhrp-2021-2025",
        "name": text(
            en="National Plan for Human Rights in Iraq 2021-2025",
            ar="الخطة الوطنية لحقوق الإنسان في العراق للسنوات 2021-2025",
            ckb="پلانی نیشتمانیی مافەکانی مرۆڤ لە عێراق ٢٠٢١-٢٠٢٥",
        ),
        "state": {"code": "IRQ", "name": text(en="Iraq", ar="العراق", ckb="عێراق")},
        "period": {"start": "2021-05-06", "end": "2025-12-31"},
        "cycles": [
            {"cycle": 2, "review_date": "2014-11-03",
             "documents": ["A/HRC/28/14", "A/HRC/28/14/Add.1"], "recommendations": 229,
             "responses": {"supported": 175, "noted": 54},
             "notes": "All 229 recommendations are bundled (paragraphs 127.1-127.229); responses "
                      "from the UPR Info database export."},
            {"cycle": 3, "review_date": "2019-11-11", "documents": ["A/HRC/43/14"],
             "recommendations": 298,
             "responses": {"supported": 245, "noted": 48, "partially-supported": 5},
             "notes": "The plan was built on this cycle, but its Working Group report could not be "
                      "obtained, so its recommendations are not bundled (see data/SOURCES.md). "
                      "Import them with 'nhrp import'."},
        ],
        "languages": ["ar", "en", "ckb"],
        "unofficial_translations": ["ar", "ckb"],
        "maintainers": ["moj-hrd"],
        "duty_bearers": [
            {"id": "federal", "actor": "council-of-ministers", "actor_kinds": ["federal-government"],
             "names": text(en="Federal Government of Iraq", ar="الحكومة الاتحادية",
                           ckb="حکومەتی فیدراڵ")},
            {"id": "krg", "actor": "krg-com", "actor_kinds": ["krg"],
             "names": text(en="Kurdistan Regional Government", ar="حكومة إقليم كوردستان",
                           ckb="حکومەتی هەرێمی کوردستان")},
        ],
        "status_scale": [
            {"id": "regressed", "upr_info_iri": "not implemented",
             "names": text(en="Regressed", ar="تراجع", ckb="پاشەکشە"),
             "description": text(en="Earlier progress has been reversed.")},
            {"id": "not-started", "upr_info_iri": "not implemented",
             "names": text(en="Not started", ar="لم يبدأ التنفيذ", ckb="دەستپێنەکراوە"),
             "description": text(en="No action towards the recommendation yet.")},
            {"id": "in-progress", "upr_info_iri": "partially implemented",
             "names": text(en="In progress", ar="قيد التنفيذ", ckb="لە جێبەجێکردندایە"),
             "description": text(en="Action has started but nothing is completed yet.")},
            {"id": "partially-implemented", "upr_info_iri": "partially implemented",
             "names": text(en="Partially implemented", ar="منفذة جزئياً",
                           ckb="بەشێکی جێبەجێکراوە"),
             "description": text(en="Part of what the recommendation asks has been done.")},
            {"id": "implemented", "upr_info_iri": "fully implemented",
             "names": text(en="Implemented", ar="منفذة بالكامل", ckb="بە تەواوی جێبەجێکراوە"),
             "description": text(en="What the recommendation asks has been done.")},
        ],
        "settings": {"stale_after_months": 12},
        "notes": "Launched on 6 May 2021 in Sulaymaniyah and publicly on 26 July 2021 in Baghdad; "
                 "owned by the Ministry of Justice's Human Rights Department; endorsed by the "
                 "Council of Ministers with a follow-up committee including NGOs, annual reports "
                 "and six-monthly evaluation. The KRG has its own Regional Plan for Human Rights "
                 "2021-2025, coordinated by the KRG Coordinator for International Recommendations. "
                 "Arabic and Sorani summaries are nhrp's own unofficial translations. The plan "
                 "starts with no assignments or assessments: none have been published as data.",
    }


# Parliaments and courts fit no government kind of a duty bearer: which one each belongs to
# (rule R313: an authority self-assesses only for its own), from the actors' notes.
DUTY_BEARERS = {"cor": "federal", "cor-hr-committee": "federal", "hjc": "federal",
                "kurdistan-parliament": "krg", "krg-judicial-council": "krg"}


def actors(shared: Path) -> dict[str, dict]:
    out = {}
    for row in read_csv(shared / "iraq-actors.csv"):
        kind, notes = row["kind"], row["notes"].strip()
        if row["id"] in KIND_OVERRIDES:
            kind, extra = KIND_OVERRIDES[row["id"]]
            notes = f"{notes} {extra}"
        record = {"id": row["id"], "kind": kind,
                  "names": text(en=row["name_en"], ar=row["name_ar"], ckb=row["name_ckb"])}
        if row["id"] in PARENTS:
            record["parent"] = PARENTS[row["id"]]
        if row["id"] in DUTY_BEARERS:
            record["duty_bearer"] = DUTY_BEARERS[row["id"]]
        if notes:
            record["notes"] = notes
        out[row["id"]] = record
    return out


# OHCHR / Universal Human Rights Index theme labels (as printed in OHCHR thematic lists, see
# ../shared/data/vocabularies.md section 2b) that 'nhrp import ohchr-matrix' files under each
# UPR Info theme. Our judgement: only labels that clearly correspond. Labels equal to a theme's
# English name (e.g. "Migrants", "Racial discrimination") match without being listed; matching
# ignores letter case, spacing and "&" versus "and". Unlisted labels import as theme "other" and
# are kept in the recommendation's source_themes.
OHCHR_LABELS = {
    "asylum-seekers-refugees": ["Refugees & asylum seekers"],
    "civil-society": ["Cooperation and meaningful consultation with civil society & participation",
                      "Cooperation & consultation with civil society"],
    "corruption": ["Good governance & corruption"],
    "cp-rights-general": ["Civil & political rights - general measures of implementation"],
    "detention-conditions": ["Conditions of detention"],
    "development": ["Right to development", "Inter-State cooperation & development assistance",
                    "Inter-State cooperation & development or humanitarian assistance"],
    "disabilities": ["Persons with disabilities: definition, general principles",
                     "Persons with disabilities: accessibility, mobility",
                     "Persons with disabilities: independence, inclusion",
                     "Persons with disabilities: protecting the integrity of the person",
                     "Persons with disabilities: protection against exploitation, violence & abuse",
                     "Persons with disabilities: protection and safety in situations of risk"],
    "elections": ["Right to participate in public affairs & right to vote",
                  "Right to participation in public affairs and right to vote"],
    "environment": ["Human rights & the environment", "Human rights & climate change"],
    "esc-rights-general": ["Economic, social & cultural rights - general measures of "
                           "implementation"],
    "extrajudicial-executions": ["Extrajudicial, summary or arbitrary executions"],
    "freedom-of-opinion-and-expression": [
        "Freedom of opinion & expression & right to information",
        "Freedom of opinion and expression & access to information"],
    "freedom-of-religion-and-belief": ["Freedom of thought, conscience & religion"],
    "human-rights-education-and-training": [
        "Human rights education, trainings & awareness raising", "Human rights education - general",
        "Awareness raising and dissemination"],
    "impunity": ["Impunity & transparency", "Rule of law & impunity"],
    "international-humanitarian-law": ["International criminal & humanitarian law (including "
                                       "crimes against humanity, war crimes, genocide)"],
    "international-instruments": ["Acceptance of international norms",
                                  "Ratification of & accession to international instruments"],
    "justice": ["Administration of justice & fair trial", "Access to justice & remedy",
                "Right to an effective remedy"],
    "labour": ["Right to work", "Right to just and favourable conditions of work",
               "Trade union rights",
               "Right to work and to just & favorable conditions of work & labour rights",
               "Labour rights and right to work"],
    "minorities": ["Members of minorities"],
    "national-plan-of-action": ["National Plans of Action on Human Rights (or specific areas)",
                                "National Human Rights Action Plans (or specific areas) / "
                                "implementation plans"],
    "nhri": ["National Human Rights Institution (NHRI)"],
    "poverty": ["Human rights & poverty"],
    "right-to-education": ["Right to education - General"],
    "right-to-health": ["Right to health - General", "Access to sexual & reproductive health & "
                        "services", "Sexual & reproductive health and rights"],
    "right-to-housing": ["Right to adequate housing"],
    "right-to-water": ["Human Rights & drinking water & sanitation",
                       "Safe drinking water & sanitation"],
    "rights-of-the-child": ["Children: definition; general principles; protection",
                            "Children: family environment & alternative care",
                            "Children: protection against exploitation",
                            "Children: juvenile justice"],
    "sexual-orientation-and-gender-identity": [
        "Lesbian, gay, bisexual and transgender and intersex persons (LGBTI)"],
    "special-procedures": ["Cooperation with special procedures"],
    "torture-and-other-cid-treatment": ["Prohibition of torture & cruel, inhuman or degrading "
                                        "treatment"],
    "trafficking": ["Prohibition of slavery, trafficking",
                    "Human trafficking & contemporary forms of slavery"],
    "treaty-bodies": ["Cooperation with treaty bodies", "Cooperation & Follow up with Treaty Bodies"],
    "upr-process": ["Follow-up to Universal Periodic Review (UPR)"],
    "womens-rights": ["Discrimination against women", "Violence against women",
                      "Advancement of women", "Participation of women in political & public life"],
}


def vocabularies() -> tuple[dict, dict]:
    ar = {r["label_en"]: r["label_ar"] for r in read_csv(TRANSLATIONS / "themes_ar.csv")}
    ckb = {r["label_en"]: r["label_ckb"] for r in read_csv(TRANSLATIONS / "themes_ckb.csv")}
    themes = {"source": "UPR Info database issue list (c. 2014). English labels as published; "
                        "Arabic and Sorani labels are nhrp's unofficial translations. The ohchr "
                        "lists are nhrp's judgement of which OHCHR/UHRI theme labels import into "
                        "each theme.",
              "themes": [{"id": slug(label), "names": text(en=label, ar=ar[label], ckb=ckb[label]),
                          **({"ohchr": OHCHR_LABELS[slug(label)]}
                             if slug(label) in OHCHR_LABELS else {})}
                         for label in ar]}
    unknown = set(OHCHR_LABELS) - {t["id"] for t in themes["themes"]}
    if unknown:
        raise SystemExit(f"OHCHR_LABELS names unknown theme ids: {sorted(unknown)}")
    sdg_en = dict(re.findall(r"(\d+) - ([A-Z ,]+?)(?:;|$)", _sdg_line()))
    sdg_ar = {r["goal"]: r["label_ar"] for r in read_csv(TRANSLATIONS / "sdgs_ar.csv")}
    sdg_ckb = {r["goal"]: r["label_ckb"] for r in read_csv(TRANSLATIONS / "sdgs_ckb.csv")}
    sdgs = {"source": "UN Sustainable Development Goals; English labels in the form OHCHR "
                      "thematic lists use. Sorani labels are nhrp's unofficial translations.",
            "goals": [{"goal": int(g), "names": text(en=sdg_en[g].strip(), ar=sdg_ar[g],
                                                     ckb=sdg_ckb[g])}
                      for g in sorted(sdg_en, key=int)]}
    return themes, sdgs


def _sdg_line() -> str:
    return ("1 - NO POVERTY; 2 - ZERO HUNGER; 3 - GOOD HEALTH AND WELL-BEING; 4 - QUALITY "
            "EDUCATION; 5 - GENDER EQUALITY; 6 - CLEAN WATER AND SANITATION; 7 - AFFORDABLE AND "
            "CLEAN ENERGY; 8 - DECENT WORK AND ECONOMIC GROWTH; 9 - INDUSTRY, INNOVATION AND "
            "INFRASTRUCTURE; 10 - REDUCED INEQUALITIES; 11 - SUSTAINABLE CITIES AND COMMUNITIES; "
            "12 - RESPONSIBLE CONSUMPTION AND PRODUCTION; 13 - CLIMATE ACTION; 14 - LIFE BELOW "
            "WATER; 15 - LIFE ON LAND; 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS; 17 - "
            "PARTNERSHIPS FOR THE GOALS")


def recommendations(shared: Path) -> list[dict]:
    categories: dict[str, int] = defaultdict(int)
    for row in read_csv(shared / "iraq-upr2-by-recommending-state.csv"):
        if row["upr_info_action_category"].strip():
            pid = row["paragraph_id"]
            categories[pid] = max(categories[pid], int(row["upr_info_action_category"]))
    ar = {r["paragraph_id"]: r["summary_ar"] for r in read_csv(TRANSLATIONS / "summaries_ar.csv")}
    ckb = {r["paragraph_id"]: r["summary_ckb"]
           for r in read_csv(TRANSLATIONS / "summaries_ckb.csv")}
    out = []
    for row in read_csv(shared / "iraq-upr2-recommendations.csv"):
        pid = row["paragraph_id"]
        record = {
            "id": f"upr{row['cycle']}-{pid}",
            "cycle": int(row["cycle"]),
            "source": {"document": row["doc_symbol"], "paragraph": pid},
            "recommending_states": [s.strip() for s in row["recommending_states"].split(";")],
            "response": row["response"],
            "themes": [slug(t) for t in row["themes"].split(";") if t.strip()],
            "sdg_goals": sorted(int(g) for g in row["sdg_goals"].split(";") if g.strip()),
            "summary": text(en=row["summary_en"], ar=ar[pid], ckb=ckb[pid]),
        }
        if categories.get(pid):
            record["action_category"] = categories[pid]
        out.append(record)
    return out


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build the bundled Iraq plan.")
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder with the research CSVs (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=ROOT, help="plan root to write (default: "
                        "this checkout)")
    args = parser.parse_args(argv[1:])
    shared, out = args.shared, args.out
    atomic_write(out / "nhrp.yaml", canonical("plan", plan_file()))
    themes, sdgs = vocabularies()
    atomic_write(out / "data/vocabularies/themes.yaml", canonical("themes", themes))
    atomic_write(out / "data/vocabularies/sdgs.yaml", canonical("sdgs", sdgs))
    for actor_id, record in actors(shared).items():
        atomic_write(out / f"data/actors/{actor_id}.yaml", canonical("actor", record))
    for record in recommendations(shared):
        atomic_write(out / f"data/recommendations/{record['id']}.yaml",
                     canonical("recommendation", record))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
