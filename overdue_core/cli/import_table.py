"""``python -m overdue_core import FILE.csv|FILE.xlsx [--format text|json] [--lang en]``: check a debts table.

Why: a counselor who receives a client's spreadsheet sees, without a browser, which debts it holds
and what each bad row needs, exactly as the Report page's import would show them. The file is
read the way the app reads it: in a child process limited in time and memory, after the checks
that refuse zip bombs and far-away rows. Exit 0 when debts were read (row problems are listed
too); exit 2 with a clear message when nothing could be read; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from overdue_core.case import Problem, fmt_money
from overdue_core.cli.common import EXIT_INVALID, EXIT_OK, add_lang, command, read_upload
from overdue_core.i18n import t
from overdue_core.report import MAX_IMPORT_BYTES, DebtImport
from overdue_core.report.limits import read_debts_limited, result_to_json


def _import_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a debts table: .csv (UTF-8 or GBK) or .xlsx, as the Report page imports")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parser)


def _read(path: str, lang: str) -> DebtImport:
    """The file read like an upload (see :func:`~overdue_core.cli.common.read_upload`), in the limited child."""
    too_large = Problem("", t("imports.error.too_large", lang, limit_mb=MAX_IMPORT_BYTES // (1024 * 1024)), "too_large")
    raw, refused = read_upload(path, MAX_IMPORT_BYTES, too_large, lang)
    if raw is None:
        return DebtImport(problems=[refused] if refused else [])
    return read_debts_limited(raw, Path(path).name, lang)


def _print_text(result: DebtImport, lang: str) -> None:
    out = sys.stdout if result.rows else sys.stderr
    if not result.rows:
        print(t("import_guard.cli_refused", lang), file=out)
    else:
        print(t("import_guard.cli_summary", lang, debts=len(result.rows), problems=len(result.problems)), file=out)
        for row in result.rows:
            owed, overdue = fmt_money(row.debt.total_owed), fmt_money(row.debt.overdue_amount)
            print(
                "  "
                + t(
                    "import_guard.cli_debt", lang, line=row.line, platform=row.debt.platform, owed=owed, overdue=overdue
                ),
                file=out,
            )
    for item in result.problems:
        print(f"  - {item}", file=out)
    if result.ignored_columns:
        columns = t("imports.page.separator", lang).join(result.ignored_columns)
        print(t("imports.page.ignored_columns", lang, columns=columns), file=out)


@command("import", _import_args)
def import_table(args: argparse.Namespace) -> int:
    result = _read(args.file, args.lang)
    if args.format == "json":
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    else:
        _print_text(result, args.lang)
    return EXIT_OK if result.rows else EXIT_INVALID
