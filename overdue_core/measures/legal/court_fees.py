"""Court costs of a debt lawsuit: the acceptance fee from the national schedule, plus lawyer fees.

Why: "they will sue you" frightens people most when they cannot put a number on it. The fee
schedule (诉讼费用交纳办法 Art.13) is public and cumulative: each slice of the claim is charged
at its own rate, the first 10,000 yuan at a flat 50 yuan. Simple procedure and mediation halve
it (Art.15, 16); a payment order costs one third (Art.14). The slices live in
``rules.COURT_FEE_SLICES`` and the factors are editable rules. The losing side normally pays
(Art.29), so the estimate is what is at stake, not a bill.

Rounding: the fee is rounded half up to the fen once, after the procedure factor, through
:func:`money.round_fen`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from overdue_core.case.form_problems import MustBePositive, parse_form
from overdue_core.case.money import MAX_AMOUNT, Money, round_fen
from overdue_core.case.problems import Problem
from overdue_core.rules import COURT_FEE_SLICES, rule_value

#: The flat fee for a claim up to the first slice bound (10,000 yuan).
FLAT_FEE = Decimal("50")
FLAT_LIMIT = Decimal("10000")


class Procedure(StrEnum):
    ORDINARY = "ordinary"
    SIMPLE = "simple"  # 简易程序: halved
    MEDIATION = "mediation"  # settled by mediation or withdrawn: halved
    PAYMENT_ORDER = "payment-order"  # 支付令: one third


#: Which rule gives the factor applied to the ordinary fee (None: the full fee).
PROCEDURE_FACTOR_RULE: dict[Procedure, str | None] = {
    Procedure.ORDINARY: None,
    Procedure.SIMPLE: "court_fee_simple_factor",
    Procedure.MEDIATION: "court_fee_simple_factor",
    Procedure.PAYMENT_ORDER: "court_fee_payment_order_factor",
}


def ordinary_fee(amount: Decimal) -> Decimal:
    """Acceptance fee of a property claim under ordinary procedure, unrounded.

    50,000 -> 1,050; 150,000 -> 3,300. Raises ValueError for amounts that are not positive.
    """
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0:
        raise ValueError("amount_not_positive")
    fee = FLAT_FEE
    lower = FLAT_LIMIT
    for upper, rate in COURT_FEE_SLICES:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, upper)
        fee += (top - lower) * rate
        if upper is None:
            break
        lower = upper
    return fee


def court_fee(
    amount: Decimal, procedure: Procedure | str = Procedure.ORDINARY, overrides: dict[str, Decimal] | None = None
) -> Decimal:
    """The acceptance fee for ``amount`` under ``procedure``, rounded half up to the fen."""
    procedure = Procedure(procedure)
    fee = ordinary_fee(amount)
    rule_key = PROCEDURE_FACTOR_RULE[procedure]
    if rule_key is not None:
        fee = fee * rule_value(rule_key, overrides)
    return round_fen(fee)


@dataclass(frozen=True)
class CostEstimate:
    """What a lawsuit over ``amount`` could cost in all, against the amount itself."""

    amount: Decimal
    procedure: Procedure
    court_fee: Decimal
    lawyer_fee: Decimal

    @property
    def total(self) -> Decimal:
        return self.court_fee + self.lawyer_fee

    @property
    def share_of_amount(self) -> float:
        """Costs as a share of the amount at stake (a ratio, so a float is fine)."""
        return float(self.total / self.amount) if self.amount > 0 else 0.0


def estimate(
    amount: Decimal,
    procedure: Procedure | str = Procedure.ORDINARY,
    lawyer_fee: Decimal = Decimal("0"),
    overrides: dict[str, Decimal] | None = None,
) -> CostEstimate:
    """Court fee plus the lawyer fee the person entered (validated non-negative, to the fen)."""
    lawyer_fee = Decimal(lawyer_fee)
    if not lawyer_fee.is_finite() or lawyer_fee < 0 or lawyer_fee > MAX_AMOUNT:
        raise ValueError("lawyer_fee_invalid")
    return CostEstimate(
        amount=round_fen(Decimal(amount)),
        procedure=Procedure(procedure),
        court_fee=court_fee(amount, procedure, overrides),
        lawyer_fee=round_fen(lawyer_fee),
    )


class CourtFeeInput(BaseModel):
    """What the person (or the command line) typed: validated before any arithmetic."""

    model_config = ConfigDict(hide_input_in_errors=True)

    amount: Money
    procedure: Procedure = Procedure.ORDINARY
    lawyer_fee: Money = Decimal("0.00")


def parse_input(data: dict, lang: str) -> tuple[CourtFeeInput | None, list[Problem]]:
    """Validate an estimate request; translated problems naming the field instead of exceptions."""
    positive = MustBePositive("amount", "field.amount", "legal.court.amount_not_positive", "amount_not_positive")
    return parse_form(CourtFeeInput, data, lang, "legal.court.field", positive)
