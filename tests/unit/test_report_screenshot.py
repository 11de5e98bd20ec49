"""The Arabic and English reports of a sandbox plan in headless Chromium (scripts/screenshot.py).
Skipped where Chromium is not installed (CI images often lack it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)")
def test_screenshots_of_the_reports(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), "--out-dir",
                           str(tmp_path), "--chromium", str(CHROMIUM)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    for lang in ("ar", "en"):
        png = tmp_path / f"report-{lang}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (1200, 1600)
        assert len(data) > 50_000  # a blank or error page compresses to a few kilobytes
