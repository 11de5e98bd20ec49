"""The shape of the code, checked from its source: no import cycles anywhere in nhrp/ (imports
inside functions count too), the core and the output layer never import typer or rich, no
module grows past 500 lines, and nhrp's own modules are imported inside a function only by
the CLI (its lazy loading of commands). Read with ``ast``, nothing is executed."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import nhrp

PACKAGE = Path(nhrp.__file__).resolve().parent
MAX_LINES = 500

# Modules allowed over the limit while they are being split. Empty: none is.
LONG_FILES_IN_PROGRESS: set[str] = set()

# Cycles still being taken apart; each entry is the set of modules of one cycle. Empty: there
# are none, and a new one fails this test.
KNOWN_CYCLES: list[frozenset[str]] = []

# The core's deliberate lazy imports of its own modules, as (importing module, imported module),
# each because the imported module pulls in a heavy library that a warm run never needs:
# plan -> yamlio (PyYAML: a warm status or list parses nothing); service -> rules.check (YAML,
# jsonschema and the rules: bound into the index view only when no stored result holds);
# report.rows -> yamlio (PyYAML only for --format yaml); yamlio -> yamlstrict (PyYAML, ~15 ms:
# only for a file the compiled parser hands over, a position to find, or writing).
KNOWN_IN_FUNCTION = {
    ("nhrp.core.plan", "nhrp.core.yamlio"), ("nhrp.core.service", "nhrp.core.rules.check"),
    ("nhrp.report.rows", "nhrp.core.yamlio"), ("nhrp.core.yamlio", "nhrp.core.yamlstrict"),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the nhrp module imported
    line: int
    in_function: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _absolute(module: str, level: int, name: str | None) -> str:
    """The absolute name of a (possibly relative) ``from`` import inside ``module``."""
    if not level:
        return name or ""
    base = module.split(".")
    base = base if _is_package(module) else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The nhrp modules one import statement loads (``from nhrp.core import x`` loads
    nhrp.core.x when x is a module)."""
    found = []
    if isinstance(node, ast.Import):
        found = [alias.name for alias in node.names]
    else:
        base = _absolute(module, node.level, node.module)
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            found.append(sub if sub in MODULES else base)
    result = []
    for name in found:
        while name and name not in MODULES:  # import nhrp.core.x.y as attribute access
            name = name.rpartition(".")[0]
        if name.startswith("nhrp") and name in MODULES and name != module:
            result.append(name)
    return result


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module = module
        self.depth = 0
        self.imports: list[Import] = []
        self.third_party: list[tuple[str, int]] = []

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _import(self, node):
        for target in dict.fromkeys(_targets(self.module, node)):  # one per statement
            self.imports.append(Import(self.module, target, node.lineno, self.depth > 0))
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            names = [] if node.level else [node.module or ""]
        self.third_party += [(n.split(".")[0], node.lineno) for n in names]

    visit_Import = visit_ImportFrom = _import


def _collect() -> dict[str, _Collector]:
    collectors = {}
    for name, path in MODULES.items():
        collector = _Collector(name)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        collectors[name] = collector
    return collectors


COLLECTED = _collect()


def _graph() -> dict[str, set[str]]:
    graph = {name: set() for name in MODULES}
    for collector in COLLECTED.values():
        for imp in collector.imports:
            graph[imp.source].add(imp.target)
            # importing a.b.c runs a/__init__ and a/b/__init__ first
            parent = imp.target.rpartition(".")[0]
            while parent and parent != imp.source and not imp.source.startswith(parent + "."):
                if parent in MODULES:
                    graph[imp.source].add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as one
    concrete cycle through its modules, for the message."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, inside it."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(graph[node] & members):
            if succ == start:
                return paths[node] + [start]
            if succ not in paths:
                paths[succ] = paths[node] + [succ]
                queue.append(succ)
    return component


def _where(source: str, target: str) -> str:
    lines = [i.line for i in COLLECTED[source].imports if i.target == target]
    return f"{MODULES[source].relative_to(PACKAGE.parent)}:{lines[0]}" if lines else source


