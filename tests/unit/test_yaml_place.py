"""The position finder that needs no PyYAML (nhrp.core.yamlplace) gives, wherever it answers,
exactly what composing the file with the strict loader gives (nhrp.core.yamlstrict.locate):
every place in every fixture, the bundled plan and a generated plan, and in mutations of them.
And it does answer for the files nhrp writes."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import yaml

from conftest import FIXTURES, ROOT
from nhrp.core import yamlio, yamlplace, yamlstrict

BITS = ["\n", " ", "  ", "- ", ": ", "#", " # c", "'", '"', "|", ">-", "[", "{", "x", "a: b",
        "\n  ", "\n- ", "\n-", "&a ", "*a", "!!str ", "?", "''", "\\", "\t", "-", ":", "---\n",
        "\x85", "\u2028", "\u2029"]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("generated") / "plan"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "40", str(folder),
                    "--commits", "1"], check=True, capture_output=True)
    paths = [*FIXTURES.rglob("*.yaml"), *(ROOT / "data").rglob("*.yaml"),
             *folder.rglob("*.yaml")]
    out = {}
    for path in paths:
        try:
            out[str(path)] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
    return out


def _places(text: str) -> list[tuple]:
    """Every path in the file, and one missing child of every mapping and sequence."""
    try:
        root = yaml.compose(text, Loader=yamlstrict.PlanLoader)
    except Exception:  # noqa: BLE001 - an unreadable file has no places
        return []
    out, stack = [], [(root, ())]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if isinstance(node, yaml.MappingNode):
            out.append((*path, "no-such-key"))
            stack += [(v, (*path, k.value)) for k, v in node.value
                      if isinstance(k, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            out.append((*path, len(node.value)))
            stack += [(v, (*path, i)) for i, v in enumerate(node.value)]
    return out


def _agrees(text: str) -> int:
    """How many places were answered here; each answer is the strict loader's."""
    answered = 0
    for path in _places(text):
        for key in (False, True):
            light = yamlplace.locate(text, path, key=key)
            if light is not None:
                answered += 1
                assert light == yamlstrict.locate(text, path, key=key), (text, path, key)
    return answered


def test_every_place_in_every_plan_file_is_the_strict_loader_s(texts):
    answered = {name: _agrees(text) for name, text in texts.items()}
    written = [n for n in answered if "/fixtures/" not in n]
    # the bundled plan and the generated one are in the form read here, all of them
    assert all(answered[n] for n in written), [n for n in written if not answered[n]][:5]
    assert sum(1 for n in answered if answered[n]) > 0.8 * len(answered)


def test_mutated_files_are_placed_as_the_strict_loader_places_them_or_left_to_it(texts):
    rng = random.Random(15)
    names = sorted(texts)
    answered = left = 0  # mutated files placed here (each place compared) / all left over
    for _ in range(3000):
        text = texts[rng.choice(names)]
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(BITS) + text[at:]
        if _agrees(text):
            answered += 1
        else:
            left += 1
    # both paths are taken often: the comparison above ran on many answered places
    assert answered > 300 and left > 300, (answered, left)


def test_what_is_left_to_the_strict_loader():
    for text in ("a:\nb: 1\n", "a: [1, 2]\n", "a: x\n  y\n", "a: 'x\n  y'\n", "a: \"x\\ty\"\n",
                 "a: |\n  text\n", "a: &x 1\n", "--- \na: 1\n", "a:\tb\n", "'a': 1\n",
                 "a: 1\na: 2\n"):
        path = ("a",)
        assert yamlplace.locate(text, path) is None, text
    assert yamlplace.locate("a: |\n  text\n", ("a",), key=True) is not None


@pytest.mark.parametrize("text", ['a: "x\u2028y"\nb: 1\n', "a: 1\u2028\nb: 1\n",
                                  "# note\u2029\nb: 1\n", 'a: "x\x85y"\nb: 1\n'])
def test_libyaml_s_other_line_breaks_are_left_to_the_strict_loader(text):
    """U+0085, U+2028 and U+2029 end a line for libyaml: a file holding one (in a quoted value,
    at a line's end, in a comment) is placed by the strict loader, whose lines count them."""
    assert yamlplace.locate(text, ("b",)) is None
    assert yamlio.locate(text, ("b",)).line == yamlstrict.locate(text, ("b",)).line == 3
