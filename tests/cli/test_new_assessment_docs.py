"""The contributor guides quote real messages: each one quoted in docs/CONTRIBUTING.{en,ar}.md is
produced here by the same mistake, so the guides cannot drift from what the checks say."""

from __future__ import annotations

import pytest

from conftest import ROOT, git, init_git
from nhrp.core.scope import check_scope

GUIDES = {lang: (ROOT / "docs" / f"CONTRIBUTING.{lang}.md").read_text(encoding="utf-8")
          for lang in ("en", "ar")}
NGO = "iraqi-al-amal"
ACTOR = f"id: {NGO}\nkind: ngo\nnames:\n  en: Iraqi Al-Amal Association\ncontributors:\n- amal@example.org\n"
NAME = f"2025-03-01-{NGO}.yaml"


def entry(**change) -> str:
    fields = {"recommendation": "upr2-127.1", "by": NGO, "duty_bearer": "federal",
              "as_of": "'2025-03-01'", "status": "in-progress", "summary": "\n  en: A finding."}
    fields.update(change)
    return "".join(f"{k}: {v}\n" if not str(v).startswith("\n") else f"{k}:{v}\n"
                   for k, v in fields.items() if v is not None)


CASES = [  # (file under data/monitoring/, its text, messages the guides quote)
    (f"upr2-127.1/{NAME}", entry(status="in-progres", summary=None, sumary="\n  en: x"),
     ["R307 status: unknown status 'in-progres'; did you mean 'in-progress'?",
      "S202 sumary: unknown field 'sumary' (did you mean 'summary'?)",
      "S201 the file: required field 'summary' is missing"]),
    (f"upr2-127.1/{NAME}", entry(summary="\n  en: Finding: the law passed."),
     ["Y101 YAML syntax error: mapping values are not allowed in this context"]),
    (f"upr2-127.1/{NAME}", entry(summary="\n\ten: x"),
     ["(indent with spaces: YAML does not allow tabs here)"]),
    (f"upr2-127.1/2025-03-02-{NGO}.yaml", entry(),
     [f"R310 file name should be {NAME} (as_of date, then the assessing actor)"]),
    (f"upr2-127.10/{NAME}", entry(),
     ["R310 entry for 'upr2-127.1' is in the folder of 'upr2-127.10'; move it to "
      "data/monitoring/upr2-127.1/"]),
    (f"upr2-127.1/2026-03-01-{NGO}.yaml", entry(as_of="'2026-03-01'"),
     ["D402 as_of: 2026-03-01 is in the future (today is 2026-01-15); record what has happened, "
      "as of today or earlier"]),
    (f"upr2-127.1/{NAME}", entry(as_of="'2025-02-30'"),
     ["D401 as_of: 2025-02-30 is not a date in the calendar"]),
    (f"upr2-127.1/{NAME}", entry(as_of="'2/3/2025'"),
     ['S205 as_of: "2/3/2025" is not in the expected form — A date as YYYY-MM-DD in quotes.']),
    (f"upr2-127.1/{NAME}", entry(evidence="\n- https://example.org"),
     ['S203 evidence[0]: expected a mapping of fields but found the text "https://example.org"']),
    (f"upr2-127.1/{NAME}", entry(evidence="\n- url: example.org/report\n  title: R"),
     ['S205 evidence[0].url: "example.org/report" is not in the expected form']),
    (f"upr2-127.1/{NAME}", entry(summary="\n  fr: texte"),
     ["R311 summary.fr: 'fr' is not one of the plan's languages (ar, ckb, en)"]),
    ("upr2-127.1/2025-03-01-watsh.yaml", entry(by="watsh"),
     ["R303 by: unknown actor 'watsh'; did you mean 'watch'?"]),
    (f"upr2-127.1/{NAME}", entry(supersedes="2023-06-01-watch"),
     ["R306 supersedes: entry '2023-06-01-watch' is by watch; an actor can only correct its "
      "own entries"]),
    ("upr2-127.1/2025-03-01-watch.yml", entry(by="watch"),
     ["F601 unknown file: plan files end in .yaml, not .yml"]),
]


@pytest.fixture
def plan(plan_dir):
    (plan_dir / f"data/actors/{NGO}.yaml").write_text(ACTOR, encoding="utf-8")
    return plan_dir


@pytest.mark.parametrize("where, text, messages", CASES, ids=[c[2][0][:24] for c in CASES])
def test_quoted_validation_messages_are_real(cli, plan, where, text, messages):
    path = plan / "data" / "monitoring" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = cli("validate", repo=plan)
    assert result.exit_code == 1
    for message in messages:
        assert message in result.stdout
        for lang, guide in GUIDES.items():
            assert message in guide, f"CONTRIBUTING.{lang}.md does not quote: {message}"


