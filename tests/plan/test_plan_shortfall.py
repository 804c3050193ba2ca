"""Overdue-first in a short month: cure what can be cured, then lessen the costliest arrears.

Why these tests: a part payment on the deepest arrears cures nothing, and paying it while a
cheaper-to-cure debt slips made "overdue first" dearer *and* longer overdue than avalanche.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Strategy
from tests.helpers import examples
from tests.helpers.plan_cases import arrears, case_with, cases, contract_plan


def month1(plan):
    return plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")


def test_a_debt_that_can_be_cured_is_cured_before_a_deeper_one_is_part_paid():
    deep = arrears("deep", "5000", 120, "0.2")
    small = arrears("small", "500", 10, "0.2")
    rows = month1(contract_plan(case_with(deep, small), Strategy.OVERDUE_FIRST, D(1000)))
    assert rows.loc["small", "overdue"] == 0  # fits the budget: brought current
    assert rows.loc["deep", "payment"] == D(1000) - rows.loc["small", "payment"]  # the rest lessens the deep one
    assert rows["payment"].sum() == D(1000)  # nothing left unspent while debts are behind


def test_what_is_left_goes_to_the_costliest_licensed_arrears():
    cheap_deep = arrears("cheap", "5000", 200, "0.1")
    dear = arrears("dear", "5000", 40, "0.3")
    private = arrears("private", "5000", 40, "0.7", lender_licensed=False)
    rows = month1(contract_plan(case_with(cheap_deep, dear, private), Strategy.OVERDUE_FIRST, D(1000)))
    assert rows.loc["dear", "payment"] == D(1000)
    assert rows.loc["cheap", "payment"] == 0 and rows.loc["private", "payment"] == 0


def test_overdue_first_on_the_short_demo_is_shorter_overdue_than_part_paying_the_deepest():
    case = load_demo("gig_driver")  # budget far below what is due
    plan = contract_plan(case, Strategy.OVERDUE_FIRST)
    assert plan.shortfall > 0
    baseline = contract_plan(case, Strategy.MINIMUM_ONLY)  # same required pass, nothing extra
    avalanche = contract_plan(case, Strategy.AVALANCHE)
    assert plan.total_paid == baseline.total_paid  # short every month: no money is ever extra
    # Curing what can be cured keeps the plan within sight of avalanche (it was twice as dear).
    assert plan.total_cost < avalanche.total_cost * D("1.5")


@settings(max_examples=examples(60), deadline=None)
@given(case=cases(max_debts=5), budget=st.integers(0, 20_000))
def test_a_short_month_never_leaves_money_unspent(case, budget):
    plan = contract_plan(case, Strategy.OVERDUE_FIRST, D(budget), horizon_months=3)
    if plan.schedule.empty or plan.shortfall == 0:
        return
    assert month1(plan)["payment"].sum() == D(budget)
