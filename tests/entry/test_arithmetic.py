"""Rate forms and installments: the arithmetic the guided form does for people."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_core.entry import RateBasis, annual_percent_text, annual_rate_from, fee_installment, installment
from overdue_core.case.models import Repayment

D = Decimal


@pytest.mark.parametrize(
    ("rate", "basis", "terms", "annual"),
    [
        (D("0.0004"), "daily", 0, D("0.146")),  # 日利率 0.04 %
        (D("0.0005"), "daily", 0, D("0.1825")),  # 万分之五
        (D("0.015"), "monthly", 0, D("0.18")),  # 月利率 1.5 %
        (D("0.18"), "annual", 0, D("0.18")),  # 年化 18 %
        (D("0.006"), "per_term_fee", 12, D("0.1303")),  # 每期手续费 0.6 %, 12 期 (rules: about 13.0 %)
        (D("0.0075"), "per_term_fee", 12, D("0.1622")),  # 0.75 % -> about 16.2 %
    ],
)
def test_rate_forms_become_one_annual_rate(rate, basis, terms, annual):
    assert annual_rate_from(rate, basis, terms) == annual


def test_a_fee_per_term_needs_terms():
    assert annual_rate_from(D("0.006"), RateBasis.PER_TERM_FEE, 0) is None
    assert annual_rate_from(D("0"), RateBasis.PER_TERM_FEE, 12) == 0


def test_equal_installment_matches_the_reference_example():
    # rules reference: 100,000 at 4.35 % over 12 months -> 8,530.99 a month
    assert installment(D("100000"), D("0.0435"), 12, Repayment.EQUAL_INSTALLMENT) == D("8530.99")


def test_equal_principal_first_month():
    # 12,000 over 12 months at 12 %: 1,000 principal + 120 interest
    assert installment(D("12000"), D("0.12"), 12, Repayment.EQUAL_PRINCIPAL) == D("1120.00")


def test_interest_only_and_bullet_and_revolving():
    assert installment(D("10000"), D("0.12"), 6, Repayment.INTEREST_ONLY) == D("100.00")
    assert installment(D("10000"), D("0.12"), 1, Repayment.INTEREST_ONLY) == D("10100.00")
    assert installment(D("10000"), D("0.12"), 6, Repayment.BULLET) == D("0.00")
    assert installment(D("3000"), D("0"), 0, Repayment.BULLET) == D("3000.00")
    assert installment(D("3000"), D("0.18"), 0, Repayment.MINIMUM_PAYMENT) is None
    assert installment(D("3000"), D("0.18"), 0, Repayment.EQUAL_INSTALLMENT) is None


def test_fee_installment_is_what_the_bill_shows():
    # 花呗分期 3,000 over 6 terms at 0.6 % a term: 500 + 18
    assert fee_installment(D("3000"), D("0.006"), 6) == D("518.00")
    assert fee_installment(D("1000"), D("0.006"), 3) == D("339.33")  # 333.333… + 6, half up


def test_annual_percent_text():
    assert annual_percent_text(D("0.1825")) == "18.25%"
    assert annual_percent_text(D("0.146")) == "14.60%"
    assert annual_percent_text(None) == "—"


@given(
    balance=st.integers(min_value=100, max_value=10_000_000).map(lambda f: D(f) / 100),
    rate=st.integers(min_value=0, max_value=3600).map(lambda bp: D(bp) / 10000),
    terms=st.integers(min_value=1, max_value=60),
)
def test_installments_are_exact_fen_and_repay_at_least_the_principal(balance, rate, terms):
    pay = installment(balance, rate, terms, Repayment.EQUAL_INSTALLMENT)
    assert pay == pay.quantize(D("0.01"))
    assert pay * terms >= balance - D("0.01") * terms
    first = installment(balance, rate, terms, Repayment.EQUAL_PRINCIPAL)
    assert first >= pay - D("0.01")  # equal principal starts higher (or equal at 0 %)
