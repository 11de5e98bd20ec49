"""What a pull-request check pays for before it does its work: the three commands CI runs
(``validate --changed-since``, ``check-scope``, ``diff BASE HEAD``) build only their own command
for typer, never import PyYAML when the compiled parser reads every file they read (nor to
place a problem in such a file), and give the strict loader's exact ``path:line:col`` for a
file the compiled parser hands over. ``validate --changed-since`` starts git's look at the
working tree before typer is imported and judges the committed change meanwhile, with the
result of judging after; ``diff`` starts 11 git processes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TODAY, git
from nhrp.cli import application, prelude
from nhrp.core import branch, yamlfast
from nhrp.core.rules import neighbours
from nhrp.core.validate import validate_changes

DAY = dt.date.fromisoformat(TODAY)
AUTHOR = "secretariat@example.org"
needs_rust = pytest.mark.skipif(not yamlfast.available(), reason="yaml-rs is not installed")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A valid synthetic plan of 120 recommendations, committed as main."""
    folder = tmp_path_factory.mktemp("generated") / "plan"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "120", str(folder),
                    "--commits", "1"], check=True, capture_output=True)
    actor = folder / "data/actors/moj-hrd.yaml"  # the maintainer, so that check-scope passes
    actor.write_text(actor.read_text(encoding="utf-8") + f"contributors:\n- {AUTHOR}\n",
                     encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "a contributor")
    git(folder, "branch", "-f", "base")
    return folder


@pytest.fixture
def change(generated, tmp_path) -> Path:
    """A clone on a branch that changes one recommendation and adds the secretariat's own
    entry to another assigned to its duty bearer: a change without problems."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(generated), str(clone)], check=True)
    git(clone, "branch", "base", "origin/base")
    git(clone, "checkout", "-q", "-b", "change")
    rec = next((clone / "data/recommendations").rglob("upr2-100.1.yaml"))
    rec.write_text(rec.read_text(encoding="utf-8").replace("summary:\n  en: ",
                                                           "summary:\n  en: Revised. "),
                   encoding="utf-8")
    target = next(p.stem for p in sorted((clone / "data/recommendations").rglob("*.yaml"))
                  if "duty_bearer: federal" in p.read_text(encoding="utf-8") and p != rec)
    entry = clone / "data/monitoring" / target / "2025-12-01-moj-hrd.yaml"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(f"recommendation: {target}\nby: moj-hrd\nduty_bearer: federal\n"
                     "as_of: '2025-12-01'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                     "simulated: true\n", encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "a change")
    return clone


COMMANDS = {
    "validate": ["validate", "--format", "github", "--changed-since", "base"],
    "check-scope": ["check-scope", "--format", "github", "--base", "base", "--head", "HEAD",
                    "--author", AUTHOR],
    "diff": ["diff", "base", "HEAD", "--format", "markdown"],
}

# runs nhrp's entry point as the console script does, then says what was loaded
RUN = """
import sys
from nhrp.cli import app
sys.argv = ["nhrp", *sys.argv[1:]]
code = 0
try:
    app.main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nLOADED %s %s\\n" % (code, " ".join(sorted(
    m for m in sys.modules if m == "yaml" or m.startswith(("yaml.", "nhrp.cli.", "nhrp.core.yaml"))))))
"""


def run(repo: Path, *args: str) -> tuple[int, set[str], str]:
    done = subprocess.run([sys.executable, "-c", RUN, "-C", str(repo), *args],
                          capture_output=True, text=True, env=_env())
    head, _, tail = done.stderr.rpartition("\nLOADED ")
    code, *loaded = tail.split()
    return int(code or 0), set(loaded), done.stdout + head


def _env() -> dict:
    import os

    return {**os.environ, "NHRP_TODAY": TODAY}


@needs_rust
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_pull_request_check_whose_files_are_ordinary_never_imports_pyyaml(change, name):
    code, loaded, output = run(change, *COMMANDS[name])
    assert code == 0, output
    assert "yaml" not in loaded and "nhrp.core.yamlstrict" not in loaded, (name, loaded)
    # and typer was given only the command's own module, not the other 26
    commands = {m for m in loaded if m.startswith("nhrp.cli.")} - {
        "nhrp.cli.app", "nhrp.cli.application", "nhrp.cli.common", "nhrp.cli.prelude"}
    assert commands == {f"nhrp.cli.{name.replace('-', '_')}"}, commands


def test_a_file_the_compiled_parser_hands_over_gets_the_strict_loaders_position(change):
    """A key written twice is not for the compiled parser: the PyYAML loader reads the file,
    and the message is its own, at the second key's line and column."""
    entry = change / "data/monitoring/upr2-100.3/2025-12-02-jnp.yaml"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("recommendation: upr2-100.3\nby: jnp\nduty_bearer: federal\n"
                     "as_of: '2025-12-02'\nstatus: in-progress\nsummary:\n  en: A finding.\n"
                     "status: done\nsimulated: true\n", encoding="utf-8")
    assert yamlfast.load(entry.read_text(encoding="utf-8")) is yamlfast.UNUSUAL
    code, loaded, output = run(change, "validate", "--changed-since", "base")
    assert code == 1
    assert ("data/monitoring/upr2-100.3/2025-12-02-jnp.yaml:8:1: Y103 key 'status' appears "
            "twice in the same mapping (first on line 5); keep one") in output, output
    assert "yaml" in loaded and "nhrp.core.yamlstrict" in loaded


