"""Invariants of the plan over random cases and budgets (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Repayment, Strategy
from tests.helpers import examples
from tests.helpers.plan_cases import budgets, cases, contract_plan

FAST = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
AMOUNTS = ["payment", "interest", "penalty", "fees", "principal", "balance", "overdue"]


@FAST
@given(case=cases(), budget=budgets, strategy=st.sampled_from([s for s in Strategy if s != Strategy.CUSTOM]))
def test_every_row_balances_and_nothing_goes_negative(case, budget, strategy):
    plan = contract_plan(case, strategy, budget, horizon_months=120)
    frame = plan.schedule
    for row in frame.itertuples(index=False):
        assert row.payment == row.interest + row.penalty + row.fees + row.principal
        for name in AMOUNTS:
            value = getattr(row, name)
            assert value >= 0, (name, row)
            assert value == value.quantize(Decimal("0.01"))
        assert row.overdue <= row.balance
        assert (row.days_overdue > 0) == (row.overdue > 0)
    # Never more paid in a month than the budget of that month.
    if not frame.empty:
        assert frame.groupby("month")["payment"].sum().max() <= plan.budget
    # Totals are the sums of the rows.
    assert plan.total_paid == sum(frame["payment"], Decimal("0.00"))
    assert plan.total_interest == sum(frame["interest"], Decimal("0.00"))
    assert plan.total_penalty == sum(frame["penalty"], Decimal("0.00"))
    assert plan.total_fees == sum(frame["fees"], Decimal("0.00"))
    assert plan.total_paid == plan.total_interest + plan.total_penalty + plan.total_fees + sum(
        frame["principal"], Decimal("0.00")
    )


@FAST
@given(case=cases(), budget=budgets, strategy=st.sampled_from([s for s in Strategy if s != Strategy.CUSTOM]))
def test_a_paid_off_debt_has_repaid_exactly_its_principal(case, budget, strategy):
    """Principal repaid equals balance + overdue at the start (no capitalisation outside revolving)."""
    plan = contract_plan(case, strategy, budget, horizon_months=120)
    frame = plan.schedule
    for debt, outcome in zip(case.debts, plan.debts):
        rows = frame[frame["debt_id"] == debt.id]
        if outcome.paid_off_month is None:
            continue
        assert rows["balance"].iloc[-1] == 0
        if debt.repayment != Repayment.MINIMUM_PAYMENT:
            assert sum(rows["principal"], Decimal("0.00")) == debt.balance + debt.overdue_amount


@FAST
@given(
    case=cases(max_debts=4),
    budget=budgets,
    extra=st.integers(1, 500_000),
    strategy=st.sampled_from([Strategy.AVALANCHE, Strategy.SNOWBALL, Strategy.OVERDUE_FIRST]),
)
def test_more_budget_never_finishes_later(case, budget, extra, strategy):
    low = contract_plan(case, strategy, budget)
    high = contract_plan(case, strategy, budget + Decimal(extra) / 100)
    if low.months_to_debt_free is not None:
        assert high.months_to_debt_free is not None
        assert high.months_to_debt_free <= low.months_to_debt_free


@FAST
@given(case=cases(), budget=budgets)
def test_paid_off_and_current_months_are_consistent(case, budget):
    plan = contract_plan(case, Strategy.OVERDUE_FIRST, budget, horizon_months=120)
    for debt, outcome in zip(case.debts, plan.debts):
        if outcome.paid_off_month is not None and outcome.paid_off_month > 0:
            assert outcome.current_month is not None and outcome.current_month <= outcome.paid_off_month
        if outcome.never_amortises:
            assert outcome.paid_off_month is None
        if debt.overdue_amount > 0:
            assert outcome.was_overdue
    if plan.feasible:
        assert plan.months_to_debt_free is not None and plan.shortfall == 0
