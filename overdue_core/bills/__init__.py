"""Bills in, not typed: read a person's own Alipay and WeChat Pay exports and propose figures.

``layouts`` (the export layouts read, column for column), ``rows`` (one validated transaction
and what its status means), ``readers`` (files to rows: encodings, header block, XLSX),
``categorize`` (credit platforms, income kinds, spending categories), ``proposals`` (monthly
income and spending, debts with due day and usual amount, the borrowing-to-repay signal, and
adding what the person kept to the case) and ``limits`` (reading in the limited child process).
Nothing here stores a file or a row: the readings live as long as the caller keeps them.
"""

from __future__ import annotations

from overdue_core.bills.layouts import LAYOUTS
from overdue_core.bills.limits import read_bill_limited, read_bills_limited
from overdue_core.bills.proposals import (
    BORROW_TO_REPAY_DAYS,
    BillProposals,
    BorrowingPair,
    DebtLine,
    HouseholdLine,
    add_to_case,
    kept_debt,
    kept_expense,
    kept_income,
    line_name,
    propose,
    proposals_to_json,
)
from overdue_core.bills.readers import MAX_BILL_BYTES, MAX_BILL_ROWS, BillReading, read_bill, reading_to_json
from overdue_core.bills.rows import BillRow

__all__ = [
    "BORROW_TO_REPAY_DAYS",
    "LAYOUTS",
    "MAX_BILL_BYTES",
    "MAX_BILL_ROWS",
    "BillProposals",
    "BillReading",
    "BillRow",
    "BorrowingPair",
    "DebtLine",
    "HouseholdLine",
    "add_to_case",
    "kept_debt",
    "kept_expense",
    "kept_income",
    "line_name",
    "propose",
    "proposals_to_json",
    "read_bill",
    "read_bill_limited",
    "read_bills_limited",
    "reading_to_json",
]
