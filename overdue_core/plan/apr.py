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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, getcontext
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from overdue_core.case.money import CENT, round_fen


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
    """Net present value of ``flows`` (t = 0, 1, 2, …) at a periodic ``rate``.

    Why a running factor, not ``(1 + rate) ** t``: a 20-year loan has 240 flows, and at the
    bisection's far ends (a monthly rate near −99 % or +1,000 %) the power underflows to 0 (a
    division by zero) or overflows (an error). The factor overflows quietly to infinity (the flow
    then counts 0); once it underflows to 0 the latest flows dominate without bound, so the value
    is infinite with the sign of the last non-zero flow — all the bisection needs.

    Why numpy's ``accumulate``: it multiplies and adds strictly in order, one element after the
    other, so each factor and the running total are the very floats a plain loop gives (a pairwise
    ``sum`` would not be), at a fraction of the cost on a 50-year loan's 600 flows.
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return _npv(rate, np.asarray(flows, dtype=float))


def _npv(rate: float, values: np.ndarray) -> float:
    """:func:`npv` of an array, for a caller that has already silenced overflow, underflow and inf − inf."""
    if not len(values):
        return 0.0
    steps = np.empty(len(values))
    steps.fill(1.0 + rate)
    steps[0] = 1.0
    factors = np.multiply.accumulate(steps)
    if factors[-1] == 0.0:
        last = next((f for f in reversed(values.tolist()) if f), 0.0)
        return math.copysign(math.inf, last) if last else 0.0
    return float(np.add.accumulate(values / factors)[-1])


def irr(
    flows: Sequence[float | Decimal], *, low: float = -0.99, high: float = 10.0, tol: float = 1e-12
) -> float | None:
    """Periodic internal rate of return of ``flows`` (t = 0, 1, 2, …) by bisection.

    Returns None when the flows do not change sign (no rate makes them worth zero). Bisection
    is slower than Newton but never diverges, which matters for odd fee structures.

    Why it is quick on a loan's flows: a loan (money in, then only repayments, or the mirror) has
    one rate and a present value that only rises with the rate, so once a narrow bracket around
    that rate is proven (:func:`_sure_bracket`), every midpoint outside it is known to fall on the
    same side as the bisection would find; only those inside are computed. The steps and the
    answer are the plain bisection's, to the last bit.
    """
    values = flows.astype(float, copy=False) if isinstance(flows, np.ndarray) else np.array([float(f) for f in flows])
    if not (values > 0).any() or not (values < 0).any():
        return None
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        f_low, f_high = _npv(low, values), _npv(high, values)
        if f_low * f_high > 0:
            return None
        left, right = _sure_bracket(values, low, high, tol, f_low, f_high) or (-math.inf, math.inf)
        for _ in range(300):
            mid = (low + high) / 2
            if mid < left or mid > right:  # its side is known: no present value to compute
                if (high - low) / 2 < tol:
                    return mid
                if mid < left:
                    low = mid
                else:
                    high = mid
                continue
            f_mid = _npv(mid, values)
            if abs(f_mid) < tol or (high - low) / 2 < tol:
                return mid
            if (f_mid > 0) == (f_low > 0):
                low, f_low = mid, f_mid
            else:
                high = mid
    return (low + high) / 2


#: :func:`_npv`'s rounding error, per flow, in units of the largest value it sums: about 2 ε each
#: (the running factor, the division, the running sum), counted four times over to be safe.
_NPV_ERROR = 8 * float(np.finfo(float).eps)


def _sure_bracket(
    values: np.ndarray, low: float, high: float, tol: float, f_low: float, f_high: float
) -> tuple[float, float] | None:
    """A bracket [left, right] around a loan's rate outside which the sign of :func:`_npv` is certain.

    Only for a loan's flows: the first of one sign, every other of the other sign or zero (then
    the true present value is monotonic in the rate). With ``values[0]`` made positive, at ``left``
    the computed value is at most −margin, at ``right`` at least +margin, where the margin is twice
    :func:`_npv`'s worst rounding error there plus ``tol``; so at any rate below ``left`` the computed
    value is negative and at least ``tol`` away from zero, above ``right`` positive. None when the
    flows are not a loan's or no such bracket is found (then every midpoint is computed)."""
    sign = 1.0 if values[0] > 0 else -1.0
    loan = sign * values
    if loan[0] <= 0 or (loan[1:] > 0).any() or not sign * f_low < 0 < sign * f_high:
        return None
    rate = _newton(loan, low, high)
    if rate is None:
        return None
    error = _NPV_ERROR * len(loan) * float(loan[0])
    margin = 4 * error + 2 * tol
    width = max(abs(rate) * 1e-12, 1e-14)
    for _ in range(6):
        left, right = rate - width, rate + width
        if left <= low or right >= high:
            return None
        if _npv(left, loan) <= -margin and _npv(right, loan) >= margin:
            return left, right
        width *= 64
    return None


