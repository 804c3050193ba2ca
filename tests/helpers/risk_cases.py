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


def debt(
    i: int,
    *,
    platform=None,
    balance="0",
    rate="0",
    due="0",
    overdue="0",
    days=0,
    repayment="minimum_payment",
    terms=0,
    **extra,
) -> dict:
    return {
        "id": f"d{i}",
        "platform": platform or f"P{i}",
        "balance": balance,
        "annual_rate": rate,
        "monthly_due": due,
        "overdue_amount": overdue,
        "days_overdue": days,
        "repayment": repayment,
        "remaining_terms": terms,
        **extra,
    }
