#!/usr/bin/env python3
"""Time the history commands on a 1,000-commit repository built from the bundled plan.

    python benchmarks/history.py [--commits 1000] [--repeat 3] [--keep DIR]

Builds, in a temporary folder, a *bare* repository whose first commit is the bundled Iraq plan
(nhrp.yaml + data/) and whose next commits are dated every day or two across the plan period:
assignments, assessments by authorities and by monitors, reassignments, moved deadlines and
corrections that supersede an earlier entry. Everything added is flagged ``simulated: true``
(practice data, never a claim about Iraq). The history is written with one ``git fast-import``
process, so building takes seconds.

Then it times, through the real ``nhrp`` command (so start-up is included): ``log`` of the
most-changed recommendation, ``status --at`` a date in the middle of the history with an empty
cache (cold) and again (warm), ``diff`` between two dates, and the library's monthly
``timeline`` (cold and warm). Prints a Markdown section for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nhrp.core import layout, yamlio  # noqa: E402
from nhrp.core.fmt import canonical  # noqa: E402

STATUSES = ("regressed", "not-started", "in-progress", "partially-implemented", "implemented")
AUTHORITY_KINDS = {"federal-government": "federal", "krg": "krg"}
MONITOR_KINDS = ("ngo", "un", "independent-institution")


class Builder:
    """The plan in memory, changed one dated commit at a time, written as a fast-import stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.files: dict[str, bytes] = {}
        for path in layout.WorkTree(ROOT).paths():
            if layout.kind_of(path) or layout.is_documentation(path):
                self.files[path] = (ROOT / path).read_bytes()
        self.recs = {layout.stem(p): p for p in self.files
                     if layout.kind_of(p) == "recommendation"}
        actors = {layout.stem(p): yamlio.load_bytes(b) for p, b in self.files.items()
                  if layout.kind_of(p) == "actor"}
        self.authorities = sorted((a, AUTHORITY_KINDS[d["kind"]]) for a, d in actors.items()
                                  if d["kind"] in AUTHORITY_KINDS)
        self.monitors = sorted(a for a, d in actors.items() if d["kind"] in MONITOR_KINDS)
        self.entries: dict[str, list[str]] = {}  # rec id -> entry paths
        self.level: dict[tuple[str, str, str], int] = {}  # (rec, duty bearer, by) -> status
        self.stream: list[bytes] = []
        self.mark = 0
        self.changes: dict[str, int] = {}

    # -- records ---------------------------------------------------------------------------
    def rec(self, rec_id: str) -> dict:
        return yamlio.load_bytes(self.files[self.recs[rec_id]])

    def put(self, path: str, kind: str, data: dict) -> None:
        self.files[path] = canonical(kind, data).encode()
        self.pending[path] = self.files[path]

    def assign(self, day: dt.date) -> str:
        rec_id = self.rng.choice(sorted(self.recs))
        actor, bearer = self.rng.choice(self.authorities)
        rec = self.rec(rec_id)
        rec["assignments"] = [a for a in rec.get("assignments", [])
                              if a["duty_bearer"] != bearer]
        due = day + dt.timedelta(days=self.rng.randint(120, 720))
        rec["assignments"].append({"actor": actor, "role": "lead", "duty_bearer": bearer,
                                   "assigned_on": day.isoformat(), "due": due.isoformat(),
                                   "simulated": True})
        self.put(self.recs[rec_id], "recommendation", rec)
        return rec_id

    def assigned(self) -> list[str]:
        return sorted(r for r, p in self.recs.items() if b"assignments:" in self.files[p])

    def reassign(self, day: dt.date) -> str | None:
        candidates = self.assigned()
        if not candidates:
            return None
        rec_id = self.rng.choice(candidates)
        rec = self.rec(rec_id)
        lead = rec["assignments"][0]
        others = [a for a, b in self.authorities if b == lead["duty_bearer"] and a != lead["actor"]]
        if self.rng.random() < 0.5 or not others:  # move the deadline
            lead["due"] = (dt.date.fromisoformat(lead["due"]) +
                           dt.timedelta(days=self.rng.choice((90, 180, 365)))).isoformat()
        else:
            lead.update(actor=self.rng.choice(others), assigned_on=day.isoformat())
        self.put(self.recs[rec_id], "recommendation", rec)
        return rec_id

    def assess(self, day: dt.date, supersede: bool = False) -> str | None:
        candidates = self.assigned()
        if supersede:
            candidates = sorted(self.entries)
        if not candidates:
            return None
        rec_id = self.rng.choice(candidates)
        rec = self.rec(rec_id)
        fix = None
        if supersede:
            fix = yamlio.load_bytes(self.files[self.rng.choice(self.entries[rec_id])])
            by, bearer = fix["by"], fix["duty_bearer"]
        else:
            lead = self.rng.choice(rec["assignments"])
            bearer = lead["duty_bearer"]
            by = lead["actor"] if self.rng.random() < 0.4 else self.rng.choice(self.monitors)
        key = (rec_id, bearer, by)
        step = self.level.get(key, 1) + self.rng.choice((-1, 0, 1, 1))
        self.level[key] = max(0, min(len(STATUSES) - 1, step))
        stem, n = f"{day.isoformat()}-{by}", 2
        folder = f"{layout.MONITORING}/{rec_id}"
        path = f"{folder}/{stem}.yaml"
        while path in self.files:
            path, n = f"{folder}/{stem}-{n}.yaml", n + 1
        entry = {"recommendation": rec_id, "by": by, "duty_bearer": bearer,
                 "as_of": day.isoformat(), "status": STATUSES[self.level[key]],
                 "summary": {"en": "Simulated assessment for the history benchmark."},
                 "simulated": True}
        if fix is not None:
            old = next(p for p in self.entries[rec_id] if yamlio.load_bytes(self.files[p]) == fix)
            entry["supersedes"] = layout.stem(old)
        self.put(path, "monitoring-entry", entry)
        self.entries.setdefault(rec_id, []).append(path)
        return rec_id

    # -- commits ---------------------------------------------------------------------------
    def commit(self, day: dt.date, message: str, email: str) -> None:
        self.mark += 1
        stamp = int(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.timezone.utc)
                    .timestamp()) + self.mark  # strictly increasing
        out = [b"commit refs/heads/main\n", b"mark :%d\n" % self.mark,
               b"author %s <%s> %d +0300\n" % (email.split("@")[0].encode(), email.encode(), stamp),
               b"committer %s <%s> %d +0300\n" % (email.split("@")[0].encode(), email.encode(),
                                                 stamp)]
        msg = message.encode()
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        if self.mark > 1:
            out.append(b"from :%d\n" % (self.mark - 1))
        for path, content in sorted(self.pending.items()):
            out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(content),
                                                               content))
        self.stream.append(b"".join(out))

    def build(self, commits: int, repo: Path) -> dict:
        start, end = dt.date(2021, 5, 6), dt.date(2025, 12, 31)
        self.pending = dict(self.files)
        initial = len(self.files)
        self.commit(start, "Bundled plan", "secretariat@example.org")
        span = (end - start).days
        for k in range(1, commits):
            day = start + dt.timedelta(days=span * k // commits)
            self.pending = {}
            roll = self.rng.random()
            if roll < 0.30:
                rec_id, what = self.assign(day), "assign"
            elif roll < 0.75:
                rec_id, what = self.assess(day), "assess"
            elif roll < 0.88:
                rec_id, what = self.reassign(day), "reassign or move deadline"
            else:
                rec_id, what = self.assess(day, supersede=True), "supersede"
            if rec_id is None:
                rec_id, what = self.assign(day), "assign"
            self.changes[rec_id] = self.changes.get(rec_id, 0) + 1
            self.commit(day, f"{what} {rec_id} (simulated)", "secretariat@example.org")
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(repo)], check=True)
        subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"],
                       input=b"".join(self.stream), check=True)
        return {"commits": commits, "files": initial, "files_end": len(self.files),
                "most_changed": max(sorted(self.changes), key=self.changes.get)}


