"""True cost of credit: level payments and the IRR-based annual percentage rate.

Why: platforms advertise a "monthly fee" or a "daily rate" that looks small. The PBOC requires
an annualised rate over all costs against the money actually in use (公告〔2021〕第3号), computed
by IRR. We show both forms and always label which one a figure is:

- **nominal**: 12 × monthly IRR (the form of the PBOC example; 12.80 % for 99,000 received and
  12 × 8,833.30 repaid);
- **effective**: (1 + monthly IRR)^12 − 1 (13.58 % for the same loan).

Rates here are floats on purpose: they are ratios, not money, and IRR is found numerically.
Amounts passed in are Decimals or fen and are never rounded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Sequence

from overdue_core.case.money import CENT


def level_payment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """等额本息 monthly payment, rounded half up to the fen.

    100,000 at 4.35 % over 12 months -> 8,530.99.
    """
    if months <= 0:
        raise ValueError("months must be positive")
    principal = Decimal(principal)
    r = Decimal(annual_rate) / 12
    if r == 0:
        return (principal / months).quantize(CENT, rounding=ROUND_HALF_UP)
    growth = (1 + r) ** months
    return (principal * r * growth / (growth - 1)).quantize(CENT, rounding=ROUND_HALF_UP)


def npv(rate: float, flows: Sequence[float]) -> float:
    return sum(flow / (1.0 + rate) ** t for t, flow in enumerate(flows))


def irr(flows: Sequence[float | Decimal], *, low: float = -0.99, high: float = 10.0, tol: float = 1e-12) -> float | None:
    """Periodic internal rate of return of ``flows`` (t = 0, 1, 2, …) by bisection.

    Returns None when the flows do not change sign (no rate makes them worth zero). Bisection
    is slower than Newton but never diverges, which matters for odd fee structures.
    """
    values = [float(f) for f in flows]
    if not any(v > 0 for v in values) or not any(v < 0 for v in values):
        return None
    f_low, f_high = npv(low, values), npv(high, values)
    if f_low * f_high > 0:
        return None
    for _ in range(300):
        mid = (low + high) / 2
        f_mid = npv(mid, values)
        if abs(f_mid) < tol or (high - low) / 2 < tol:
            return mid
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return (low + high) / 2


@dataclass(frozen=True)
class Apr:
    """An annualised rate in both labelled forms (fractions: 0.128 = 12.8 %)."""

    monthly_irr: float
    nominal: float  # 12 × monthly IRR
    effective: float  # (1 + monthly IRR)^12 − 1


def apr_from_monthly_flows(received: Decimal | float, payments: Sequence[Decimal | float]) -> Apr | None:
    """APR of receiving ``received`` now and paying ``payments`` at the end of each month."""
    flows = [float(received)] + [-float(p) for p in payments]
    rate = irr(flows)
    if rate is None:
        return None
    return Apr(monthly_irr=rate, nominal=12 * rate, effective=(1 + rate) ** 12 - 1)


def contractual_payments(balance: Decimal, annual_rate: Decimal, months: int, method: str) -> list[Decimal]:
    """The remaining contractual payments of an amortising debt, by repayment method.

    Rounded to the fen per payment; the last payment absorbs the rounding so the principal is
    repaid exactly. Used for cost comparisons, not for the month-by-month plan.
    """
    balance = Decimal(balance)
    if months <= 0 or balance <= 0:
        return []
    r = Decimal(annual_rate) / 12
    payments: list[Decimal] = []
    if method == "equal_installment":
        pay = level_payment(balance, annual_rate, months)
        remaining = balance
        for i in range(months):
            interest = (remaining * r).quantize(CENT, rounding=ROUND_HALF_UP)
            principal = pay - interest if i < months - 1 else remaining
            payments.append(principal + interest)
            remaining -= principal
    elif method == "equal_principal":
        part = (balance / months).quantize(CENT, rounding=ROUND_HALF_UP)
        remaining = balance
        for i in range(months):
            interest = (remaining * r).quantize(CENT, rounding=ROUND_HALF_UP)
            principal = part if i < months - 1 else remaining
            payments.append(principal + interest)
            remaining -= principal
    elif method in ("interest_only", "bullet"):
        interest = (balance * r).quantize(CENT, rounding=ROUND_HALF_UP)
        if method == "interest_only":
            payments = [interest] * (months - 1) + [balance + interest]
        else:
            total_interest = (balance * r * months).quantize(CENT, rounding=ROUND_HALF_UP)
            payments = [Decimal("0.00")] * (months - 1) + [balance + total_interest]
    else:
        raise ValueError(f"not an amortising method: {method}")
    return payments


def debt_true_apr(debt) -> Apr | None:  # debt: overdue_core.case.models.Debt (kept untyped: no import cycle)
    """The all-in APR of a debt's remaining contract: interest, monthly fees and money kept up front.

    Cash in hand is ``principal_received`` when the person entered it (砍头息: borrowed 5,000,
    received 4,000), else the balance less any up-front fee; payments are the contractual ones
    plus ``monthly_fee``. Revolving (minimum-payment) debts have no fixed term: their rate is
    taken as stated, compounded monthly for the effective form.
    """
    method = debt.repayment.value if hasattr(debt.repayment, "value") else str(debt.repayment)
    if method == "minimum_payment" or debt.remaining_terms <= 0 or debt.balance <= 0:
        monthly = float(debt.annual_rate) / 12
        return Apr(monthly_irr=monthly, nominal=float(debt.annual_rate), effective=(1 + monthly) ** 12 - 1)
    payments = contractual_payments(debt.balance, debt.annual_rate, debt.remaining_terms, method)
    payments = [p + debt.monthly_fee for p in payments]
    received = debt.principal_received if debt.principal_received is not None else debt.balance - debt.upfront_fee
    if received <= 0:
        return None
    return apr_from_monthly_flows(received, payments)
