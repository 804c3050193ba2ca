"""``python -m overdue_core risk PATH [--format text|json] [--lang en]``: the risk score from the command line.

Why: a counselor checks a client's file without a browser, and a batch of files (a folder, or a
JSON-lines file with one case per line) is scored in one run, one JSON line per case, so other
tools and the performance checks can read the output. Bad input never raises: a single bad
file ends in exit 2 with every problem listed (as ``validate`` does); in a batch each bad case
gets its problems on its own line and the run ends in exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from overdue_core.case import Case, Problem, fmt_money, parse_case, problem
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, print_item, print_problems, read_case_file
from overdue_core.i18n import t
from overdue_core.plan import build_plan, headline
from overdue_core.risk import assess, assessment_dict


def _risk_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", help="a case file (.json), a JSON-lines file (.jsonl, one case per line) or a folder of them"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="single case: text or one JSON object; batches are always JSON lines",
    )
    add_lang(parser)


def _problem_dicts(problems: list[Problem]) -> list[dict[str, str]]:
    return [{"path": p.path, "message": p.message, "code": p.code} for p in problems]


def _print_text(case: Case, lang: str) -> None:
    result, stress = assess(case)
    print(t("risk.cli.score_line", lang, score=result.score, level=result.level_text(lang)))
    print(t(f"risk.level_note.{result.level.value}", lang))
    if result.level_reason != "score":
        print(t(f"risk_levels.reason.{result.level_reason}", lang))
    print()
    print(t("risk.cli.factors_heading", lang))
    for f in sorted(result.factors, key=lambda f: -f.points):
        measure = t(f"risk.measure.{f.measure.value}.name", lang)
        print_item(
            "risk.cli.factor_line", lang, name=f.name(lang), value=f.value_text(lang), points=f.points, measure=measure
        )
        print(f"    {f.explanation(lang)}")
    print()
    print(t("risk.cli.stress_heading", lang))
    for s in stress:
        scenario, level = t(f"risk.scenario.{s.scenario}", lang), t(f"risk.level.{s.level.value}", lang)
        print_item(
            "risk.cli.stress_line",
            lang,
            scenario=scenario,
            score=s.score,
            level=level,
            shortfall=fmt_money(s.shortfall),
        )
    if result.missing:
        print()
        print(t("risk.cli.missing_heading", lang))
        for name in result.missing:
            print_item(f"risk.missing.{name}", lang)
    print()
    print(t("risk.not_credit_score", lang))
    print(t("app.not_advice", lang))


def _batch_items(path: Path, lang: str) -> Iterator[tuple[str, Case | None, list[Problem]]]:
    """(source, case, problems) for every case in a folder or a JSON-lines file, in order."""
    files = (
        sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl") and p.is_file())
        if path.is_dir()
        else [path]
    )
    for file in files:
        if file.suffix == ".jsonl":
            yield from _jsonl_items(file, lang)
        else:
            case, problems = read_case_file(str(file), lang)
            yield str(file), case, problems


def _jsonl_items(file: Path, lang: str) -> Iterator[tuple[str, Case | None, list[Problem]]]:
    try:
        handle = file.open("rb")
    except OSError:
        yield str(file), None, [problem("file_unreadable", lang, path=str(file))]
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            case, problems = parse_case(line, lang)
            yield f"{file}:{number}", case, problems


def _run_batch(path: Path, lang: str) -> int:
    started = time.perf_counter()
    total = invalid = 0
    out = sys.stdout
    for source, case, problems in _batch_items(path, lang):
        total += 1
        if case is None:
            invalid += 1
            line: dict[str, Any] = {"source": source, "ok": False, "problems": _problem_dicts(problems)}
        else:
            line = {"source": source, "ok": True, **assessment_dict(case, lang)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    if total == 0:
        print(t("risk.cli.no_cases", lang, path=str(path)), file=sys.stderr)
        return EXIT_INVALID
    rate = total / seconds if seconds > 0 else float(total)
    print(
        t("risk.cli.batch_summary", lang, total=total, invalid=invalid, seconds=f"{seconds:.2f}", rate=f"{rate:,.0f}"),
        file=sys.stderr,
    )
    return EXIT_INVALID if invalid else EXIT_OK


@command("risk", _risk_args)
def risk_command(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir() or path.suffix == ".jsonl" and path.is_file():
        return _run_batch(path, args.lang)
    case, problems = read_case_file(args.path, args.lang)
    if case is None:
        print_problems(problems, args.lang)
        return EXIT_INVALID
    if args.format == "json":
        data = assessment_dict(case, args.lang)
        # The plan's headline figures and its offers: the same objects as `plan --format json` and the pages.
        plan = build_plan(case)
        data["headline"] = headline(plan).to_dict()
        data["offers"] = {debt_id: offer.to_json_dict() for debt_id, offer in plan.offers.items()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(case, args.lang)
    return EXIT_OK