def test_quoted_template_messages_are_real(cli, plan):
    cli("new", "assessment", "upr2-127.1", "--by", NGO, repo=plan)
    output = cli("validate", repo=plan).stdout
    for message in ("R307 status: unknown status 'CHOOSE-ONE'",
                    'S205 status: "CHOOSE-ONE" is not in the expected form',
                    "R308 duty_bearer: unknown duty bearer 'CHOOSE-ONE'",
                    "S206 summary.en: must not be empty"):
        assert message in output
        assert all(message in guide for guide in GUIDES.values()), message


def test_quoted_format_message_is_real(cli, plan):
    path = plan / "data/monitoring/upr2-127.1" / NAME
    path.write_text(entry(as_of="2025-03-01"), encoding="utf-8")
    result = cli("fmt", "--check", repo=plan)
    message = f"data/monitoring/upr2-127.1/{NAME}: would reformat"
    assert result.exit_code == 1 and message in result.stdout
    assert all(message in guide for guide in GUIDES.values())


def test_quoted_scope_messages_are_real(plan):
    init_git(plan)
    git(plan, "checkout", "-q", "-b", "pr")
    old = plan / f"data/monitoring/upr2-127.1/2023-06-01-{NGO}.yaml"
    old.write_text(entry(as_of="'2023-06-01'"), encoding="utf-8")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "entry")
    git(plan, "branch", "-f", "main", "HEAD")
    old.write_text(entry(as_of="'2023-06-01'", status="implemented"), encoding="utf-8")
    (plan / "data/monitoring/upr2-127.10").mkdir()
    (plan / "data/monitoring/upr2-127.10/2025-03-01-other-ngo.yaml").write_text(
        entry(recommendation="upr2-127.10", by="other-ngo"), encoding="utf-8")
    rec = plan / "data/recommendations/upr2-127.1.yaml"
    rec.write_text(rec.read_text(encoding="utf-8").replace("role: lead", "role: support"),
                   encoding="utf-8")
    actor = plan / f"data/actors/{NGO}.yaml"
    actor.write_text(ACTOR + "- friend@example.org\n", encoding="utf-8")
    (plan / "schemas").mkdir()
    (plan / "schemas/x.json").write_text("{}\n", encoding="utf-8")
    git(plan, "add", "-A")
    git(plan, "commit", "-q", "-m", "too much", env={"GIT_AUTHOR_EMAIL": "stranger@example.net"})
    reasons = [f.reason for f in check_scope(plan, "main", actor=NGO).findings]
    reasons += [f.reason for f in check_scope(plan, "main").findings]
    quoted = [
        "adds an entry in the name of 'other-ngo'; iraqi-al-amal may add entries only with "
        "'by: iraqi-al-amal'",
        "edits the existing monitoring entry 2023-06-01-iraqi-al-amal; entries are history and "
        "are never edited: to correct it, add a new entry with "
        "'supersedes: 2023-06-01-iraqi-al-amal'",
        "changes the recommendation upr2-127.1 (assignments); recommendations and their "
        "assignments are maintained by the plan secretariat (",
        "changes contributors of its own actor file; a monitor may change only 'monitors' there: ",
        "outside the plan data (nhrp.yaml and data/): ",
        ": this address is not among the contributors of any actor (as of ",
        "; ask the plan secretariat to add it to your organisation's actor file",
    ]
    for message in quoted:
        assert any(message in r for r in reasons), message
        assert all(message in guide for guide in GUIDES.values()), message


def test_quoted_merge_conflict_message_is_real(plan):
    init_git(plan)
    git(plan, "checkout", "-q", "-b", "pr")
    rec = plan / "data/recommendations/upr2-127.1.yaml"
    text = rec.read_text(encoding="utf-8")
    rec.write_text(text.replace("role: lead", "role: support"), encoding="utf-8")
    git(plan, "commit", "-q", "-am", "ours")
    git(plan, "checkout", "-q", "main")
    rec.write_text(text.replace("role: lead", "role: monitor"), encoding="utf-8")
    git(plan, "commit", "-q", "-am", "theirs")
    reasons = [f.reason for f in check_scope(plan, "main", "pr").findings]
    message = ("merging the change into the base conflicts in this file: merge the base branch "
               "into the change, resolve the conflict, and check again")
    assert reasons == [message]
    assert all(message in guide for guide in GUIDES.values())
