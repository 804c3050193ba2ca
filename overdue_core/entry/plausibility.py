"""Plausibility warnings: figures that are valid but probably not what the person meant.

Why: the model refuses what is impossible (a negative amount); these checks point out what is
possible but unlikely — a daily rate typed into the annual field, a card balance that already
contains the overdue part (counted twice), a due that does not fit the loan, a date in the
future, a repayment method that does not go with the kind of debt. They are warnings, never
errors: the person may know better, and the debt is saved either way.

Each warning names the field it belongs beside and carries its figures as text, so a page, the
table and a test all show the same sentence (catalog ``entry_check.<code>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from overdue_core.case.models import Debt, DebtKind, Repayment
from overdue_core.case.money import fmt_money
from overdue_core.entry.arithmetic import DAYS_A_YEAR, annual_percent_text, installment
from overdue_core.plan.apr import terms_needed

#: An annual rate under 1 % is almost always a daily or monthly rate typed in the wrong form.
SMALL_ANNUAL_RATE = Decimal("0.01")
#: A due may differ from the computed one by rounding, fees or a first short month: 10 % or 1 yuan.
DUE_TOLERANCE_SHARE = Decimal("0.10")
DUE_TOLERANCE_MIN = Decimal("1.00")

#: Repayment methods that go with each kind; anything else earns a warning.
FITTING_REPAYMENT: dict[DebtKind, set[Repayment]] = {
    DebtKind.CREDIT_CARD: {Repayment.MINIMUM_PAYMENT, Repayment.EQUAL_INSTALLMENT},
    DebtKind.BNPL: {Repayment.BULLET, Repayment.EQUAL_INSTALLMENT, Repayment.MINIMUM_PAYMENT},
    DebtKind.INSTALLMENT_LOAN: {
        Repayment.EQUAL_INSTALLMENT,
        Repayment.EQUAL_PRINCIPAL,
        Repayment.INTEREST_ONLY,
        Repayment.BULLET,
    },
    DebtKind.BULLET_LOAN: {Repayment.BULLET, Repayment.INTEREST_ONLY},
    DebtKind.PRIVATE_LOAN: set(Repayment),
}
#: What each kind usually uses (the form switches to it when the kind changes).
USUAL_REPAYMENT: dict[DebtKind, Repayment] = {
    DebtKind.CREDIT_CARD: Repayment.MINIMUM_PAYMENT,
    DebtKind.BNPL: Repayment.BULLET,
    DebtKind.INSTALLMENT_LOAN: Repayment.EQUAL_INSTALLMENT,
    DebtKind.BULLET_LOAN: Repayment.BULLET,
    DebtKind.PRIVATE_LOAN: Repayment.EQUAL_INSTALLMENT,
}


@dataclass(frozen=True)
class Check:
    """One plausibility warning: which field, which sentence, with which figures."""

    code: str
    field: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message_key(self) -> str:
        return f"entry_check.{self.code}"


def check_rate(annual_rate: Decimal, field_name: str = "annual_rate") -> list[Check]:
    """An annual rate above 0 and under 1 % probably is a daily or a monthly rate."""
    if not (0 < annual_rate < SMALL_ANNUAL_RATE):
        return []
    return [
        Check(
            "rate_looks_daily_or_monthly",
            field_name,
            {
                "rate": annual_percent_text(annual_rate),
                "if_daily": annual_percent_text(annual_rate * DAYS_A_YEAR),
                "if_monthly": annual_percent_text(annual_rate * 12),
            },
        )
    ]


def check_card_balance(debt: Debt) -> list[Check]:
    """A revolving balance equal to the overdue part (or to overdue + this month's minimum).

    Such a balance almost always is the statement total, which already contains what is
    overdue: the overdue part would then be counted twice.
    """
    if debt.kind not in (DebtKind.CREDIT_CARD, DebtKind.BNPL) or debt.overdue_amount <= 0 or debt.balance <= 0:
        return []
    if debt.balance not in (debt.overdue_amount, debt.overdue_amount + debt.monthly_due):
        return []
    return [
        Check(
            "balance_includes_overdue",
            "balance",
            {
                "balance": fmt_money(debt.balance),
                "overdue": fmt_money(debt.overdue_amount),
                "rest": fmt_money(debt.balance - debt.overdue_amount),
            },
        )
    ]


def check_card_minimum(debt: Debt) -> list[Check]:
    """A card's minimum equal to (or above) what is overdue: the bill's minimum usually already
    contains the overdue part, and the plan asks for the overdue amount on top of this month's
    minimum — 1,560 overdue and a 1,560 minimum would be asked as 3,120."""
    if debt.kind is not DebtKind.CREDIT_CARD or debt.overdue_amount <= 0 or debt.monthly_due < debt.overdue_amount:
        return []
    return [
        Check(
            "minimum_includes_overdue",
            "monthly_due",
            {
                "due": fmt_money(debt.monthly_due),
                "overdue": fmt_money(debt.overdue_amount),
                "rest": fmt_money(debt.monthly_due - debt.overdue_amount),
            },
        )
    ]


def expected_due(debt: Debt) -> Decimal | None:
    """The due that balance, rate and terms imply (None where the bill alone knows it)."""
    if debt.repayment not in (Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL) or debt.remaining_terms <= 0:
        return None
    return installment(debt.balance, debt.annual_rate, debt.remaining_terms, debt.repayment, debt.monthly_fee)


def check_due(debt: Debt) -> list[Check]:
    """A due of 0 on an installment loan, or one far from what the loan implies."""
    expected = expected_due(debt)
    if expected is None or debt.balance <= 0:
        return []
    gap = abs(debt.monthly_due - expected)
    if debt.monthly_due == 0:
        return [
            Check("due_missing", "monthly_due", {"expected": fmt_money(expected), "terms": str(debt.remaining_terms)})
        ]
    if gap > max(DUE_TOLERANCE_MIN, expected * DUE_TOLERANCE_SHARE):
        return [
            Check(
                "due_does_not_fit",
                "monthly_due",
                {
                    "due": fmt_money(debt.monthly_due),
                    "expected": fmt_money(expected),
                    "terms": str(debt.remaining_terms),
                },
            )
        ]
    return []


def check_repayment(debt: Debt) -> list[Check]:
    """A repayment method that does not go with the kind (a card on equal installments …)."""
    if debt.repayment in FITTING_REPAYMENT[debt.kind]:
        return []
    return [
        Check(
            "repayment_does_not_fit_kind",
            "repayment",
            {"kind": debt.kind.value, "repayment": debt.repayment.value, "usual": USUAL_REPAYMENT[debt.kind].value},
        )
    ]


def check_date(value: dt.date | None, today: dt.date, field_name: str) -> list[Check]:
    """A date after today (a data date of 2099 …)."""
    if value is None or value <= today:
        return []
    return [Check("date_in_future", field_name, {"date": value.isoformat(), "today": today.isoformat()})]


def check_original_terms(debt: Debt) -> list[Check]:
    """A loan part repaid without the contract's whole length: its true rate cannot be shown."""
    if not terms_needed(debt):
        return []
    received = debt.principal_received if debt.principal_received is not None else debt.balance
    return [
        Check(
            "original_terms_needed",
            "original_terms",
            {"received": fmt_money(received), "balance": fmt_money(debt.balance)},
        )
    ]


def check_debt(debt: Debt, today: dt.date) -> list[Check]:
    """Every plausibility warning for one debt, in the order the fields appear."""
    return (
        check_card_balance(debt)
        + check_card_minimum(debt)
        + check_rate(debt.annual_rate)
        + check_repayment(debt)
        + check_due(debt)
        + check_original_terms(debt)
        + check_date(debt.contract_date, today, "contract_date")
    )
