"""``python -m overdue_core legal CASE.json [--format json|text] [--lang en]``: true cost against the legal lines.

Why: "is this rate legal?" is the question a counselor is asked most; per debt this prints the
all-in APR (over the whole contract: money kept at payout, every fee) and each line that applies
to the lender with its value and a status ``within`` or ``above``. A bad file ends in exit 2
with every problem listed, as ``validate`` does.
"""

from __future__ import annotations

import argparse
import json

from overdue_core.case import fmt_pct
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, print_item, print_problems, read_case_file
from overdue_core.i18n import t
from overdue_core.measures.legal.true_cost import true_costs


def _legal_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parser)


@command("legal", _legal_args)
def legal_command(args: argparse.Namespace) -> int:
    lang = args.lang
    case, problems = read_case_file(args.file, lang)
    if case is None:
        print_problems(problems, lang)
        return EXIT_INVALID
    costs = true_costs(case)
    if args.format == "json":
        print(
            json.dumps(
                {"as_of": case.as_of.isoformat(), "debts": [c.to_dict() for c in costs]}, ensure_ascii=False, indent=2
            )
        )
        return EXIT_OK
    for cost in costs:
        if cost.apr is not None:
            apr = t("legal_cli.apr", lang, nominal=fmt_pct(cost.apr.nominal), effective=fmt_pct(cost.apr.effective))
        else:
            apr = t("legal_cli.apr_needs_terms" if cost.terms_needed else "legal_cli.apr_unknown", lang)
        print(t("legal_cli.debt_line", lang, platform=cost.platform, apr=apr, stated=fmt_pct(cost.stated_rate)))
        if cost.implied_rate is not None:
            print("  " + t("legal_cli.implied", lang, implied=fmt_pct(cost.implied_rate)))
        for line in cost.lines:
            label, status = t(f"legal.line_label_{line.code}", lang), t(f"legal_cli.status.{line.status}", lang)
            print_item("legal_cli.line", lang, line=label, value=line.value_text, status=status)
    print()
    print(t("app.not_advice", lang))
    return EXIT_OK
