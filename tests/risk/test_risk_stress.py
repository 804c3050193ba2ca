"""Stress tests: each scenario changes one thing, exactly to the fen, and is scored by the same model."""

from __future__ import annotations

from decimal import Decimal

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.risk import inputs_from_case, score_case, stress_tests
from overdue_core.risk.stress import SCENARIOS, StressResult, income_cut, missed_month, one_off_expense
from tests.helpers.risk_cases import debt, loan, make_case

D = Decimal


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_scenario_is_reported_and_no_better_than_today(demo_id):
    case = load_demo(demo_id)
    base = score_case(case)
    results = stress_tests(case)
    assert [r.scenario for r in results] == list(SCENARIOS)
    for r in results:
        assert isinstance(r, StressResult)
        assert r.score == r.result.score == sum(f.points for f in r.result.factors)
        assert r.delta == r.score - base.score >= 0
        assert r.shortfall >= base.shortfall
        assert r.to_dict()["shortfall"] == f"{r.shortfall:.2f}"


def test_deeper_income_cuts_are_never_milder():
    results = {r.scenario: r for r in stress_tests(load_demo("family_cards"))}
    assert (
        results["income_minus_10"].shortfall
        < results["income_minus_20"].shortfall
        < results["income_minus_30"].shortfall
    )
    assert results["income_minus_10"].score <= results["income_minus_20"].score <= results["income_minus_30"].score


def test_income_cut_rounds_each_income_half_up_to_the_fen():
    x = inputs_from_case(make_case(incomes=[("3333.33", "fixed"), ("0.05", "irregular")]))
    cut = income_cut(x, D("0.10"))
    # 3333.33 × 0.9 = 2999.997 -> 3000.00; 0.05 × 0.9 = 0.045 -> 0.05 (half up)
    assert [amount for amount, _ in cut.incomes] == [D("3000.00"), D("0.05")]


def test_one_off_expense_uses_savings_first_then_adds_the_rest_to_this_month():
    case = make_case(
        incomes=[("8000", "fixed")],
        expenses=[("3000", True), ("500", False)],
        savings="1200.50",
        debts=[debt(1, balance="1000", due="400")],
    )
    x = one_off_expense(inputs_from_case(case))
    assert x.savings == D("0.00")
    assert x.extra_required == D("1799.50")
    assert x.required == D("2199.50")
    rich = one_off_expense(inputs_from_case(make_case(expenses=[("3000", True)], savings="5000")))
    assert rich.savings == D("2000.00") and rich.extra_required == D("0.00")


def test_missed_month_moves_the_due_into_arrears_with_a_month_of_penalty():
    arrears = {"overdue": "600", "days": 40, "penalty_rate": "0.24", "late_fee_rate": "0.05"}
    case = make_case(
        incomes=[("8000", "fixed")],
        debts=[
            loan(1, "12000", "0.12", 12, "1066.19"),
            debt(2, balance="3000", rate="0.18", due="300", **arrears),
            debt(3, balance="0", due="0"),
        ],
    )
    first, second, idle = missed_month(inputs_from_case(case)).debts
    # Interest 12000 × 1 % = 120.00, so 946.19 of principal falls due unpaid.
    assert (first.balance, first.overdue, first.days_overdue) == (D("11053.81"), D("1066.19"), 30)
    # 3000 × 1.5 % = 45.00 interest; penalty by the days, 600 × 24 % × 30 / 365 = 11.84; late fee 300 × 5 % = 15.00.
    assert (second.balance, second.overdue, second.days_overdue, second.missed) == (D("2745.00"), D("926.84"), 70, 3)
    assert first.missed == 1 and idle.missed == 0
    assert (idle.balance, idle.overdue, idle.days_overdue) == (D("0"), D("0"), 0)


def test_stress_of_an_empty_case_is_calm():
    results = stress_tests(make_case())
    assert all(r.score == 0 and r.shortfall == 0 for r in results)
