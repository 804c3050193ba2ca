"""Command line: ``python -m overdue_core <command> ...``.

Why: counselors and other tools check or compute a case without a browser. Each command lives
in its own module and registers here; bad input always ends in exit 2 with every problem
listed, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .casefile import MAX_FILE_BYTES, parse_case, schema_text
from .i18n import DEFAULT_LANG, LANGS, t
from .models import Case
from .problems import Problem, problem

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


def print_problems(problems: list[Problem], lang: str) -> None:
    print(t("cli.invalid_header", lang, count=len(problems)), file=sys.stderr)
    for item in problems:
        print(f"  - {item}", file=sys.stderr)


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)


def _validate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    add_lang(parser)


@command("validate", _validate_args)
def validate(args: argparse.Namespace) -> int:
    case, problems = read_case_file(args.file, args.lang)
    if case is None:
        print_problems(problems, args.lang)
        return EXIT_INVALID
    print(
        t(
            "cli.valid_summary",
            args.lang,
            debts=len(case.debts),
            overdue=sum(1 for d in case.debts if d.overdue_amount > 0),
            owed=f"{case.total_owed:,.2f}",
            as_of=case.as_of.isoformat(),
        )
    )
    return EXIT_OK


@command("schema", lambda parser: None)
def schema(args: argparse.Namespace) -> int:
    """Print the case file's JSON Schema (checked in as docs/case-file.schema.json)."""
    sys.stdout.write(schema_text())
    return EXIT_OK


def _load_command_modules() -> None:
    """Import the modules whose commands register themselves (kept lazy for a fast start)."""
    import importlib

    for module in ("overdue_core.cli_plan", "overdue_core.cli_risk", "overdue_core.cli_legal"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: list[str] | None = None) -> int:
    _load_command_modules()
    parser = argparse.ArgumentParser(prog="python -m overdue_core", description=t("cli.description", "en"))
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, _run) in sorted(COMMANDS.items()):
        add_arguments(sub.add_parser(name))
    args = parser.parse_args(argv)
    return COMMANDS[args.command][1](args)
