"""``python -m overdue_core bills FILE… [--format text|json] [--lang en]``: proposals from bill exports.

Why: a counselor handed a client's Alipay or WeChat Pay export sees, without a browser, what the
app would propose from it — monthly income and spending, debts with their due day and usual
amount, the borrowing-to-repay signal — each with the rows behind it. Each file is read like an
upload: in the limited child, one at a time. Exit 0 when anything was read; exit 2 with the
reasons when no file could be read; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from overdue_core.bills import MAX_BILL_BYTES, BillReading, line_name, proposals_to_json, propose, read_bill_limited
from overdue_core.case import Problem, fmt_money
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, read_upload
from overdue_core.i18n import t


def _bills_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="Alipay or WeChat Pay bill exports (.csv in GBK or UTF-8, or .xlsx)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parser)


def _read(path: str, number: int, lang: str) -> BillReading:
    too_large = Problem("", t("bills.error.too_large", lang, limit_mb=MAX_BILL_BYTES // (1024 * 1024)), "too_large")
    raw, refused = read_upload(path, MAX_BILL_BYTES, too_large, lang)
    if raw is None:
        return BillReading(problems=[refused] if refused else [])
    return read_bill_limited(raw, Path(path).name, lang, file=number)


def _print_text(files: list[str], readings: list[BillReading], lang: str) -> None:
    proposals = propose(readings)
    for name, reading in zip(files, readings, strict=True):
        if reading.layout:
            print(f"{name}: {t(f'bills.layout.{reading.layout}', lang)}")
        for item in reading.problems:
            print(f"  - {item}", file=sys.stderr)
    if proposals.first and proposals.last:
        rows = sum(len(r.rows) for r in readings)
        print(
            t(
                "bills.page.summary",
                lang,
                rows=rows,
                first=proposals.first.isoformat(),
                last=proposals.last.isoformat(),
                months=proposals.months,
            )
        )
    for heading, lines in (("income_heading", proposals.incomes), ("spending_heading", proposals.spending)):
        if lines:
            print(t(f"bills.page.{heading}", lang))
        for line in lines:
            print("  " + t("bills.page.line_text", lang, name=line_name(line, lang), amount=fmt_money(line.monthly)))
    if proposals.debts:
        print(t("bills.page.debts_heading", lang))
    for debt in proposals.debts:
        details = t(
            "bills.page.debt_line_caption",
            lang,
            months=debt.months,
            day=debt.due_day,
            amount=fmt_money(debt.usual_amount),
        )
        print("  " + t("bills.page.debt_text", lang, name=debt.name(lang), details=details))
    for pair in proposals.borrowing:
        print(
            t(
                "bills.page.borrowing_found",
                lang,
                date=pair.payout.when.date().isoformat(),
                payout=t(f"bills.platform.{pair.payout_key}", lang),
                amount=fmt_money(pair.payout.amount),
                days=pair.days,
                repaid=next(d.name(lang) for d in proposals.debts if d.key == pair.repayment_key),
            )
        )


@command("bills", _bills_args)
def bills(args: argparse.Namespace) -> int:
    readings = [_read(path, n, args.lang) for n, path in enumerate(args.files)]
    if args.format == "json":
        files = [
            {
                "file": path,
                "layout": r.layout or None,
                "rows": len(r.rows),
                "problems": [{"path": p.path, "message": p.message, "code": p.code} for p in r.problems],
            }
            for path, r in zip(args.files, readings, strict=True)
        ]
        print(
            json.dumps(
                {"files": files, **proposals_to_json(propose(readings), args.lang)}, ensure_ascii=False, indent=2
            )
        )
    else:
        _print_text(args.files, readings, args.lang)
    return EXIT_OK if any(r.rows for r in readings) else EXIT_INVALID
