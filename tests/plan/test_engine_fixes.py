"""Engine edge cases, each checked against a hand-built figure or an independent oracle.

Card minimums apply the rule's floor and ask for the whole balance below it; a bullet loan is
judged at maturity; buckets count missed installments; monthly rates are exact fractions and
interest rounds half up on the exact value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Strategy
from tests.helpers import examples
from tests.helpers.plan_cases import case_with, contract_plan, debt

D = Decimal


def rows(plan, debt_id="d1"):
    frame = plan.schedule
    return frame[frame["debt_id"] == debt_id].reset_index(drop=True)


def card(rule: dict, balance="1000", rate="0.18"):
    return debt(balance=balance, annual_rate=rate, repayment="minimum_payment", minimum_rule=rule)


# --- card minimums -------------------------------------------------------------------------
def _hand_built_minimums(
    balance_fen: int, monthly_rate: Fraction, percent: Fraction, floor_fen: int, kind: str
) -> list[int]:
    """Minimum-only payments of a card, built by hand in fen (the rule as a person reads it)."""
    out = []
    bal = balance_fen
    while bal > 0:
        interest = int(bal * monthly_rate + Fraction(1, 2))
        statement = bal + interest
        if kind == "percent_with_floor":
            minimum = max(int(statement * percent + Fraction(1, 2)), floor_fen)
        else:
            minimum = max(interest + int(bal * percent + Fraction(1, 2)), floor_fen)
        minimum = min(minimum, statement)
        out.append(minimum)
        bal = statement - minimum
        assert len(out) < 600
    return out


@pytest.mark.parametrize("kind", ["percent_with_floor", "interest_fees_plus_percent"])
def test_card_minimum_applies_the_floor_and_then_asks_for_the_whole_balance(kind):
    plan = contract_plan(
        case_with(card({"kind": kind, "percent": "0.05", "floor": "50"})), Strategy.MINIMUM_ONLY, D(5000)
    )
    expected = _hand_built_minimums(100000, Fraction(18, 1200), Fraction(5, 100), 5000, kind)
    assert [int(p * 100) for p in rows(plan)["payment"]] == expected
    assert plan.months_to_debt_free == len(expected) < 60
    last = rows(plan).iloc[-1]
    assert last.balance == 0 and last.payment < D(50)  # the whole (small) balance, once


@pytest.mark.parametrize("kind", ["percent_with_floor", "interest_fees_plus_percent"])
def test_card_minimum_with_a_zero_floor_still_ends(kind):
    """A floor of 0 must not leave a few fen owed for hundreds of months (5 % of 0.09 rounds to 0)."""
    plan = contract_plan(
        case_with(card({"kind": kind, "percent": "0.05", "floor": "0"})), Strategy.MINIMUM_ONLY, D(5000)
    )
    assert plan.months_to_debt_free is not None and plan.months_to_debt_free < 300
    assert not any(w.code in ("never_amortises", "not_cleared", "stalled") for w in plan.warnings)


# --- bullet loans ------------------------------------------------------------------------
@pytest.mark.parametrize("terms", [13, 25])
def test_a_bullet_loan_is_judged_at_maturity(terms):
    """120 % a year, 10,000 due with all its interest at maturity: a budget that covers it pays it then."""
    loan = debt(balance="10000", annual_rate="1.2", repayment="bullet", remaining_terms=terms)
    owed_at_maturity = D(10000) + D(1000) * terms  # simple interest, 1,000 a month
    plan = contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, owed_at_maturity)
    assert plan.months_to_debt_free == terms
    assert rows(plan)["payment"].iloc[-1] == owed_at_maturity
    assert not any(w.code in ("stalled", "never_amortises") for w in plan.warnings)


def test_a_bullet_loan_that_cannot_be_paid_at_maturity_is_still_called_hopeless_after():
    loan = debt(balance="10000", annual_rate="1.2", repayment="bullet", remaining_terms=13, penalty_rate="0.36")
    plan = contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(100))
    assert plan.months_simulated > 13
    assert {"stalled", "never_amortises"} <= {w.code for w in plan.warnings}


# --- buckets ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "as_of", [dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 31), dt.date(2027, 2, 1)]
)
def test_one_missed_due_is_m1_whatever_the_month_length(as_of):
    loan = debt(balance="1200", annual_rate="0", remaining_terms=12, monthly_due="100")
    case = case_with(loan).model_copy(update={"as_of": as_of})
    frame = rows(contract_plan(case, Strategy.OVERDUE_FIRST, D(0)))
    assert list(frame["bucket"][:5]) == ["M1", "M2", "M3", "M3+", "M3+"]
    assert frame["days_overdue"].iloc[0] == (frame["date"].iloc[1] - as_of).days  # days stay true days


def test_paying_one_installment_of_the_arrears_lifts_the_bucket_by_one():
    """45 days behind = two missed installments (M2). Paying nothing misses a third (M3); paying one
    installment's worth keeps it M2; each more installment paid lifts it one bucket; all of it cures it."""
    loan = debt(
        balance="1000", annual_rate="0", remaining_terms=10, monthly_due="100", overdue_amount="200", days_overdue=45
    )
    bucket = {
        budget: rows(contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(budget)))["bucket"].iloc[0]
        for budget in (0, 100, 200, 300)
    }
    assert bucket == {0: "M3", 100: "M2", 200: "M1", 300: "M0"}


