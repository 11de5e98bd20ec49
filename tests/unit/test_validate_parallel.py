"""Checking on several processes gives exactly the result of checking in one."""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import FIXTURES, ROOT
from nhrp.core.store import files
from nhrp.core.validate import validate_tree


def test_parallel_check_equals_serial_check(tmp_path, monkeypatch):
    plan = tmp_path / "plan"  # the bundled plan (~270 files) and some broken ones
    shutil.copytree(ROOT / "data", plan / "data")
    shutil.copy(ROOT / "nhrp.yaml", plan / "nhrp.yaml")
    cases = {"upr2-127.1": "Y103-duplicate-key", "upr2-127.2": "S203-wrong-type",
             "upr2-127.3": "R303-unknown-actor"}
    for rec_id, case in cases.items():
        text = (FIXTURES / "invalid" / case / "files" / "data" / "recommendations" /
                "upr2-127.1.yaml").read_text(encoding="utf-8")
        (plan / "data" / "recommendations" / f"{rec_id}.yaml").write_text(
            text.replace("upr2-127.1", rec_id), encoding="utf-8")
    monkeypatch.setattr(files, "PARALLEL_FROM", 1)
    today = dt.date(2026, 1, 15)
    serial = validate_tree(plan, today=today, use_cache=False, jobs=1)
    parallel = validate_tree(plan, today=today, use_cache=False, jobs=2)
    assert {p.code for p in serial.problems} >= {"Y103", "S203", "R303"}
    assert parallel.as_dict() == serial.as_dict()
