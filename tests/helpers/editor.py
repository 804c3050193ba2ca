"""A page's data editor in AppTest: its widget key, and a debts-table row as a person types it."""

from __future__ import annotations


def editor_key(at, name: str) -> str:
    """The key of the ``name`` table's editor for the case as it stands (a new case draws a new editor)."""
    return f"editor_{name}_{at.session_state['case_rev']}"


def typed_loan_row(platform: str) -> dict:
    """A new debts-table row: a 3,000 loan at 18 % a year in 6 level instalments of 526.58."""
    loan = {"platform": platform, "kind": "installment_loan", "balance": 3000, "annual_rate_pct": 18}
    return {**loan, "repayment": "equal_installment", "remaining_terms": 6, "monthly_due": 526.58}
