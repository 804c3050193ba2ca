"""Costs the plan counts that a court may not: penalties of unlicensed lenders above the legal line.

Why in the plan: the plan adds up every yuan of penalty it expects to pay. When a private or
unlicensed lender charges a penalty rate above the protected line (4 × LPR, ``rules``), the part
of those costs above it may not be enforceable; the plan's costs say so per debt, so a person
does not budget for money they may not owe. The Legal page (``measures.legal``) uses the same
helpers, so the two never disagree about which lender and which line.
"""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case.models import Debt, DebtKind
from overdue_core.rules import LineRange, private_lending_line, rule_value


def is_private_lender(debt: Debt) -> bool:
    """Private lending rules (the 4 × LPR cap) apply to people and unlicensed lenders only."""
    return debt.kind == DebtKind.PRIVATE_LOAN or not debt.lender_licensed


def penalty_line(debt: Debt, overrides: dict[str, Decimal] | None = None) -> tuple[LineRange, tuple[str, ...]]:
    """The line overdue interest and penalties are held to, with its rule keys.

    Private or unlicensed lenders: 4 × the LPR on the contract date (a range when the date is not
    known); licensed lenders: the 24 % reference line.
    """
    if is_private_lender(debt):
        return private_lending_line(debt.contract_date, overrides), ("lpr_1y", "private_lending_lpr_multiple")
    line = rule_value("reference_line_24", overrides)
    return LineRange(line, line, "fixed"), ("reference_line_24",)


def unenforceable_penalty_line(debt: Debt, overrides: dict[str, Decimal] | None = None) -> Decimal | None:
    """The line, when an unlicensed lender's penalty rate is above it whatever the contract date
    (its penalties may be unenforceable); else None. A rate the contract date decides is not
    called unenforceable: telling a person a lawful penalty may not be owed could lose a lawsuit."""
    if not is_private_lender(debt) or debt.penalty_rate <= 0:
        return None
    line, _keys = penalty_line(debt, overrides)
    return line.high if line.status(debt.penalty_rate) == "above" else None
