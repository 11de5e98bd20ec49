from pathlib import Path

from nhrp.core.rules import RULES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_rule_has_a_line_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    missing = [code for code, rule in RULES.items() if f"| {code} | {rule.name} |" not in text]
    assert missing == []


def test_docs_list_no_rule_that_does_not_exist():
    import re

    documented = set(re.findall(r"^\| ([A-Z][0-9]{3}) \|", DOCS.read_text(encoding="utf-8"), re.M))
    assert documented == set(RULES)
