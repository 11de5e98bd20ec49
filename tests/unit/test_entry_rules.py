"""R313 (a self-assessment reports on the actor's own duty bearer), D404 (as_of not before the
review) and the wider T502 invisible-character rule, through validate on real plan folders."""

from __future__ import annotations

import pytest

ENTRY = ("recommendation: upr2-127.10\nby: {by}\nduty_bearer: {bearer}\nas_of: '{as_of}'\n"
         "status: in-progress\nsummary:\n  en: {summary}\n")


def write(plan, path: str, text: str) -> None:
    (plan / path).parent.mkdir(parents=True, exist_ok=True)
    (plan / path).write_text(text, encoding="utf-8")


def entry(plan, by: str, bearer: str, as_of: str = "2025-03-01", summary: str = "A finding.") -> None:
    write(plan, f"data/monitoring/upr2-127.10/{as_of}-{by}.yaml",
          ENTRY.format(by=by, bearer=bearer, as_of=as_of, summary=summary))


def codes(cli, plan) -> list[str]:
    result = cli("validate", repo=plan)
    return [line.split(" ")[1] for line in result.stdout.splitlines()[:-1]]


@pytest.mark.parametrize("by, bearer", [("ministry", "federal"), ("watch", "federal"),
                                        ("watch", "krg")])
def test_own_duty_bearer_or_an_independent_monitor_passes(cli, plan_dir, by, bearer):
    entry(plan_dir, by, bearer)
    assert codes(cli, plan_dir) == []


def test_a_federal_ministry_reporting_for_the_region_fails(cli, plan_dir):
    entry(plan_dir, "ministry", "krg")
    assert codes(cli, plan_dir) == ["R313"]


def test_parliaments_and_courts_name_their_duty_bearer(cli, plan_dir):
    write(plan_dir, "data/actors/parliament.yaml",
          "id: parliament\nkind: parliament\nnames:\n  en: Regional parliament\n")
    write(plan_dir, "data/actors/committee.yaml", "id: committee\nkind: parliament\nnames:\n"
          "  en: Rights committee\nparent: parliament\n")
    entry(plan_dir, "committee", "krg")
    assert codes(cli, plan_dir) == ["R313"]  # no duty bearer known for it yet
    path = plan_dir / "data/actors/parliament.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "duty_bearer: krg\n", encoding="utf-8")
    assert codes(cli, plan_dir) == []  # through its parent
    entry(plan_dir, "committee", "federal", as_of="2025-04-01")
    assert codes(cli, plan_dir) == ["R313"]


def test_an_unknown_duty_bearer_on_an_actor_is_reported(cli, plan_dir):
    path = plan_dir / "data/actors/ministry.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "duty_bearer: mars\n", encoding="utf-8")
    assert codes(cli, plan_dir) == ["R308"]


def test_as_of_before_the_review_fails_only_with_a_review_date(cli, plan_dir):
    entry(plan_dir, "watch", "federal", as_of="1990-01-01")
    assert codes(cli, plan_dir) == []
    plan = plan_dir / "nhrp.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "- cycle: 2\n", "- cycle: 2\n  review_date: '2014-11-03'\n"), encoding="utf-8")
    assert codes(cli, plan_dir) == ["D404"]
    entry(plan_dir, "watch", "krg", as_of="2014-11-03")  # the review day itself is fine
    assert codes(cli, plan_dir) == ["D404"]


@pytest.mark.parametrize("char", ["\U000e0041", "\U000e007f", "\u2061", "\u2064", "\u00ad"])
def test_tag_characters_invisible_operators_and_soft_hyphens_are_t502(cli, plan_dir, char):
    entry(plan_dir, "watch", "federal", summary=f'"Hid{char}den"')
    assert codes(cli, plan_dir) == ["T502"]


def test_the_bundled_plan_still_validates(cli):
    from nhrp.core.layout import bundled_root

    result = cli("validate", repo=bundled_root())
    assert result.exit_code == 0, result.stdout
