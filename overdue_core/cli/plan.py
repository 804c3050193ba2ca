"""``python -m overdue_core plan CASE.json [--strategy NAME|all] [--budget AMOUNT] [--format json|csv]``.

Why: a counselor can compute a plan for a case file without a browser, and other tools can
read it (JSON per strategy; or one CSV schedule with a strategy column). Bad files and a bad
budget end in the same translated problems and exit 2 as ``validate``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal

from pydantic import TypeAdapter, ValidationError

from overdue_core.case import Money, Problem, Strategy, problems_from_validation
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, print_problems, read_case_file
from overdue_core.i18n import t
from overdue_core.plan import SCHEDULE_COLUMNS, build_plan, compare_strategies
from overdue_core.user_text import escape_formula

#: Schedule columns that hold the person's own text.
TEXT_COLUMNS = ("debt_id", "platform")

_BUDGET = TypeAdapter(Money)


def _args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument(
        "--strategy", default=None, help="overdue_first, avalanche, snowball, custom, minimum_only or all"
    )
    parser.add_argument("--budget", default=None, help="monthly budget in yuan (default: from the case)")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    add_lang(parser)


def _parse_budget(text: str | None, lang: str) -> tuple[Decimal | None, list]:
    if text is None:
        return None, []
    try:
        return _BUDGET.validate_python(text), []
    except ValidationError as exc:
        return None, [
            Problem(t("plan.budget_label", lang), p.message, p.code) for p in problems_from_validation(exc, lang)
        ]


@command("plan", _args)
def plan(args: argparse.Namespace) -> int:
    lang = args.lang
    budget, problems = _parse_budget(args.budget, lang)
    strategies: list[Strategy] | None = None
    if args.strategy not in (None, "all"):
        try:
            strategies = [Strategy(args.strategy)]
        except ValueError:
            problems += [
                Problem(t("plan.strategy_label", lang), p.message, p.code)
                for p in problems_from_validation(_strategy_error(args.strategy), lang)
            ]
    if problems:
        print_problems(problems, lang)
        return EXIT_INVALID
    case, file_problems = read_case_file(args.file, lang)
    if case is None:
        print_problems(file_problems, lang)
        return EXIT_INVALID
    if args.strategy == "all":
        results = list(compare_strategies(case, budget).values())
    elif strategies:
        results = [build_plan(case, strategies[0], budget)]
    else:
        results = [build_plan(case, None, budget)]

    if args.format == "json":
        data = [r.to_json_dict(lang) for r in results]
        json.dump(data if len(data) > 1 else data[0], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["strategy", *SCHEDULE_COLUMNS])
        for result in results:
            for row in result.to_json_dict(lang)["schedule"]:
                # The debt's id and platform are the person's own text: a spreadsheet shows them, never runs them.
                cells = (escape_formula(str(row[c])) if c in TEXT_COLUMNS else row[c] for c in SCHEDULE_COLUMNS)
                writer.writerow([result.strategy.value, *cells])
    return EXIT_OK


def _strategy_error(value: str) -> ValidationError:
    """The same 'unknown choice' problem pydantic gives for a bad enum value."""
    try:
        TypeAdapter(Strategy).validate_python(value)
    except ValidationError as exc:
        return exc
    raise AssertionError("unreachable")
