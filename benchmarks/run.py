#!/usr/bin/env python3
"""Time nhrp against a bare parse and check-jsonschema on the same synthetic plan, side by side.

    python benchmarks/run.py [--n 10000] [--commits 1000] [--scale 100000] [--repeat 3]
                             [--no-check-jsonschema] [--no-ajv] [--write-readme]

Every measurement is a separate process (interpreter start included), wall time, best of
``--repeat`` runs, with the peak memory of that process. ``--scale`` also times status and list
on a plan of that size (warm, and first run after a one-file change) for the growth and memory targets;
``--scale 0`` skips it. ajv-cli (Node) is installed with the machine's npm into
``benchmarks/.node/`` (git-ignored) the first time it is needed; without npm its target reads
"not measured", never PASS. Targets and their ratios are printed with PASS/FAIL; ``--write-readme``
also puts the table into benchmarks/README.md. Plans are generated once into ``--dir``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_DIR = HERE / ".node"  # ajv-cli, installed by npm at benchmark time only
AJV_PACKAGES = ("ajv-cli@5", "ajv-formats@3")
# the record kinds a plan has many of, and where their files are: both peers check these
SCHEMA_GROUPS = {"recommendation": "data/recommendations", "monitoring-entry": "data/monitoring",
                 "actor": "data/actors"}
VENV_BIN = Path(sys.executable).parent
NHRP = str(VENV_BIN / "nhrp")

READ = """
import os, sys
total = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith('.yaml'):
            with open(os.path.join(folder, name), 'rb') as f:
                total += len(f.read())
"""
PARSE = """
import os, sys, yaml
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith('.yaml'):
            with open(os.path.join(folder, name), 'rb') as f:
                yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""


def measure(argv: list[str], env: dict | None = None, cwd: Path | None = None,
            repeat: int = 1, before=None) -> tuple[float, int, float]:
    """(best wall seconds, peak RSS in MiB and CPU seconds of that run — user and system,
    with the children it waited for: on a shared machine they vary less than the wall time);
    ``before`` runs before each try."""
    best, peak, cpu = float("inf"), 0, 0.0
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, **(env or {})}, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(argv)}: {proc.stderr.read().decode()[-500:]}")
        if elapsed < best:
            best, peak = elapsed, usage.ru_maxrss // 1024
            cpu = usage.ru_utime + usage.ru_stime
    return best, peak, cpu


def byte_compile() -> None:
    """Compile nhrp's modules once, as ``pip install`` does when a user or CI installs nhrp:
    an editable install run with PYTHONDONTWRITEBYTECODE set (as on this machine) would
    otherwise compile every module again in every measured run."""
    import nhrp

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(nhrp.__file__).parent)],
                   check=True)


def ensure_plan(n: int, commits: int, folder: Path) -> None:
    marker = folder / ".nhrp-bench"
    if marker.exists() and marker.read_text() == f"{n} {commits}":
        return
    if folder.exists():
        shutil.rmtree(folder)
    args = [sys.executable, str(HERE / "generate.py"), str(n), str(folder)]
    if commits:
        args += ["--commits", str(commits)]
    print(f"generating {n} recommendations{' with %d commits' % commits if commits else ''} "
          f"in {folder} ...", flush=True)
    subprocess.run(args, check=True)
    marker.write_text(f"{n} {commits}")


def one_file_change(folder: Path):
    """(edit, undo) of one recommendation file: each ``edit()`` writes a new English summary, so
    the run after it is the first after a change a person made (the stored whole-run result no
    longer holds, the file must be read again); ``undo()`` puts the file back."""
    path = next((folder / "data" / "recommendations").rglob("*.yaml"))
    original = path.read_bytes()
    count = iter(range(1, 1_000_000))

    def edit() -> None:
        mark = f"\n  en: (edit {next(count)}) ".encode()
        path.write_bytes(original.replace(b"\n  en: ", mark, 1))

    return edit, lambda: path.write_bytes(original)


