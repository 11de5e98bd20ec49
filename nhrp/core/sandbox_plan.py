"""The sandbox's SIMULATED plan structure: axes, activities with indicators, and half-yearly
measurements, so that ``nhrp review`` has something to show in the practice plan.

Every name says SIMULATED; every activity and measurement carries ``simulated: true``. A
random generator of its own keeps the rest of the sandbox (assignments, entries) unchanged.
"""

from __future__ import annotations

import datetime as dt
import random

from nhrp.core import layout

# axis id -> (names, themes whose supported recommendations its activities take up)
AXES = {
    "justice": ({"en": "Justice and the rule of law (SIMULATED axis)",
                 "ar": "العدالة وسيادة القانون (محور محاكى)",
                 "ckb": "دادپەروەری و سەروەریی یاسا (تەوەری گریمانەیی)"},
                ("justice", "detention-conditions", "torture-and-other-cid-treatment",
                 "death-penalty")),
    "social-rights": ({"en": "Social rights (SIMULATED axis)",
                       "ar": "الحقوق الاجتماعية (محور محاكى)",
                       "ckb": "مافە کۆمەڵایەتییەکان (تەوەری گریمانەیی)"},
                      ("rights-of-the-child", "right-to-education", "womens-rights",
                       "right-to-health")),
    "institutions": ({"en": "Institutions and international engagement (SIMULATED axis)",
                      "ar": "المؤسسات والتعاون الدولي (محور محاكى)",
                      "ckb": "دامەزراوەکان و هاوکاریی نێودەوڵەتی (تەوەری گریمانەیی)"},
                     ("international-instruments", "nhri", "treaty-bodies",
                      "human-rights-education-and-training")),
}
TITLE = {"en": "Simulated activity {n} for training ({axis})",
         "ar": "نشاط محاكى رقم {n} لأغراض التدريب",
         "ckb": "چالاکیی گریمانەیی ژمارە {n} بۆ ڕاهێنان"}
INDICATORS = [("structural", "texts", {"en": "Simulated: legal texts adopted",
                                       "ar": "محاكى: نصوص قانونية معتمدة"}),
              ("process", "persons", {"en": "Simulated: staff trained",
                                      "ar": "محاكى: موظفون مدرَّبون"}),
              ("outcome", "percent", {"en": "Simulated: share of cases resolved",
                                      "ar": "محاكى: نسبة القضايا المحسومة"})]
SOURCE = "SIMULATED register for training (no such register exists)"
PERIOD = (dt.date(2021, 9, 1), dt.date(2025, 12, 31))


def axes() -> list[dict]:
    return [{"id": axis, "names": names} for axis, (names, _) in AXES.items()]


def activities(seed: int, recommendations: dict, lead_of) -> dict[str, dict]:
    """{path: activity}: two or three activities per axis, each taking up a few supported
    recommendations of the axis's themes; ``lead_of(rec)`` picks the lead actor."""
    rng = random.Random(seed * 16 + 1)
    out: dict[str, dict] = {}
    n = 0
    for axis, (_, themes) in AXES.items():
        pool = sorted(r for r, rec in recommendations.items()
                      if rec.get("response") == "supported" and set(themes) & set(rec["themes"]))
        for _ in range(rng.randint(2, 3)):
            n += 1
            recs = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
            start = PERIOD[0] + dt.timedelta(days=rng.randint(0, 600))
            end = min(start + dt.timedelta(days=rng.randint(365, 1200)), PERIOD[1])
            kind, unit, description = rng.choice(INDICATORS)
            target = {"texts": 3, "persons": rng.choice((200, 500, 1000)), "percent": 75}[unit]
            act_id = f"simulated-{axis}-{n}"
            # some activities that have ended are not reported completed: the review calls
            # them late
            status = "completed" if end < dt.date(2025, 6, 30) and rng.random() < 0.6 else \
                "in-progress"
            out[layout.activity_path(act_id)] = {
                "id": act_id, "axis": axis,
                "title": {lang: text.format(n=n, axis=axis) for lang, text in TITLE.items()},
                "recommendations": recs, "lead": lead_of(recommendations[recs[0]]) if recs
                else "moj-hrd", "start": start.isoformat(), "end": end.isoformat(),
                "status": status,
                "indicators": [{"id": "simulated-indicator", "type": kind,
                                "description": description, "unit": unit,
                                "baseline": {"value": 0 if unit != "percent" else 40,
                                             "date": (start - dt.timedelta(days=1)).isoformat()},
                                "target": {"value": target, "date": end.isoformat()},
                                "data_source": SOURCE}],
                "notes": "SIMULATED for training: describes nothing real.",
                "simulated": True}
    return out


def measurements(seed: int, acts: dict[str, dict], today: dt.date) -> list[tuple[dt.date, str,
                                                                                 dict]]:
    """(as-of date, path, measurement): a value at the end of each half-year an activity runs,
    moving towards its target with some noise."""
    rng = random.Random(seed * 16 + 2)
    out = []
    for act in acts.values():
        ind = act["indicators"][0]
        start, end = dt.date.fromisoformat(act["start"]), dt.date.fromisoformat(act["end"])
        low, high = ind["baseline"]["value"], ind["target"]["value"]
        value = low
        for year in range(start.year, 2026):
            for month, day in ((6, 30), (12, 31)):
                as_of = dt.date(year, month, day)
                if not start < as_of <= min(end, today) or rng.random() < 0.2:
                    continue
                step = (high - low) * rng.uniform(0.05, 0.3)
                value = min(high, round(value + step)) if ind["unit"] != "percent" else \
                    min(100, round(value + step))
                path = (f"{layout.measurement_folder(act['id'], ind['id'])}/"
                        f"{as_of.isoformat()}-{act['lead']}.yaml")
                out.append((as_of, path, {
                    "activity": act["id"], "indicator": ind["id"], "value": value,
                    "unit": ind["unit"], "as_of": as_of.isoformat(), "by": act["lead"],
                    "source": SOURCE, "simulated": True}))
    return sorted(out, key=lambda item: (item[0], item[1]))
