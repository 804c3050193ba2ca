"""The child process of :func:`overdue_core.report.limits.read_debts_limited`, run by its path.

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
    """Make ``overdue_core.report`` a bare package so that importing its reader runs no ``__init__``."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here.parents[1]))
    package = types.ModuleType("overdue_core.report")
    package.__path__ = [str(here)]  # type: ignore[attr-defined]
    sys.modules["overdue_core.report"] = package


def main(argv: list[str]) -> int:
    filename, lang, seconds, memory_mb = argv[0], argv[1], int(argv[2]), int(argv[3])
    _limit(seconds, memory_mb)
    raw = sys.stdin.buffer.read()
    try:
        import json

        from overdue_core.report.debt_import import read_debts
        from overdue_core.report.limits import result_to_json

        result = read_debts(raw, filename, lang)
        sys.stdout.write(json.dumps(result_to_json(result), ensure_ascii=False))
    except MemoryError:
        return EXIT_OUT_OF_MEMORY
    return 0


if __name__ == "__main__":
    _load_reader_only()
    sys.exit(main(sys.argv[1:]))
