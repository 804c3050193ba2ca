"""The report and the files a person takes away or brings in.

``data`` (what the two statements say, the creditor copy and the person's own, built from the
case), ``details`` (the person's own explanation and the account numbers a statement needs, and
saving a missing one into the case), ``pdf`` (the printable PDF),
``fonts`` (the embedded CJK font), ``exports`` (CSV/XLSX downloads), ``debt_import`` (CSV/XLSX
uploads, validated row by row) and ``limits`` (reading an upload in a child process limited in
time and memory).
"""

from __future__ import annotations

from overdue_core.report.data import COPIES, build_report
from overdue_core.report.details import Missing, hardship_for, masked_account, missing_details, with_details
from overdue_core.report.exports import (
    debts_csv,
    debts_xlsx,
    schedule_csv,
    schedule_xlsx,
    table_csv,
    table_xlsx,
    template_csv,
    template_xlsx,
)
from overdue_core.report.fonts import FONT_PACKAGE, find_cjk_font
from overdue_core.report.debt_import import MAX_IMPORT_BYTES, MAX_ROWS, DebtImport, merge_debts, read_debts
from overdue_core.report.limits import IMPORT_BUSY, read_debts_limited
from overdue_core.report.pdf import report_pdf

__all__ = [
    "COPIES",
    "FONT_PACKAGE",
    "IMPORT_BUSY",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "DebtImport",
    "Missing",
    "build_report",
    "debts_csv",
    "debts_xlsx",
    "find_cjk_font",
    "hardship_for",
    "masked_account",
    "merge_debts",
    "missing_details",
    "read_debts",
    "read_debts_limited",
    "report_pdf",
    "schedule_csv",
    "schedule_xlsx",
    "table_csv",
    "table_xlsx",
    "template_csv",
    "template_xlsx",
    "with_details",
]
