"""``nhrp sandbox``: a practice plan for training and demonstrations.

The sandbox is a copy of the bundled plan plus *simulated* assignments and monitoring entries
(and axes, activities and measurements: :mod:`nhrp.core.sandbox_plan`),
committed to git as dated commits spread over 2021–2025, so that every command (status, report,
site, history) has something to show. It is reproducible: the same seed gives the same files and
the same commit ids.

Nothing simulated can pass for real data: the plan and every simulated assignment and entry carry
``simulated: true`` (reports, pages and the status dashboard then say SIMULATED), the summaries say
in every language that they are simulated for training, evidence names no real document, and the
plan's notes and README say what the folder is.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nhrp.core import layout, sandbox_plan, yamlio
from nhrp.core.fmt import canonical
from nhrp.core.names import natural_key
from nhrp.core.plan import load
from nhrp.core.scaffold import copy_bundled
from nhrp.core.sides import side_of
from nhrp.core.store import git
from nhrp.core.validate import validate_tree
from nhrp.errors import EnvironmentProblem, InvalidData, UsageError

DEFAULT_SEED = 2021
START = dt.date(2021, 5, 6)  # the plan's launch
ASSIGNED_FROM = dt.date(2021, 7, 26)
TZ = "+03:00"  # Baghdad
AUTHOR = ("nhrp sandbox", "sandbox@example.invalid")
DUE_DATES = ("2022-12-31", "2023-06-30", "2023-12-31", "2024-06-30", "2024-12-31",
             "2025-06-30", "2025-12-31")

SUMMARY = {
    "self": {
        "en": "Simulated self-assessment for training; not real data.",
        "ar": "تقييم ذاتي محاكى لأغراض التدريب؛ ليس بيانات حقيقية.",
        "ckb": "خۆهەڵسەنگاندنی گریمانەیی بۆ ڕاهێنان؛ داتای ڕاستەقینە نییە.",
    },
    "independent": {
        "en": "Simulated independent assessment for training; not real data.",
        "ar": "تقييم مستقل محاكى لأغراض التدريب؛ ليس بيانات حقيقية.",
        "ckb": "هەڵسەنگاندنی سەربەخۆی گریمانەیی بۆ ڕاهێنان؛ داتای ڕاستەقینە نییە.",
    },
    "correction": {
        "en": "Simulated correction of an earlier simulated entry, for training; not real data.",
        "ar": "تصحيح محاكى لقيد محاكى سابق لأغراض التدريب؛ ليس بيانات حقيقية.",
        "ckb": "ڕاستکردنەوەی گریمانەیی تۆمارێکی گریمانەیی پێشوو بۆ ڕاهێنان؛ داتای ڕاستەقینە نییە.",
    },
}
EVIDENCE_TITLE = "Simulated document for training (no such document exists)"

# Which ministry plausibly leads a theme (first match in the recommendation's themes wins).
THEME_LEADS = {
    "womens-rights": "gscom-women-empowerment", "rights-of-the-child": "molsa",
    "disabilities": "molsa", "labour": "molsa", "poverty": "molsa", "trafficking": "moi",
    "right-to-education": "moe", "human-rights-education-and-training": "moe",
    "right-to-health": "moh", "hiv-aids": "moh", "death-penalty": "moj", "justice": "moj",
    "detention-conditions": "moj", "torture-and-other-cid-treatment": "moj",
    "public-security": "moi", "counter-terrorism": "moi", "enforced-disappearances": "moi",
    "international-instruments": "mofa", "treaty-bodies": "mofa", "special-procedures": "mofa",
    "internally-displaced-persons": "momd", "migrants": "momd", "asylum-seekers-refugees": "momd",
    "environment": "moenv", "right-to-water": "moenv", "development": "mop",
    "upr-process": "moj-hrd", "national-plan-of-action": "moj-hrd",
}
FALLBACK_LEAD = "moj-hrd"
KRG_LEADS = ("krg-ocia", "krg-com", "krg-dfr")
MONITORS = {"federal": ("ihchr", "unami-hro", "iraqi-al-amal", "pao", "jnp", "aim"),
            "krg": ("krg-ibhr", "unami-hro", "metro-center", "pfo")}


@dataclass
class Result:
    root: Path
    commits: int = 0
    assignments: int = 0
    entries: int = 0
    files: list[str] = field(default_factory=list)
    activities: int = 0
    measurements: int = 0


def _git(root: Path, *args: str, when: str | None = None) -> str:
    done = git.call(None, *git.QUIET_COMMITS, "-C", str(root), *args,
                    env=git.commit_env(AUTHOR, when))
    if done.returncode != 0:
        raise EnvironmentProblem(f"git {args[0]}: {git.last_line(done)}")
    return done.stdout.decode("utf-8", "replace")


def _commit(root: Path, message: str, day: dt.date) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message, when=f"{day.isoformat()}T12:00:00{TZ}")


def _write(root: Path, path: str, text: str) -> None:
    """Plain writes: the folder is new and nobody reads it before we finish (a failure removes
    it), so the fsync of atomic_write per file would only slow down ~1,500 writes."""
    full = root / path
    full.parent.mkdir(parents=True, exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not empty; choose a new folder")
    if not git.installed():
        raise EnvironmentProblem("git is not installed or not on PATH; the sandbox is a git "
                                 "repository")


SIMULATED_NOTE = {
    "en": "SIMULATED practice plan made by 'nhrp sandbox' for training: the recommendations, "
          "actors and vocabularies are copied from the bundled plan, but every assignment, "
          "monitoring entry, axis, activity and measurement is invented.",
    "ar": "خطة تدريبية محاكاة (SIMULATED) أنشأها 'nhrp sandbox': التوصيات والجهات والمفردات "
          "منسوخة من الخطة المرفقة، أما كل تكليف وقيد رصد ومحور ونشاط وقياس فمختلق.",
    "ckb": "پلانێکی ڕاهێنانی گریمانەیی (SIMULATED) کە 'nhrp sandbox' دروستی کردووە: ڕاسپاردە و "
           "لایەن و وشەنامەکان لە پلانی ناو nhrp وەرگیراون، بەڵام هەموو ئەرکپێسپاردن و "
           "تۆمارێکی چاودێری و تەوەر و چالاکی و پێوانەیەک دەستکردن.",
}


def _copy_bundled(target: Path) -> None:
    copy_bundled(target)
    meta = yamlio.load_bytes((layout.bundled_root() / layout.PLAN_FILE).read_bytes())
    meta["simulated"] = True
    notes = meta.get("notes") or ""
    meta["notes"] = ({lang: f"{SIMULATED_NOTE.get(lang, SIMULATED_NOTE['en'])} {text}"
                      for lang, text in notes.items()} if isinstance(notes, dict)
                     else f"{SIMULATED_NOTE['en']} {notes}".rstrip())
    _write(target, layout.PLAN_FILE, canonical("plan", meta))
    _write(target, "README.md",
           "# Practice plan (SIMULATED)\n\nMade by `nhrp sandbox` for training and "
           "demonstrations. The recommendations and actors are copied from nhrp's bundled plan; "
           "**every assignment, monitoring entry, axis, activity and measurement is simulated** "
           "(`simulated: true`) and "
           "describes nothing real. Do not publish reports made from it as facts.\n")
    _write(target, ".gitignore", ".nhrp-cache/\n.nhrp.lock\n")


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _half_years() -> list[tuple[dt.date, dt.date]]:
    out = []
    for year in range(2021, 2026):
        for start, end in ((dt.date(year, 1, 1), dt.date(year, 6, 30)),
                           (dt.date(year, 7, 1), dt.date(year, 12, 31))):
            if end >= dt.date(2021, 9, 1):
                out.append((max(start, dt.date(2021, 9, 1)), end))
    return out


def _theme_lead(rec: dict, actors: dict) -> str:
    return next((THEME_LEADS[t] for t in rec.get("themes", []) if THEME_LEADS.get(t) in actors),
                FALLBACK_LEAD)


def _assign(rng: random.Random, rec: dict, actors: dict) -> list[dict]:
    lead = _theme_lead(rec, actors)
    assigned_on = _day_between(rng, ASSIGNED_FROM, ASSIGNED_FROM + dt.timedelta(days=20))
    due = rng.choice(DUE_DATES)
    out = [{"actor": lead, "role": "lead", "duty_bearer": "federal",
            "assigned_on": assigned_on.isoformat(), "due": due, "simulated": True}]
    if rng.random() < 0.3:
        support = rng.choice(sorted(a for a, d in actors.items()
                                    if d.get("kind") == "federal-government" and a != lead))
        out.append({"actor": support, "role": "support", "duty_bearer": "federal",
                    "assigned_on": assigned_on.isoformat(), "due": due, "simulated": True})
    if rng.random() < 0.35:
        krg = rng.choice([a for a in KRG_LEADS if a in actors])
        out.append({"actor": krg, "role": "lead", "duty_bearer": "krg",
                    "assigned_on": assigned_on.isoformat(), "due": rng.choice(DUE_DATES[2:]),
                    "simulated": True})
    return out


def _entries_for(rng: random.Random, rec_id: str, lead: str, db: str, actors: dict,
                 top: int, today: dt.date) -> list[dict]:
    """A hidden true progress path, reported optimistically by the lead and soberly (and less
    often) by an independent monitor."""
    level = 1  # not-started
    monitors = [m for m in MONITORS.get(db, ()) if m in actors
                and side_of(actors[m]) == "independent"]
    monitor = rng.choice(monitors) if monitors and rng.random() < 0.65 else None
    out = []
    for start, end in _half_years():
        if rng.random() < 0.22:
            level = 2 if level == 0 else min(level + 1, top)
        elif level >= 2 and rng.random() < 0.04:
            level = 0  # regressed: earlier progress reversed
        if rng.random() < 0.55:
            as_of = _day_between(rng, start, end)
            # the lead reports a step more than there is, now and then (and denies a reversal)
            reported = 2 if level == 0 else min(level + (rng.random() < 0.35), top)
            out.append({"by": lead, "as_of": as_of, "level": reported, "side": "self"})
        if monitor and rng.random() < 0.3:
            as_of = _day_between(rng, start, end)
            seen = level - 1 if level >= 3 and rng.random() < 0.25 else level
            out.append({"by": monitor, "as_of": as_of, "level": seen, "side": "independent"})
    return [e for e in out if e["as_of"] <= today]


def create(target: Path, *, seed: int = DEFAULT_SEED, today: dt.date) -> Result:
    """Create the practice plan in ``target`` (a new or empty folder)."""
    target = Path(target)
    if today < dt.date(2021, 9, 1):
        raise UsageError("the sandbox simulates 2021-2025: today must be 2021-09-01 or later")
    _check_target(target)
    existed = target.exists()
    try:
        return _create(target, seed, today)
    except BaseException:
        if existed:
            for child in target.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        else:
            shutil.rmtree(target, ignore_errors=True)
        raise


def _create(target: Path, seed: int, today: dt.date) -> Result:
    rng = random.Random(seed)
    result = Result(target)
    _copy_bundled(target)
    _git(target, "init", "-q", "-b", "main")
    _commit(target, "Practice plan (SIMULATED): copy of the bundled plan", START)
    result.commits += 1

    plan = load(target)
    scale = plan.status_ids
    if len(scale) < 5:  # the simulation walks the bundled five-step scale
        raise EnvironmentProblem("the bundled plan's status scale has changed; the sandbox "
                                 "needs its five steps (regressed ... implemented)")
    top = len(scale) - 1
    rec_ids = sorted(plan.recommendations, key=natural_key)

    # 1. simulated assignments, in one commit
    leads: dict[str, list[tuple[str, str]]] = {}
    for rec_id in rec_ids:
        rec = plan.recommendations[rec_id]
        chance = 0.8 if rec.get("response") == "supported" else 0.25
        if rng.random() >= chance:
            continue
        assignments = _assign(rng, rec, plan.actors)
        rec = {**rec, "assignments": assignments}
        _write(target, plan.recommendation_paths[rec_id], canonical("recommendation", rec))
        result.assignments += len(assignments)
        leads[rec_id] = [(a["actor"], a["duty_bearer"]) for a in assignments
                         if a["role"] == "lead"]
    # 1b. simulated axes and activities (in the same commit), measurements with the entries
    acts = sandbox_plan.activities(seed, plan.recommendations,
                                   lambda rec: _theme_lead(rec, plan.actors))
    meta = {**plan.meta, "axes": sandbox_plan.axes()}
    _write(target, layout.PLAN_FILE, canonical("plan", meta))
    for path, act in acts.items():
        _write(target, path, canonical("activity", act))
    result.activities = len(acts)
    values: dict[tuple[int, int], list[tuple[str, dict]]] = {}
    for as_of, path, data in sandbox_plan.measurements(seed, acts, today):
        values.setdefault((as_of.year, (as_of.month - 1) // 3 + 1), []).append((path, data))
    _commit(target, f"Simulated assignments ({result.assignments}) and activities "
            f"({len(acts)}) for training", ASSIGNED_FROM + dt.timedelta(days=25))
    result.commits += 1

    # 2. simulated monitoring entries, committed quarter by quarter
    by_quarter: dict[tuple[int, int], list[tuple[str, dict]]] = {}
    for rec_id in rec_ids:
        for lead, db in leads.get(rec_id, []):
            for e in _entries_for(rng, rec_id, lead, db, plan.actors, top, today):
                quarter = (e["as_of"].year, (e["as_of"].month - 1) // 3 + 1)
                by_quarter.setdefault(quarter, []).append((rec_id, {**e, "duty_bearer": db}))
    used: set[str] = set()
    for (year, q) in sorted(set(by_quarter) | set(values)):
        for path, data in values.get((year, q), []):
            _write(target, path, canonical("measurement", data))
            result.measurements += 1
        quarter_end = dt.date(year, q * 3, 1) + dt.timedelta(days=31)
        quarter_end = quarter_end.replace(day=1) - dt.timedelta(days=1)
        for rec_id, e in sorted(by_quarter.get((year, q), []), key=lambda item: (item[1]["as_of"],
                                                                          natural_key(item[0]),
                                                                          item[1]["by"])):
            path = _entry_path(rec_id, e["as_of"], e["by"], used)
            data = _entry(rec_id, e, scale, rng)
            _write(target, path, canonical("monitoring-entry", data))
            result.entries += 1
            if e["side"] == "self" and rng.random() < 0.03 and e["level"] >= 2:
                fix_day = min(e["as_of"] + dt.timedelta(days=rng.randint(3, 20)), quarter_end,
                              today)
                fix = {**e, "as_of": fix_day, "level": e["level"] - 1}
                fix_path = _entry_path(rec_id, fix_day, e["by"], used)
                fix_data = _entry(rec_id, fix, scale, rng, correction=True)
                fix_data["supersedes"] = layout.stem(path)
                _write(target, fix_path, canonical("monitoring-entry", fix_data))
                result.entries += 1
        commit_day = min(quarter_end, today)
        _commit(target, f"Simulated monitoring entries and measurements, {year} Q{q} (training "
                "data)", commit_day)
        result.commits += 1
    _check_valid(target, today)
    return result


def _entry_path(rec_id: str, day: dt.date, by: str, used: set[str]) -> str:
    base = f"{layout.entry_folder(rec_id)}/{day.isoformat()}-{by}"
    path, n = f"{base}.yaml", 2
    while path in used:
        path, n = f"{base}-{n}.yaml", n + 1
    used.add(path)
    return path


def _entry(rec_id: str, e: dict, scale: list[str], rng: random.Random, *,
           correction: bool = False) -> dict:
    data = {"recommendation": rec_id, "by": e["by"], "duty_bearer": e["duty_bearer"],
            "as_of": e["as_of"].isoformat(), "status": scale[e["level"]],
            "summary": dict(SUMMARY["correction" if correction else e["side"]])}
    if e["side"] == "independent" and rng.random() < 0.5:
        data["evidence"] = [{"document": f"SIMULATED/{e['as_of'].year}/{rng.randint(1, 999):03d}",
                             "title": EVIDENCE_TITLE}]
    data["simulated"] = True
    return data


def _check_valid(root: Path, today: dt.date) -> None:
    report = validate_tree(root, today=today)
    if not report.ok:  # a bug in this module, never the user's fault
        first = next(p for p in report.problems if p.severity == "error")
        raise InvalidData(f"the simulated plan is invalid ({report.errors} errors; first: "
                          f"{first.path}: {first.code} {first.message})", report.problems)
