"""The arithmetic people get wrong when they copy a bill: rate forms and the installment.

Why: a bill says "日利率 0.04 %", "月利率 1.5 %", "年化 18 %" or "每期手续费 0.6 %"; the case
keeps one annual rate. And a loan's monthly due follows from balance, rate and terms, so the
app computes it (the person may override it with the figure on the bill).

Rules, written once:
- daily → annual: × 365 (simple, the form lenders quote: 0.05 %/day = 18.25 %);
- monthly → annual: × 12 (nominal);
- per-term fee (charged each month on the amount financed) → annual: 12 × the monthly IRR of
  the schedule "amount now, then n × (amount / n + amount × fee)" — the PBOC's annualised form;
  rounded to 0.01 % (four decimals of the fraction);
- installments are rounded half up to the fen (the rounding of the whole app).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from overdue_core.case.models import Repayment
from overdue_core.case.money import round_fen
from overdue_core.plan.accrual import DAYS_A_YEAR  # one year of days for a daily rate, as the plan accrues penalties
from overdue_core.plan.apr import irr, level_payment

RATE_PLACES = Decimal("0.0001")


class RateBasis(StrEnum):
    DAILY = "daily"  # 日利率
    MONTHLY = "monthly"  # 月利率
    ANNUAL = "annual"  # 年化 / 年利率
    PER_TERM_FEE = "per_term_fee"  # 每期手续费 (分期)


def fee_schedule_annual_rate(fee_rate: Decimal, terms: int) -> Decimal | None:
    """Nominal annual rate (12 × monthly IRR) of an installment plan with a fee per term.

    0.6 % a term over 12 terms -> 0.1303 (13.03 %). None when terms is not positive.
    """
    if terms <= 0:
        return None
    fee_rate = Decimal(fee_rate)
    if fee_rate <= 0:
        return Decimal("0")
    payment = Decimal(1) / terms + fee_rate
    monthly = irr([Decimal(1)] + [-payment] * terms)
    if monthly is None:
        return None
    return (Decimal(repr(monthly)) * 12).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def annual_rate_from(rate: Decimal, basis: RateBasis | str, terms: int = 0) -> Decimal | None:
    """Any rate form (a fraction: 0.0004 for 0.04 %) as the annual rate the case keeps.

    Returns None for a per-term fee without a number of terms (it cannot be annualised).
    """
    rate = Decimal(rate)
    basis = RateBasis(basis)
    if rate == 0:
        return Decimal("0")
    if basis is RateBasis.DAILY:
        return rate * DAYS_A_YEAR
    if basis is RateBasis.MONTHLY:
        return rate * 12
    if basis is RateBasis.ANNUAL:
        return rate
    return fee_schedule_annual_rate(rate, terms)


def rate_in_basis(annual: Decimal, basis: RateBasis | str) -> Decimal:
    """The annual rate the case keeps in the form a bill states it (the inverse of :func:`annual_rate_from`).

    Why here: a preset keeps its rate as the annual rate the plan uses, and a card bill states
    a daily one; one rule each way keeps "0.05 % a day" and "18.25 % a year" the same figure.
    A per-term fee has no inverse without its schedule, so only daily, monthly and annual are taken.
    """
    basis = RateBasis(basis)
    annual = Decimal(annual)
    if basis is RateBasis.DAILY:
        return annual / DAYS_A_YEAR
    if basis is RateBasis.MONTHLY:
        return annual / 12
    if basis is RateBasis.ANNUAL:
        return annual
    raise ValueError("per_term_fee_has_no_inverse")


def fee_installment(amount: Decimal, fee_rate: Decimal, terms: int) -> Decimal | None:
    """What a fee-based installment bill shows each term: amount / n + amount × fee."""
    if terms <= 0:
        return None
    amount = Decimal(amount)
    return round_fen(amount / terms + amount * Decimal(fee_rate))


def installment(
    balance: Decimal, annual_rate: Decimal, terms: int, repayment: Repayment | str, monthly_fee: Decimal = Decimal("0")
) -> Decimal | None:
    """This month's contractual due from balance, annual rate and remaining terms.

    等额本息: the level payment; 等额本金: the first (largest) payment; 先息后本: one month's
    interest (the whole balance with it in the last term); 到期还本: nothing until the last term.
    None for a revolving account (its minimum comes from the bill) or when terms are missing.
    Any fixed monthly fee is added.
    """
    repayment = Repayment(repayment)
    balance = Decimal(balance)
    rate = Decimal(annual_rate)
    fee = Decimal(monthly_fee)
    if repayment is Repayment.MINIMUM_PAYMENT:
        return None
    if balance <= 0:
        return round_fen(fee) if fee else Decimal("0.00")
    monthly_interest = balance * rate / 12
    if repayment is Repayment.BULLET:
        due = balance + monthly_interest * max(terms, 1) if terms <= 1 else Decimal(0)
        return round_fen(due + fee)
    if terms <= 0:
        return None
    if repayment is Repayment.EQUAL_INSTALLMENT:
        return level_payment(balance, rate, terms) + round_fen(fee)
    if repayment is Repayment.EQUAL_PRINCIPAL:
        return round_fen(balance / terms + monthly_interest + fee)
    # interest only: interest each month, the principal with the last one
    return round_fen(monthly_interest + (balance if terms == 1 else 0) + fee)


def annual_percent_text(rate: Decimal | None) -> str:
    """0.1825 -> '18.25%' (for the 'that is … a year' line beside a rate field)."""
    if rate is None:
        return "—"
    return f"{(Decimal(rate) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def principal_left(
    borrowed: Decimal, annual_rate: Decimal, terms: int, paid: int, repayment: Repayment | str, fee_basis: bool = False
) -> Decimal:
    """What is left of the principal after ``paid`` of ``terms`` installments, as the contract reads.

    People know "borrowed 20,000, 12 installments, 3 paid", not the principal left; typing 20,000
    as the balance overstates the debt by about 4,700. Rules: 等额本息 — the contract's level
    payment, interest on what is left each month (half up to the fen); 等额本金 and a fee per term
    (分期手续费, the fee is on the amount financed) — ``borrowed / terms`` of principal each term;
    先息后本 and 到期还本 — the whole principal until the end.
    """
    repayment = Repayment(repayment)
    borrowed = Decimal(borrowed)
    if paid <= 0 or terms <= 0 or repayment in (Repayment.INTEREST_ONLY, Repayment.BULLET, Repayment.MINIMUM_PAYMENT):
        return borrowed
    if paid >= terms:
        return Decimal("0.00")
    if fee_basis or repayment is Repayment.EQUAL_PRINCIPAL:
        return max(borrowed - paid * round_fen(borrowed / terms), Decimal("0.00"))
    payment = level_payment(borrowed, annual_rate, terms)
    left = borrowed
    for _ in range(paid):
        interest = round_fen(left * Decimal(annual_rate) / 12)
        left -= payment - interest
    return max(left, Decimal("0.00"))
