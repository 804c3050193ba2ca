"""Read bills in the import child, limited in time and memory, one file at a time.

Why the same child as the debts import: a bill is a file anyone could have written (an XLSX is
a zip of XML), so it is read where a slow or greedy file can only stop itself. The places are
shared with the debts import (:data:`overdue_core.report.limits.MAX_CHILDREN` at once per
process), and each file goes to the child on stdin: nothing is written to disk.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from overdue_core.bills.proposals import BillProposals, propose
from overdue_core.bills.readers import BillReading, reading_from_json
from overdue_core.case.problems import Problem
from overdue_core.i18n import t
from overdue_core.report.limits import IMPORT_MEMORY_MB, IMPORT_SECONDS, ChildStopped, read_in_child


def _stopped(code: str, lang: str, **params: Any) -> BillReading:
    return BillReading(problems=[Problem(path="", message=t(f"import_guard.{code}", lang, **params), code=code)])


def read_bill_limited(
    raw: bytes,
    filename: str,
    lang: str,
    *,
    file: int = 0,
    seconds: float = IMPORT_SECONDS,
    memory_mb: int = IMPORT_MEMORY_MB,
) -> BillReading:
    """:func:`~overdue_core.bills.readers.read_bill` in the limited child. Never raises."""
    try:
        reading = reading_from_json(
            read_in_child(raw, filename, lang, reader="bills", seconds=seconds, memory_mb=memory_mb)
        )
    except ChildStopped as stopped:
        return _stopped(stopped.code, lang, **stopped.params)
    except (ValueError, KeyError, TypeError, ValidationError):
        return _stopped("too_much_memory", lang, limit_mb=memory_mb)
    if file:  # the child numbers every file 0; rows keep which file they came from
        reading.rows = [row.model_copy(update={"file": file}) for row in reading.rows]
    name = filename or ""
    reading.problems = [
        Problem(path=f"{name} › {p.path}" if p.path else name, message=p.message, code=p.code) if name else p
        for p in reading.problems
    ]
    return reading


def read_bills_limited(files: list[tuple[str, bytes]], lang: str) -> tuple[list[BillReading], BillProposals]:
    """Every file read in turn, then the proposals from all of them together."""
    readings = [read_bill_limited(raw, name, lang, file=n) for n, (name, raw) in enumerate(files)]
    return readings, propose(readings)
