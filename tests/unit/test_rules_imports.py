"""The rules depend only downward: on the records, the schemas and the vocabularies, never on
loading a plan, the caches, git or the validate orchestrator; and what the rules part owns
imports nhrp's own modules only at the top of the file, where a cycle cannot hide."""

from __future__ import annotations

import ast
from pathlib import Path

NHRP = Path(__file__).resolve().parents[2] / "nhrp"
RULES = sorted((NHRP / "core" / "rules").glob("*.py"))
OWNED = RULES + [NHRP / "core" / "validate.py", NHRP / "core" / "analysis.py",
                 NHRP / "report" / "problems.py"]
BELOW = {"nhrp.core.plan", "nhrp.core.layout", "nhrp.core.schemas", "nhrp.core.yamlio",
         "nhrp.core.sides", "nhrp.core.analysis", "nhrp.core.translations", "nhrp.core.textfold",
         "nhrp.escape"}


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at the top of the file) for every import of nhrp's own modules; ``from a
    import b`` counts as ``a.b`` (a module or a name in a)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("nhrp"):
            names = [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("nhrp")]
        found += [(name, id(node) in top) for name in names]
    return found


def test_own_modules_are_imported_at_the_top_only():
    inside = {(path.name, name) for path in OWNED for name, at_top in imports(path)
              if not at_top}
    assert inside == set()


def test_rules_depend_only_on_records_schemas_and_vocabularies():
    modules = {f"nhrp.core.rules.{p.stem}" for p in RULES} | {"nhrp.core.rules"}
    for path in RULES:
        used = {name for name, _ in imports(path)}
        known = {name for name in used if name in modules | BELOW
                 or name.rpartition(".")[0] in modules | BELOW}
        assert used - known == set(), path.name
