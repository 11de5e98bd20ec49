#!/usr/bin/env python3
"""Screenshots of the Arabic and English HTML reports of a sandbox plan, in headless Chromium.

    python scripts/screenshot.py                 # writes docs/img/report-ar.png, report-en.png
    python scripts/screenshot.py --out-dir /tmp  # somewhere else

Needs the Debian package ``chromium`` and Arabic fonts (``fonts-noto-core``):
    apt-get install -y chromium fonts-noto-core

The sandbox is made in a temporary folder with a fixed seed, and "today" is fixed
($NHRP_TODAY, default 2026-01-15), so the pictures change only when the report does. Chromium runs
offline: no network, no first-run, no profile but a temporary one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW = "1200,1600"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def find_chromium(given: str | None) -> str:
    for name in ([given] if given else ["chromium", "chromium-browser", "google-chrome"]):
        path = shutil.which(name) if name else None
        if path:
            return path
    sys.exit("screenshot: Chromium not found; install it with 'apt-get install -y chromium'")


def nhrp(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "nhrp", *args], check=True, env=env, cwd=ROOT)


def screenshot(chromium: str, page: Path, png: Path, profile: Path) -> None:
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
           f"--window-size={WINDOW}", page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not png.is_file():
        sys.exit(f"screenshot: Chromium failed ({done.returncode}): {done.stderr[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", help="the Chromium executable (default: found on PATH)")
    parser.add_argument("--langs", default="ar,en", help="comma-separated languages (ar,en)")
    args = parser.parse_args(argv)
    chromium = find_chromium(args.chromium)
    env = {**os.environ, "NHRP_TODAY": os.environ.get("NHRP_TODAY", "2026-01-15"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("NHRP_REPO", None)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nhrp-screenshot-") as tmp:
        tmp_path = Path(tmp)
        plan = tmp_path / "practice"
        nhrp("sandbox", str(plan), env=env)
        for lang in args.langs.split(","):
            page = tmp_path / f"report-{lang}.html"
            nhrp("--repo", str(plan), "report", "--lang", lang, "--out", str(page), env=env)
            png = args.out_dir / f"report-{lang}.png"
            screenshot(chromium, page, png, tmp_path / "profile")
            print(f"wrote {png} ({png.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