def first_after_change(timed, folder: Path, runs: dict, suffix: str, repeat: int) -> None:
    """Time each of ``runs`` on its first run after a one-file change (best of ``repeat``)."""
    edit, undo = one_file_change(folder)
    try:
        for command, argv in runs.items():
            timed(f"nhrp {command} (first after a change{suffix})",
                  [NHRP, "-C", str(folder), *argv], repeat=repeat, before=edit)
    finally:
        undo()


def drop_cache(folder: Path) -> None:
    shutil.rmtree(folder / ".git" / "nhrp-cache", ignore_errors=True)


def check_jsonschema(folder: Path, repeat: int) -> float | None:
    tool = shutil.which("check-jsonschema", path=str(VENV_BIN)) or shutil.which("check-jsonschema")
    if not tool:
        return None
    total = 0.0
    for kind, sub in SCHEMA_GROUPS.items():
        files = sorted(str(p) for p in (folder / sub).rglob("*.yaml"))
        for i in range(0, len(files), 4000):  # stay under the argument-list limit
            seconds, _, _ = measure([tool, "--schemafile", str(ROOT / "schemas" / f"{kind}.schema.json"),
                                  *files[i:i + 4000]], repeat=repeat)
            total += seconds
    return total


def ensure_ajv() -> str | None:
    """The ajv-cli program under ``benchmarks/.node``, installed by npm when missing; None
    (with the reason printed) when npm is not there or the install fails."""
    ajv = NODE_DIR / "node_modules" / ".bin" / "ajv"
    if ajv.exists():
        return str(ajv)
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        print("  ajv-cli: npm/node not found on PATH, not measured", flush=True)
        return None
    print(f"  installing {' '.join(AJV_PACKAGES)} into {NODE_DIR} ...", flush=True)
    NODE_DIR.mkdir(exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
                           "--no-save", *AJV_PACKAGES], capture_output=True, text=True)
    if done.returncode != 0 or not ajv.exists():
        print(f"  ajv-cli: npm install failed, not measured: {done.stderr.strip()[-300:]}",
              flush=True)
        return None
    return str(ajv)


def ajv_cli(folder: Path, repeat: int) -> tuple[float, float] | None:
    """ajv-cli (draft 2020-12, with ajv-formats) over the same files with the same schemas:
    one process per schema, each given every file of its kind (ajv expands the pattern itself),
    the best of ``repeat`` runs of each, summed: the recommendations and the monitoring entries,
    99.9% of the files, as issue 15 measured it (a third process for the 23 actors would add
    Node's start-up to ajv's time). Every file must pass, as in nhrp's run. Returns the
    seconds and the CPU seconds."""
    ajv = ensure_ajv()
    if ajv is None:
        return None
    total = cpu = 0.0
    for kind, sub in list(SCHEMA_GROUPS.items())[:2]:
        argv = [ajv, "validate", "--spec=draft2020", "-c", "ajv-formats", "--errors=line",
                "-s", str(ROOT / "schemas" / f"{kind}.schema.json"), "-d", f"{sub}/**/*.yaml"]
        check = subprocess.run(argv, cwd=folder, capture_output=True, text=True)
        if check.returncode != 0:
            raise SystemExit(f"ajv-cli rejects {kind} files: {check.stderr.strip()[-500:]}")
        seconds, _, used = measure(argv, cwd=folder, repeat=repeat)
        print(f"  {'ajv-cli ' + kind:<34} {seconds:7.2f} s", flush=True)
        total += seconds
        cpu += used
    return total, cpu


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    try:
        import yaml_rs  # noqa: F401 - the optional compiled parser (extra 'fast')
        fast = "yaml-rs yes"
    except ImportError:
        fast = "yaml-rs no"
    return (f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
            f"PyYAML {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'}); "
            f"{fast}; {platform.system()} {platform.release()}")


