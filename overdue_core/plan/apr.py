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

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, getcontext
from functools import lru_cache
from typing import Sequence

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
    """
    values = np.array([float(f) for f in flows])
    if not (values > 0).any() or not (values < 0).any():
        return None
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        f_low, f_high = _npv(low, values), _npv(high, values)
        if f_low * f_high > 0:
            return None
        for _ in range(300):
            mid = (low + high) / 2
            f_mid = _npv(mid, values)
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
        flows = [float(received)] + [-float(payment) for payment in payments]
    else:
        flows = [float(received)] + [
            -float(sum(payments[start : start + period])) for start in range(0, len(payments), period)
        ]
    rate = irr(flows)
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
    out: list[Decimal] = []
    left = balance
    if method == "equal_installment" and trusted:
        assert pmt is not None
        out = [pmt] * months
    elif method in ("equal_installment", "equal_principal"):
        step = pmt if method == "equal_installment" else round_fen(balance / months)
        assert step is not None
        out = _amortising_in_fen(method, balance, monthly, months, step) or _amortising(
            method, balance, monthly, months, step
        )
    elif method == "interest_only":
        interest = round_fen(balance * monthly)
        out = [interest] * (months - 1) + [balance + interest]
    else:  # bullet: every month's interest since the start, with the principal at maturity
        out = [Decimal("0.00")] * (months - 1) + [balance + round_fen(balance * monthly * (paid + months))]
    return out


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


def _amortising_in_fen(
    method: str, balance: Decimal, monthly: Decimal, months: int, step: Decimal
) -> list[Decimal] | None:
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
    if balance.as_tuple().exponent < -2 or step.as_tuple().exponent < -2:
        return None
    _sign, digits, exponent = monthly.as_tuple()
    if not -60 <= exponent <= 20:  # beyond the powers of ten kept for the rounding
        return None
    rate = int("".join(map(str, digits)) or "0")
    left, step_fen = int(balance * 100), int(step * 100)
    out: list[Decimal] = []
    for i in range(months):
        interest = _fen_of_product(left * rate, exponent - 2)  # left (fen) × monthly, in yuan
        if i == months - 1:
            principal = left
        elif method == "equal_installment":
            principal = min(max(step_fen - interest, 0), left)
        else:
            principal = min(step_fen, left)
        out.append(Decimal(principal + interest).scaleb(-2))
        left -= principal
    return out


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


def contract_flows(debt) -> ContractFlows | None:
    """The whole contract's cash flows, for loans fresh or part repaid (None for revolving credit).

    The installment is the stated due when entered (trusted: it is what the lender debits) and the
    interest the contract rate (:func:`contract_rate`). With ``original_terms`` entered, the
    installments already due are rebuilt backwards from today's balance, so the principal at
    payout is known; cash received is ``principal_received`` when entered, else that principal
    less ``upfront_fee``. Every installment carries the ``monthly_fee``.
    """
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
    future = _remaining(method, balance, monthly, months, pmt, paid, trusted=mismatch is not None)
    fee = Decimal(debt.monthly_fee)
    received = (
        Decimal(debt.principal_received)
        if debt.principal_received is not None
        else principal - Decimal(debt.upfront_fee)
    )
    payments = tuple(p + fee for p in past + future) if fee else tuple(past + future)
    return ContractFlows(received=received, principal=principal, payments=payments, paid_terms=paid)


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
    slack = max(DUE_TOLERANCE_MIN, flows.principal * DUE_TOLERANCE_SHARE)
    return flows.received > 0 and (
        flows.received - flows.principal > slack or flows.received > sum(flows.payments, Decimal(0))
    )


def debt_true_apr(debt) -> Apr | None:
    """The all-in APR of a debt: the one figure Legal, Negotiate, the score and the report show.

    By IRR over the whole contract (:func:`contract_flows`): cash received at payout against
    every installment with its fees. Revolving credit: its rate plus fees over a year of use.
    None when no rate can be computed: fees take all the cash received, or the entries cannot
    give one yet (:func:`rate_blocked`; callers tell the two apart with it).
    """
    flows = contract_flows(debt)
    if flows is None:
        return _revolving_apr(debt)
    if flows.received <= 0 or _inconsistent(flows):
        return None
    return apr_from_monthly_flows(flows.received, flows.payments)
