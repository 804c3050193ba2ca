"""Lines within the configured length (pyproject's ``[tool.ruff] line-length``), checked by ruff.

Why: long lines hide what a diff changes and read badly beside a page; the limit lives in one
place (pyproject.toml) and this test is what enforces it, in ``make test`` and in CI.
"""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_every_python_line_is_within_the_configured_length():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "E501", "--output-format", "concise", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
