"""Small cases for the risk score: a case from a few figures, a debt from a few keywords."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case.models import Case

D = Decimal


AS_OF = dt.date(2026, 11, 1)


def make_case(incomes=(), expenses=(), savings="0", debts=(), borrowing=False, rules=None) -> Case:
    """A case from plain tuples: incomes (amount, stability), expenses (amount, essential)."""
    return Case.model_validate(
        {
            "as_of": AS_OF,
            "household": {
                "incomes": [{"name": f"i{n}", "amount": a, "stability": s} for n, (a, s) in enumerate(incomes)],
                "expenses": [{"name": f"e{n}", "amount": a, "essential": e} for n, (a, e) in enumerate(expenses)],
                "liquid_savings": savings,
            },
            "debts": list(debts),
            "flags": {"borrowing_to_repay": borrowing},
            "settings": {"rules": rules or {}},
        }
    )


SHORT_NAMES = {"rate": "annual_rate", "due": "monthly_due", "overdue": "overdue_amount", "days": "days_overdue"}
"""The risk tests' short names for a debt's fields (``terms`` is ``remaining_terms``)."""

EMPTY_DEBT = {"balance": "0", "annual_rate": "0", "monthly_due": "0", "overdue_amount": "0", "days_overdue": 0}


def debt(i: int, *, platform: str | None = None, repayment: str = "minimum_payment", terms: int = 0, **fields) -> dict:
    """Debt number ``i``'s fields for :func:`make_case`: nothing owed on the minimum payment unless
    given, by its short names or the model's."""
    named = {SHORT_NAMES.get(key, key): value for key, value in fields.items()}
    figures = {**EMPTY_DEBT, "repayment": repayment, "remaining_terms": terms, **named}
    return {"id": f"d{i}", "platform": platform or f"P{i}", **figures}


def loan(i: int, balance: str, rate: str, terms: int, due: str, **fields) -> dict:
    """Loan number ``i`` from its contract's four figures, in level instalments."""
    return debt(i, balance=balance, rate=rate, terms=terms, due=due, repayment="equal_installment", **fields)
