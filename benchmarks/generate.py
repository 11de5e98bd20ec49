#!/usr/bin/env python3
"""Generate a deterministic synthetic plan for benchmarks.

    python benchmarks/generate.py N DIR [--commits K] [--seed S]

N recommendations (sharded per cycle and hundred, as large plans should be) with realistic
field sizes — English, Arabic and Sorani summaries, a longer official text, assignments — and
1–3 monitoring entries each, all valid against the schemas; the actors and vocabularies of the
bundled Iraq plan. With ``--commits K`` the files arrive over K dated git commits. Every record
is flagged ``simulated: true``: this is test data, never a real plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nhrp.core import yamlio  # noqa: E402
from nhrp.core.fmt import canonical  # noqa: E402

WORDS_EN = ("ensure protect rights women children detention courts law reform review national "
            "plan torture prevent investigate strengthen commission education health minority "
            "displaced persons freedom expression journalists access justice victims").split()
WORDS_AR = ("ضمان حماية حقوق المرأة الطفل الاحتجاز المحاكم القانون إصلاح مراجعة الخطة الوطنية "
            "التعذيب منع التحقيق تعزيز المفوضية التعليم الصحة الأقليات النازحين حرية التعبير "
            "الصحفيين العدالة الضحايا").split()
WORDS_CKB = ("دڵنیاکردنەوە پاراستن مافەکان ئافرەتان منداڵان دەستبەسەرکردن دادگاکان یاسا چاکسازی "
             "پێداچوونەوە پلانی نیشتمانی ئەشکەنجە ڕێگری لێکۆڵینەوە بەهێزکردن").split()
STATES = ("Chile Norway Spain Brazil Japan Tunisia Jordan France Ghana Mexico Sweden Italy "
          "Egypt Kenya Peru").split()
STATUSES = ("regressed", "not-started", "in-progress", "partially-implemented", "implemented")
AUTHORITIES = ("moj", "moi", "moh", "moe", "molsa", "momd", "krg-ocia", "krg-dfr")
MONITORS = ("ihchr", "pao", "jnp", "iraqi-al-amal", "aim", "krg-ibhr", "unami-hro")


def sentence(rng: random.Random, words, n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def day(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randrange((end - start).days))).isoformat()


def recommendation(rng: random.Random, i: int, themes: list[str]) -> tuple[str, dict]:
    cycle = 2 + i % 3
    paragraph = f"{100 + i // 1000}.{i % 1000 + 1}"
    rec_id = f"upr{cycle}-{paragraph}"
    rec = {
        "id": rec_id, "cycle": cycle,
        "source": {"document": f"A/HRC/{20 + cycle}/14", "paragraph": paragraph},
        "recommending_states": rng.sample(STATES, rng.randint(1, 3)),
        "response": rng.choice(("supported", "supported", "supported", "noted")),
        "action_category": rng.randint(1, 5),
        "themes": rng.sample(themes, rng.randint(1, 3)),
        "sdg_goals": sorted(rng.sample(range(1, 18), rng.randint(1, 2))),
        "summary": {"en": sentence(rng, WORDS_EN, 12).capitalize(),
                    "ar": sentence(rng, WORDS_AR, 12), "ckb": sentence(rng, WORDS_CKB, 10)},
        "text": {"en": sentence(rng, WORDS_EN, 60).capitalize() + "."},
        "assignments": [],
        "simulated": True,
    }
    lead = rng.choice(AUTHORITIES)
    bearer = "krg" if lead.startswith("krg") else "federal"
    assigned = day(rng, dt.date(2021, 6, 1), dt.date(2022, 6, 1))
    rec["assignments"].append({"actor": lead, "role": "lead", "duty_bearer": bearer,
                               "assigned_on": assigned, "due": day(rng, dt.date(2023, 1, 1),
                                                                    dt.date(2025, 12, 31))})
    if rng.random() < 0.5:
        support = rng.choice([a for a in AUTHORITIES if a != lead])
        rec["assignments"].append({"actor": support, "role": "support", "duty_bearer": bearer,
                                   "assigned_on": assigned})
    return rec_id, rec


def entries(rng: random.Random, rec_id: str, rec: dict) -> list[tuple[str, dict]]:
    out = []
    lead = rec["assignments"][0]
    for k in range(rng.randint(1, 3)):
        by = lead["actor"] if k == 0 else rng.choice(MONITORS)
        as_of = day(rng, dt.date(2022, 1, 1), dt.date(2025, 6, 30))
        entry = {"recommendation": rec_id, "by": by, "duty_bearer": lead["duty_bearer"],
                 "as_of": as_of, "status": rng.choice(STATUSES),
                 "summary": {"en": sentence(rng, WORDS_EN, 25).capitalize() + ".",
                             "ar": sentence(rng, WORDS_AR, 25)},
                 "evidence": [{"url": f"https://example.org/evidence/{rec_id}/{k}",
                               "title": sentence(rng, WORDS_EN, 4)}],
                 "simulated": True}
        stem = f"{as_of}-{by}"
        while any(s == stem for s, _ in out):
            stem += "-2"
        out.append((stem, entry))
    return out


def generate(n: int, target: Path, seed: int = 1) -> list[Path]:
    """Write the plan; returns the files in the order they were written."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    written: list[Path] = []

    def write(rel: str, text: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    plan = yamlio.loads((ROOT / "nhrp.yaml").read_text(encoding="utf-8"))
    plan["id"] = f"synthetic-{n}"
    plan["simulated"] = True
    write("nhrp.yaml", canonical("plan", plan))
    for folder in ("data/actors", "data/vocabularies"):
        for src in sorted((ROOT / folder).glob("*.yaml")):
            write(f"{folder}/{src.name}", src.read_text(encoding="utf-8"))
    themes = [t["id"] for t in yamlio.loads(
        (ROOT / "data/vocabularies/themes.yaml").read_text(encoding="utf-8"))["themes"]]
    for i in range(n):
        rec_id, rec = recommendation(rng, i, themes)
        shard = f"upr{rec['cycle']}/{i // 1000:03d}"
        write(f"data/recommendations/{shard}/{rec_id}.yaml", canonical("recommendation", rec))
        for stem, entry in entries(rng, rec_id, rec):
            write(f"data/monitoring/{rec_id}/{stem}.yaml", canonical("monitoring-entry", entry))
    return written


def commit_history(target: Path, files: list[Path], commits: int) -> None:
    """Spread the files over ``commits`` dated commits, 2021-06 to 2025-12."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Synthetic", "GIT_AUTHOR_EMAIL": "synthetic@example.org",
           "GIT_COMMITTER_NAME": "Synthetic", "GIT_COMMITTER_EMAIL": "synthetic@example.org"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    start, span = dt.datetime(2021, 6, 1), (dt.datetime(2025, 12, 1) - dt.datetime(2021, 6, 1))
    per = max(1, -(-len(files) // commits))
    for k in range(commits):
        chunk = files[k * per:(k + 1) * per]
        if not chunk:
            break
        # update-index takes any number of paths in linear time (pathspecs match quadratically)
        subprocess.run(["git", "-C", str(target), "update-index", "--add", "-z", "--stdin"],
                       check=True, input=b"\0".join(str(p.relative_to(target)).encode()
                                                    for p in chunk))
        when = (start + span * k / commits).strftime("%Y-%m-%dT%H:%M:%S")
        subprocess.run(["git", "-C", str(target), "commit", "-q", "-m", f"synthetic step {k + 1}"],
                       check=True, env={**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--commits", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.n, args.dir, args.seed)
    if args.commits:
        commit_history(args.dir, files, args.commits)
    print(f"{args.n} recommendations, {len(files)} files in {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
