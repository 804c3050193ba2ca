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
from hypothesis import given, settings
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