@needs_rust
def test_a_problem_in_an_ordinary_file_is_placed_without_pyyaml(change):
    """A problem found in a file the compiled parser read is placed by nhrp.core.yamlplace,
    at the value's line and column, without loading PyYAML."""
    entry = next((change / "data/monitoring").rglob("2025-12-01-moj-hrd.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8").replace("in-progress", "in-flight"),
                     encoding="utf-8")
    code, loaded, output = run(change, "validate", "--changed-since", "base")
    assert code == 1
    assert (f"{entry.relative_to(change).as_posix()}:5:9: R307 status: unknown status "
            "'in-flight'") in output, output
    assert "yaml" not in loaded and "nhrp.core.yamlstrict" not in loaded, loaded


# --- the application built for one command ---------------------------------------------------

def _built(argv: list[str]) -> set[str]:
    built = application.for_command(argv)
    return {c.name for c in built.registered_commands} | {g.name for g in built.registered_groups}


def test_a_command_is_built_alone_and_everything_else_gets_the_whole_application():
    assert _built(["check-scope", "--base", "x"]) == {"check-scope"}
    assert _built(["-C", "plan", "--traceback", "diff", "a", "b"]) == {"diff"}
    assert _built(["--repo=plan", "validate"]) == {"validate"}
    assert _built(["-Cplan", "import", "upr-info"]) == {"import"}  # import_.py
    whole = _built([])
    assert len(whole) > 25
    for argv in ([], ["--help"], ["--version"], ["-h", "validate"], ["chek-scope"],
                 ["unassign", "x"], ["common"], ["app"], ["screens"], ["--unknown", "diff"],
                 ["Validate"], ["../validate"]):
        assert _built(argv) == whole, argv


def test_the_root_options_are_those_the_command_finder_knows():
    import typer.main

    root = typer.main.get_command(application.whole())
    takes_value = {o for p in root.params if not p.is_flag for o in p.opts}
    flags = {o for p in root.params if p.is_flag and not p.is_eager for o in p.opts}
    assert takes_value == set(prelude.ROOT_VALUE_OPTIONS)
    assert flags == set(prelude.ROOT_FLAGS)


def _paths(group, path=()):
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield path + (name,)
        yield from _paths(command, path + (name,))


def test_every_command_s_help_and_usage_errors_are_those_of_the_whole_application():
    import typer.main

    runner = CliRunner()
    for path in _paths(typer.main.get_command(application.whole())):
        for argv in ([*path, "--help"], [*path, "--no-such-option"]):
            alone = runner.invoke(application.for_command(argv), argv, prog_name="nhrp")
            whole = runner.invoke(application.whole(), argv, prog_name="nhrp")
            assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), argv


# --- reading the actors while git looks at the working tree ---------------------------------

