"""``python -m overdue_core court-fee AMOUNT [--procedure …]``: the court acceptance fee.

Why on the command line: a counselor on the phone with a frightened client wants the figure in
one line. Bad amounts end in exit 2 with a translated reason, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from overdue_core.case import fmt_money
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command
from overdue_core.i18n import t
from overdue_core.measures.legal import Procedure, court_fee, parse_input


def _court_fee_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("amount", help="amount claimed, in yuan (e.g. 50000 or 50,000.00)")
    parser.add_argument("--procedure", choices=[p.value for p in Procedure], default=Procedure.ORDINARY.value)
    add_lang(parser)


@command("court-fee", _court_fee_args)
def court_fee_command(args: argparse.Namespace) -> int:
    query, problems = parse_input({"amount": args.amount, "procedure": args.procedure}, args.lang)
    if query is None:
        print(t("legal.court.cli_invalid", args.lang), file=sys.stderr)
        for item in problems:
            print(f"  - {item}", file=sys.stderr)
        return EXIT_INVALID
    fee = court_fee(query.amount, query.procedure)
    print(
        t(
            "legal.court.cli_result",
            args.lang,
            fee=fmt_money(fee),
            amount=fmt_money(query.amount),
            procedure=t(f"legal.court.procedure.{query.procedure.value}", args.lang),
        )
    )
    return EXIT_OK
