"""The plan engine: oracles (numpy-financial), each repayment method and minimum rule, strategies,
timing and leftover-money rules, credit-record dates and suggested offers."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy_financial as npf
import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import MinimumPaymentRule, Strategy
from overdue_core.case.standing import add_months
from overdue_core.plan.apr import level_payment
from overdue_core.plan.engine import default_budget, suggested_offers
from tests.helpers.plan_cases import AS_OF, arrears, case_with, contract_plan, contract_strategies, debt, loan

D = Decimal


def rows(plan, debt_id="d1"):
    frame = plan.schedule
    return frame[frame["debt_id"] == debt_id].reset_index(drop=True)


# --- oracles ---------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy-financial divides by a zero rate
@pytest.mark.parametrize(
    ("principal", "rate", "months"), [(100000, "0.0435", 12), (36000, "0.216", 24), (5000, "0.36", 6), (9000, "0", 9)]
)
def test_equal_installment_matches_numpy_financial(principal, rate, months):
    payment = level_payment(D(principal), D(rate), months)
    # A budget a little above the payment: the last payment absorbs the rounding of all the others.
    plan = contract_plan(
        case_with(debt(balance=principal, annual_rate=rate, remaining_terms=months)), Strategy.MINIMUM_ONLY, payment + 1
    )
    r = float(D(rate)) / 12
    assert float(payment) == pytest.approx(-npf.pmt(r, months, principal), abs=0.005)
    frame = rows(plan)
    assert len(frame) == months and plan.months_to_debt_free == months
    for i, row in frame.iterrows():
        per = i + 1
        # Each month's interest is rounded to the fen and the payment is rounded once, so the
        # split may drift from the unrounded oracle by at most about half a fen a month.
        tolerance = 0.01 + 0.006 * per
        assert float(row.interest) == pytest.approx(-npf.ipmt(r, per, months, principal), abs=tolerance)
        assert float(row.principal) == pytest.approx(-npf.ppmt(r, per, months, principal), abs=tolerance)
        if per < months:
            assert row.payment == payment
    assert sum(frame["principal"], D(0)) == principal  # to the fen: the last payment absorbs rounding
    assert plan.feasible and plan.shortfall == 0


def test_published_level_payment_figure():
    plan = contract_plan(
        case_with(debt(balance="100000", annual_rate="0.0435", remaining_terms=12)), Strategy.MINIMUM_ONLY, D("9000")
    )
    assert rows(plan)["payment"].iloc[0] == D("8530.99")


@pytest.mark.parametrize(
    ("principal", "rate", "budget"),
    [(20000, "0.18", 1500), (50000, "0.24", 2000), (8000, "0.1278", 700), (30000, "0.0", 999)],
)
def test_months_to_debt_free_matches_nper(principal, rate, budget):
    """Paying a fixed budget on one interest-only debt (all of it prepays) takes nper months."""
    plan = contract_plan(
        case_with(debt(balance=principal, annual_rate=rate, repayment="interest_only", remaining_terms=600)),
        Strategy.AVALANCHE,
        D(budget),
    )
    r = float(D(rate)) / 12
    expected = math.ceil(npf.nper(r, -budget, principal)) if r else math.ceil(principal / budget)
    assert plan.months_to_debt_free == expected
    assert (plan.debt_free_date - add_months(AS_OF, expected - 1)).days == 0


# --- each repayment method ---------------------------------------------------------------
def test_equal_principal_pays_the_same_principal_each_month():
    plan = contract_plan(
        case_with(debt(balance="12000", annual_rate="0.12", repayment="equal_principal", remaining_terms=12)),
        Strategy.MINIMUM_ONLY,
        D(5000),
    )
    frame = rows(plan)
    assert set(frame["principal"]) == {D("1000.00")}
    assert list(frame["interest"][:3]) == [D("120.00"), D("110.00"), D("100.00")]
    assert plan.months_to_debt_free == 12


def _three_months(repayment: str):
    """The schedule of 10,000 at 12 % a year with 3 months left, on its contract with money to spare."""
    plan = contract_plan(case_with(loan("10000", "0.12", 3, repayment=repayment)), Strategy.MINIMUM_ONLY, D(20000))
    return rows(plan)


def test_interest_only_then_principal_at_the_end():
    assert list(_three_months("interest_only")["payment"]) == [D("100.00"), D("100.00"), D("10100.00")]


def test_bullet_accrues_and_is_due_at_maturity():
    frame = _three_months("bullet")
    assert list(frame["payment"]) == [D("0.00"), D("0.00"), D("10300.00")]
    assert list(frame["interest"]) == [D("0.00"), D("0.00"), D("300.00")]


def test_stated_monthly_due_is_the_contract_payment():
    plan = contract_plan(
        case_with(debt(balance="16000", annual_rate="0.18", remaining_terms=10, monthly_due="1734.95")),
        Strategy.MINIMUM_ONLY,
        D(5000),
    )
    assert list(rows(plan)["payment"][:9]) == [D("1734.95")] * 9


@pytest.mark.parametrize(
    ("rule", "first_payment"),
    [
        (MinimumPaymentRule(kind="fixed", fixed_amount=D("500")), D("500.00")),
        (
            MinimumPaymentRule(kind="percent_with_floor", percent=D("0.10"), floor=D("100")),
            D("1015.00"),
        ),  # 10 % of 10,150
        (MinimumPaymentRule(kind="percent_with_floor", percent=D("0.01"), floor=D("300")), D("300.00")),
        (MinimumPaymentRule(kind="interest_fees_plus_percent", percent=D("0.05")), D("650.00")),  # 150 + 500
    ],
)
def test_minimum_payment_rules(rule, first_payment):
    revolving = debt(balance="10000", annual_rate="0.18", repayment="minimum_payment", minimum_rule=rule)
    plan = contract_plan(case_with(revolving), Strategy.MINIMUM_ONLY, D(50000))
    frame = rows(plan)
    assert frame["payment"].iloc[0] == first_payment
    assert frame["interest"].iloc[0] == D("150.00")


def test_minimum_rule_defaults_to_the_rule_registry_percent():
    revolving = debt(balance="10000", annual_rate="0", repayment="minimum_payment")
    case = case_with(revolving).model_copy(
        update={
            "settings": case_with(revolving).settings.model_copy(
                update={"rules": {"card_min_payment_percent": D("0.2")}}
            )
        }
    )
    assert rows(contract_plan(case, Strategy.MINIMUM_ONLY, D(50000)))["payment"].iloc[0] == D("2000.00")


def test_fixed_minimum_below_interest_never_amortises():
    revolving = debt(
        balance="10000",
        annual_rate="0.24",
        repayment="minimum_payment",
        minimum_rule=MinimumPaymentRule(kind="fixed", fixed_amount=D("150")),
    )
    plan = contract_plan(case_with(revolving), Strategy.MINIMUM_ONLY, D(50000))
    outcome = plan.debts[0]
    assert outcome.never_amortises and outcome.paid_off_month is None
    assert plan.months_to_debt_free is None and not plan.feasible
    assert {"never_amortises", "stalled"} <= {w.code for w in plan.warnings}
    assert plan.months_simulated < 600  # stopped early, never "paid off in 600 months"
    assert outcome.payment_to_clear[12] == level_payment(D("10000"), D("0.24"), 12)


# --- arrears, penalty, late fee, days overdue --------------------------------------------
def test_unpaid_due_becomes_overdue_with_late_fee_and_penalty_next_month():
    late = loan("12000", "0.12", 12, "1066.19", penalty_rate="0.24", late_fee_rate="0.05")
    plan = contract_plan(case_with(late), Strategy.MINIMUM_ONLY, D(0))
    frame = rows(plan)
    first = frame.iloc[0]
    assert first.payment == 0
    assert first.overdue == D("1066.19") + D("53.31")  # the due plus a 5 % late fee, once
    assert first.days_overdue == 30 and first.bucket == "M1"
    second = frame.iloc[1]
    # Month 2: 24 % a year for the 30 days of November on the overdue due (interest + principal,
    # not the fee): 1,066.19 × 0.24 × 30 / 365 = 21.03; plus the new due and its fee.
    assert second.overdue == first.overdue + D("21.03") + D("1066.19") + D("53.31")
    assert second.days_overdue == 61 and second.bucket == "M2"  # two missed dues: M2, however long the months


def test_existing_arrears_age_and_cure():
    loan = debt(balance="0", repayment="bullet", overdue_amount="2000", days_overdue=45, penalty_rate="0.12")
    plan = contract_plan(case_with(loan), Strategy.OVERDUE_FIRST, D(1000))
    frame = rows(plan)
    # 45 days behind = two missed installments of 1,000; month 1 pays the older one (month 1 is
    # today: no penalty before its payment), so the oldest unpaid is the second, 15 days before
    # as_of: 15 + 30 days on month 2's payment day. Penalty accrues on what is left from month 2.
    assert frame.iloc[0].days_overdue == 15 + 30 and frame.iloc[0].bucket == "M2"
    assert frame.iloc[0].penalty == D("0.00") and frame.iloc[0].principal == D("1000.00")
    assert frame.iloc[1].penalty == D("9.86")  # 1,000 × 12 % × 30 days (November) / 365
    outcome = plan.debts[0]
    assert outcome.current_month == outcome.paid_off_month == 3
    assert outcome.credit_record_clears == dt.date(2032, 1, 1)  # 5 years after the overdue ends (month 3)


def test_credit_record_years_come_from_the_rules():
    loan = debt(balance="0", repayment="bullet", overdue_amount="500", days_overdue=10)
    case = case_with(loan)
    case = case.model_copy(
        update={"settings": case.settings.model_copy(update={"rules": {"credit_record_years": D("3")}})}
    )
    assert contract_plan(case, None, D(1000)).debts[0].credit_record_clears == dt.date(2029, 11, 1)


def test_never_overdue_debt_has_no_record_to_clear():
    plan = contract_plan(case_with(debt(balance="1000", annual_rate="0", remaining_terms=2)), None, D(1000))
    assert plan.debts[0].current_month == 0 and plan.debts[0].credit_record_clears is None


# --- timing and leftover money -------------------------------------------------------------
def test_interest_accrues_before_the_payment_on_the_opening_balance():
    loan = debt(balance="10000", annual_rate="0.12", repayment="interest_only", remaining_terms=24)
    frame = rows(contract_plan(case_with(loan), Strategy.AVALANCHE, D(5000)))
    assert frame.iloc[0].interest == D("100.00")  # on 10,000, before the 5,000 payment
    assert frame.iloc[1].interest == D("51.00")  # on 5,100 left after month 1


def test_leftover_after_a_payoff_goes_to_the_next_debt_the_same_month():
    small = debt(id="a", balance="300", annual_rate="0.30", repayment="interest_only", remaining_terms=12)
    big = debt(id="b", balance="5000", annual_rate="0.10", repayment="interest_only", remaining_terms=12)
    plan = contract_plan(case_with(small, big), Strategy.AVALANCHE, D(1000))
    month1 = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")
    assert month1.loc["a", "payment"] == D("307.50")  # 300 + 7.50 interest: paid off
    assert month1.loc["b", "payment"] == D("1000.00") - D("307.50")  # the rest, same month
    assert plan.debts[0].paid_off_month == 1


def test_minimum_only_never_prepays_and_leaves_money_unspent():
    loan = debt(balance="1200", annual_rate="0", remaining_terms=12)
    plan = contract_plan(case_with(loan), Strategy.MINIMUM_ONLY, D(1000))
    assert set(rows(plan)["payment"]) == {D("100.00")} and plan.months_to_debt_free == 12
    assert contract_plan(case_with(loan), Strategy.AVALANCHE, D(1000)).months_to_debt_free == 2


# --- strategies ------------------------------------------------------------------------------
def _three():
    return (
        loan("9000", "0.08", 60, id="cheap_big", platform="A", repayment="interest_only"),
        loan("5000", "0.30", 60, id="dear_mid", platform="B", repayment="interest_only"),
        loan("800", "0.12", 60, id="small", platform="C", repayment="interest_only"),
    )


def _first_target(plan):
    frame = plan.schedule[plan.schedule["month"] == 1]
    return frame.sort_values("principal", ascending=False).iloc[0].debt_id


def test_avalanche_snowball_and_custom_orders():
    case = case_with(*_three(), custom_order=["cheap_big"])
    assert _first_target(contract_plan(case, Strategy.AVALANCHE, D(600))) == "dear_mid"
    assert _first_target(contract_plan(case, Strategy.SNOWBALL, D(600))) == "small"
    assert _first_target(contract_plan(case, Strategy.CUSTOM, D(600))) == "cheap_big"
    results = contract_strategies(case, D(600))
    assert set(results) == set(Strategy)
    # Avalanche is never dearer than snowball on the same money.
    assert results[Strategy.AVALANCHE].total_cost <= results[Strategy.SNOWBALL].total_cost


def test_overdue_first_keeps_licensed_and_deepest_debts_from_slipping_when_short():
    licensed_deep = arrears("deep", "1000", 80, "0.2")
    licensed_new = arrears("new", "1000", 10, "0.5")
    private = arrears("private", "700", 60, "0.7", lender_licensed=False)
    plan = contract_plan(case_with(private, licensed_new, licensed_deep), Strategy.OVERDUE_FIRST, D(1000))
    month1 = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")
    # 1. keep, in consequence order: deep (M3, three missed installments, the oldest 333.34) pays its
    #    oldest and stays M3 rather than M3+; new (M1, one of 1,000) does not fit after it; private
    #    (unlicensed, M2: two of 350) does. 2. cure: nothing else fits. 3. the rest (316.66) lessens
    #    the costliest licensed arrears: new, which slips to M2 — and the plan says so.
    assert month1.loc["deep", "payment"] == D("333.34") and month1.loc["deep", "bucket"] == "M3"
    assert month1.loc["private", "payment"] == D("350.00") and month1.loc["private", "bucket"] == "M2"
    assert month1.loc["new", "payment"] == D("316.66") and month1.loc["new", "bucket"] == "M2"
    slips = [(w.code, w.debt_id, w.params["month"]) for w in plan.warnings if w.code.startswith("falls")]
    assert ("falls_further", "new", 1) in slips and not any(d in ("deep", "private") and m == 1 for _c, d, m in slips)
    assert not plan.feasible and plan.shortfall > 0


def test_compare_strategies_skips_custom_without_an_order():
    assert Strategy.CUSTOM not in contract_strategies(case_with(*_three()), D(600))


# --- budget and offers -------------------------------------------------------------------
def test_budget_defaults_to_income_minus_essential_spending():
    case = load_demo("young_worker")
    assert default_budget(case) == case.household.available_for_debts == contract_plan(case).budget


def test_budget_argument_beats_the_setting():
    case = case_with(debt(balance="1000", annual_rate="0", remaining_terms=2), budget="300")
    assert contract_plan(case).budget == D("300.00")
    assert contract_plan(case, budget=D("700")).budget == D("700.00")


def test_suggested_offers_share_the_budget_pro_rata_to_the_fen():
    case = case_with(
        debt(id="a", balance="1000", remaining_terms=1),
        debt(id="b", balance="2000", remaining_terms=1),
        debt(id="c", balance="0", overdue_amount="1", days_overdue=1, repayment="bullet"),
    )
    offers = suggested_offers(case, D("100"))
    assert sum(offers.values()) == D("100.00")
    assert offers["a"] == D("33.32") or offers["a"] == D("33.33")
    assert offers["b"] > offers["a"] > offers["c"]


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_demo_cases_plan_without_surprises(demo):
    case = load_demo(demo)
    plan = contract_plan(case)
    assert plan.debts and len(plan.debts) == len(case.debts)
    assert sum(plan.suggested_offers.values()) <= plan.budget  # offers are what the plan pays in month 1
    data = plan.to_json_dict("en")
    assert data["strategy"] == "overdue_first" and data["schedule"]
    assert all(w["message"] and "plan.warning" not in w["message"] for w in data["warnings"])


def test_empty_case_is_debt_free_now():
    plan = contract_plan(case_with())
    assert plan.feasible and plan.months_to_debt_free == 0 and plan.schedule.empty


def test_a_plan_that_gets_worse_before_better_is_not_cut_short():
    """Owed rises for years (arrears), then falls: the engine must follow it to the end."""
    from tests.helpers.plan_cases import twenty_debts

    plan = contract_plan(twenty_debts(), Strategy.AVALANCHE, D(6000))
    totals = plan.monthly_totals()
    start = float(twenty_debts().total_owed)
    assert totals["balance"].max() > start * 1.05  # it did get worse first
    assert plan.months_to_debt_free is not None and plan.months_to_debt_free > 36
    assert not any(w.code == "stalled" for w in plan.warnings)
