"""Chart points for long plans: fewer points, the same totals, the same payoff months."""

from __future__ import annotations

from decimal import Decimal

import pytest

from overdue_core.case import load_demo
from overdue_core.i18n import Translator
from overdue_core.plan import build_plan, default_budget
from ui.charts import plan_charts
from ui.charts.points import MONTHLY_UNTIL, PARTS, balance_points, payment_points, period_end


def long_plan():
    """family_cards at its own budget if nobody agrees: a plan of more than twenty years."""
    plan = build_plan(load_demo("family_cards"), agreed=False)
    assert plan.schedule["month"].max() > 240
    return plan


def test_periods_are_months_then_quarters_then_years():
    assert [period_end(m) for m in (1, 24, 25, 26, 27, 28, 120, 121, 132, 133)] == [
        1,
        24,
        27,
        27,
        27,
        30,
        120,
        132,
        132,
        144,
    ]
    ends = {period_end(m) for m in range(1, 601)}
    assert len(ends) == 24 + 32 + 40  # 600 months: 96 points instead of 600


@pytest.mark.parametrize("budget_share", [Decimal("1"), Decimal("0.8"), Decimal("1.5")])
def test_payment_parts_add_up_to_the_plan_to_the_fen(budget_share):
    case = load_demo("family_cards")
    plan = build_plan(case, budget=(default_budget(case) * budget_share).quantize(Decimal("0.01")))
    points = payment_points(plan.schedule)
    for part in PARTS:
        assert sum(points[f"{part}_total"], Decimal("0")) == sum(plan.schedule[part], Decimal("0"))
        # What is drawn (a monthly average) times the months it stands for is the same total.
        drawn = sum(avg * n for avg, n in zip(points[part], points["months"], strict=True))
        assert drawn == pytest.approx(float(sum(plan.schedule[part], Decimal("0"))), abs=0.01)
    assert points["months"].sum() == plan.schedule["month"].nunique()
    assert sum(points["payment_total"], Decimal("0")) == plan.total_paid


def test_balances_keep_each_debts_period_end_and_payoff():
    plan = long_plan()
    schedule = plan.schedule
    points = balance_points(schedule)
    assert len(points) < len(schedule) / 2
    for debt_id, rows in schedule.groupby("debt_id"):
        drawn = points[points["debt_id"] == debt_id]
        # The last point is the debt's last month, with its true balance (0.00 once paid off).
        assert drawn["month"].iloc[-1] == rows["month"].iloc[-1]
        assert drawn["balance"].iloc[-1] == rows["balance"].iloc[-1]
        # Every point is a real row of the schedule, at the end of its period.
        merged = drawn.merge(rows, on=["month", "debt_id"], suffixes=("", "_real"))
        assert (merged["balance"] == merged["balance_real"]).all()
        assert (drawn["month"] <= MONTHLY_UNTIL).sum() == (rows["month"] <= MONTHLY_UNTIL).sum()


def test_short_plans_are_drawn_month_by_month():
    plan = build_plan(load_demo("young_worker"))
    assert balance_points(plan.schedule) is plan.schedule
    points = payment_points(plan.schedule)
    totals = plan.monthly_totals()
    assert list(points["month"]) == list(totals["month"])
    assert list(points["payment"]) == pytest.approx(list(totals["payment"]))


def test_the_charts_draw_the_shaped_points():
    plan = long_plan()
    _ = Translator("en")
    split = plan_charts.payment_split_figure(plan, _)
    assert len(split.data[0].x) == len(payment_points(plan.schedule)) < plan.schedule["month"].nunique()
    balances = plan_charts.balances_figure(plan, {}, _)
    assert sum(len(tr.x) for tr in balances.data) == len(balance_points(plan.schedule))