def load() -> str:
    """The load average when the run ended: the machine may be shared."""
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=100_000,
                        help="also time status/list at this size (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    parser.add_argument("--no-check-jsonschema", action="store_true")
    parser.add_argument("--no-ajv", action="store_true", help="do not time ajv-cli (Node)")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()

    env = {"NHRP_TODAY": "2026-01-15"}
    byte_compile()
    plan = args.dir / f"nhrp-bench-{args.n}"
    ensure_plan(args.n, args.commits, plan)
    files = sum(1 for _ in plan.rglob("*.yaml"))
    r = args.repeat
    rows: list[tuple[str, str, float, bool | None]] = []  # ok None: not measured
    times: dict[str, float] = {}
    peaks: dict[str, int] = {}
    cpus: dict[str, float] = {}

    def timed(name: str, argv: list[str], **kw) -> float:
        seconds, peak, cpu = measure(argv, env=env, **kw)
        times[name], peaks[name], cpus[name] = seconds, peak, cpu
        print(f"  {name:<48} {seconds:7.2f} s  {peak:6d} MiB", flush=True)
        return seconds

    print(f"{files} files; {machine()}")
    timed("read the bytes", [sys.executable, "-c", READ, str(plan)], repeat=r)
    timed("parse, C loader, one process", [sys.executable, "-c", PARSE, str(plan)], repeat=r)
    timed("nhrp validate (cold)", [NHRP, "-C", str(plan), "validate"], repeat=r,
          before=lambda: drop_cache(plan))
    timed("nhrp validate (warm)", [NHRP, "-C", str(plan), "validate"], repeat=r)
    runs = {"status": ["status", "--format", "json"],
            "list --search": ["list", "--search", "torture", "--format", "json"]}
    for command, argv in runs.items():
        timed(f"nhrp {command} (warm)", [NHRP, "-C", str(plan), *argv], repeat=r)
    if args.commits:
        timed("nhrp status --at HEAD~10 (warm)", [NHRP, "-C", str(plan), "status", "--at",
                                                  "HEAD~10", "--format", "json"], repeat=r + 1)
        timed("nhrp log (warm)", [NHRP, "-C", str(plan), "log", "upr2-100.1", "--format", "json"],
              repeat=r + 1)
    first_after_change(timed, plan, runs, "", r)
    timed("python -c 'import typer'", [sys.executable, "-c", "import typer"], repeat=r + 2)
    timed("nhrp --help", [NHRP, "--help"], repeat=r + 2)
    cj = None if args.no_check_jsonschema else check_jsonschema(plan, 1)
    if cj is not None:
        times["check-jsonschema"] = cj
        print(f"  {'check-jsonschema (same files)':<34} {cj:7.2f} s", flush=True)
    ajv = None if args.no_ajv else ajv_cli(plan, r)
    if ajv is not None:
        ajv, cpus["ajv-cli (draft 2020-12, ajv-formats)"] = ajv
        times["ajv-cli (draft 2020-12, ajv-formats)"] = ajv
        print(f"  {'ajv-cli (same files)':<34} {ajv:7.2f} s", flush=True)

    def target(label: str, ratio: float, limit: float, text: str) -> None:
        rows.append((label, text.format(ratio=ratio), ratio, ratio <= limit))

    target("cold validate ≤ 1.0 × single-process C-loader parse",
           times["nhrp validate (cold)"] / times["parse, C loader, one process"], 1.0, "{ratio:.2f}")
    target("warm validate ≤ 2 × reading the bytes",
           times["nhrp validate (warm)"] / times["read the bytes"], 2.0, "{ratio:.2f}")
    if cj is not None:
        target("validate ≥ 10 × faster than check-jsonschema",
               times["nhrp validate (cold)"] / cj, 0.1, "1/{ratio:.3f}")
    if ajv is not None:
        target("cold validate ≤ ajv-cli", times["nhrp validate (cold)"] / ajv, 1.0, "{ratio:.2f}")
    else:
        rows.append(("cold validate ≤ ajv-cli", "—", 0.0, None))
    target("status warm < 0.5 s", times["nhrp status (warm)"] / 0.5, 1.0, "{ratio:.2f} of 0.5 s")
    target("list --search warm < 0.5 s", times["nhrp list --search (warm)"] / 0.5, 1.0,
           "{ratio:.2f} of 0.5 s")
    for command in runs:
        target(f"first {command} after a one-file change ≤ 3 × warm",
               times[f"nhrp {command} (first after a change)"] / times[f"nhrp {command} (warm)"],
               3.0, "{ratio:.2f}")
    target("--help ≤ 2 × import typer", times["nhrp --help"] / times["python -c 'import typer'"],
           2.0, "{ratio:.2f}")
    if args.commits:
        target("status --at warm ≤ 2 × status",
               times["nhrp status --at HEAD~10 (warm)"] / times["nhrp status (warm)"], 2.0,
               "{ratio:.2f}")
        target(f"log warm at {args.n} recommendations, {args.commits} commits ≤ 0.5 s",
               times["nhrp log (warm)"] / 0.5, 1.0, "{ratio:.2f} of 0.5 s")
    if args.scale:
        big = args.dir / f"nhrp-bench-{args.scale}"
        ensure_plan(args.scale, 1, big)  # committed, as a plan in git is
        subprocess.run([NHRP, "-C", str(big), "validate"], env={**os.environ, **env},
                       stdout=subprocess.DEVNULL, check=False)
        for command, argv in runs.items():
            timed(f"nhrp {command} (warm, {args.scale})", [NHRP, "-C", str(big), *argv], repeat=r)
        first_after_change(timed, big, runs, f", {args.scale}", 1)
        for command in runs:
            growth = (times[f"nhrp {command} (warm, {args.scale})"] /
                      times[f"nhrp {command} (warm)"]) / (args.scale / args.n)
            target(f"{command} grows no faster than linearly to {args.scale}", growth, 1.0,
                   "{ratio:.2f} of linear")
        for command in runs:
            target(f"first {command} after a one-file change ≤ 3 × warm, at {args.scale}",
                   times[f"nhrp {command} (first after a change, {args.scale})"] /
                   times[f"nhrp {command} (warm, {args.scale})"], 3.0, "{ratio:.2f}")
        peak = max(peaks[f"nhrp {command} ({when}, {args.scale})"]
                   for command in runs for when in ("warm", "first after a change"))
        target(f"peak memory at {args.scale} < 1 GiB (status, list: warm and first after a "
               "change)", peak / 1024, 1.0, f"{peak} MiB")

    print()
    print(f"{'target':<58} {'measured':>16}  result")
    for label, text, _, ok in rows:
        print(f"{label:<58} {text:>16}  {verdict(ok)}")
    if args.write_readme:
        write_readme(files, times, peaks, cpus, rows)
    return 0 if all(ok is not False for *_, ok in rows) else 1


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "PASS" if ok else "FAIL"


def write_readme(files: int, times: dict, peaks: dict, cpus: dict, rows: list) -> None:
    lines = ["<!-- results:start (written by benchmarks/run.py --write-readme) -->",
             f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; nhrp byte-compiled, as pip "
             f"install does; {files} files; "
             f"{load()} (1, 5, 15 min) at the end.", "",
             "| measurement | seconds | CPU seconds | peak MiB |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {v:.2f} | {f'{cpus[k]:.2f}' if k in cpus else ''} | {peaks.get(k, '')} |"
              for k, v in times.items()]
    lines += ["", "| target | measured | result |", "|---|---:|---|"]
    lines += [f"| {label} | {text} | {verdict(ok)} |" for label, text, _, ok in rows]
    lines.append("<!-- results:end -->")
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    start, end = "<!-- results:start", "<!-- results:end -->"
    if start in text:
        before = text[:text.index(start)]
        after = text[text.index(end) + len(end):]
        text = before + "\n".join(lines) + after
    else:
        text = text.rstrip() + "\n\n## Results\n\n" + "\n".join(lines) + "\n"
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