def _newton(loan: np.ndarray, low: float, high: float) -> float | None:
    """The rate at which a loan's flows (``loan[0]`` > 0, the rest ≤ 0) are worth zero, by Newton's
    method kept inside its bracket (halving when a step would leave it), from the rate of a level
    annuity of the same length and total. Only a first guess for :func:`_sure_bracket`, which proves
    what it relies on."""
    periods = np.arange(len(loan), dtype=float)
    weights = periods * loan
    rate = _annuity_rate(float(loan[0]), -float(loan[1:].sum()), len(loan) - 1)
    if not low < rate < high:
        rate = (low + high) / 2
    for _ in range(100):
        steps = np.full(len(loan), 1.0 / (1.0 + rate))
        steps[0] = 1.0
        discount = np.multiply.accumulate(steps)
        value = float(loan @ discount)
        slope = -float(weights @ discount) / (1.0 + rate)
        if not math.isfinite(value) or value == 0.0:
            return rate if value == 0.0 else None
        if value < 0:
            low = rate
        else:
            high = rate
        step = value / slope if slope > 0 and math.isfinite(slope) else math.inf
        guess = rate - step
        if not low < guess < high:
            guess = (low + high) / 2
        elif abs(step) <= 1e-9 * max(1.0, abs(rate)):
            return guess  # Newton doubles the digits: this step left an error far below 1e-16
        rate = guess
    return rate


def _annuity_rate(received: float, repaid: float, months: int) -> float:
    """The monthly rate of ``months`` level payments totalling ``repaid`` for ``received`` now
    (Newton on the annuity formula in plain floats: a few microseconds, a close first guess for a
    loan's schedule). 0 for a loan that cannot be one (nothing repaid, no term)."""
    if repaid <= 0 or months <= 0 or received <= 0:
        return 0.0
    payment = repaid / months
    rate = 2 * (repaid - received) / (received * (months + 1))  # simple interest
    for _ in range(30):
        if rate <= -0.99 or not math.isfinite(rate):
            return 0.0
        if abs(rate) < 1e-9:
            return rate
        try:
            growth = (1 + rate) ** -months
        except OverflowError:  # a rate near −100 % over a long term: no use as a first guess
            return 0.0
        value = received - payment * (1 - growth) / rate
        slope = payment * ((1 - growth) / rate**2 - months * growth / (rate * (1 + rate)))
        if slope <= 0:
            return rate
        step = value / slope
        rate -= step
        if abs(step) < 1e-12:
            break
    return rate


@dataclass(frozen=True)
class Apr:
    """An annualised rate in both labelled forms (fractions: 0.128 = 12.8 %)."""

    monthly_irr: float
    nominal: float  # 12 × monthly IRR
    effective: float  # (1 + monthly IRR)^12 − 1


def repayment_period(payments: Sequence[Decimal | float]) -> int:
    """The loan's repayment period in months: the greatest common divisor of the months in which
    something is repaid (1 for monthly installments; the whole term for a loan repaid at maturity).

    Why: the rate's period must be the loan's repayment period. 10,000 borrowed and 14,000 repaid
    at 12 months is 40 % a year (4,000 of interest on 10,000 for one year), but 12 × its monthly
    IRR says 34.12 % — an understatement that put such loans "within 36 %".
    """
    period = 0
    for month, payment in enumerate(payments, start=1):
        if payment:
            period = math.gcd(period, month)
            if period == 1:
                break  # monthly: nothing later can change it
    return period or 1


