"""The plan counts from due dates and accrues penalty by the day (issue: legal lines for every loan shape).

- Penalty: the annual penalty rate over the actual days since the last accrual, ÷ 365 — the
  form of a daily rate (0.05 % a day = 18.25 % a year).
- Arrears: one missed installment per due date missed, dated on it; a card inside its grace days
  has missed none yet.
"""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case.models import Case, Strategy
from tests.helpers.debts import CARD
from tests.helpers.plan_cases import arrears, behind, contract_plan, debt, loan

D = Decimal


def case_on(as_of: str, *debts) -> Case:
    return Case.model_validate({"as_of": as_of, "debts": [d.model_dump() for d in debts]})


def rows(plan, debt_id="d1"):
    return plan.schedule[plan.schedule["debt_id"] == debt_id].reset_index(drop=True)


def test_penalty_over_february_is_by_its_28_days():
    """1,000 overdue on a 白条 at 0.05 % a day: February's penalty is 14.00, not 1,000 × 18.25 % / 12 = 15.21."""
    baitiao = arrears("d1", "1000", 5, "0.1825", kind="bnpl")
    plan = contract_plan(case_on("2027-02-01", baitiao), Strategy.MINIMUM_ONLY, D(0), horizon_months=3)
    frame = rows(plan)
    # February: 1,000 × 18.25 % × 28 / 365 = 14.00; March: 31 days on the 1,000 (penalty is not compounded) = 15.50.
    assert list(frame["overdue"][:3]) == [D("1000.00"), D("1014.00"), D("1029.50")]
    assert frame["penalty"].sum() == 0  # nothing paid: the penalty is owed, not paid


def test_31_days_late_with_the_due_on_the_1st_starts_at_m1():
    """One missed due (1 October) on 1 November: unpaid this month it is M2 next month, never M3."""
    late = loan("9000", "0.10", 9, "1046.40", **behind("1046.40", 31), due_day=1)
    plan = contract_plan(case_on("2026-11-01", late), Strategy.MINIMUM_ONLY, D(0), horizon_months=3)
    assert list(rows(plan)["bucket"][:3]) == ["M2", "M3", "M3+"]
    # Paying the one missed due and this month's makes it current at once.
    paid = contract_plan(case_on("2026-11-01", late), Strategy.OVERDUE_FIRST, D("2200"), horizon_months=3)
    assert rows(paid)["bucket"][0] == "M0"


def test_a_card_inside_its_grace_days_is_current_when_paid_this_month():
    card = debt(**CARD, balance="5000", monthly_due="500", **behind("500", 2), due_day=30)
    paid = contract_plan(case_on("2026-11-01", card), Strategy.MINIMUM_ONLY, D("1000"), horizon_months=2)
    assert rows(paid)["bucket"][0] == "M0" and rows(paid)["overdue"][0] == 0
    unpaid = contract_plan(case_on("2026-11-01", card), Strategy.MINIMUM_ONLY, D(0), horizon_months=2)
    first = rows(unpaid).iloc[0]
    # Unpaid, the amount in grace is late from its own due date (2 days before today): M1 a month on.
    assert first.bucket == "M1" and first.days_overdue == 2 + 30
