"""Debts a test starts from and changes by keyword: a sane licensed loan and the usual credit card."""

from __future__ import annotations

from overdue_core.case.models import Debt

CARD = {"kind": "credit_card", "repayment": "minimum_payment", "remaining_terms": 0, "annual_rate": "0.1825"}
"""A credit card on its minimum payment at the usual 0.05 % a day (18.25 % a year); add its figures."""


def sane_loan(**changes) -> Debt:
    """12,000 left at 18 % a year in 12 level terms from a licensed lender: nothing to warn about or flag
    until a test changes it."""
    data = {"id": "x", "platform": "P", "kind": "installment_loan", "balance": "12000", "annual_rate": "0.18"}
    return Debt.model_validate({**data, "repayment": "equal_installment", "remaining_terms": 12, **changes})


def behind(amount: str, days: int, penalty: str | None = None) -> dict:
    """A debt's arrears: ``amount`` unpaid for ``days`` days, with its yearly ``penalty`` when a test needs one."""
    late = {"overdue_amount": amount, "days_overdue": days}
    return late if penalty is None else {**late, "penalty_rate": penalty}
