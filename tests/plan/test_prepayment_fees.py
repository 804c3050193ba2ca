"""Installment fees (分期手续费) on early settlement: collected unless the debt says they are waived."""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case.models import Case, Strategy
from tests.helpers.plan_cases import contract_plan, loan

D = Decimal


def card_plan(waived: bool, budget: str = "6000"):
    """12,000 in 12 card installments at 72 a month (0.6 %): 864 of fees over the whole plan."""
    fees = {"monthly_fee": "72", "fees_waived_on_prepayment": waived}
    instalments = loan("12000", "0", 12, kind="credit_card", repayment="equal_principal", **fees)
    case = Case.model_validate({"as_of": "2026-11-01", "debts": [instalments.model_dump()]})
    return contract_plan(case, Strategy.OVERDUE_FIRST, D(budget))


def test_prepaying_keeps_the_fees_still_to_come():
    plan = card_plan(waived=False)
    assert plan.months_to_debt_free == 3
    assert plan.total_fees == D("864.00") and plan.total_paid == D("12864.00")


def test_fees_waived_by_the_agreement_stop_with_the_principal():
    plan = card_plan(waived=True)
    assert plan.months_to_debt_free == 3
    assert plan.total_fees == D("216.00") and plan.total_paid == D("12216.00")


def test_fees_left_after_the_principal_are_billed_month_by_month():
    """Money for the principal but not all the fees: the rest of the fee schedule is paid as billed."""
    plan = card_plan(waived=False, budget="4100")
    frame = plan.schedule
    assert frame["fees"].sum() == D("864.00")
    assert plan.total_paid == D("12864.00")
    assert frame["balance"].iloc[-1] == 0
