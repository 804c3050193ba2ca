"""``validate`` and ``schema``: check a case file, print the case file's JSON Schema."""

from __future__ import annotations

import argparse
import sys

from overdue_core.case import schema_text
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, print_problems, read_case_file
from overdue_core.i18n import t
from overdue_core.measures.legal.true_cost import due_warnings


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
    # Warnings, not errors: a stated due that contradicts balance, rate and terms is trusted.
    for warning in due_warnings(case, args.lang):
        print(t("cli.warning", args.lang, text=warning))
    return EXIT_OK


@command("schema", lambda parser: None)
def schema(args: argparse.Namespace) -> int:
    """Print the case file's JSON Schema (checked in as docs/case-file.schema.json)."""
    sys.stdout.write(schema_text())
    return EXIT_OK
