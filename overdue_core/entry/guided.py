"""The guided form's input, in the words of a bill, turned into a case debt.

Why a model of its own: the guided form asks for the few numbers each kind of debt needs, as
the platform's bill words them (a card's "全部欠款" includes what is overdue; a loan's rate may be
daily, monthly, annual or a fee per term). This model validates those numbers and does the
conversions in one place, so the page, the tests and any later importer get the same debt.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from typing import Literal

from pydantic import Field, model_validator

from overdue_core.case.models import DebtKind, MinimumRuleKind, Name, Repayment, Strict
from overdue_core.case.money import Money, round_fen
from overdue_core.entry.arithmetic import RateBasis, annual_rate_from, fee_installment, installment, principal_left

PCT = Decimal(100)


def tidy(value: Decimal) -> Decimal:
    """A rate without trailing zeros and never in exponent form (0.1460 -> 0.146, 10 -> 10)."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class GuidedDebt(Strict):
    """What the guided form collects. Percent fields are as typed (18 for 18 %)."""

    platform: Name
    kind: DebtKind
    repayment: Repayment
    #: Card: everything owed on the card, overdue part included (the bill's total). Others: the
    #: principal not yet due (待还本金), overdue part excluded — or, with ``amount_basis``
    #: "borrowed", the amount borrowed as the contract reads (then ``terms`` is the whole number of
    #: installments and ``paid_terms`` how many are paid; the principal left is worked out).
    amount: Money = Decimal("0.00")
    amount_basis: Literal["remaining", "borrowed"] = "remaining"
    paid_terms: int = Field(default=0, ge=0, le=600)
    rate_percent: Decimal = Field(default=Decimal("0"), ge=0, le=1000)
    rate_basis: RateBasis = RateBasis.ANNUAL
    terms: int = Field(default=0, ge=0, le=600)
    #: The due on the bill; None means "compute it".
    due: Money | None = None
    overdue: Money = Decimal("0.00")
    days_overdue: int = Field(default=0, ge=0, le=3650)
    penalty_percent: Decimal = Field(default=Decimal("0"), ge=0, le=1000)
    #: With no penalty typed: the overdue rate as a multiple of the loan's annual rate (a preset's
    #: sourced rule, ``Preset.penalty_multiple``); a typed penalty always wins.
    penalty_rate_multiple: Decimal | None = Field(default=None, ge=0, le=10)
    late_fee_percent: Decimal = Field(default=Decimal("0"), ge=0, le=100)
    minimum_percent: Decimal | None = Field(default=None, ge=0, le=100)
    lender_licensed: bool = True
    #: The contract's details, each optional (None: not known). The due day dates reminders and
    #: calls; the contract date decides a private loan's legal line (4 × the LPR of that day); the
    #: whole length and the cash received let a loan part repaid show its true rate.
    due_day: int | None = Field(default=None, ge=1, le=31)
    contract_date: dt.date | None = None
    original_terms: int | None = Field(default=None, ge=1, le=600)
    principal_received: Money | None = None

    @model_validator(mode="after")
    def _card_total_covers_overdue(self) -> GuidedDebt:
        if self.kind is DebtKind.CREDIT_CARD and self.overdue > self.amount:
            raise ValueError("card_overdue_above_total")
        if self.rate_basis is RateBasis.PER_TERM_FEE and self.rate_percent > 0 and self.terms == 0:
            raise ValueError("fee_needs_terms")
        if self.by_contract and self.terms and self.paid_terms >= self.terms:
            raise ValueError("paid_terms_not_below_terms")
        return self

    @property
    def by_contract(self) -> bool:
        """Entered as the contract reads (amount borrowed, whole length, installments paid)."""
        return self.amount_basis == "borrowed" and self.kind is not DebtKind.CREDIT_CARD

    @property
    def terms_left(self) -> int:
        return self.terms - self.paid_terms if self.by_contract else self.terms

    # --- derived figures (one function each) --------------------------------------------
    @property
    def balance(self) -> Decimal:
        """Principal not yet due: a card's total less what is overdue; a loan entered by its
        contract, the principal left after the installments paid; else the amount."""
        if self.kind is DebtKind.CREDIT_CARD:
            return self.amount - self.overdue
        if self.by_contract:
            fee_basis = self.rate_basis is RateBasis.PER_TERM_FEE
            return principal_left(
                self.amount, self.annual_rate or Decimal(0), self.terms, self.paid_terms, self.repayment, fee_basis
            )
        return self.amount

    @property
    def annual_rate(self) -> Decimal | None:
        """The annual rate the case keeps (None: a fee per term without terms)."""
        rate = annual_rate_from(self.rate_percent / PCT, self.rate_basis, self.terms)
        return None if rate is None else tidy(rate)

    def computed_due(self) -> Decimal | None:
        """The due the app works out (shown beside the field; used when it is left empty).

        A loan entered by its contract: the contract's own installment (its fee is on the amount
        borrowed; its level payment is the one set at payout)."""
        fee_based = self.rate_basis is RateBasis.PER_TERM_FEE and self.repayment in (
            Repayment.EQUAL_INSTALLMENT,
            Repayment.EQUAL_PRINCIPAL,
        )
        if fee_based:
            if self.by_contract:
                return fee_installment(self.amount, self.rate_percent / PCT, self.terms)
            return fee_installment(self.balance, self.rate_percent / PCT, self.terms)
        rate = self.annual_rate
        if rate is None:
            return None
        if self.repayment is Repayment.MINIMUM_PAYMENT:
            return card_minimum(self.balance, rate, self.minimum_percent)
        if self.by_contract and self.repayment is Repayment.EQUAL_INSTALLMENT:
            return installment(self.amount, rate, self.terms, self.repayment)
        return installment(self.balance, rate, self.terms_left, self.repayment)

    @property
    def penalty_rate(self) -> Decimal:
        """The annual overdue rate the case keeps: as typed, else the loan's rate × the preset's multiple."""
        if self.penalty_percent > 0 or self.penalty_rate_multiple is None:
            return tidy(self.penalty_percent / PCT)
        return tidy(min((self.annual_rate or Decimal(0)) * self.penalty_rate_multiple, Decimal(10)))

    def monthly_due(self) -> Decimal:
        if self.due is not None:
            return self.due
        return self.computed_due() or Decimal("0.00")

    def to_debt_data(self, debt_id: str) -> dict[str, object]:
        """The fields of a case ``Debt`` (validate with ``Debt.model_validate``)."""
        rate = self.annual_rate
        data: dict[str, object] = {
            "id": debt_id,
            "platform": self.platform,
            "kind": self.kind,
            "repayment": self.repayment,
            "balance": self.balance,
            "annual_rate": rate if rate is not None else Decimal("0"),
            "remaining_terms": self.terms_left,
            "monthly_due": self.monthly_due(),
            "overdue_amount": self.overdue,
            "days_overdue": self.days_overdue,
            "penalty_rate": self.penalty_rate,
            "late_fee_rate": tidy(self.late_fee_percent / PCT),
            "lender_licensed": self.lender_licensed,
            "due_day": self.due_day,
            "contract_date": self.contract_date,
            "original_terms": self.terms if self.by_contract and self.paid_terms else self.original_terms,
            "principal_received": self.principal_received,
        }
        if self.repayment is Repayment.MINIMUM_PAYMENT and self.minimum_percent is not None:
            data["minimum_rule"] = {
                "kind": MinimumRuleKind.INTEREST_FEES_PLUS_PERCENT,
                "percent": tidy(self.minimum_percent / PCT),
            }
        return data


def card_minimum(balance: Decimal, annual_rate: Decimal, minimum_percent: Decimal | None) -> Decimal | None:
    """A card's minimum by the common rule: this month's interest plus a percent of the balance.

    None without a percent (the bill's figure is then the only source).
    """
    if minimum_percent is None:
        return None
    balance = Decimal(balance)
    return round_fen(balance * Decimal(annual_rate) / 12 + balance * Decimal(minimum_percent) / PCT)
