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
from overdue_core.i18n import Translator
from overdue_core.plan import build_plan, describe_offer, first_month, headline, needed_this_month
from overdue_core.plan.offers import MAX_PAUSE_MONTHS
from overdue_core.plan.apr import contractual_payments, debt_true_apr
from overdue_core.risk import score_case
from tests.helpers import examples
from tests.helpers.debts import CARD
from tests.helpers.plan_cases import behind, budgets, case_with, cases, contract_plan, debt, loan

D = Decimal
PROPERTY = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_dues(case: Case, data) -> Case:
    """Give some debts an entered monthly due (what statements show), others none."""
    dumped = case.model_dump()
    for item in dumped["debts"]:
        if data.draw(st.booleans()):
            item["monthly_due"] = data.draw(st.integers(1, 500_000).map(lambda f: D(f) / 100))
    return Case.model_validate(dumped)


# --- offers of the contract simulation ("if nobody agrees", kept for comparison) ------------------
def test_a_zero_rate_debt_is_never_offered_more_than_it_owes():
    # The case: a 0 % debt of 3,200 was offered 15 × 221.65 = 3,324.75.
    free = loan("2080", "0", 8, "260", id="free", platform="免息分期", **behind("1120", 40))
    costly = loan("9000", "0.18", 12, "825.13", id="cost", platform="某贷")
    plan = contract_plan(case_with(free, costly, budget="1200"))
    offer = plan.offers["free"]
    assert offer.total <= D("3200.00") and offer.monthly * offer.months == offer.total


def test_a_current_lender_is_offered_its_contract_due_and_the_rest_goes_to_the_overdue_one():
    current = loan("12000", "0.12", 12, "1066.19", id="jb", platform="借呗")
    overdue = loan("3000", "0.15", 6, "522.10", id="hb", platform="花呗", **behind("1500", 35))
    plan = contract_plan(case_with(current, overdue, budget="2000"))
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")
    jb, hb = plan.offers["jb"], plan.offers["hb"]
    assert jb.kind == "contract" and jb.monthly == D("1066.19") == first.loc["jb", "payment"]
    assert hb.kind == "installments" and hb.monthly <= first.loc["hb", "payment"] == D("2000") - D("1066.19")
    assert hb.total <= hb.cap
    # Installments at the debt's own true cost: the cap is that level schedule's total, by hand.
    rate = D(repr(debt_true_apr(overdue).monthly_irr)).quantize(D("1E-12")) * 12
    assert hb.cap == sum(contractual_payments(overdue.total_owed, rate, hb.months, "equal_installment"))
    assert plan.suggested_offers == {k: o.this_month for k, o in plan.offers.items()}


@PROPERTY
@given(cases(max_debts=4), budgets)
def test_offers_follow_the_plans_month_one_and_never_ask_more_than_owed_plus_true_cost(case, budget):
    plan = contract_plan(case, budget=budget)
    schedule = plan.schedule
    first = schedule[schedule["month"] == 1].set_index("debt_id")
    for debt_id, offer in plan.offers.items():
        paid = first.loc[debt_id, "payment"]
        assert offer.total <= offer.cap
        if offer.kind == "later":
            # A pause, then what the plan pays in the first month it pays this debt at all.
            own = schedule[schedule["debt_id"] == debt_id]
            assert paid == 0 and 1 < offer.start_month <= MAX_PAUSE_MONTHS + 1
            assert own[own["month"] < offer.start_month]["payment"].sum() == 0
            assert offer.monthly <= own[own["month"] == offer.start_month]["payment"].iloc[0]
            assert offer.this_month == 0
        else:
            assert offer.start_month == 1 and offer.this_month == offer.monthly
            assert offer.monthly <= paid  # never more than the plan itself pays this debt in month 1
        if offer.kind == "none":
            assert paid == 0 and offer.monthly == 0
        if offer.kind in ("installments", "later"):
            source = case.debt(debt_id)
            apr = debt_true_apr(source)
            rate = D(0) if apr is None or apr.monthly_irr <= 0 else D(repr(apr.monthly_irr)).quantize(D("1E-12")) * 12
            assert offer.cap == sum(contractual_payments(source.total_owed, rate, offer.months, "equal_installment"))
            assert offer.monthly * offer.months == offer.total
        if offer.kind == "catch_up":
            assert first.loc[debt_id, "overdue"] == 0 and offer.monthly == paid
    assert sum(o.this_month for o in plan.offers.values()) <= plan.budget


def test_a_debt_the_plan_pays_from_next_month_gets_a_pause_then_that_months_payment():
    # The whole of a small budget keeps the deeper debt from a worse bucket; the other waits a month.
    deep = loan("3000", "0.18", 6, "526.58", id="a", platform="甲", **behind("1053.16", 62))
    waits = loan("2000", "0.18", 4, "515.62", id="b", platform="乙", **behind("515.62", 45))
    plan = contract_plan(case_with(deep, waits, budget="530"))
    schedule = plan.schedule.set_index(["month", "debt_id"])
    offer = plan.offers["b"]
    assert schedule.loc[(1, "b"), "payment"] == 0 and schedule.loc[(2, "b"), "payment"] == D("257.81")
    assert (offer.kind, offer.start_month, offer.start) == (
        "later",
        2,
        plan.schedule[plan.schedule["month"] == 2]["date"].iloc[0],
    )
    assert offer.monthly == D("246.08") and offer.months == 11 and offer.total <= offer.cap
    assert offer.this_month == 0 and plan.offers["a"].this_month == plan.offers["a"].monthly
    # The words name the month the payments start, in both languages.
    start = f"{offer.start:%Y-%m}"
    assert start in describe_offer(offer, Translator("zh-CN")) and start in describe_offer(offer, Translator("en"))
    assert describe_offer(plan.offers["a"], Translator("en")) == "Installments it can carry"


def test_a_debt_the_plan_reaches_only_after_a_long_pause_gets_no_offer():
    # family_cards: the plan reaches one card only years from now; that is no offer to write down.
    from overdue_core.case import load_demo

    plan = contract_plan(load_demo("family_cards"))
    schedule = plan.schedule
    for debt_id, offer in plan.offers.items():
        own = schedule[(schedule["debt_id"] == debt_id) & (schedule["payment"] > 0)]
        if offer.kind == "none":
            assert own.empty or own["month"].min() > MAX_PAUSE_MONTHS + 1
    assert any(o.kind == "none" for o in plan.offers.values())


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
    minimum = {"kind": "percent_with_floor", "percent": "0.10", "floor": "100"}
    figures = {"balance": "20000", "monthly_due": "1200", "minimum_rule": minimum, **behind("3000", 45, "0.27")}
    card = debt(**CARD, id="card", platform="某银行信用卡", **figures)
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