def test_the_graph_sees_every_kind_of_import():
    """The collector itself: relative, ``from package import module`` and in-function
    imports are all seen (else the cycle test would pass on a blind graph)."""
    graph = _graph()
    assert "nhrp.cli.common" in graph["nhrp.cli.application"]  # from nhrp.cli.common import State
    assert "nhrp.errors" in graph["nhrp.cli.application"]
    assert any(i.in_function for c in COLLECTED.values() for i in c.imports)  # lazy commands
    assert sum(len(t) for t in graph.values()) > 300


def test_no_import_cycles():
    graph = _graph()
    found = _cycles(graph)
    known = [c for c in found if frozenset(c) in KNOWN_CYCLES]
    new = [c for c in found if frozenset(c) not in KNOWN_CYCLES]
    messages = []
    for component in new:
        cycle = _one_cycle(graph, component)
        steps = [f"  {a} -> {b}  ({_where(a, b)})" for a, b in zip(cycle, cycle[1:])]
        messages.append(f"cycle among {len(component)} modules: {', '.join(component)}\n"
                        + "\n".join(steps))
    assert not messages, "import cycles in nhrp/:\n" + "\n".join(messages)
    stale = [sorted(k) for k in KNOWN_CYCLES if list(sorted(k)) not in known]
    assert not stale, f"KNOWN_CYCLES lists cycles that are gone; remove them: {stale}"


@pytest.mark.parametrize("layer", ["nhrp.core", "nhrp.report", "nhrp.errors"])
def test_core_and_report_never_import_typer_or_rich(layer):
    offenders = [f"{MODULES[name].relative_to(PACKAGE.parent)}:{line} imports {lib}"
                 for name, collector in COLLECTED.items()
                 if name == layer or name.startswith(layer + ".")
                 for lib, line in collector.third_party if lib in ("typer", "rich", "click")]
    assert not offenders, "\n".join(offenders)


def test_no_module_is_over_500_lines():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    unexpected = {n: c for n, c in long.items() if n not in LONG_FILES_IN_PROGRESS}
    assert not unexpected, f"modules over {MAX_LINES} lines: {unexpected}"
    stale = LONG_FILES_IN_PROGRESS - set(long)
    assert not stale, f"LONG_FILES_IN_PROGRESS lists files now short enough; remove: {stale}"


def test_nhrp_modules_are_imported_inside_functions_only_by_the_cli():
    """Lazy loading of nhrp's own modules is for the CLI's commands; the core imports its
    own modules at the top, so the graph is visible and cycles cannot hide."""
    lazy = [i for c in COLLECTED.values() for i in c.imports
            if i.in_function and not i.source.startswith("nhrp.cli.")]
    offenders = [f"{MODULES[i.source].relative_to(PACKAGE.parent)}:{i.line} imports {i.target}"
                 for i in lazy if (i.source, i.target) not in KNOWN_IN_FUNCTION]
    assert not offenders, (f"{len(offenders)} in-function imports of nhrp modules outside "
                           "nhrp/cli:\n" + "\n".join(offenders))
    stale = KNOWN_IN_FUNCTION - {(i.source, i.target) for i in lazy}
    assert not stale, f"KNOWN_IN_FUNCTION lists imports that are gone; remove them: {stale}"


def test_the_cli_starts_without_the_core_or_heavy_libraries():
    """``nhrp --help`` stays about as fast as importing typer: the commands' modules are
    registered, but the core, the output layer and YAML, jsonschema, Jinja2, rich, openpyxl,
    docx are loaded only by the command that needs them."""
    code = ("import sys; from nhrp.cli.app import app; print(' '.join(sorted(m for m in sys.modules if "
            "m.split('.')[0] in HEAVY or m.startswith(('nhrp.core.', 'nhrp.report')))))")
    heavy = "('yaml', 'jsonschema', 'jinja2', 'git', 'rich', 'openpyxl', 'docx')"
    loaded = subprocess.run([sys.executable, "-c", code.replace("HEAVY", heavy)], check=True,
                            capture_output=True, text=True).stdout.split()
    assert loaded == ["nhrp.core.settings"], loaded
