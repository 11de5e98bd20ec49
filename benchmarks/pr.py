#!/usr/bin/env python3
"""Time what CI runs on a pull request, in a fresh clone: one changed recommendation and one new
monitoring entry.

    python benchmarks/pr.py [--n 10000] [--repeat 3] [--dir DIR] [--write-readme] [--clean]
                              [--nhrp CMD] [--pr-only]

A plan from benchmarks/generate.py (a secretariat address added to the maintainer's actor) is
committed as ``main`` (kept for the next run unless ``--clean``) and cloned with
``git clone --no-local``; in the clone a branch changes the response of one recommendation and
adds a monitoring entry to another. Each command is a separate process in the clone, with the
nhrp cache removed before every run (a CI job starts from a fresh clone), timed as
benchmarks/run.py does: wall time (best of ``--repeat``), peak memory, and the CPU seconds of
that run (with git's, which vary less on a shared machine). The commands run in rounds, each
once per round, so that a slow spell of a shared machine falls on all of them alike rather
than on the ``--repeat`` runs of one (until 2026-11-30 each command ran its runs in a row).
nhrp's own modules are byte-compiled first, as ``pip install`` does when CI installs nhrp: an
editable install run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module again
in every run, which no installed copy does. The commands are those of docs/ci/nhrp-pip.yml:
``validate --changed-since``, ``check-scope`` and ``diff --format markdown``, against a cold
full ``validate``. Targets: the three together ≤ 0.25 × the cold full validate; from 100,000
recommendations also ≤ 3 s and each < 300 MiB. ``--write-readme`` puts the table into its own
section of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import commit_history, generate  # noqa: E402
from run import NHRP, byte_compile, machine, measure  # noqa: E402

from nhrp.core import yamlio  # noqa: E402
from nhrp.core.fmt import canonical  # noqa: E402

AUTHOR = "secretariat@example.org"
SECTION = "## Pull request: the cost follows the change"
ENV = {"NHRP_TODAY": "2026-01-15", "GIT_AUTHOR_NAME": "Secretariat", "GIT_AUTHOR_EMAIL": AUTHOR,
       "GIT_COMMITTER_NAME": "Secretariat", "GIT_COMMITTER_EMAIL": AUTHOR}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          env={**os.environ, **ENV}, text=True).stdout


def origin_plan(n: int, origin: Path) -> None:
    """The plan committed as main, generated once per size (a marker file says which)."""
    marker = origin / ".git" / "nhrp-bench-pr"
    if marker.exists() and marker.read_text() == str(n):
        return
    shutil.rmtree(origin, ignore_errors=True)
    files = generate(n, origin)
    actor = origin / "data/actors/moj-hrd.yaml"  # the plan's maintainer in the bundled actors
    actor.write_text(actor.read_text(encoding="utf-8") + f"contributors:\n- {AUTHOR}\n",
                     encoding="utf-8")
    print(f"committing {len(files)} files ...", flush=True)
    commit_history(origin, files, 1)
    marker.write_text(str(n))


def pull_request(origin: Path, clone: Path) -> None:
    """A fresh clone of main, on a branch that changes one recommendation's response and adds
    a monitoring entry to another recommendation."""
    shutil.rmtree(clone, ignore_errors=True)
    git(origin.parent, "clone", "-q", "--no-local", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "change")
    recs = sorted((clone / "data/recommendations").rglob("*.yaml"))
    changed, assessed = recs[len(recs) // 2], recs[len(recs) // 3]
    rec = yamlio.loads(changed.read_text(encoding="utf-8"))
    rec["response"] = "noted" if rec["response"] == "supported" else "supported"
    changed.write_text(canonical("recommendation", rec), encoding="utf-8")
    target = yamlio.loads(assessed.read_text(encoding="utf-8"))
    entry = {"recommendation": target["id"], "by": "moj-hrd",
             "duty_bearer": target["assignments"][0]["duty_bearer"], "as_of": "2025-12-01",
             "status": "in-progress",
             "summary": {"en": "Simulated assessment added by the benchmark's pull request."},
             "simulated": True}
    path = clone / "data/monitoring" / target["id"] / "2025-12-01-moj-hrd.yaml"
    path.write_text(canonical("monitoring-entry", entry), encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "one recommendation's response, one new assessment")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--clean", action="store_true", help="remove the generated plan at the end")
    parser.add_argument("--nhrp", default=NHRP, help="the nhrp command to time (another install)")
    parser.add_argument("--pr-only", action="store_true",
                        help="time the three pull-request commands only, not the full validate "
                             "(to see how their cost grows with the plan; no ratio)")
    args = parser.parse_args()
    if args.pr_only and args.write_readme:
        parser.error("--write-readme needs the full validate: leave out --pr-only")

    folder = args.dir / f"nhrp-bench-pr-{args.n}"
    origin_plan(args.n, folder / "origin")
    clone = folder / "clone"
    pull_request(folder / "origin", clone)
    cache = clone / ".git" / "nhrp-cache"
    commands = {
        "nhrp validate --changed-since origin/main": [
            "validate", "--format", "github", "--changed-since", "origin/main"],
        "nhrp check-scope": ["check-scope", "--format", "github", "--base", "origin/main",
                             "--head", "HEAD", "--author", AUTHOR],
        "nhrp diff origin/main HEAD --format markdown": [
            "diff", "origin/main", "HEAD", "--format", "markdown"],
        "nhrp validate (cold, whole plan)": ["validate"],
    }
    if args.pr_only:
        del commands["nhrp validate (cold, whole plan)"]
    times: dict[str, float] = {}
    peaks: dict[str, int] = {}
    cpus: dict[str, float] = {}
    if args.nhrp == NHRP:  # as pip install does (see the docstring)
        byte_compile()
    print(f"{args.n} recommendations; {machine()}")

    def fresh() -> None:  # a CI job starts without a cache
        shutil.rmtree(cache, ignore_errors=True)

    for _ in range(args.repeat):  # rounds of all four, so that a slow spell falls on all
        for name, argv in commands.items():
            found = measure([args.nhrp, "-C", str(clone), *argv], env=ENV, before=fresh)
            if found[0] < times.get(name, float("inf")):
                times[name], peaks[name], cpus[name] = found
    for name in commands:
        print(f"  {name:<48} {times[name]:7.2f} s  {peaks[name]:6d} MiB  {cpus[name]:5.2f} s CPU",
              flush=True)

    pr = list(commands)[:3]
    total, full = sum(times[k] for k in pr), times.get("nhrp validate (cold, whole plan)")
    ours = times[pr[1]] + times[pr[2]]
    print(f"  {'the three together':<48} {total:7.2f} s  {max(peaks[k] for k in pr):6d} MiB  "
          f"{sum(cpus[k] for k in pr):5.2f} s CPU")
    rows = [] if full is None else [
        ("the three together ≤ 0.25 × cold full validate", f"{total / full:.2f}",
         total <= 0.25 * full),
        ("check-scope and diff together ≤ 0.25 × cold full validate", f"{ours / full:.2f}",
         ours <= 0.25 * full)]
    if args.n >= 100_000:
        peak = max(peaks[k] for k in pr)
        rows += [("the three together ≤ 3 s", f"{total:.2f} s", total <= 3.0),
                 ("each of the three < 300 MiB", f"{peak} MiB", peak < 300)]
    print()
    for label, text, ok in rows:
        print(f"{label:<58} {text:>10}  {'PASS' if ok else 'FAIL'}")
    if args.write_readme:
        write_readme(args.n, times, peaks, cpus, rows)
    shutil.rmtree(clone, ignore_errors=True)
    if args.clean:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(ok for *_, ok in rows) else 1


def write_readme(n: int, times: dict, peaks: dict, cpus: dict, rows: list) -> None:
    """One marked block per plan size in this script's own section of benchmarks/README.md."""
    start, end = f"<!-- pr-{n}:start (written by benchmarks/pr.py --write-readme) -->", \
        f"<!-- pr-{n}:end -->"
    lines = [start, f"Measured {time.strftime('%Y-%m-%d')} at {n:,} recommendations on "
             f"{machine()}; nhrp byte-compiled, as pip install does.", "",
             "| command (fresh clone, no cache) | seconds | peak MiB | CPU seconds |",
             "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v:.2f} | {peaks[k]} | {cpus[k]:.2f} |" for k, v in times.items()]
    lines += ["", "| target | measured | result |", "|---|---:|---|"]
    lines += [f"| {label} | {text} | {'PASS' if ok else 'FAIL'} |" for label, text, ok in rows]
    lines.append(end)
    block = "\n".join(lines)
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    if start in text:
        text = text[:text.index(start)] + block + text[text.index(end) + len(end):]
    elif SECTION in text:
        at = text.index(SECTION)
        last = text.rfind(":end -->", at)
        at = last + len(":end -->") if last != -1 else text.index("\n\n", at)
        text = text[:at] + "\n\n" + block + text[at:]
    else:
        text = (text.rstrip() + f"\n\n{SECTION}\n\n"
                "`python benchmarks/pr.py --write-readme [--n N]`: what CI runs on a pull request "
                "that changes one recommendation and adds one monitoring entry, in a fresh clone "
                "without a cache (see the script's docstring).\n\n" + block + "\n")
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
