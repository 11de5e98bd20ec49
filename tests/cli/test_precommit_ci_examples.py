"""The example CI files in docs/ci/ stay in step with the CLI: every nhrp command and option they
use exists, the workflow asks for read-only permissions, and values from the pull-request event
never go straight into a shell script."""

from __future__ import annotations

import re
import shlex

import pytest
import typer.main
import yaml

from conftest import ROOT
from nhrp.cli.app import app

CI = ROOT / "docs" / "ci"


def workflow(name: str = "nhrp-pip.yml") -> dict:
    return yaml.safe_load((CI / name).read_text(encoding="utf-8"))


def steps(name: str = "nhrp-pip.yml") -> list[dict]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


def nhrp_commands() -> list[list[str]]:
    """Each ``nhrp ...`` command line of the workflow, split like the shell would."""
    found = []
    for step in steps():
        for line in step.get("run", "").splitlines():
            words = shlex.split(line.split(">>")[0])
            if words[:1] == ["nhrp"]:
                found.append(words[1:])
    return found


@pytest.mark.parametrize("name", ["nhrp.yml", "nhrp-pip.yml"])
def test_workflow_has_least_privilege_permissions(name):
    data = workflow(name)
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    triggers = data.get("on", data.get(True))
    assert "pull_request" in triggers and "pull_request_target" not in triggers


@pytest.mark.parametrize("name", ["nhrp.yml", "nhrp-pip.yml"])
def test_checkout_keeps_history_and_no_credentials(name):
    checkout = next(s for s in steps(name) if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False


def test_the_action_workflow_uses_the_action_pinned_to_a_commit():
    action = next(s for s in steps("nhrp.yml") if "/nhrp@" in str(s.get("uses", "")))
    assert re.fullmatch(r"[A-Za-z0-9-]+/nhrp@[0-9a-f]{40}", action["uses"])
    known = set(yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"])
    assert set(action.get("with", {})) <= known


@pytest.mark.parametrize("name", ["nhrp.yml", "nhrp-pip.yml"])
def test_event_values_reach_scripts_only_through_the_environment(name):
    for step in steps(name):
        assert "${{" not in step.get("run", ""), step.get("name")


def test_the_workflow_runs_the_checks_the_issue_asks_for():
    commands = nhrp_commands()
    assert ["validate", "--format", "github", "--changed-since", "$BASE_SHA"] in commands
    assert ["fmt", "--check"] in commands
    scope = next(w for w in commands if w[0] == "check-scope")
    assert scope[scope.index("--author") + 1] == \
        "${AUTHOR_ID}+${AUTHOR_LOGIN}@users.noreply.github.com"
    assert scope[scope.index("--format") + 1] == "github"
    diff = next(w for w in commands if w[0] == "diff")
    assert diff[diff.index("--format") + 1] == "markdown"


def test_every_command_and_option_in_the_examples_exists():
    group = typer.main.get_command(app)
    for words in nhrp_commands():
        command = group.commands.get(words[0])
        assert command is not None, f"nhrp {words[0]} does not exist"
        known = {opt for param in command.params for opt in param.opts}
        for word in words[1:]:
            if word.startswith("--"):
                assert word in known, f"nhrp {words[0]} has no option {word}"


def test_pre_commit_example_uses_the_hooks_we_define():
    defined = {hook["id"] for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    example = yaml.safe_load((CI / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    used = {hook["id"] for repo in example["repos"] for hook in repo["hooks"]}
    assert used == defined


def test_codeowners_protects_the_machinery():
    rules = [line.split() for line in (CI / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owners = {rule[0]: rule[1:] for rule in rules}
    assert owners["/.github/"] and owners["/data/monitoring/"]
    assert rules[0][0] == "*"  # the catch-all first: later lines win in CODEOWNERS
    assert all(re.fullmatch(r"@[\w.-]+/[\w.-]+", o) for rule in rules for o in rule[1:])
