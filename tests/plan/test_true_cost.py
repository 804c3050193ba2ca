"""True cost of real contracts: the all-in APR by IRR over the whole contract, checked against
numpy-financial on cash flows built by hand, for loans fresh or part repaid, with money kept at
payout, with monthly fees, for revolving credit with fees, and with a stated due that contradicts
balance, rate and terms (the due is trusted and its implied rate shown)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import numpy_financial as npf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Case, Debt
from overdue_core.measures.legal.findings import debt_checks
from overdue_core.plan.apr import contract_flows, contract_rate, debt_true_apr, due_mismatch, irr, level_payment, npv
from overdue_core.plan.options import options_for_debt
from tests.helpers import examples

D = Decimal
CENT = D("0.01")


def fen(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def forward_schedule(principal: Decimal, annual_rate: Decimal, months: int) -> list[Decimal]:
    """等额本息 built forward from the start, by hand: level payment, last one takes the rest."""
    pmt = level_payment(principal, annual_rate, months)
    left, out = principal, []
    for i in range(months):
        interest = fen(left * annual_rate / 12)
        part = left if i == months - 1 else pmt - interest
        out.append(part + interest)
        left -= part
    return out


def balance_after(principal: Decimal, annual_rate: Decimal, months: int, paid: int) -> Decimal:
    pmt = level_payment(principal, annual_rate, months)
    left = principal
    for _ in range(paid):
        left -= pmt - fen(left * annual_rate / 12)
    return left


def oracle_nominal(received: Decimal, payments: list[Decimal]) -> float:
    return 12 * npf.irr([float(received)] + [-float(p) for p in payments])


def loan(**kw) -> Debt:
    base = dict(id="x", platform="某贷", balance="10000", annual_rate="0.24", remaining_terms=12)
    base.update(kw)
    return Debt.model_validate(base)


def case_of(*debts: Debt) -> Case:
    return Case(as_of=dt.date(2026, 11, 1), debts=list(debts))


# --- loans part repaid, with money kept at payout -------------------------------------------
def test_a_loan_part_repaid_with_money_kept_at_payout_is_costed_over_its_whole_contract():
    principal, rate, months, paid = D("10000"), D("0.24"), 12, 6
    debt = loan(
        balance=balance_after(principal, rate, months, paid),
        remaining_terms=months - paid,
        monthly_due=level_payment(principal, rate, months),
        principal_received="8000",
        original_terms=months,
    )
    apr = debt_true_apr(debt)
    expected = oracle_nominal(D("8000"), forward_schedule(principal, rate, months))
    assert apr is not None and apr.nominal > 0
    assert apr.nominal == pytest.approx(expected, abs=1e-4)  # about 70 % a year, not a negative rate
    flows = contract_flows(debt)
    assert flows.principal == principal and flows.kept_at_payout == D("2000") and flows.paid_terms == paid


def test_the_legal_alert_stays_for_a_part_repaid_loan_with_interest_taken_up_front():
    principal, rate, months = D("10000"), D("0.24"), 12
    debt = loan(
        balance=balance_after(principal, rate, months, 6),
        remaining_terms=6,
        monthly_due=level_payment(principal, rate, months),
        principal_received="8000",
        original_terms=months,
    )
    codes = {f.code: f for f in debt_checks(case_of(debt), debt)}
    assert "apr_above_line_36" in codes and codes["apr_above_line_36"].level == "alert"
    assert codes["interest_upfront"].params["kept"] == "2,000.00"


@settings(max_examples=examples(60), deadline=None)
@given(
    principal=st.integers(1000, 200000).map(D),
    rate_bp=st.integers(0, 4800),
    months=st.integers(2, 36),
    paid_share=st.floats(0, 0.9),
    kept_share=st.integers(0, 30),
    fee=st.integers(0, 300).map(D),
)
def test_whole_contract_apr_matches_numpy_financial_on_hand_built_flows(
    principal, rate_bp, months, paid_share, kept_share, fee
):
    rate = D(rate_bp) / 10000
    paid = int(months * paid_share)
    received = fen(principal * (100 - kept_share) / 100)
    debt = loan(
        balance=balance_after(principal, rate, months, paid),
        annual_rate=rate,
        remaining_terms=months - paid,
        monthly_due=level_payment(principal, rate, months),
        principal_received=received,
        original_terms=months,
        monthly_fee=fee,
    )
    expected = oracle_nominal(received, [p + fee for p in forward_schedule(principal, rate, months)])
    assert debt_true_apr(debt).nominal == pytest.approx(expected, abs=2e-4)


def test_an_upfront_fee_counts_on_a_fresh_loan_and_in_the_as_is_option():
    debt = loan(annual_rate="0.18", upfront_fee="1000")
    expected = oracle_nominal(D("9000"), forward_schedule(D("10000"), D("0.18"), 12))
    apr = debt_true_apr(debt)
    assert apr.nominal == pytest.approx(expected, abs=1e-5)
    as_is = options_for_debt(debt)[0]
    assert as_is.key == "as_is" and as_is.apr == apr  # Negotiate shows the Legal page's number


# --- revolving credit ---------------------------------------------------------------------
def test_revolving_credit_with_a_monthly_fee_is_not_its_nominal_rate():
    card = loan(
        kind="credit_card", repayment="minimum_payment", remaining_terms=0, annual_rate="0.18", monthly_fee="100"
    )
    interest = fen(D("10000") * D("0.18") / 12)
    flows = [D(10000)] + [-(interest + 100)] * 11 + [-(D(10000) + interest + 100)]
    assert debt_true_apr(card).nominal == pytest.approx(12 * npf.irr([float(x) for x in flows]), abs=1e-6)
    assert debt_true_apr(card).nominal == pytest.approx(0.30, abs=1e-6)  # 18 % + 12 × 1 %


def test_revolving_credit_without_fees_costs_its_stated_rate():
    card = loan(kind="credit_card", repayment="minimum_payment", remaining_terms=0, annual_rate="0.18")
    assert debt_true_apr(card).nominal == pytest.approx(0.18, abs=1e-12)


# --- a stated due that contradicts balance, rate and terms ---------------------------------
def test_a_stated_due_with_the_fee_inside_is_trusted_and_its_rate_shown():
    # "分 12 期，每期 1,072 元": 1,000 principal + 0.6 % fee inside, the rate left at 0.
    debt = loan(balance="12000", annual_rate="0", monthly_due="1072")
    mismatch = due_mismatch(debt)
    assert mismatch is not None and mismatch.computed == D("1000.00") and mismatch.stated == D("1072.00")
    oracle = 12 * npf.irr([12000] + [-1072] * 12)
    assert float(mismatch.implied_rate) == pytest.approx(oracle, abs=1e-8)
    assert debt_true_apr(debt).nominal == pytest.approx(oracle, abs=1e-5)
    assert contract_rate(debt) == mismatch.implied_rate
    assert any(f.code == "due_mismatch" for f in debt_checks(case_of(debt), debt))


def test_a_due_that_matches_within_rounding_is_no_mismatch():
    debt = loan(monthly_due=str(level_payment(D("10000"), D("0.24"), 12) + D("0.01")))
    assert due_mismatch(debt) is None and contract_rate(debt) == D("0.24")


@pytest.mark.parametrize("terms", [1, 2, 12, 60, 161, 162, 240, 360, 480, 576, 600])
def test_a_long_loan_has_its_rate_not_a_crash(terms):
    """A 20-year (or longer) loan: the IRR's far bracket (−99 % a month) raised to the 162nd power
    underflowed to 0 and divided by it; the running factor keeps it finite, and the rate matches
    numpy-financial on the same flows."""
    loan = Debt(
        id="mortgage",
        platform="Bank",
        balance=D("300000"),
        annual_rate=D("0.049"),
        repayment="equal_installment",
        remaining_terms=terms,
    )
    apr = debt_true_apr(loan)
    assert apr is not None and apr.nominal == pytest.approx(0.049, abs=1e-6)
    flows = [100.0] + [-1.5] * 400
    assert irr(flows) == pytest.approx(npf.irr(flows), abs=1e-9)


def _npv_in_a_plain_loop(rate: float, flows: list[float]) -> float:
    """The present value as a loop writes it: the reference numpy's in-order accumulation must match."""
    base, total, factor = 1.0 + rate, 0.0, 1.0
    for flow in flows:
        if factor == 0.0:
            last = next((f for f in reversed(flows) if f), 0.0)
            return math.copysign(math.inf, last) if last else total
        total += flow / factor
        factor *= base
    return total


