"""Run a debts import in a separate, limited process: a file can make it slow or greedy, never harmful.

Why: reading a spreadsheet means unpacking a zip and parsing XML written by anyone. The checks in
:mod:`overdue_core.report.debt_import` refuse the known bombs before anything is unpacked, but a file
nobody foresaw must still not stall the server or eat the memory that every open session
shares. So the reading runs in a child process (:mod:`overdue_core.report.import_child`) limited
in CPU time and address space, with a wall-clock timeout on top; when it needs more it is
stopped, and the person reads a plain problem instead. The file goes to the child on stdin and
the result comes back as JSON on stdout: nothing is written to disk.

At most :data:`MAX_CHILDREN` children read at once in one process (the app's server, or one
import command): each may take a core and hundreds of MB, and every open session shares them.
An import that finds no free place within :data:`BUSY_WAIT_SECONDS` is not read; the person is
told, in their language, to try again in a moment (the problem's code is ``"busy"``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from overdue_core.case.models import Debt
from overdue_core.case.problems import Problem
from overdue_core.i18n import t
from overdue_core.report.debt_import import DebtImport, ImportedRow

#: Wall-clock seconds an import may take, child start included (a 200-row file needs about one).
IMPORT_SECONDS = 30
#: Address space the child may use, in MB (Python with pydantic and openpyxl needs about 150).
IMPORT_MEMORY_MB = 768

CHILD = Path(__file__).with_name("import_child.py")
#: Import children reading at once in this process (the machine it was measured on has 2 cores).
MAX_CHILDREN = 2
#: How long an import waits for a free place before it is told to try again (seconds).
BUSY_WAIT_SECONDS = 5.0
#: The code of the problem an import gets when every place stayed taken.
IMPORT_BUSY = "busy"

_places = threading.BoundedSemaphore(MAX_CHILDREN)


def result_to_json(result: DebtImport) -> dict[str, Any]:
    """What an import found as plain JSON (also what ``python -m overdue_core import --format json`` prints)."""
    return {
        "debts": [{"line": row.line, "debt": row.debt.model_dump(mode="json")} for row in result.rows],
        "problems": [{"path": p.path, "message": p.message, "code": p.code} for p in result.problems],
        "ignored_columns": list(result.ignored_columns),
    }


def result_from_json(data: dict[str, Any]) -> DebtImport:
    """The inverse of :func:`result_to_json` (each debt validated again)."""
    return DebtImport(
        rows=[ImportedRow(line=int(item["line"]), debt=Debt.model_validate(item["debt"])) for item in data["debts"]],
        problems=[
            Problem(path=str(p["path"]), message=str(p["message"]), code=str(p["code"])) for p in data["problems"]
        ],  # noqa: E501
        ignored_columns=[str(c) for c in data["ignored_columns"]],
    )


def _stopped(code: str, lang: str, **params: Any) -> DebtImport:
    return DebtImport(problems=[Problem(path="", message=t(f"import_guard.{code}", lang, **params), code=code)])


class ChildStopped(Exception):
    """The child was not run, or stopped: ``code`` names the message under ``import_guard.``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def read_in_child(
    raw: bytes,
    filename: str,
    lang: str,
    *,
    reader: str = "debts",
    seconds: float = IMPORT_SECONDS,
    memory_mb: int = IMPORT_MEMORY_MB,
) -> dict[str, Any]:
    """What the child's ``reader`` (``debts`` or ``bills``) made of the file, as JSON; raises :class:`ChildStopped`.

    Waits up to :data:`BUSY_WAIT_SECONDS` for one of the :data:`MAX_CHILDREN` places (shared by
    every reader); without one, no child is started and the code is ``"busy"``.
    """
    if not _places.acquire(timeout=BUSY_WAIT_SECONDS):
        raise ChildStopped(IMPORT_BUSY)
    try:
        cmd = [sys.executable, str(CHILD), filename or "", lang, str(max(1, round(seconds))), str(memory_mb), reader]
        try:
            done = subprocess.run(cmd, input=raw, capture_output=True, timeout=seconds, check=False)
        except subprocess.TimeoutExpired:  # run() has killed the child
            raise ChildStopped("too_slow", seconds=round(seconds)) from None
    finally:
        _places.release()
    if done.returncode < 0:  # stopped by a signal: its CPU time ran out
        raise ChildStopped("too_slow", seconds=round(seconds))
    if done.returncode != 0:  # out of memory (while reading, or already while starting)
        raise ChildStopped("too_much_memory", limit_mb=memory_mb)
    try:
        data = json.loads(done.stdout)
    except ValueError:
        raise ChildStopped("too_much_memory", limit_mb=memory_mb) from None
    if not isinstance(data, dict):
        raise ChildStopped("too_much_memory", limit_mb=memory_mb)
    return data


def read_debts_limited(
    raw: bytes,
    filename: str,
    lang: str,
    *,
    seconds: float = IMPORT_SECONDS,
    memory_mb: int = IMPORT_MEMORY_MB,
) -> DebtImport:
    """:func:`~overdue_core.report.debt_import.read_debts` in a child limited in time and memory. Never raises.

    Waits up to :data:`BUSY_WAIT_SECONDS` for one of the :data:`MAX_CHILDREN` places; without one,
    the result is the single problem ``"busy"`` and no child is started.
    """
    try:
        data = read_in_child(raw, filename, lang, seconds=seconds, memory_mb=memory_mb)
    except ChildStopped as stopped:
        return _stopped(stopped.code, lang, **stopped.params)
    try:
        return result_from_json(data)
    except (ValueError, KeyError, TypeError, ValidationError):
        return _stopped("too_much_memory", lang, limit_mb=memory_mb)