def apr_from_monthly_flows(received: Decimal | float, payments: Sequence[Decimal | float]) -> Apr | None:
    """APR of receiving ``received`` now and paying ``payments`` at the end of each month.

    The IRR is found per repayment period (:func:`repayment_period`) and annualised from it:
    nominal = periodic IRR × periods a year, effective = compounded over those periods. For
    monthly installments that is 12 × monthly IRR (the PBOC example); for a loan repaid at
    maturity the nominal rate is the interest over the cash received per year of the term.
    """
    period = repayment_period(payments)
    if period == 1:  # monthly installments: each payment is its own period
        repaid = [float(payment) for payment in payments]
    else:
        repaid = [float(sum(payments[start : start + period])) for start in range(0, len(payments), period)]
    return _periodic_apr(float(received), np.array(repaid, dtype=float), period)


def _apr_in_fen(received: Decimal, payments: list[int]) -> Apr | None:
    """:func:`apr_from_monthly_flows` of payments in integer fen: the same floats (each period's sum
    is exact in fen, and fen / 100 is the float of that many yuan), no Decimal per month."""
    period = repayment_period(payments)
    if period > 1:
        payments = [sum(payments[start : start + period]) for start in range(0, len(payments), period)]
    return _periodic_apr(float(received), np.array(payments, dtype=float) / 100, period)


def _periodic_apr(received: float, repaid: np.ndarray, period: int) -> Apr | None:
    """The APR of ``received`` now against ``repaid`` at the end of each period of ``period`` months."""
    rate = irr(np.concatenate(([received], -repaid)))
    if rate is None:
        return None
    per_year = 12 / period
    monthly = (1 + rate) ** (1 / period) - 1 if period > 1 else rate
    return Apr(monthly_irr=monthly, nominal=per_year * rate, effective=(1 + rate) ** per_year - 1)


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


# --- the whole contract ----------------------------------------------------------------
#: A stated due further than this from the one balance, rate and terms give contradicts them:
#: 0.5 % of the computed due, and never less than 0.50 yuan (lenders round their own way).
DUE_TOLERANCE_SHARE = Decimal("0.005")
DUE_TOLERANCE_MIN = Decimal("0.50")
#: A revolving line has no term: its fees are measured over one year of use.
REVOLVING_HORIZON = 12
#: A monthly rate implied by a stated due is kept to this many places (an exact decimal fraction).
IMPLIED_RATE_PLACES = Decimal("1E-12")

_AMORTISING = ("equal_installment", "equal_principal", "interest_only", "bullet")


def _method(debt) -> str:
    return debt.repayment.value if hasattr(debt.repayment, "value") else str(debt.repayment)


def computed_due(debt) -> Decimal | None:
    """This month's installment from balance, stated rate and terms left (fees not included).

    None when the method has no fixed installment (revolving, bullet) or nothing is left to repay.
    """
    method, balance, months = _method(debt), Decimal(debt.balance), debt.remaining_terms
    if balance <= 0 or months <= 0:
        return None
    interest = round_fen(balance * Decimal(debt.annual_rate) / 12)
    if method == "equal_installment":
        return level_payment(balance, debt.annual_rate, months)
    if method == "equal_principal":
        return balance + interest if months == 1 else round_fen(balance / months) + interest
    if method == "interest_only":
        return balance + interest if months == 1 else interest
    return None


def implied_annual_rate(debt) -> Decimal | None:
    """The annual rate (12 × monthly) at which the stated due repays the balance over the terms left.

    None when no rate can: the due is too small to repay the balance, or so large that no rate
    below 1,000 % a month gives it (the true cost then counts as above every line).
    """
    return _implied_annual_rate(_method(debt), Decimal(debt.balance), debt.remaining_terms, Decimal(debt.monthly_due))


