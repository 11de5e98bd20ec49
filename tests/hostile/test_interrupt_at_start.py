"""Ctrl-C while a run is still starting (finding the command, importing typer and the command's
module: before the application's own error boundary exists; or while typer reads the command
line, which turns it into a silent exit 130) ends the run as Ctrl-C does later:
``nhrp: interrupted`` and exit 130, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

START = {
    "prelude": "prelude.start = interrupt",
    "building the command": "import nhrp.cli.application as a; a.for_command = interrupt",
    "typer reading the command line":
        "import nhrp.cli.application as a; a._Boundary.make_context = interrupt",
}


@pytest.mark.parametrize("where", sorted(START))
def test_ctrl_c_while_starting_is_a_clean_exit_130(where):
    code = ("import sys\n"
            "from nhrp.cli import app, prelude\n"
            "def interrupt(*args, **kwargs):\n"
            "    raise KeyboardInterrupt\n"
            f"{START[where]}\n"
            "sys.argv = ['nhrp', 'validate', '--changed-since', 'main']\n"
            "app.main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "nhrp: interrupted\n"