@settings(max_examples=300, deadline=None)
@given(
    rate=st.one_of(st.floats(-0.99, 10.0), st.sampled_from([-0.99, -0.95, 0.0, 10.0])),
    flows=st.lists(st.floats(-1e7, 1e7, allow_nan=False), min_size=1, max_size=700),
)
def test_npv_is_the_plain_loop_s_to_the_last_bit(rate, flows):
    ours, loop = npv(rate, flows), _npv_in_a_plain_loop(rate, flows)
    assert ours == loop or (math.isnan(ours) and math.isnan(loop))


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["equal_installment", "equal_principal"]),
    balance=st.integers(0, 10**10).map(lambda fen: Decimal(fen) / 100),
    annual=st.one_of(st.integers(0, 4_000_000).map(lambda n: Decimal(n) / 10**7), st.decimals("0", "0.6", places=12)),
    months=st.integers(1, 600),
    installment=st.integers(0, 10**9).map(lambda fen: Decimal(fen) / 100),
)
def test_the_contract_in_fen_is_the_decimal_loop_s(method, balance, annual, months, installment):
    """A whole contract's installments in integer fen give the Decimal loop's, fen for fen (rates
    like 0.18 / 12 that Decimal rounds at 28 digits included)."""
    from overdue_core.plan.apr import _amortising, _amortising_in_fen

    monthly = Decimal(annual) / 12
    step = (
        installment
        if method == "equal_installment"
        else (balance / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    in_fen = _amortising_in_fen(method, balance, monthly, months, step)
    assert in_fen is not None
    assert [Decimal(p).scaleb(-2) for p in in_fen] == _amortising(method, balance, monthly, months, step)


# --- the quick ways give the plain ways' figures, to the last bit -------------------------------
def _irr_by_plain_bisection(flows: list[float], low: float = -0.99, high: float = 10.0, tol: float = 1e-12):
    """The bisection as it was before any midpoint was skipped: every midpoint computed, at most
    300 halvings. Written as a recursion, so that the oracle is not the loop under test again."""
    values = [float(f) for f in flows]
    if not any(v > 0 for v in values) or not any(v < 0 for v in values):
        return None
    f_low, f_high = npv(low, values), npv(high, values)
    if f_low * f_high > 0:
        return None

    def halve(low: float, f_low: float, high: float, halvings: int) -> float:
        mid = (low + high) / 2
        if halvings == 300:
            return mid
        f_mid = npv(mid, values)
        if abs(f_mid) < tol or (high - low) / 2 < tol:
            return mid
        same_side = (f_mid > 0) == (f_low > 0)
        return halve(mid, f_mid, high, halvings + 1) if same_side else halve(low, f_low, mid, halvings + 1)

    return halve(low, f_low, high, 0)


_fen_amounts = st.integers(0, 10**9).map(lambda fen: fen / 100)


@st.composite
def _loan_flows(draw) -> list[float]:
    """Cash in, then repayments (or the mirror): level, irregular, with gaps, a balloon, any length."""
    months = draw(st.integers(1, 600))
    received = draw(st.integers(1, 10**10).map(lambda fen: fen / 100))
    shape = draw(st.sampled_from(["level", "irregular", "balloon", "mixed"]))
    if shape == "level":
        payments = [draw(_fen_amounts)] * months
    elif shape == "balloon":
        payments = [0.0] * (months - 1) + [draw(_fen_amounts)]
    elif shape == "irregular":
        payments = draw(st.lists(_fen_amounts, min_size=months, max_size=months))
    else:  # not a loan's flows: both signs after the first (the quick way must step aside)
        payments = draw(st.lists(st.integers(-(10**8), 10**8).map(lambda fen: fen / 100), min_size=1, max_size=60))
    flows = [received] + [-p for p in payments]
    return [-f for f in flows] if draw(st.booleans()) else flows


@settings(max_examples=examples(400), deadline=None)
@given(flows=_loan_flows())
# Found by this test: a first guess near −100 % a month over 285 months overflowed a float power.
@example(flows=[11360446.74] + [-66.31] * 285)
def test_the_irr_is_the_plain_bisection_s_to_the_last_bit(flows):
    assert irr(flows) == _irr_by_plain_bisection(flows)


@pytest.mark.parametrize(
    "flows",
    [
        [100000.0] + [-700.0] * 576,  # a 48-year loan
        [1.0] + [-1.0],  # a rate of exactly 0
        [100.0] + [-1.5] * 400,
        [10000.0] + [0.0] * 11 + [-14000.0],
        [0.01] + [-1e7] * 600,  # a rate near the top of the bracket
        [1e8] + [-0.01] * 600,  # near the bottom
        [5000.0] + [-5000.0] + [0.0] * 599,
    ],
)
def test_the_irr_of_edge_loans_is_the_plain_bisection_s(flows):
    assert irr(flows) == _irr_by_plain_bisection(flows)


_debt_methods = st.sampled_from(["equal_installment", "equal_principal", "interest_only", "bullet"])


@st.composite
def _contracts(draw) -> Debt:
    """A loan of any amortising method: with or without a stated due (agreeing or not), part repaid,
    fees, money kept at payout."""
    months = draw(st.integers(1, 600))
    data = {
        "balance": str(D(draw(st.integers(1, 10**9))) / 100),
        "annual_rate": str(D(draw(st.integers(0, 4000))) / 10000),
        "repayment": draw(_debt_methods),
        "remaining_terms": months,
        "monthly_fee": str(D(draw(st.integers(0, 50000))) / 100),
        "upfront_fee": str(D(draw(st.integers(0, 10**6))) / 100),
    }
    if draw(st.booleans()):
        data["monthly_due"] = str(D(draw(st.integers(1, 10**8))) / 100)
    if draw(st.booleans()):
        data["original_terms"] = min(600, months + draw(st.integers(0, 120)))
    if draw(st.booleans()):
        data["principal_received"] = str(D(draw(st.integers(0, 10**9))) / 100)
    return loan(**data)


@settings(max_examples=examples(300), deadline=None)
@given(debt=_contracts())
def test_the_true_cost_in_fen_is_the_decimal_flows_s(debt):
    """The true cost reads the contract's installments in integer fen: the same APR, to the last bit,
    as the IRR of :func:`contract_flows`' Decimal payments."""
    from overdue_core.plan.apr import _contract_terms, _inconsistent, _payments_in_fen, apr_from_monthly_flows

    flows = contract_flows(debt)
    in_fen = _payments_in_fen(_contract_terms(debt))
    assert in_fen == [int(p * 100) for p in flows.payments]
    by_decimal = (
        None if flows.received <= 0 or _inconsistent(flows) else apr_from_monthly_flows(flows.received, flows.payments)
    )
    assert debt_true_apr(debt) == by_decimal
