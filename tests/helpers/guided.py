"""Bills as the guided form takes them (its fields, not a case debt's), changed by keyword."""

from __future__ import annotations

USUAL_CARD = {"rate_percent": "0.05", "rate_basis": "daily", "minimum_percent": "10"}
"""The usual card's charges: 0.05 % a day and a 10 % minimum."""


def card_bill(amount, **fields) -> dict:
    """A credit card's bill: its total ``amount`` (overdue part included), on the minimum payment."""
    return {"platform": "卡", "kind": "credit_card", "repayment": "minimum_payment", "amount": amount, **fields}


def loan_contract(amount, terms: int, **fields) -> dict:
    """An instalment loan as its contract reads: ``amount`` in ``terms`` level instalments."""
    kind = {"kind": "installment_loan", "repayment": "equal_installment"}
    return {"platform": "某贷", **kind, "amount": amount, "terms": terms, **fields}


def fee_plan(**fields) -> dict:
    """花呗 in instalments: 3,000 at a fee of 0.6 % a term (a fee on the amount, not interest)."""
    plan = {"platform": "花呗", "kind": "bnpl", "repayment": "equal_installment", "amount": "3000"}
    return {**plan, "rate_percent": "0.6", "rate_basis": "per_term_fee", **fields}