# --- exact rates -------------------------------------------------------------------------------
def test_interest_exactly_on_half_a_fen_rounds_up():
    """1,000.20 at 10 % a year: 1,000.20 / 120 = 8.335 exactly, so 8.34 (a truncated rate gave 8.33)."""
    loan = debt(balance="1000.20", annual_rate="0.1", repayment="interest_only", remaining_terms=3)
    assert rows(contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(5000)))["interest"].iloc[0] == D("8.34")


def test_penalty_exactly_on_half_a_fen_rounds_up():
    """0.50 overdue at 0.1 % a day (36.5 % a year) over the 30 days of November: 0.015 exactly, so 0.02.

    Month 1 is today (no penalty before its payment), so the penalty is charged in month 2."""
    loan = debt(balance="0", repayment="bullet", overdue_amount="0.50", days_overdue=5, penalty_rate="0.365")
    plan = contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(0), horizon_months=3)
    assert list(rows(plan)["overdue"][:2]) == [D("0.50"), D("0.52")]


@settings(max_examples=examples(200), deadline=None)
@given(balance=st.integers(1, 10_000_000), bp=st.integers(1, 3600))
def test_interest_is_the_exact_monthly_fraction_rounded_half_up(balance, bp):
    rate = D(bp) / 10000
    loan = debt(balance=D(balance) / 100, annual_rate=rate, repayment="interest_only", remaining_terms=2)
    got = rows(contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(200_000)))["interest"].iloc[0]
    exact_fen = Fraction(balance) * Fraction(bp, 10000) / 12
    assert Fraction(got) * 100 == int(exact_fen + Fraction(1, 2))  # half up on the exact value


@pytest.mark.parametrize(("principal", "rate", "months"), [(12000, "0.1", 12), (50000, "0.15", 24), (7000, "0.35", 6)])
def test_equal_installment_interest_follows_numpy_financial_with_an_exact_rate(principal, rate, months):
    plan = contract_plan(
        case_with(debt(balance=principal, annual_rate=rate, remaining_terms=months)),
        Strategy.MINIMUM_ONLY,
        D(principal),
    )
    frame = rows(plan)
    r = float(D(rate)) / 12
    assert float(frame["interest"].iloc[0]) == pytest.approx(-npf.ipmt(r, 1, months, principal), abs=0.005)
    assert sum(frame["principal"], D(0)) == principal
