"""Command line: ``python -m overdue_core <command> ...``.

Why: counselors and other tools check or compute a case without a browser. Each command lives
in its own module of this package (``case``: validate and schema; ``plan``; ``risk``;
``court_fee``; ``legal``; ``import_table``: a debts table; ``bills``: Alipay and WeChat Pay
exports) and registers itself in :mod:`overdue_core.cli.common`; bad input always ends in exit 2
with every problem listed, never a traceback. The commands are thin: they call the core's
packages and print.
"""

from __future__ import annotations

import argparse
import importlib

from overdue_core.cli.common import COMMANDS
from overdue_core.i18n import t

COMMAND_MODULES = (
    "overdue_core.cli.case",
    "overdue_core.cli.plan",
    "overdue_core.cli.risk",
    "overdue_core.cli.legal",
    "overdue_core.cli.court_fee",
    "overdue_core.cli.import_table",
    "overdue_core.cli.bills",
)


def _load_command_modules() -> None:
    """Import the modules whose commands register themselves (kept lazy for a fast start)."""
    for module in COMMAND_MODULES:
        importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    _load_command_modules()
    parser = argparse.ArgumentParser(prog="python -m overdue_core", description=t("cli.description", "en"))
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, _run) in sorted(COMMANDS.items()):
        add_arguments(sub.add_parser(name))
    args = parser.parse_args(argv)
    return COMMANDS[args.command][1](args)
