"""The secretariat and monitor workflow end to end, in a real temporary git repository.

Every number of ``status --format json`` is checked against values computed by hand from the
steps below (today is 2026-01-15; assessments older than 2025-01-15 are stale).
"""

from __future__ import annotations

import json

import pytest

from conftest import init_git, copy_plan
from nhrp.core import plan as plan_mod
from nhrp.core.analysis import analyze
from nhrp.core.index import build, row
from nhrp.core.query import Filters, select
from nhrp.core.status import dashboard
from nhrp.core.yamlio import dumps

EXTRA_ACTORS = {
    "krgoffice": {"id": "krgoffice", "kind": "krg", "names": {"en": "Regional coordinator"}},
    "nhri": {"id": "nhri", "kind": "independent-institution", "names": {"en": "Rights commission"}},
    "ngo2": {"id": "ngo2", "kind": "ngo", "names": {"en": "Second NGO"}},
}
EXTRA_RECS = {
    "upr2-127.2": {"id": "upr2-127.2", "cycle": 2,
                   "source": {"document": "A/HRC/28/14", "paragraph": "127.2"},
                   "recommending_states": ["Chile"], "response": "supported",
                   "themes": ["death-penalty"], "sdg_goals": [16],
                   "summary": {"en": "Reduce the crimes punishable by death"}},
    "upr2-127.3": {"id": "upr2-127.3", "cycle": 2,
                   "source": {"document": "A/HRC/28/14", "paragraph": "127.3"},
                   "recommending_states": ["Spain"], "response": "supported",
                   "themes": ["womens-rights"], "sdg_goals": [5],
                   "summary": {"en": "Protect women from domestic violence",
                               "ar": "حماية المرأة من العنف الأسري"}},
}

