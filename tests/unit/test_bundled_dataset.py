"""The bundled plan is what the converter makes from the research tables, byte for byte."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not (SHARED / "iraq-upr2-recommendations.csv").exists(),
                    reason="../shared/data is not beside this checkout")
def test_converter_reproduces_the_bundled_plan(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_iraq_dataset.py"), str(SHARED),
                    "--out", str(tmp_path)], check=True)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml"))
    bundled = sorted(p.relative_to(ROOT) for p in [ROOT / "nhrp.yaml",
                                                   *(ROOT / "data").rglob("*.yaml")])
    assert made == bundled
    different = [str(p) for p in made if (tmp_path / p).read_bytes() != (ROOT / p).read_bytes()]
    assert different == []


def test_every_recommendation_has_summaries_in_three_languages():
    from nhrp.core import yamlio

    files = sorted((ROOT / "data" / "recommendations").glob("*.yaml"))
    assert len(files) == 229
    for path in files:
        summary = yamlio.loads(path.read_text(encoding="utf-8"))["summary"]
        assert sorted(summary) == ["ar", "ckb", "en"], path.name
