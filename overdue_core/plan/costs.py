"""Costs the plan counts that a court may not: penalties of unlicensed lenders above the legal line.

Why in the plan: the plan adds up every yuan of penalty it expects to pay. When a private or
unlicensed lender charges a penalty rate above the protected line (4 × LPR, ``rules``), the part
of those costs above it may not be enforceable; the plan's costs say so per debt, so a person
does not budget for money they may not owe. The line is the one the Legal page shows
(``rate_lines.lender_lines``), so the two never disagree about which lender and which line.
"""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case.models import Debt
from overdue_core.rate_lines import lender_lines


def unenforceable_penalty_line(debt: Debt, overrides: dict[str, Decimal] | None = None) -> Decimal | None:
    """The line, when an unlicensed lender's penalty rate is above it whatever the contract date
    (its penalties may be unenforceable); else None. A rate the contract date decides is not
    called unenforceable: telling a person a lawful penalty may not be owed could lose a lawsuit."""
    if debt.penalty_rate <= 0:
        return None
    lines = lender_lines(debt, overrides)
    if not lines.private:
        return None
    line = lines.penalty.line
    return line.high if line.status(debt.penalty_rate) == "above" else None