STEPS = [
    ["assign", "--theme", "womens-rights", "--to", "krgoffice", "--role", "lead",
     "--duty-bearer", "krg", "--due", "2026-06-30"],
    ["assign", "upr2-127.2", "--to", "ministry", "--role", "lead", "--due", "2025-12-31",
     "--assigned-on", "2023-01-01"],
    ["assign", "upr2-127.2", "--to", "secretariat", "--role", "support", "--assigned-on",
     "2023-01-01"],
    ["assess", "upr2-127.1", "--by", "ministry", "--duty-bearer", "federal", "--status",
     "implemented", "--as-of", "2025-03-01", "--summary", "Moratorium decree issued"],
    ["assess", "upr2-127.2", "--by", "ministry", "--duty-bearer", "federal", "--status",
     "in-progress", "--as-of", "2025-06-01", "--summary", "Draft law prepared"],
    ["assess", "upr2-127.3", "--by", "krgoffice", "--duty-bearer", "krg", "--status",
     "partially-implemented", "--as-of", "2025-09-01", "--summary", "Shelters opened"],
    ["assess", "upr2-127.1", "--by", "watch", "--duty-bearer", "federal", "--status",
     "in-progress", "--as-of", "2025-04-01", "--summary", "Executions continue",
     "--evidence", "https://example.org/watch-2025|Watch report 2025"],
    ["assess", "upr2-127.2", "--by", "nhri", "--duty-bearer", "federal", "--status",
     "in-progress", "--as-of", "2025-07-01", "--summary", "Draft law seen"],
    ["assess", "upr2-127.3", "--by", "nhri", "--duty-bearer", "krg", "--status",
     "not-started", "--as-of", "2025-10-01", "--summary", "No shelters found"],
    ["assess", "upr2-127.3", "--by", "nhri", "--duty-bearer", "krg", "--status",
     "in-progress", "--as-of", "2025-10-01", "--summary", "Correction: two shelters opened",
     "--supersedes", "2025-10-01-nhri"],
    ["assess", "upr2-127.10", "--by", "watch", "--duty-bearer", "krg", "--status",
     "not-started", "--as-of", "2024-06-01", "--summary", "Nothing done"],
    ["monitor", "nhri", "--theme", "womens-rights", "--theme", "death-penalty"],
    ["monitor", "ngo2", "--decline"],
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from typer.testing import CliRunner

    from nhrp.cli.app import app

    repo = copy_plan(tmp_path_factory.mktemp("scenario") / "plan")
    for actor_id, data in EXTRA_ACTORS.items():
        (repo / f"data/actors/{actor_id}.yaml").write_text(dumps(data), encoding="utf-8")
    for rec_id, data in EXTRA_RECS.items():
        (repo / f"data/recommendations/{rec_id}.yaml").write_text(dumps(data), encoding="utf-8")
    init_git(repo)
    runner = CliRunner()
    outputs = []
    for step in STEPS:
        result = runner.invoke(app, ["--repo", str(repo), *step], catch_exceptions=False,
                               env={"NHRP_TODAY": "2026-01-15"})
        assert result.exit_code == 0, (step, result.output)
        outputs.append(result.output)
    return repo, runner, app, outputs


def run(scenario, *args):
    repo, runner, app, _ = scenario
    return runner.invoke(app, ["--repo", str(repo), *args], catch_exceptions=False,
                         env={"NHRP_TODAY": "2026-01-15"})


def status_json(scenario, *args):
    result = run(scenario, "status", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_plan_stays_valid(scenario):
    result = run(scenario, "validate")
    assert result.exit_code == 0, result.stdout
    assert "4 recommendations, 6 actors, 9 monitoring entries" in result.stdout


def test_totals(scenario):
    totals = status_json(scenario)["totals"]
    assert totals["recommendations"] == 4
    assert totals["by_response"] == {"noted": 1, "supported": 3}
    assert totals["by_cycle"] == {"2": 4}
    assert (totals["assigned"], totals["unassigned"], totals["assessed"]) == (4, 0, 4)
    assert totals["implemented"] == 0
    assert totals["monitoring_entries"] == 9
    assert totals["actors"] == 6


def test_status_distribution_per_duty_bearer_and_side(scenario):
    dist = status_json(scenario)["status_by_duty_bearer"]
    assert dist["federal"] == {
        "recommendations": 2,
        "self": {"regressed": 0, "not-started": 0, "in-progress": 1, "partially-implemented": 0,
                 "implemented": 1, "not-assessed": 0},
        "independent": {"regressed": 0, "not-started": 0, "in-progress": 2,
                        "partially-implemented": 0, "implemented": 0, "not-assessed": 0},
    }
    assert dist["krg"] == {
        "recommendations": 2,
        "self": {"regressed": 0, "not-started": 0, "in-progress": 0, "partially-implemented": 1,
                 "implemented": 0, "not-assessed": 1},
        "independent": {"regressed": 0, "not-started": 1, "in-progress": 1,
                        "partially-implemented": 0, "implemented": 0, "not-assessed": 0},
    }


def test_lead_actors(scenario):
    assert status_json(scenario)["lead_actors"] == [
        {"actor": "krgoffice", "assigned": 2, "assessed": 2, "implemented": 0, "overdue": 0},
        {"actor": "ministry", "assigned": 2, "assessed": 2, "implemented": 0, "overdue": 2},
    ]


def test_divergence_overdue_and_coverage(scenario):
    data = status_json(scenario)
    assert [(d["id"], d["duty_bearer"], d["self"]["status"], d["independent"]["status"],
             d["steps"]) for d in data["divergences"]] == [
        ("upr2-127.1", "federal", "implemented", "in-progress", 2),
        ("upr2-127.3", "krg", "partially-implemented", "in-progress", 1),
    ]
    assert data["overdue"] == {"ministry": [
        {"id": "upr2-127.1", "duty_bearer": "federal", "role": "lead", "due": "2024-12-31",
         "status": "in-progress"},
        {"id": "upr2-127.2", "duty_bearer": "federal", "role": "lead", "due": "2025-12-31",
         "status": "in-progress"},
    ]}
    assert data["coverage"]["unassigned"] == []
    assert data["coverage"]["unmonitored"] == []
    assert data["coverage"]["stale"] == [
        {"id": "upr2-127.10", "duty_bearer": "krg", "side": "independent", "as_of": "2024-06-01"}]


def test_superseded_entry_no_longer_counts(scenario):
    result = run(scenario, "show", "upr2-127.3", "--format", "json")
    data = json.loads(result.stdout)
    current = {(c["duty_bearer"], c["side"]): (c["status"], c["entry"]) for c in data["current"]}
    assert current[("krg", "independent")] == ("in-progress", "2025-10-01-nhri-2")
    superseded = {e["id"]: e["superseded_by"] for e in data["entries"]}
    assert superseded["2025-10-01-nhri"] == "2025-10-01-nhri-2"


def test_monitor_workload(scenario):
    nhri = status_json(scenario, "--actor", "nhri")["monitor"]
    assert nhri["themes"] == ["womens-rights", "death-penalty"]
    assert nhri["workload"] == ["upr2-127.1", "upr2-127.10"]
    watch = status_json(scenario, "--actor", "watch")["monitor"]
    assert watch["workload"] == ["upr2-127.2"]
    declined = status_json(scenario, "--actor", "ngo2")["monitor"]
    assert declined["declined"] is True and declined["workload"] == []


def test_breakdown_by_theme(scenario):
    rows = status_json(scenario, "--by", "theme")["breakdown"]["rows"]
    assert rows == [
        {"key": "death-penalty", "recommendations": 2, "assigned": 2, "assessed": 2,
         "implemented": 0, "overdue": 2, "diverging": 1},
        {"key": "womens-rights", "recommendations": 2, "assigned": 2, "assessed": 2,
         "implemented": 0, "overdue": 0, "diverging": 1},
    ]


@pytest.mark.parametrize("args, expected", [
    (["--theme", "death-penalty", "--status", "in-progress"], ["upr2-127.1", "upr2-127.2"]),
    (["--diverging"], ["upr2-127.1", "upr2-127.3"]),
    (["--overdue"], ["upr2-127.1", "upr2-127.2"]),
    (["--actor", "krgoffice"], ["upr2-127.3", "upr2-127.10"]),
    (["--actor", "ministry", "--role", "support"], []),
    (["--actor", "secretariat", "--role", "support"], ["upr2-127.2"]),
    (["--unassigned"], []),
    (["--response", "noted"], ["upr2-127.10"]),
    (["--sdg", "5"], ["upr2-127.3"]),
    (["--state", "norway"], ["upr2-127.10"]),
    (["--cycle", "2", "--duty-bearer", "krg", "--status", "not-started"], ["upr2-127.10"]),
    (["--theme", "death-penalty", "--theme", "womens-rights", "--response", "supported",
      "--diverging"], ["upr2-127.1", "upr2-127.3"]),
    (["--search", "الاسري"], ["upr2-127.3"]),        # data: الأسري (hamza on alef)
    (["--search", "المراه"], ["upr2-127.3"]),        # data: المرأة (taa marbuta, hamza)
    (["--search", "الْمَرْأَة"], ["upr2-127.3"]),     # harakat in the query
    (["--search", "DOMESTIC"], ["upr2-127.3"]),
    (["--sort", "due"], ["upr2-127.1", "upr2-127.2", "upr2-127.3", "upr2-127.10"]),
])
def test_list_filters_combine(scenario, args, expected):
    result = run(scenario, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


def test_json_output_is_the_core_data(scenario):
    repo = scenario[0]
    import datetime as dt

    analysis = analyze(plan_mod.load(repo), dt.date(2026, 1, 15))
    listed = json.loads(run(scenario, "list", "--format", "json", "--theme", "womens-rights").stdout)
    assert listed == [row(x, "ar") for x in
                      select(build(analysis), Filters(themes=["womens-rights"]))]
    assert status_json(scenario, "--by", "actor") == dashboard(analysis, by="actor")


def test_unknown_ids_suggest_the_nearest(scenario):
    result = run(scenario, "assign", "upr2-127.1", "--to", "minstry", "--role", "lead")
    assert result.exit_code == 2
    assert "unknown actor 'minstry'. Did you mean: ministry?" in result.output
    result = run(scenario, "list", "--theme", "death-penality")
    assert result.exit_code == 2
    assert "Did you mean: death-penalty?" in result.output


def test_list_csv_and_yaml(scenario):
    csv_text = run(scenario, "list", "--format", "csv", "--overdue").stdout
    assert csv_text.splitlines()[0].startswith("id,cycle,paragraph,response")
    assert len(csv_text.splitlines()) == 3
    yaml_text = run(scenario, "list", "--format", "yaml", "--overdue").stdout
    assert "- id: upr2-127.1\n" in yaml_text


def test_dashboard_text_and_markdown(scenario):
    text = run(scenario, "status").stdout
    assert "Divergences between self-reported and independent status: 2" in text
    assert ("Ministry of Testing: upr2-127.1 (31 December 2024), upr2-127.2 (31 December 2025)"
            in text)
    arabic = run(scenario, "status", "--lang", "ar").stdout
    assert "التباين بين التقييم الذاتي والتقييم المستقل: ٢" in arabic
    assert "التقييم المستقل" in arabic and "Divergences" not in arabic
    markdown = run(scenario, "status", "--format", "markdown").stdout
    assert "| upr2-127.1 | federal | implemented | in-progress |" in markdown


def test_show_text(scenario):
    text = run(scenario, "show", "upr2-127.1").stdout
    assert "diverging for federal: self implemented vs independent in-progress" in text
    assert "evidence: Watch report 2025 https://example.org/watch-2025" in text