@lru_cache(maxsize=4096)
def _implied_annual_rate(method: str, balance: Decimal, months: int, due: Decimal) -> Decimal | None:
    if balance <= 0 or months <= 0 or due <= 0:
        return None
    monthly: float | None
    if method == "equal_installment":
        monthly = irr([balance] + [-due] * months) if months > 1 else float(due / balance - 1)
    elif method == "equal_principal":
        monthly = float((due - balance / months) / balance)
    elif method == "interest_only" and months > 1:
        monthly = float(due / balance)
    else:
        return None
    if monthly is None or monthly < 0:
        return None
    return Decimal(repr(monthly)).quantize(IMPLIED_RATE_PLACES) * 12


@dataclass(frozen=True)
class DueMismatch:
    """A stated monthly due that balance, rate and terms do not give (the common 分期 case)."""

    stated: Decimal
    computed: Decimal
    #: The annual rate the stated due implies (12 × monthly); None when no rate repays the balance.
    implied_rate: Decimal | None


def due_mismatch(debt) -> DueMismatch | None:
    """The stated due, when it contradicts balance, rate and terms; else None.

    The stated due is trusted (it is what the lender debits): the plan and the true cost use the
    rate it implies, and the person is told so (a warning, never an error).
    """
    stated = Decimal(debt.monthly_due)
    computed = computed_due(debt)
    if stated <= 0 or computed is None:
        return None
    if abs(stated - computed) <= max(DUE_TOLERANCE_MIN, computed * DUE_TOLERANCE_SHARE):
        return None
    return DueMismatch(stated=stated, computed=computed, implied_rate=implied_annual_rate(debt))


def contract_rate(debt) -> Decimal:
    """The annual rate the contract really charges: the stated one, or the one a contradicting due implies."""
    mismatch = due_mismatch(debt)
    if mismatch is not None and mismatch.implied_rate is not None:
        return mismatch.implied_rate
    return Decimal(debt.annual_rate)


@dataclass(frozen=True)
class ContractFlows:
    """The whole contract as cash flows: what was received at payout and every scheduled payment.

    ``payments[0]`` is the contract's first installment; fees are included. ``paid_terms`` of them
    lie before the month of the case (a loan part repaid); the rest are still to come.
    """

    received: Decimal
    principal: Decimal
    payments: tuple[Decimal, ...]
    paid_terms: int

    @property
    def kept_at_payout(self) -> Decimal:
        """Money kept back at payout (砍头息 or an up-front fee): principal minus cash received."""
        return max(self.principal - self.received, Decimal("0.00"))


def _remaining(
    method: str, balance: Decimal, monthly: Decimal, months: int, pmt: Decimal | None, paid: int, trusted: bool
) -> list[Decimal]:
    """The installments still to come, by method, at an exact monthly rate; the last takes what is left.

    ``trusted``: a stated installment that contradicts balance, rate and terms is what the lender
    debits, every month, so that is the stream (whatever rate it implies, even none).
    """
    level = _level(method, balance, monthly, months, pmt, paid, trusted)
    if level is not None:
        every, last = level
        return [every] * (months - 1) + [last]
    step = _step(method, balance, months, pmt)
    fen = _amortising_in_fen(method, balance, monthly, months, step)
    return _amortising(method, balance, monthly, months, step) if fen is None else [_yuan(p) for p in fen]


def _level(
    method: str, balance: Decimal, monthly: Decimal, months: int, pmt: Decimal | None, paid: int, trusted: bool
) -> tuple[Decimal, Decimal] | None:
    """(every installment but the last, the last) when they are all one amount but the last: a
    trusted stated due, interest only, a bullet loan; None for the amortising methods."""
    if method == "equal_installment" and trusted:
        assert pmt is not None
        return pmt, pmt
    if method == "interest_only":
        interest = round_fen(balance * monthly)
        return interest, balance + interest
    if method == "bullet":  # every month's interest since the start, with the principal at maturity
        return Decimal("0.00"), balance + round_fen(balance * monthly * (paid + months))
    return None


def _step(method: str, balance: Decimal, months: int, pmt: Decimal | None) -> Decimal:
    """An amortising contract's step: the level installment, or the equal part of the principal."""
    step = pmt if method == "equal_installment" else round_fen(balance / months)
    assert step is not None
    return step