def timed(argv: list[str], env: dict, repeat: int) -> tuple[float, float]:
    """(first run, median of the rest) in seconds; the first run of a cold case is the cold one."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:] or times)


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    import yaml

    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        load = "load average %.2f %.2f %.2f (1, 5, 15 min) when the run ended" % os.getloadavg()
    except OSError:
        load = "load average unknown"
    return [f"- nproc: {os.cpu_count()}", f"- CPU: {model}", f"- {load}",
            f"- Python {platform.python_version()} ({platform.system()} {platform.machine()}), "
            f"PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__}), {git}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nhrp-history-bench-"))
    repo = args.keep or work / "plan.git"
    try:
        start = time.perf_counter()
        facts = Builder(seed=5).build(args.commits, repo)
        built = time.perf_counter() - start
        nhrp = [sys.executable, "-m", "nhrp", "--repo", str(repo)]
        env = {**os.environ, "NHRP_TODAY": "2026-01-15", "NO_COLOR": "1"}
        env.pop("NHRP_CACHE", None)
        cases = [
            ("log " + facts["most_changed"], ["log", facts["most_changed"], "-f", "json"]),
            ("status --at 2023-09-01", ["status", "--at", "2023-09-01", "-f", "json"]),
            ("diff 2023-01-01 2024-01-01", ["diff", "2023-01-01", "2024-01-01", "-f", "json"]),
        ]
        rows = []
        for label, argv in cases:
            env["NHRP_CACHE_DIR"] = str(work / f"cache-{len(rows)}")
            cold, warm = timed(nhrp + argv, env, args.repeat + 1)
            env["NHRP_CACHE"] = "off"
            off, _ = timed(nhrp + argv, env, 1)
            del env["NHRP_CACHE"]
            rows.append((f"`nhrp {label}`", cold, warm, off))
        start_up, _ = timed([sys.executable, "-m", "nhrp", "--version"], env, 1)

        from nhrp.core import timeline

        os.environ["NHRP_CACHE_DIR"] = str(work / "cache-timeline")
        lib = []
        for _ in range(args.repeat + 1):
            t0 = time.perf_counter()
            result = timeline.timeline(repo, period="month", today=dt.date(2026, 1, 15))
            lib.append(time.perf_counter() - t0)
        rows.append((f"`timeline(period=\"month\")` ({len(result['periods'])} months, library)",
                     lib[0], statistics.median(lib[1:]), None))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("## History\n")
    print(f"`python benchmarks/history.py --commits {args.commits} --repeat {args.repeat}`: a bare "
          f"repository of {facts['commits']:,} dated commits over the bundled Iraq plan "
          f"({facts['files']} files at the start, {facts['files_end']} at the end; assignments, assessments, reassignments, moved "
          f"deadlines and superseding corrections, all `simulated: true`), built with one "
          f"`git fast-import` in {built:.1f} s. Wall-clock seconds through the `nhrp` command, "
          f"start-up included (`nhrp --version`: {start_up:.2f} s). Cold: empty record cache; "
          "warm: median of the next runs; off: `NHRP_CACHE=off`.\n")
    print("| operation | cold | warm | cache off |")
    print("|---|---:|---:|---:|")
    for label, cold, warm, off in rows:
        print(f"| {label} | {cold:.2f} | {warm:.2f} | {'' if off is None else f'{off:.2f}'} |")
    print("\nMachine:\n")
    print("\n".join(machine()))


if __name__ == "__main__":
    main()
