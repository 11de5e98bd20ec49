"""A named pipe left in a plan (by mistake or on purpose) is a file nhrp cannot read, reported
as such by every command that reads the plan — never a command that waits forever for a writer."""

from __future__ import annotations

import os

import pytest
from conftest import never_hangs

PIPE = "data/recommendations/upr2-998.1.yaml"


@pytest.mark.parametrize("args", [("show", "upr2-127.1"), ("export", "--format", "json"),
                                  ("report", "--format", "md"), ("validate",)])
def test_a_pipe_is_reported_not_waited_on(cli, plan_dir, args):
    os.mkfifo(plan_dir / PIPE)
    with never_hangs(60):
        done = cli(*args, repo=plan_dir)
    assert done.exit_code == 1, done.output
    report = cli("validate", repo=plan_dir).output
    assert f"{PIPE}:1:1: Y101 cannot read the file: not a regular file" in report, report