def _amortising(method: str, balance: Decimal, monthly: Decimal, months: int, step: Decimal) -> list[Decimal]:
    """Level installments (``step`` is the installment) or equal principal (``step`` is the part), in
    Decimal: each month's interest rounded to the fen, the last month takes what is left."""
    out: list[Decimal] = []
    left = balance
    for i in range(months):
        interest = round_fen(left * monthly)
        if i == months - 1:
            principal = left
        elif method == "equal_installment":
            principal = min(max(step - interest, Decimal(0)), left)
        else:
            principal = min(step, left)
        out.append(principal + interest)
        left -= principal
    return out


def _amortising_in_fen(method: str, balance: Decimal, monthly: Decimal, months: int, step: Decimal) -> list[int] | None:
    """:func:`_amortising` in integer fen, to the same fen: a 50-year loan's 600 months cost a
    fraction of the Decimal loop. Each interest is rounded as Decimal rounds ``left * monthly``: the
    exact product to the context's 28 digits (half even), then half up to the fen. None when the
    context or the figures are not the ones this copies (then the Decimal loop runs)."""
    context = getcontext()
    if (
        context.prec != 28
        or context.rounding != ROUND_HALF_EVEN
        or not monthly.is_finite()
        or monthly < 0
        or balance < 0
    ):
        return None
    left, step_fen = _whole_fen(balance), _whole_fen(step)
    if left is None or step_fen is None:
        return None
    _sign, digits, exponent = monthly.as_tuple()
    if not -60 <= exponent <= 20:  # beyond the powers of ten kept for the rounding
        return None
    rate = int("".join(map(str, digits)) or "0")
    # left (fen) × rate / unit is the interest in fen. Decimal first rounds the product to 28 digits,
    # which moves it by at most half of ``guard`` (the 28th digit of the largest product, month 1's):
    # that can change the rounding to the fen only when the rest lies just below half a fen, where
    # the exact rounding of _fen_of_product is taken; anywhere else one divmod gives the same fen.
    unit = _TEN[-exponent] if exponent < 0 else 0
    half = unit // 2
    guard = _TEN[max(len(str(left * rate)) - 28, 0)]
    out: list[int] = []
    append = out.append
    last, level = months - 1, method == "equal_installment"
    for i in range(months):
        product = left * rate
        if unit:
            interest, rest = divmod(product, unit)
            if rest >= half:
                interest += 1
            elif rest >= half - guard:
                interest = _fen_of_product(product, exponent - 2)
        else:
            interest = _fen_of_product(product, exponent - 2)
        if i == last:
            principal = left
        else:  # the level installment's part (never below 0) or the equal part, never above what is left
            principal = step_fen - interest if level else step_fen
            if principal < 0:
                principal = 0
            elif principal > left:
                principal = left
        append(principal + interest)
        left -= principal
    return out


def _whole_fen(amount: Decimal) -> int | None:
    """An amount in integer fen, or None when it is not a whole number of fen."""
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        return None
    return int(amount.scaleb(2))


def _yuan(fen: int) -> Decimal:
    """Integer fen as yuan to the fen (two places, as the Decimal loop gives)."""
    return Decimal(fen).scaleb(-2)


#: Powers of ten for :func:`_fen_of_product` (a product of fen and a 28-digit rate has under 60 digits).
_TEN = tuple(10**n for n in range(80))


def _fen_of_product(coefficient: int, exponent: int) -> int:
    """``coefficient × 10**exponent`` (≥ 0) rounded to 28 significant digits half even, then half
    up to the fen: what ``round_fen`` gives for a Decimal product in the default context."""
    if coefficient >= _TEN[28]:
        digits = coefficient.bit_length() * 1233 >> 12  # ⌊log10⌋ or one less
        extra = digits + (coefficient >= _TEN[digits]) - 28
        unit = _TEN[extra]
        coefficient, rest = divmod(coefficient, unit)
        if 2 * rest > unit or (2 * rest == unit and coefficient & 1):
            coefficient += 1
        exponent += extra
    if exponent >= -2:
        return coefficient * _TEN[exponent + 2]
    unit = _TEN[-2 - exponent]
    fen, rest = divmod(coefficient, unit)
    return fen + 1 if 2 * rest >= unit else fen


