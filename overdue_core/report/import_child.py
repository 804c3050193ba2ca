"""The child process of :func:`overdue_core.report.limits.read_in_child` (debts tables and bills), run by its path.

It first limits itself (CPU seconds and address space: ``resource.setrlimit`` on its own process,
since a ``preexec_fn`` is unsafe in the threaded server), then reads the file from stdin and
writes the result as JSON to stdout. Exit 3 means it ran out of memory.

It loads only what reading needs: the ``report`` package's ``__init__`` would also load the PDF
and the plan (pandas), which would make every import slower to start and larger for nothing.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

EXIT_OUT_OF_MEMORY = 3


def _limit(seconds: int, memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: only the parent's wall-clock timeout applies
        return
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _load_reader_only() -> None:
    """Make ``overdue_core.report`` and ``overdue_core.bills`` bare packages: importing a reader
    runs no ``__init__``."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parents[1]))
    for name in ("report", "bills"):
        package = types.ModuleType(f"overdue_core.{name}")
        package.__path__ = [str(here.parent / name)]  # type: ignore[attr-defined]
        sys.modules[f"overdue_core.{name}"] = package


def _read(raw: bytes, filename: str, lang: str, reader: str) -> dict:
    """The file read by ``reader`` (a debts table, or a bill export), as JSON."""
    if reader == "bills":
        from overdue_core.bills.readers import read_bill, reading_to_json

        return reading_to_json(read_bill(raw, filename, lang))
    from overdue_core.report.debt_import import read_debts
    from overdue_core.report.limits import result_to_json

    return result_to_json(read_debts(raw, filename, lang))


def main(argv: list[str]) -> int:
    filename, lang, seconds, memory_mb = argv[0], argv[1], int(argv[2]), int(argv[3])
    reader = argv[4] if len(argv) > 4 else "debts"
    _limit(seconds, memory_mb)
    raw = sys.stdin.buffer.read()
    try:
        import json

        sys.stdout.write(json.dumps(_read(raw, filename, lang, reader), ensure_ascii=False))
    except MemoryError:
        return EXIT_OUT_OF_MEMORY
    return 0


if __name__ == "__main__":
    _load_reader_only()
    sys.exit(main(sys.argv[1:]))
