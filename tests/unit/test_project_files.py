"""Facts about the project that are written in one place: the version, the licence, the
project's address, the supported platforms."""

from __future__ import annotations

import re
import subprocess
import tomllib

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_written_once():
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "nhrp.__version__"}


def test_the_licence_file_matches_the_metadata():
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "CC BY 4.0" in (ROOT / "data" / "SOURCES.md").read_text(encoding="utf-8")


def test_the_project_address_is_written_only_in_pyproject():
    home = PYPROJECT["project"]["urls"]["Homepage"]
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True,
                             check=True).stdout.split()
    holders = [p for p in tracked if p != "pyproject.toml" and (ROOT / p).is_file()
               and not (ROOT / p).is_symlink()
               and home.encode() in (ROOT / p).read_bytes()]
    assert holders == []


def test_supported_platforms_are_stated():
    classifiers = PYPROJECT["project"]["classifiers"]
    assert "Operating System :: POSIX :: Linux" in classifiers
    assert not [c for c in classifiers if "Windows" in c]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"Windows.*WSL", readme)
