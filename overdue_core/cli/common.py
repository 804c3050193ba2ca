"""What every command shares: exit codes, the command registry, reading a case file, printing problems.

Why apart from ``__init__``: each command module registers itself here, and ``main`` imports the
command modules; keeping the registry in its own module means no command imports ``main``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from overdue_core.case import MAX_FILE_BYTES, Case, Problem, parse_case, problem
from overdue_core.i18n import DEFAULT_LANG, LANGS, t

EXIT_OK = 0
EXIT_INVALID = 2

#: name -> (add_arguments(parser), run(args) -> exit code). Modules add themselves below.
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, add_arguments: Callable[[argparse.ArgumentParser], None]):
    """Decorator that registers a subcommand."""

    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = (add_arguments, run)
        return run

    return register


def read_case_file(path: str, lang: str) -> tuple[Case | None, list[Problem]]:
    """Read and validate a case file from disk; problems instead of exceptions."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            return None, [problem("file_too_large", lang, limit_mb=MAX_FILE_BYTES // (1024 * 1024))]
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, [problem("file_not_found", lang, file=path)]
    except (IsADirectoryError, PermissionError, OSError):
        return None, [problem("file_unreadable", lang, file=path)]
    return parse_case(raw, lang)


def read_upload(path: str, limit: int, too_large: Problem, lang: str) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, read only from a regular file and never past ``limit``: a device such as
    /dev/zero reports size 0 and never ends, a pipe may never end either."""
    file = Path(path)
    try:
        if not file.exists():
            return None, problem("file_not_found", lang, file=path)
        if not file.is_file():
            return None, problem("file_unreadable", lang, file=path)
        if file.stat().st_size > limit:  # refused before reading it into memory
            return None, too_large
        with file.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError:
        return None, problem("file_unreadable", lang, file=path)
    if len(raw) > limit:  # it grew while being read
        return None, too_large
    return raw, None


def print_problems(problems: list[Problem], lang: str) -> None:
    print(t("cli.invalid_header", lang, count=len(problems)), file=sys.stderr)
    for item in problems:
        print(f"  - {item}", file=sys.stderr)


def print_item(key: str, lang: str, **params: object) -> None:
    """One translated line of a list, as every command prints its lists: ``  - <text>``."""
    print("  - " + t(key, lang, **params))


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