def test_reading_while_git_scans_gives_what_reading_after_gives(change):
    """Uncommitted changes too: an actor deleted, one changed, one untracked, an entry that
    names the deleted actor."""
    (change / "data/actors/jnp.yaml").unlink()
    moj = change / "data/actors/moj-hrd.yaml"
    moj.write_text(moj.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (change / "data/actors/new-watch.yaml").write_text(
        "id: new-watch\nname:\n  en: A new watch\nkind: ngo\n", encoding="utf-8")
    after = validate_changes(change, "base", today=DAY)
    while_scanning = validate_changes(change, "base", today=DAY,
                                      early=branch.Early(change, "base", neighbours.LISTED))

    def lines(report):
        return sorted((p.path, p.line, p.column, p.code, p.message) for p in report.problems)

    assert lines(while_scanning) == lines(after)
    assert while_scanning.parsed == after.parsed
    assert any(p.code == "R303" and "'jnp'" in p.message for p in after.problems)


def test_importing_the_output_boundary_compiles_no_pattern():
    """Every command imports nhrp.escape; its character classes are compiled when first used."""
    code = ("import json, re\ncalls = []\ncompile = re.compile\n"
            "re.compile = lambda *a, **k: calls.append(a[0]) or compile(*a, **k)\n"
            "import nhrp.escape as e\nprint(len(calls))\n"
            "print(repr(e.terminal('a\\x1b[31mb\\u202e')), repr(e.xml_text('a\\x00b')))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split("\n")
    assert out[0] == "0", out
    assert out[1] == r"'a\\u001b[31mb\\u202e' 'ab'", out


def test_diff_between_two_commits_starts_eleven_git_processes(change, tmp_path):
    """Both commits' headers from one ``git log``, whether each holds a plan from one
    ``git cat-file --batch-check``, and both sides' files from one ``git cat-file --batch``
    (with the neighbours' later one): 11 processes, where there were 14."""
    trace = tmp_path / "trace"
    done = subprocess.run([sys.executable, "-m", "nhrp", "-C", str(change), *COMMANDS["diff"]],
                          capture_output=True, text=True,
                          env={**_env(), "GIT_TRACE": str(trace)})
    assert done.returncode == 0, done.stderr
    commands = [line.split("built-in: git ", 1)[1].split()[0]
                for line in trace.read_text().splitlines() if "built-in: git " in line]
    assert len(commands) == 11, commands
    assert commands.count("log") == 1 and commands.count("cat-file") == 3, commands


def test_validate_changed_since_asks_git_before_typer(change):
    """git's look at the working tree and the committed change (three git steps in turn) are
    asked for before typer is imported, and the command takes them over rather than asking
    again."""
    code = ("import sys\nfrom nhrp.core import branch\ncalls = []\n"
            "def spied(name):\n    real = getattr(branch, name)\n"
            "    def spy(*args):\n        calls.append((name, 'typer' in sys.modules))\n"
            "        return real(*args)\n    setattr(branch, name, spy)\n"
            "spied('scan')\nspied('committed')\nfrom nhrp.cli import app\n"
            "sys.argv = ['nhrp', '-C', sys.argv[1], 'validate', '--changed-since', 'base']\n"
            "try:\n    app.main()\nexcept SystemExit as exc:\n    print(exc.code, sorted(calls))\n")
    done = subprocess.run([sys.executable, "-c", code, str(change)], capture_output=True,
                          text=True, env=_env())
    assert done.stdout.strip().splitlines()[-1] == "0 [('committed', False), ('scan', False)]", \
        done.stdout + done.stderr


@pytest.mark.parametrize("argv, asked", [
    (["validate", "--changed-since", "base"], ("base",)),
    (["validate", "--changed-since=base"], ("base",)),
    (["validate", "--changed-since", "a", "--changed-since=b"], ("b",)),  # typer takes the last
    (["validate", "--changed-since"], None),
    (["validate", "--changed-since="], None),
    (["validate", "data"], None),
    (["check-scope", "--base", "base", "--head", "HEAD~1"], ("base", "HEAD~1")),
    (["check-scope", "--format", "github", "--base=base", "--author", "a@b.org"],
     ("base", "HEAD")),
    (["check-scope", "--head", "x"], None),
    (["-C", "plan", "diff", "base", "HEAD", "--format", "markdown"], ("base", "HEAD")),
    (["diff", "-f", "json", "base", "HEAD"], ("base", "HEAD")),
    (["diff", "--format=md", "base", "-fjson", "HEAD"], ("base", "HEAD")),
    (["diff", "base"], None),  # the working tree: nothing to ask early
    (["diff"], None),
    (["diff", "base", "HEAD", "--help"], None),
    (["diff", "--", "base", "HEAD"], None),
    (["diff", "base", "HEAD", "extra"], None),
    (["status"], None),
])
def test_what_is_started_is_what_typer_will_read(argv, asked):
    name, _ = prelude.command_name(argv)
    assert prelude.questions(name, argv) == asked


def test_diff_s_options_are_those_the_argument_reader_knows():
    """The reader finds diff's BASE and HEAD among its options: those that take a value must
    be the ones it skips (another one would only make it start nothing, or the wrong thing,
    which the command would not take)."""
    import typer.main

    command = typer.main.get_command(application.for_command(["diff"])).commands["diff"]
    valued = {o for p in command.params if p.param_type_name == "option" and not p.is_flag
              for o in p.opts}
    assert valued == set(prelude.DIFF_VALUE_OPTIONS)


def test_what_was_started_for_another_revision_is_not_taken(change):
    started = branch.Early(change, "base", neighbours.LISTED)
    prelude._started["validate"] = (change, ("base",), started)
    try:
        assert prelude.early("validate", change, "HEAD") is None
        assert prelude.early("validate", change.parent, "base") is None
        assert prelude.early("diff", change, "base") is None
        assert prelude.early("validate", change, "base") is started
        assert prelude.early("validate", change, "base") is None
    finally:
        started.stop()
        prelude._started.clear()


@pytest.mark.parametrize("name, spied", [("check-scope", "nhrp.core.scope._asked"),
                                         ("diff", "nhrp.core.revdiff._opened_points")])
def test_check_scope_and_diff_ask_git_before_typer(change, name, spied):
    """Their first questions to git (the commits, then what each asks of them at once) are
    asked on a thread started before typer is imported, once: the command takes the answers."""
    module, _, function = spied.rpartition(".")
    code = (f"import sys, importlib\nmodule = importlib.import_module({module!r})\n"
            f"real = module.{function}\ncalls = []\n"
            "def spy(*args):\n    calls.append('typer' in sys.modules)\n    return real(*args)\n"
            f"module.{function} = spy\nfrom nhrp.cli import app\n"
            f"sys.argv = ['nhrp', '-C', sys.argv[1], *{COMMANDS[name]!r}]\n"
            "try:\n    app.main()\nexcept SystemExit as exc:\n    print(exc.code, calls)\n")
    done = subprocess.run([sys.executable, "-c", code, str(change)], capture_output=True,
                          text=True, env=_env())
    assert done.stdout.strip().splitlines()[-1] == "0 [False]", done.stdout + done.stderr


EARLY_ARGV = {"validate": ["validate", "--changed-since", "{rev}"],
              "check-scope": ["check-scope", "--base", "{rev}", "--author", AUTHOR],
              "diff": ["diff", "{rev}", "HEAD"]}


@pytest.mark.parametrize("name", sorted(EARLY_ARGV))
@pytest.mark.parametrize("rev, says", [
    ("nope", "nhrp: 'nope' is not a commit, branch or tag"),
    ("orphan", "have no common history"),
    ("rival", "conflict"),
])
def test_an_early_question_that_fails_says_what_it_said_before(change, name, rev, says):
    """What the questions asked on a thread before typer raise reaches the user as it does
    when the command asks them itself (in-process, where nothing is started early): the same
    message and exit code, never a traceback."""
    git(change, "checkout", "-q", "--orphan", "orphan")
    git(change, "commit", "-q", "-m", "unrelated")
    git(change, "checkout", "-q", "-b", "rival", "base")
    rec = next((change / "data/recommendations").rglob("upr2-100.1.yaml"))
    rec.write_text(rec.read_text(encoding="utf-8").replace("summary:\n  en: ",
                                                           "summary:\n  en: Rival. "),
                   encoding="utf-8")
    git(change, "commit", "-q", "-am", "a rival change")
    git(change, "checkout", "-q", "change")
    argv = ["-C", str(change), *(a.format(rev=rev) for a in EARLY_ARGV[name])]
    done = subprocess.run([sys.executable, "-m", "nhrp", *argv], capture_output=True,
                          text=True, env=_env())
    runner = CliRunner().invoke(application.whole(), argv, env={"NHRP_TODAY": TODAY})
    assert "Traceback" not in done.stderr, done.stderr
    assert says in done.stderr + done.stdout, done.stderr + done.stdout
    assert (done.returncode, done.stdout, done.stderr) == (
        runner.exit_code, runner.stdout, runner.stderr)


def test_validate_changed_since_without_git_is_an_environment_problem(change, tmp_path):
    """Starting git's scan before typer must not turn a missing git into a traceback: the
    command says so itself, exit 3."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    done = subprocess.run([sys.executable, "-m", "nhrp", "-C", str(change), "validate",
                           "--changed-since", "base"], capture_output=True, text=True,
                          env={**_env(), "PATH": str(bin_dir)})
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "git is not installed" in done.stderr, done.stderr