def _past(
    method: str, balance: Decimal, monthly: Decimal, paid: int, pmt: Decimal | None, part: Decimal
) -> tuple[Decimal, list[Decimal]]:
    """The installments already due before today, rebuilt backwards from today's balance; and the principal."""
    left = balance
    out: list[Decimal] = []
    for _ in range(paid):
        if method == "equal_installment":
            assert pmt is not None
            before = round_fen((left + pmt) / (1 + monthly))
            out.append(pmt)
        elif method == "equal_principal":
            before = left + part
            out.append(part + round_fen(before * monthly))
        elif method == "interest_only":
            before = left
            out.append(round_fen(left * monthly))
        else:
            before = left
            out.append(Decimal("0.00"))
        left = before
    out.reverse()
    return left, out


class _Terms(NamedTuple):
    """A contract as :func:`contract_flows` reads it from a debt, before its installments to come."""

    method: str
    balance: Decimal
    months: int
    monthly: Decimal
    pmt: Decimal | None
    paid: int
    trusted: bool
    principal: Decimal
    past: list[Decimal]
    received: Decimal
    fee: Decimal


def _contract_terms(debt) -> _Terms | None:
    """The contract behind a loan (None for revolving credit or nothing left to repay); see :func:`contract_flows`."""
    method = _method(debt)
    balance, months = Decimal(debt.balance), debt.remaining_terms
    if method not in _AMORTISING or balance <= 0 or months <= 0:
        return None
    mismatch = due_mismatch(debt)
    monthly = (
        mismatch.implied_rate
        if mismatch is not None and mismatch.implied_rate is not None
        else Decimal(debt.annual_rate)
    ) / 12
    pmt: Decimal | None = None
    if method == "equal_installment":
        pmt = Decimal(debt.monthly_due) if debt.monthly_due > 0 else level_payment(balance, monthly * 12, months)
    original = getattr(debt, "original_terms", None)
    paid = max(original - months, 0) if original else 0
    principal, past = _past(method, balance, monthly, paid, pmt, round_fen(balance / months))
    received = (
        Decimal(debt.principal_received)
        if debt.principal_received is not None
        else principal - Decimal(debt.upfront_fee)
    )
    fee = Decimal(debt.monthly_fee)
    return _Terms(method, balance, months, monthly, pmt, paid, mismatch is not None, principal, past, received, fee)


def contract_flows(debt) -> ContractFlows | None:
    """The whole contract's cash flows, for loans fresh or part repaid (None for revolving credit).

    The installment is the stated due when entered (trusted: it is what the lender debits) and the
    interest the contract rate (:func:`contract_rate`). With ``original_terms`` entered, the
    installments already due are rebuilt backwards from today's balance, so the principal at
    payout is known; cash received is ``principal_received`` when entered, else that principal
    less ``upfront_fee``. Every installment carries the ``monthly_fee``.
    """
    terms = _contract_terms(debt)
    if terms is None:
        return None
    method, balance, months, monthly, pmt, paid, trusted, principal, past, received, fee = terms
    future = _remaining(method, balance, monthly, months, pmt, paid, trusted)
    payments = tuple(p + fee for p in past + future) if fee else tuple(past + future)
    return ContractFlows(received=received, principal=principal, payments=payments, paid_terms=paid)


def _payments_in_fen(terms: _Terms) -> list[int] | None:
    """:func:`contract_flows`' payments in integer fen (the same amounts), or None when one is not a
    whole fen. The true cost reads these: a 50-year loan's 600 installments without a Decimal each."""
    method, balance, months, monthly, pmt, paid, trusted, _principal, past, _received, fee = terms
    level = _level(method, balance, monthly, months, pmt, paid, trusted)
    if level is None:
        future = _amortising_in_fen(method, balance, monthly, months, _step(method, balance, months, pmt))
    else:
        every, last = _whole_fen(level[0]), _whole_fen(level[1])
        future = None if every is None or last is None else [every] * (months - 1) + [last]
    fee_fen, past_fen = _whole_fen(fee), [_whole_fen(p) for p in past]
    if future is None or fee_fen is None or None in past_fen:
        return None
    payments = past_fen + future
    return [p + fee_fen for p in payments] if fee_fen else payments


