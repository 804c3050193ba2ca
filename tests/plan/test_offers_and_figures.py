"""Offers come from the chosen plan's own month 1 and never ask more than the debt plus its true
cost; "needed this month", "short this month", "total owed" and "debt-free date" are one figure
each, whichever page or command shows them; month 1 asks for exactly what was entered."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Case
from overdue_core.cli import main
from overdue_core.plan import build_plan, first_month, headline, needed_this_month
from overdue_core.plan.apr import contractual_payments, debt_true_apr
from overdue_core.risk import score_case
from tests.helpers.plan_cases import budgets, case_with, cases, debt

D = Decimal
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_dues(case: Case, data) -> Case:
    """Give some debts an entered monthly due (what statements show), others none."""
    dumped = case.model_dump()
    for item in dumped["debts"]:
        if data.draw(st.booleans()):
            item["monthly_due"] = data.draw(st.integers(1, 500_000).map(lambda f: D(f) / 100))
    return Case.model_validate(dumped)


# --- offers ------------------------------------------------------------------------------------
def test_a_zero_rate_debt_is_never_offered_more_than_it_owes():
    # The case: a 0 % debt of 3,200 was offered 15 × 221.65 = 3,324.75.
    free = debt(id="free", platform="免息分期", balance="2080", annual_rate="0", remaining_terms=8, monthly_due="260", overdue_amount="1120", days_overdue=40)
    costly = debt(id="cost", platform="某贷", balance="9000", annual_rate="0.18", remaining_terms=12, monthly_due="825.13")
    plan = build_plan(case_with(free, costly, budget="1200"))
    offer = plan.offers["free"]
    assert offer.total <= D("3200.00") and offer.monthly * offer.months == offer.total


def test_a_current_lender_is_offered_its_contract_due_and_the_rest_goes_to_the_overdue_one():
    current = debt(id="jb", platform="借呗", balance="12000", annual_rate="0.12", remaining_terms=12, monthly_due="1066.19")
    behind = debt(id="hb", platform="花呗", balance="3000", annual_rate="0.15", remaining_terms=6, monthly_due="522.10", overdue_amount="1500", days_overdue=35)
    plan = build_plan(case_with(current, behind, budget="2000"))
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")
    jb, hb = plan.offers["jb"], plan.offers["hb"]
    assert jb.kind == "contract" and jb.monthly == D("1066.19") == first.loc["jb", "payment"]
    assert hb.kind == "installments" and hb.monthly <= first.loc["hb", "payment"] == D("2000") - D("1066.19")
    assert hb.total <= hb.cap
    # Installments at the debt's own true cost: the cap is that level schedule's total, by hand.
    rate = D(repr(debt_true_apr(behind).monthly_irr)).quantize(D("1E-12")) * 12
    assert hb.cap == sum(contractual_payments(behind.total_owed, rate, hb.months, "equal_installment"))
    assert plan.suggested_offers == {k: o.monthly for k, o in plan.offers.items()}


@PROPERTY
@given(cases(max_debts=4), budgets)
def test_offers_follow_the_plans_month_one_and_never_ask_more_than_owed_plus_true_cost(case, budget):
    plan = build_plan(case, budget=budget)
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")
    for debt_id, offer in plan.offers.items():
        paid = first.loc[debt_id, "payment"]
        assert offer.total <= offer.cap
        assert offer.monthly <= paid  # never more than the plan itself pays this debt in month 1
        if offer.kind == "installments":
            source = case.debt(debt_id)
            apr = debt_true_apr(source)
            rate = D(0) if apr is None or apr.monthly_irr <= 0 else D(repr(apr.monthly_irr)).quantize(D("1E-12")) * 12
            assert offer.cap == sum(contractual_payments(source.total_owed, rate, offer.months, "equal_installment"))
            assert offer.monthly * offer.months == offer.total
        if offer.kind == "catch_up":
            assert first.loc[debt_id, "overdue"] == 0 and offer.monthly == paid
    assert sum(o.monthly for o in plan.offers.values()) <= plan.budget


# --- one figure per idea -------------------------------------------------------------------
@PROPERTY
@given(cases(max_debts=4), st.data())
def test_needed_this_month_is_one_figure_for_the_plan_the_score_and_the_debts_page(case, data):
    case = _with_dues(case, data)
    plan = build_plan(case)
    needed = needed_this_month(case)
    assert plan.required_first_month == needed == score_case(case).required
    assert headline(plan).needed_this_month == needed
    assert headline(plan).short_this_month == max(needed - plan.budget, D(0))
    assert headline(plan).total_owed == case.total_owed


def test_month_one_asks_for_what_was_entered_no_penalty_first():
    card = debt(
        id="card", platform="某银行信用卡", kind="credit_card", repayment="minimum_payment", balance="20000", annual_rate="0.1825",
        monthly_due="1200", minimum_rule={"kind": "percent_with_floor", "percent": "0.10", "floor": "100"},
        overdue_amount="3000", days_overdue=45, penalty_rate="0.27",
    )
    case = case_with(card, budget="10000")
    plan = build_plan(case)
    assert plan.required_first_month == D("4200.00")  # the entered minimum plus the overdue, nothing added
    assert first_month(case)["card"].due == D("1200.00")
    month1 = plan.schedule[plan.schedule["month"] == 1].iloc[0]
    assert month1["penalty"] == 0  # no month of penalty before the first payment
    assert score_case(case).required == D("4200.00")


def test_cli_risk_and_plan_json_agree(tmp_path, capsys):
    from overdue_core.case.demo import load_demo

    path = tmp_path / "case.json"
    path.write_text(load_demo("two_behind").model_dump_json(), encoding="utf-8")
    assert main(["risk", str(path), "--format", "json"]) == 0
    risk = json.loads(capsys.readouterr().out)
    assert main(["plan", str(path)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert risk["headline"] == plan["headline"]
    assert risk["figures"]["required"] == plan["headline"]["needed_this_month"]
