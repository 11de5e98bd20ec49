"""One natural order for recommendation ids everywhere: upr2-127.2 before upr2-127.10."""

from __future__ import annotations

import json

from conftest import git, init_git
from nhrp.core.names import natural_key


def test_the_shared_key():
    ids = ["upr2-127.118", "upr2-127.2", "upr2-127.107", "upr2-127.10", "upr10-1.1", "upr2-127.1"]
    assert sorted(ids, key=natural_key) == ["upr2-127.1", "upr2-127.2", "upr2-127.10",
                                             "upr2-127.107", "upr2-127.118", "upr10-1.1"]


def test_overdue_lists_assign_output_and_commit_message_follow_it(plan_dir, cli):
    recs = plan_dir / "data/recommendations"
    for n in ("2", "107"):
        text = (recs / "upr2-127.1.yaml").read_text(encoding="utf-8")
        (recs / f"upr2-127.{n}.yaml").write_text(
            text.replace("upr2-127.1", f"upr2-127.{n}").replace("'127.1'", f"'127.{n}'"),
            encoding="utf-8")
    init_git(plan_dir)
    result = cli("assign", "upr2-127.107", "upr2-127.10", "upr2-127.2", "--to", "watch",
                 "--role", "support", "--duty-bearer", "federal", "--due", "2025-01-01",
                 "--assigned-on", "2024-01-01",
                 "--commit", repo=plan_dir)
    assert result.exit_code == 0, result.output
    message = git(plan_dir, "log", "-1", "--format=%B")
    assert message.index("upr2-127.2\n") < message.index("upr2-127.10\n") \
        < message.index("upr2-127.107\n")
    status = json.loads(cli("status", "--format", "json", repo=plan_dir).stdout)
    assert [i["id"] for i in status["overdue"]["watch"]] == ["upr2-127.2", "upr2-127.10",
                                                             "upr2-127.107"]
    md = cli("report", "--format", "md", "--lang", "en", repo=plan_dir).stdout
    import re

    watch = md[md.index("### Test Watch"):]
    found = re.findall(r"upr2-127\.[0-9]+\b", watch[:watch.index("\n## ")])
    assert found == ["upr2-127.2", "upr2-127.10", "upr2-127.107"]
    assert result.stdout.splitlines()[:3] == [
        f"updated data/recommendations/upr2-127.{n}.yaml" for n in ("2", "10", "107")]
