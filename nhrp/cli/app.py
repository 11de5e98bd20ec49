"""The ``nhrp`` entry point: finds the command in the arguments, starts what it can start
before typer has read them (importing typer and building a command take ~50 ms of every run),
then runs the application of :mod:`nhrp.cli.application` built for that command.

``app`` (``from nhrp.cli.app import app``) is the whole application, for tests.
"""

from __future__ import annotations

import sys

from nhrp.cli import prelude


def main() -> None:
    """Console-script entry point. The cyclic garbage collector stays off for the run: plan
    data holds no reference cycles, so it would only re-scan the loaded plan again and again
    (measured on 10,000 recommendations: ``list`` 1.07 s -> 0.67 s, ``log`` 2.6 s -> 2.1 s, with
    the same peak memory for validate, status, list and log)."""
    import gc

    gc.disable()
    argv = sys.argv[1:]
    try:
        prelude.start(argv)
        from nhrp.cli.application import for_command  # typer

        command = for_command(argv)
    except KeyboardInterrupt:  # Ctrl-C before the application's own boundary is in place
        sys.stderr.write("nhrp: interrupted\n")
        raise SystemExit(130) from None
    try:
        command(prog_name="nhrp")
    except SystemExit as done:  # Ctrl-C while typer read the command line: typer exits 130
        if done.code == 130:
            from nhrp.cli.application import say_interrupted

            say_interrupted()
        raise


def __getattr__(name: str):
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from nhrp.cli.application import whole

    return whole()
