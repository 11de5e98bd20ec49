"""status and list after a change of a few recommendations or entries: the last dashboard is
patched from those recommendations alone (analysed before and after), list makes again only
their items, nothing is derived again from every recommendation, and every result equals a
run without any cache."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from nhrp.core import dashboards, index, status_patch
from test_read_after_change import edit, made, plan, run  # noqa: F401 (made, plan: fixtures)

FILTERS = ((), ("--by", "theme"), ("--by", "actor"), ("--by", "response"), ("--by", "cycle"),
           ("--by", "sdg"), ("--by", "axis"), ("--by", "activity"), ("--duty-bearer", "krg"),
           ("--theme", "torture-and-other-cid-treatment"))


@pytest.fixture
def analysed(monkeypatch) -> list:
    """How many recommendations each analysis of a status run went over."""
    sizes: list = []
    real = dashboards.analyze

    def analyze(plan, today):
        sizes.append(len(plan.recommendations))
        return real(plan, today)

    monkeypatch.setattr(dashboards, "analyze", analyze)
    return sizes


def status(cli, plan: Path, *args: str, cached: bool = True) -> dict:
    return json.loads(run(cli, plan, "status", *args, "--format", "json", cached=cached))


def actors(plan: Path) -> tuple[str, str]:
    """The actor leading most recommendations (an authority), and an NGO made a monitor of
    two thematic files."""
    leads = re.findall(r"^- actor: (\S+)\n  role: lead$", "".join(
        p.read_text(encoding="utf-8") for p in (plan / "data" / "recommendations").rglob("*.yaml")),
        re.M)
    lead = max(sorted(set(leads)), key=leads.count)
    monitor = next(p for p in sorted((plan / "data" / "actors").glob("*.yaml"))
                   if "kind: ngo" in p.read_text(encoding="utf-8"))
    with monitor.open("a", encoding="utf-8") as out:
        out.write("monitors:\n  themes:\n  - torture-and-other-cid-treatment\n"
                  "  - civil-society\n  since: '2024-01-01'\n")
    return lead, monitor.stem


def new_status(path: Path, rnd: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    old = re.search(r"^status: (\S+)$", text, re.M).group(1)
    new = rnd.choice([s for s in ("not-started", "in-progress", "implemented") if s != old])
    edit(path, f"status: {old}\n", f"status: {new}\n")


def test_a_changed_entry_is_analysed_alone_and_the_dashboard_patched(plan, cli, analysed):
    before = status(cli, plan)
    assert analysed == [len(list((plan / "data" / "recommendations").rglob("*.yaml")))]
    entry = sorted((plan / "data" / "monitoring").rglob("*.yaml"))[5]
    new_status(entry, random.Random(1))
    analysed.clear()
    after = status(cli, plan)
    assert analysed == [1, 1]  # its recommendation, as it was and as it is
    assert after == status(cli, plan, cached=False) != before


def test_every_filter_patched_equals_a_run_without_cache(plan, cli, analysed):
    """The last result is patched when it was made with the same options (one is kept)."""
    rnd = random.Random(15)
    data = plan / "data"
    lead, monitor = actors(plan)
    for step, args in enumerate((*FILTERS, ("--actor", lead), ("--actor", monitor))):
        status(cli, plan, *args)
        for path in rnd.sample(sorted((data / "monitoring").rglob("*.yaml")), 3):
            new_status(path, rnd)
        rec = rnd.choice(sorted((data / "recommendations").rglob("*.yaml")))
        text = rec.read_text(encoding="utf-8")
        if step % 3 == 1:  # another lead, a date passed, another theme
            text = re.sub(r"due: '\d{4}", "due: '2020", text, count=1)
            text = text.replace("role: support", "role: lead", 1)
            text = re.sub(r"^themes:\n- \S+", "themes:\n- torture-and-other-cid-treatment",
                          text, count=1, flags=re.M)
        elif step % 3 == 2:  # nobody assigned
            text = re.sub(r"^assignments:\n(?:[- ] .*\n)*", "", text, flags=re.M)
        rec.write_text(text.replace("\n  en: ", "\n  en: Zebra. ", 1), encoding="utf-8")
        analysed.clear()
        assert status(cli, plan, *args) == status(cli, plan, *args, cached=False), args
        assert max(analysed[:-1]) <= 4, args  # the touched recommendations only


def test_changes_beyond_recommendations_and_entries_derive_everything(plan, cli, analysed):
    data = plan / "data"
    recs = sorted((data / "recommendations").rglob("*.yaml"))
    everything = len(recs)
    lead, _ = actors(plan)
    status(cli, plan)
    actor = data / "actors" / f"{lead}.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace(
        "kind: federal-government", "kind: ngo"), encoding="utf-8")
    analysed.clear()
    assert status(cli, plan) == status(cli, plan, cached=False)
    assert analysed == [everything, everything]  # (the second: the run without cache)
    # a recommendation made unreadable, then fixed: the count of unreadable files changes
    good = recs[4].read_text(encoding="utf-8")
    recs[4].write_text(good + "cycle: [\n", encoding="utf-8")
    analysed.clear()
    assert status(cli, plan) == status(cli, plan, cached=False)
    assert analysed == [everything - 1] * 2
    recs[4].write_text(good, encoding="utf-8")
    assert status(cli, plan) == status(cli, plan, cached=False)
    # a recommendation that repeats another: the other's status is part of its description
    entry = sorted((data / "monitoring").rglob("*.yaml"))[0]
    earlier = entry.parent.name
    later = next(p for p in recs if p.stem != earlier)
    later.write_text(later.read_text(encoding="utf-8") + f"repeats: {earlier}\n",
                     encoding="utf-8")
    assert status(cli, plan) == status(cli, plan, cached=False)
    new_status(entry, random.Random(3))
    analysed.clear()
    after = status(cli, plan)
    assert analysed == [everything]  # (not the touched one alone)
    assert after == status(cli, plan, cached=False)
    assert after["repeats"] == [r for r in after["repeats"] if r["id"] == later.stem]


def test_list_between_two_status_runs_does_not_hide_a_change(plan, cli, analysed):
    """list keeps the same per-file records up to date: status compares with what it was
    derived from, not with what list last saw."""
    entries = sorted((plan / "data" / "monitoring").rglob("*.yaml"))
    rnd = random.Random(7)
    status(cli, plan)
    new_status(entries[2], rnd)
    run(cli, plan, "list", "--format", "json")  # reads the change first
    new_status(entries[40], rnd)
    analysed.clear()
    assert status(cli, plan) == status(cli, plan, cached=False)
    assert analysed[:-1] == [2, 2]  # the two recommendations, before and after


def test_ids_whose_order_the_listing_decides_are_not_patched():
    old = ["a-1", "a-3"]
    assert status_patch._merged(old, ["a-2"], {"a-2"}, status_patch._itself) == \
        ["a-1", "a-2", "a-3"]
    with pytest.raises(status_patch.Unordered):
        status_patch._merged(["a-01", "a-3"], ["a-1"], {"a-1"}, status_patch._itself)
    items = {"x": [{"id": "a-1", "due": "2020-01-01"}, {"id": "a-3", "due": "2020-01-01"}]}
    plus = {"x": [{"id": "a-2", "due": "2020-01-01"}], "y": [{"id": "a-2", "due": "2019"}]}
    assert status_patch._overdue(items, plus, {"a-2"}) == {
        "x": [items["x"][0], plus["x"][0], items["x"][1]], "y": plus["y"]}


def test_list_makes_again_only_the_items_of_the_touched_recommendations(plan, cli, monkeypatch):
    """Summaries made longer and shorter at several places, and entries: the items of those
    recommendations are made again, every other item and search text is kept, and every
    search finds what a run without cache finds."""
    sizes, made = [], []
    real_analyze, real_item = index.analyze, index.item
    monkeypatch.setattr(index, "analyze", lambda plan, today: (
        sizes.append(len(plan.recommendations)), real_analyze(plan, today))[1])
    monkeypatch.setattr(index, "item", lambda facts: (made.append(facts.id),
                                                      real_item(facts))[1])
    searches = ((), ("--search", "zebra"), ("--search", "giraffe"), ("--search", "torture"),
                ("--search", "upr2-127.1"))
    data = plan / "data"
    recs = sorted((data / "recommendations").rglob("*.yaml"))
    rnd = random.Random(5)
    run(cli, plan, "list", "--format", "json")
    for step in range(3):
        chosen = sorted(rnd.sample(range(len(recs)), 3)) + [0, len(recs) - 1][step % 2:][:1]
        for k in chosen:
            text = recs[k].read_text(encoding="utf-8")
            longer = "Zebra giraffe torture " * (1 + step) if k % 2 else ""
            text = re.sub(r"^  en: .*$", f"  en: {longer}Short.", text, count=1, flags=re.M)
            recs[k].write_text(text, encoding="utf-8")
        entries = sorted((data / "monitoring").rglob("*.yaml"))
        new_status(rnd.choice(entries), rnd)
        sizes.clear(), made.clear()
        first = run(cli, plan, "list", "--search", "zebra", "--format", "json")
        assert max(sizes) <= len(chosen) + 1 and len(made) <= len(chosen) + 1, (sizes, made)
        assert {recs[k].stem for k in chosen} <= set(made)
        assert first == run(cli, plan, "list", "--search", "zebra", "--format", "json",
                            cached=False)
        for args in searches:
            assert run(cli, plan, "list", *args, "--format", "json") == \
                run(cli, plan, "list", *args, "--format", "json", cached=False), args
