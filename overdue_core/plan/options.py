"""Options for ONE debt: keep it as it is, ask for an extension, or ask for installments.

Why: a platform offering "分 12 期，每期手续费 0.6%" sounds cheap; the true annual rate by
IRR (PBOC 〔2021〕No.3) is about 13 %. Each option here comes with its monthly payment, total
paid, total cost and its APR in both labelled forms (apr.Apr: nominal = 12 × monthly IRR,
effective = compounded), computed from the exact payment stream.

Options:
- ``as_is``: the remaining contract: N × its stated monthly payment when given (that is what
  the contract makes you pay), else the contractual stream from apr.contractual_payments;
- ``extension``: interest only for N months at the extension rate, then level installments
  over the original remaining months at that rate (same rule as agreed extensions in the plan);
- ``installments``: N periods, principal in equal installments (等额本息) or equal principal
  (等额本金) at an annual rate, plus a fixed per-period fee as a share of the amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from overdue_core.case.models import Debt, Repayment
from overdue_core.case.money import Fraction, Money, Rate, round_fen
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.plan.apr import (
    Apr,
    apr_from_monthly_flows,
    contractual_payments,
    debt_true_apr,
    kept_at_payout,
    level_payment,
)

Method = Literal["equal_installment", "equal_principal"]


class OptionsInput(BaseModel):
    """What the options calculator needs; validated like every input."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", frozen=True)

    amount: Money = Field(description="What is owed and would be repaid")
    annual_rate: Rate = Decimal("0")
    months: Annotated[int, Field(ge=1, le=600)] = 12
    method: Literal["equal_installment", "equal_principal", "interest_only", "bullet"] = "equal_installment"
    monthly_payment: Money | None = Field(default=None, description="Stated payment of the current contract")
    received: Money | None = Field(default=None, description="Cash actually in hand, if less than the amount")
    monthly_fee: Money = Decimal("0")
    extension_months: Annotated[int, Field(ge=1, le=120)] | None = None
    extension_rate: Rate | None = None
    installments: Annotated[int, Field(ge=1, le=120)] | None = None
    installment_rate: Rate = Decimal("0")
    installment_fee_rate: Fraction = Decimal("0")
    installment_method: Method = "equal_installment"


@dataclass(frozen=True)
class OptionResult:
    """One option: its payments and what it really costs."""

    key: Literal["as_is", "extension", "installments"]
    months: int
    payments: list[Decimal] = field(repr=False)
    monthly_payment: Decimal  # the first payment (the one to budget for now)
    total_paid: Decimal
    total_cost: Decimal  # total paid minus the amount owed
    apr: Apr | None  # None when the stream has no rate (e.g. nothing paid)

    @property
    def label_key(self) -> str:
        return f"options.option.{self.key}"


def _result(key: str, amount: Decimal, received: Decimal, payments: list[Decimal]) -> OptionResult:
    total = sum(payments, Decimal("0.00"))
    return OptionResult(
        key=key,  # type: ignore[arg-type]
        months=len(payments),
        payments=payments,
        monthly_payment=payments[0] if payments else Decimal("0.00"),
        total_paid=total,
        total_cost=total - amount,
        apr=apr_from_monthly_flows(received, payments) if payments and received > 0 else None,
    )


def compare_options(data: OptionsInput | dict) -> list[OptionResult]:
    """The options asked for, as-is first. ``data`` may be a dict (validated here; raises ValidationError)."""
    item = data if isinstance(data, OptionsInput) else OptionsInput.model_validate(data)
    amount = item.amount
    received = item.received if item.received is not None else amount
    fee = item.monthly_fee
    results: list[OptionResult] = []

    if item.monthly_payment is not None and item.method == "equal_installment":
        as_is = [item.monthly_payment] * item.months  # what the contract says: N × the stated payment
    else:
        as_is = contractual_payments(amount, item.annual_rate, item.months, item.method)
    results.append(_result("as_is", amount, received, [p + fee for p in as_is]))

    if item.extension_months:
        rate = item.extension_rate if item.extension_rate is not None else item.annual_rate
        interest = round_fen(amount * rate / 12)
        after = contractual_payments(amount, rate, item.months, "equal_installment")
        results.append(
            _result("extension", amount, received, [interest + fee] * item.extension_months + [p + fee for p in after])
        )

    if item.installments:
        n = item.installments
        per_fee = round_fen(amount * item.installment_fee_rate)
        stream = contractual_payments(amount, item.installment_rate, n, item.installment_method)
        results.append(_result("installments", amount, received, [p + per_fee for p in stream]))
    return results


def options_input_for_debt(debt: Debt, **choices: object) -> OptionsInput:
    """An OptionsInput for a debt of the case (what it owes, its rate and contract) plus choices."""
    method = debt.repayment.value if debt.repayment != Repayment.MINIMUM_PAYMENT else "equal_installment"
    months = debt.remaining_terms or 12
    data: dict[str, object] = {
        "amount": debt.total_owed,
        "annual_rate": debt.annual_rate,
        "months": months,
        "method": method,
        "monthly_fee": debt.monthly_fee,
        "received": debt.principal_received
        if debt.principal_received is not None and debt.overdue_amount == 0
        else None,
    }
    data.update(choices)
    return OptionsInput.model_validate(data)


def options_for_debt(debt: Debt, **choices: object) -> list[OptionResult]:
    """The options for a debt of the case, as-is first (raises ValidationError on bad choices).

    "As is" carries the debt's true APR over its whole contract (money kept at payout, up-front
    and monthly fees: :func:`overdue_core.plan.apr.debt_true_apr`), the same number the Legal
    page, the score and the report show, and its total cost counts the money kept at payout.
    """
    results = compare_options(options_input_for_debt(debt, **choices))
    kept = kept_at_payout(debt)
    return [
        replace(r, apr=debt_true_apr(debt), total_cost=r.total_cost + kept) if r.key == "as_is" else r for r in results
    ]


def parse_options(data: dict, lang: str) -> tuple[OptionsInput | None, list[Problem]]:
    """Validate options input from a form; translated problems instead of exceptions."""
    try:
        return OptionsInput.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang, prefix=("options",))


__all__ = [
    "OptionResult",
    "OptionsInput",
    "compare_options",
    "level_payment",
    "options_for_debt",
    "options_input_for_debt",
    "parse_options",
]
