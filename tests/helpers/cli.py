"""The command line as tests call it: in this process for what it prints, as a real process to prove it starts.

Why: a new interpreter imports the whole core (about 1.5 s of CPU each time), and most command-line
tests are about what a command prints and its exit code, which ``main(argv)`` gives as well. An
exception inside the command is not caught here: it fails the test, as a traceback would.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from overdue_core.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m overdue_core ARGS`` run in this process: its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as stop:  # argparse's own exits (a usage error is exit 2)
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return subprocess.CompletedProcess(["python", "-m", "overdue_core", *args], code, out.getvalue(), err.getvalue())


def run_module(*args: str) -> subprocess.CompletedProcess:
    """``python -m overdue_core ARGS`` in a new interpreter, as a counselor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "overdue_core", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
