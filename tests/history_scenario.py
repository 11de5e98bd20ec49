"""A plan repository with a known, dated history, shared by the history tests.

Built from tests/fixtures/valid/minimal by direct file writes and dated commits (author and
committer dates set), so every expectation in the tests can be computed by hand from this list:

    tag  commit date  author e-mail              change
    v0   2022-01-01   secretariat@example.org    initial plan (fixture: 127.1 assigned to
                                                 ministry lead, due 2024-12-31; 127.1 entry
                                                 2023-06-01-watch not-started; 127.10 noted)
    v1   2023-03-01   secretariat@example.org    assign 127.10: ministry lead federal, due 2023-12-31
         2023-07-01   watch@example.org          assess 127.10: 2023-06-20-watch in-progress
         2023-09-15   secretariat@example.org    127.10: due moved to 2024-06-30; response noted -> supported
    v2   2023-11-01   secretariat@example.org    reassign 127.10: ministry out, secretariat lead, due 2024-06-30
         2024-02-01   clerk@ministry.example     assess 127.10: 2024-01-31-ministry implemented (self)
    v3   2024-03-10   watch@example.org          assess 127.10: 2024-03-01-watch implemented, supersedes 2023-06-20-watch
    v4   2024-05-01   secretariat@example.org    delete recommendation 127.1 and its entries
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import copy_plan, git

from nhrp.core import yamlio
from nhrp.core.fmt import canonical

REC = "data/recommendations/upr2-127.10.yaml"
ENTRIES = "data/monitoring/upr2-127.10"


def commit(repo: Path, message: str, when: str, email: str = "secretariat@example.org",
           tag: str | None = None) -> None:
    stamp = f"{when}T12:00:00+03:00"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, env={
        "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_NAME": email.split("@")[0].title()})
    if tag:
        git(repo, "tag", tag)


def edit(repo: Path, path: str, change) -> None:
    data = yamlio.loads((repo / path).read_text(encoding="utf-8"))
    change(data)
    (repo / path).write_text(canonical("recommendation", data), encoding="utf-8")


def entry(repo: Path, name: str, **fields) -> None:
    data = {"recommendation": "upr2-127.10", "by": fields.pop("by"),
            "duty_bearer": "federal", "as_of": name[:10], "status": fields.pop("status"),
            "summary": {"en": fields.pop("summary", "Seen by the assessor.")}, **fields}
    folder = repo / ENTRIES
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(canonical("monitoring-entry", data), encoding="utf-8")


def build(repo: Path) -> Path:
    copy_plan(repo)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "initial plan", "2022-01-01", tag="v0")

    edit(repo, REC, lambda d: d.update(assignments=[
        {"actor": "ministry", "role": "lead", "duty_bearer": "federal",
         "assigned_on": "2023-03-01", "due": "2023-12-31"}]))
    commit(repo, "Assign ministry to upr2-127.10", "2023-03-01", tag="v1")

    entry(repo, "2023-06-20-watch", by="watch", status="in-progress")
    commit(repo, "Assess upr2-127.10", "2023-07-01", email="watch@example.org")

    def move(d):
        d["assignments"][0]["due"] = "2024-06-30"
        d["response"] = "supported"
    edit(repo, REC, move)
    commit(repo, "Move the deadline; response now supported", "2023-09-15")

    edit(repo, REC, lambda d: d.update(assignments=[
        {"actor": "secretariat", "role": "lead", "duty_bearer": "federal",
         "assigned_on": "2023-11-01", "due": "2024-06-30"}]))
    commit(repo, "Reassign upr2-127.10 to the secretariat", "2023-11-01", tag="v2")

    entry(repo, "2024-01-31-ministry", by="ministry", status="implemented")
    commit(repo, "Self-assessment", "2024-02-01", email="clerk@ministry.example")

    entry(repo, "2024-03-01-watch", by="watch", status="implemented",
          supersedes="2023-06-20-watch")
    commit(repo, "Correct the assessment", "2024-03-10", email="watch@example.org", tag="v3")

    (repo / "data/recommendations/upr2-127.1.yaml").unlink()
    shutil.rmtree(repo / "data/monitoring/upr2-127.1")
    commit(repo, "Delete upr2-127.1", "2024-05-01", tag="v4")
    return repo
