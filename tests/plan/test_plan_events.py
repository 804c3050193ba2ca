"""What-ifs, agreed negotiations and every warning code of the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from overdue_core.case.models import Case, Expense, Household, Income, Strategy
from overdue_core.i18n import LANGS, catalog
from overdue_core.plan import events as what_if
from overdue_core.plan.events import parse_what_ifs
from tests.helpers.plan_cases import behind, case_with, contract_plan, debt
from tests.helpers.plan_cases import loan as loan_of

D = Decimal


def loan(**kw):
    base = dict(balance="12000", annual_rate="0.12", repayment="interest_only", remaining_terms=120)
    base.update(kw)
    return debt(**base)


def month_pay(plan, month, debt_id="d1"):
    frame = plan.schedule
    return frame[(frame["month"] == month) & (frame["debt_id"] == debt_id)]["payment"].iloc[0]


# --- what-ifs ------------------------------------------------------------------------------
def test_lump_sum_in_a_month_only():
    base = contract_plan(case_with(loan()), Strategy.AVALANCHE, D(1000))
    plan = contract_plan(
        case_with(loan()), Strategy.AVALANCHE, D(1000), events=[what_if.LumpSum(month=3, amount=D("2000"))]
    )
    assert month_pay(plan, 3) == D("3000.00") and month_pay(plan, 4) == D("1000.00")
    assert plan.months_to_debt_free < base.months_to_debt_free
    assert plan.total_interest < base.total_interest


def test_extra_monthly_payment_from_a_month():
    plan = contract_plan(
        case_with(loan()), Strategy.AVALANCHE, D(1000), events=[what_if.ExtraPayment(month=2, amount=D("500"))]
    )
    assert (
        month_pay(plan, 1) == D("1000.00") and month_pay(plan, 2) == D("1500.00") and month_pay(plan, 5) == D("1500.00")
    )


def test_income_change_moves_the_budget_and_is_floored_at_zero():
    plan = contract_plan(
        case_with(loan()),
        Strategy.AVALANCHE,
        D(1000),
        events=[what_if.IncomeChange(month=2, change=D("-400")), what_if.IncomeChange(month=4, change=D("-900"))],
    )
    assert month_pay(plan, 2) == D("600.00")
    assert month_pay(plan, 4) == D("0.00")
    assert "short_later" in {w.code for w in plan.warnings}


def test_income_percent_change_uses_total_income():
    case = case_with(loan()).model_copy(
        update={
            "household": Household(
                incomes=[Income(name="pay", amount=D("5000"))], expenses=[Expense(name="rent", amount=D("3000"))]
            )
        }
    )
    plan = contract_plan(case, Strategy.AVALANCHE, events=[what_if.IncomePercentChange(month=2, percent=D("-0.2"))])
    assert month_pay(plan, 1) == D("2000.00") and month_pay(plan, 2) == D("1000.00")


def test_rate_change_from_a_month():
    plan = contract_plan(
        case_with(loan()),
        Strategy.MINIMUM_ONLY,
        D(5000),
        events=[what_if.RateChange(month=3, debt_id="d1", annual_rate=D("0.24"))],
    )
    assert month_pay(plan, 2) == D("120.00") and month_pay(plan, 3) == D("240.00")


def test_installment_terms_fold_arrears_and_cure_the_debt():
    overdue = loan_of("6000", "0.18", 6, "1053.15", **behind("2000", 40, "0.27"))
    terms = what_if.DebtTerms(
        month=3, debt_id="d1", months=12, annual_rate=D("0"), monthly_fee_rate=D("0.005"), penalty_waived=True
    )
    plan = contract_plan(
        case_with(overdue), Strategy.MINIMUM_ONLY, D(0), events=[terms, what_if.IncomeChange(month=3, change=D("900"))]
    )
    outcome = plan.debts[0]
    frame = plan.schedule
    after = frame[frame["month"] >= 3]
    assert (after["overdue"] == 0).all()
    assert outcome.current_month == 3 and outcome.paid_off_month == 14
    assert set(after["fees"]) == {after["fees"].iloc[0]} and after["fees"].iloc[0] > 0  # fixed fee per period
    # Month 1 is today (no penalty before its payment); month 2's penalty on everything overdue
    # after month 1 (2,000 + the unpaid due 1,053.15 = 3,053.15) × 27 % × 30 days / 365 is what the terms waive.
    assert plan.total_waived == D("67.75")


def test_extension_is_interest_only_then_installments():
    loan_ = debt(balance="10000", annual_rate="0.12", remaining_terms=4)
    terms = what_if.DebtTerms(month=1, debt_id="d1", terms_kind="extension", months=3, annual_rate=D("0.12"))
    frame = contract_plan(case_with(loan_), Strategy.MINIMUM_ONLY, D(5000), events=[terms]).schedule
    assert list(frame["principal"][:3]) == [D("0.00")] * 3
    assert frame["principal"].iloc[3] > 0 and frame["balance"].iloc[-1] == 0
    assert len(frame) == 3 + 4


def test_settlement_amount_below_owed_counts_the_rest_as_waived():
    terms = what_if.DebtTerms(month=1, debt_id="d1", months=10, amount=D("8000"))
    plan = contract_plan(case_with(loan()), Strategy.MINIMUM_ONLY, D(5000), events=[terms])
    assert plan.total_waived == D("4000.00") and plan.total_paid == D("8000.00")


def test_agreed_negotiation_in_the_case_is_honoured_from_its_start():
    overdue = debt(balance="0", repayment="bullet", overdue_amount="3000", days_overdue=70, penalty_rate="0.24")
    data = case_with(overdue).model_dump()
    data["negotiations"] = [
        {
            "debt_id": "d1",
            "status": "agreed",
            "terms": {"start": dt.date(2027, 1, 15), "months": 3, "penalty_waived": True},
        }
    ]
    case = Case.model_validate(data)
    # Nothing to pay with until month 3, when 1,000 a month becomes available.
    more_money = [what_if.IncomeChange(month=3, change=D("1000"))]
    plan = contract_plan(case, Strategy.OVERDUE_FIRST, D(0), events=more_money)
    outcome = plan.debts[0]
    assert outcome.current_month == 3  # January 2027 is month 3 from November 2026
    assert outcome.paid_off_month == 5 and plan.total_paid == D("3000.00")
    # Not agreed yet: ignored.
    asked = case.model_copy(update={"negotiations": [case.negotiations[0].model_copy(update={"status": "asked"})]})
    assert contract_plan(asked, Strategy.OVERDUE_FIRST, D(0), events=more_money).debts[0].current_month != 3


def test_what_ifs_are_validated_with_translated_problems():
    events, problems = parse_what_ifs([{"kind": "lump_sum", "month": 0, "amount": "-5"}], "en")
    assert events == [] and len(problems) == 2
    assert all("What" not in p.message or p.path for p in problems)
    good, none = parse_what_ifs(
        [{"kind": "extra_payment", "month": 2, "amount": "300"}, {"kind": "income_percent", "percent": "-0.1"}], "zh-CN"
    )
    assert none == [] and isinstance(good[0], what_if.ExtraPayment) and isinstance(good[1], what_if.IncomePercentChange)


# --- every warning code ----------------------------------------------------------------------
def _codes(plan):
    return {w.code for w in plan.warnings}


def test_warning_infeasible_with_figures():
    overdue = debt(balance="0", repayment="bullet", overdue_amount="3000", days_overdue=10)
    plan = contract_plan(case_with(overdue), None, D(1000))
    warning = next(w for w in plan.warnings if w.code == "infeasible")
    assert (
        plan.shortfall == D("2000.00")
        and "2,000.00" in warning.message("en")
        and "2,000.00" in warning.message("zh-CN")
    )


def test_warning_budget_zero_and_negative():
    case = case_with(loan()).model_copy(
        update={
            "household": Household(
                incomes=[Income(name="pay", amount=D("1000"))], expenses=[Expense(name="rent", amount=D("1500"))]
            )
        }
    )
    plan = contract_plan(case)
    assert {"budget_zero", "budget_negative"} <= _codes(plan)
    assert "500.00" in next(w for w in plan.warnings if w.code == "budget_negative").message("en")


def test_warning_never_amortises_and_stalled():
    plan = contract_plan(case_with(loan(annual_rate="0.36")), Strategy.MINIMUM_ONLY, D(100))
    assert {"never_amortises", "stalled"} <= _codes(plan)


def test_warning_not_cleared_within_the_horizon():
    plan = contract_plan(case_with(loan()), Strategy.AVALANCHE, D(200), horizon_months=24)
    assert "not_cleared" in _codes(plan) and plan.debts[0].paid_off_month is None and not plan.debts[0].never_amortises


def test_warning_custom_order_empty_and_unknown_debt():
    plan = contract_plan(
        case_with(loan()),
        Strategy.CUSTOM,
        D(500),
        events=[what_if.LumpSum(amount=D(1)), what_if.RateChange(debt_id="gone", annual_rate=D("0.1"))],
    )
    assert {"custom_order_empty", "unknown_debt"} <= _codes(plan)


def test_warning_short_later():
    plan = contract_plan(
        case_with(loan()), Strategy.MINIMUM_ONLY, D(200), events=[what_if.IncomeChange(month=5, change=D("-150"))]
    )
    assert _codes(plan) >= {"short_later"} and plan.shortfall == 0 and not plan.feasible


@pytest.mark.parametrize("lang", LANGS)
def test_every_warning_code_has_words_in_both_languages(lang):
    codes = {
        "infeasible",
        "short_later",
        "budget_zero",
        "budget_negative",
        "never_amortises",
        "not_cleared",
        "stalled",
        "custom_order_empty",
        "unknown_debt",
        "falls_behind",
        "falls_further",
        "penalty_unenforceable",
        "call_needed",
        "call_needed_soon",
        "offer_too_long",
        "beyond_five_years",
    }
    assert {k.removeprefix("plan.warning.") for k in catalog(lang) if k.startswith("plan.warning.")} == codes