def kept_at_payout(debt) -> Decimal:
    """Money the lender kept back at payout (砍头息, an up-front fee): part of what keeping the
    contract as it is costs, since the loan counts as the cash received (Civil Code Art. 670)."""
    flows = contract_flows(debt)
    if flows is not None:
        return flows.kept_at_payout
    received = debt.principal_received if debt.principal_received is not None else debt.balance - debt.upfront_fee
    return max(debt.balance - received, Decimal("0.00"))


def _revolving_apr(debt) -> Apr | None:
    """A credit line: stated rate, plus fees over a year of use (``REVOLVING_HORIZON`` months)."""
    balance = Decimal(debt.balance)
    monthly = Decimal(debt.annual_rate) / 12
    received = (
        Decimal(debt.principal_received) if debt.principal_received is not None else balance - Decimal(debt.upfront_fee)
    )
    fee = Decimal(debt.monthly_fee)
    if balance <= 0 or (fee == 0 and received >= balance):
        rate = float(monthly)
        return Apr(monthly_irr=rate, nominal=float(debt.annual_rate), effective=(1 + rate) ** 12 - 1)
    if received <= 0:
        return None
    interest = round_fen(balance * monthly)
    payments = [interest + fee] * (REVOLVING_HORIZON - 1) + [balance + interest + fee]
    return apr_from_monthly_flows(received, payments)


def rate_blocked(debt) -> str | None:
    """Why no rate can be stated from the entries, or None: "terms_needed" or "inconsistent".

    A loan part repaid, entered with its cash received but without ``original_terms``, looks
    like a fresh loan of today's balance: 4,000 received against 6 × 472.80 still to pay reads as
    a rate of −108 %. When the cash received is more than the principal the entries rebuild
    (rounding of the rebuild aside), or more than every payment of the contract together, no
    rate is shown — never a negative or absurd one: "terms_needed" when the contract's length
    would settle it, "inconsistent" otherwise (a due too small to repay the balance).
    """
    flows = contract_flows(debt)
    if flows is None or not _inconsistent(flows):
        return None
    if debt.principal_received is not None and getattr(debt, "original_terms", None) is None:
        return "terms_needed"
    return "inconsistent"


def terms_needed(debt) -> bool:
    """Whether the contract's whole length must be entered before its rate can be shown."""
    return rate_blocked(debt) == "terms_needed"


def _inconsistent(flows: ContractFlows) -> bool:
    return _received_too_much(flows.received, flows.principal, sum(flows.payments, Decimal(0)))


def _received_too_much(received: Decimal, principal: Decimal, repaid: Decimal) -> bool:
    """More cash received than the principal the entries rebuild (rounding aside) or than every payment."""
    slack = max(DUE_TOLERANCE_MIN, principal * DUE_TOLERANCE_SHARE)
    return received > 0 and (received - principal > slack or received > repaid)


def debt_true_apr(debt) -> Apr | None:
    """The all-in APR of a debt: the one figure Legal, Negotiate, the score and the report show.

    By IRR over the whole contract (:func:`contract_flows`): cash received at payout against
    every installment with its fees. Revolving credit: its rate plus fees over a year of use.
    None when no rate can be computed: fees take all the cash received, or the entries cannot
    give one yet (:func:`rate_blocked`; callers tell the two apart with it).
    """
    terms = _contract_terms(debt)
    if terms is None:
        return _revolving_apr(debt)
    fen = _payments_in_fen(terms)
    if fen is None:  # an amount finer than the fen: the Decimal flows
        flows = contract_flows(debt)
        assert flows is not None
        if flows.received <= 0 or _inconsistent(flows):
            return None
        return apr_from_monthly_flows(flows.received, flows.payments)
    if terms.received <= 0 or _received_too_much(terms.received, terms.principal, _yuan(sum(fen))):
        return None
    return _apr_in_fen(terms.received, fen)
