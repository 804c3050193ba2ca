"""The plan to follow ("if the platforms agree"): loans paid on time keep their contract, every
debt in arrears gets its pro-rata share as an installment offer, each offer is the plan's month-1
payment to the fen, and "if nobody agrees" is the contract simulation, shown as the reason to call.

The worked example is the one in docs/plan-engine.md (*The plan to follow*), checked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case import load_demo
from overdue_core.case.models import Case, Strategy
from overdue_core.case.money import to_fen
from overdue_core.plan import build_plan
from overdue_core.plan.arrangement import cost_if_charges_run, offer_months, share_pro_rata
from overdue_core.plan.accrual import monthly_ratio
from overdue_core.plan.headline_figures import first_month
from tests.helpers import examples
from tests.helpers.plan_cases import behind, budgets, case_with, cases, debt, loan

D = Decimal
PROPERTY = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
DEMOS = ("young_worker", "gig_driver", "family_cards", "two_behind")


def four_platforms(budget: str = "2900") -> Case:
    """The plan-story situation: 借呗 current, 花呗, 京东白条 and a 招商银行 card behind."""
    jiebei = loan("15334.32", "0.144", 9, "1835.98", id="jiebei", platform="借呗", repayment="equal_installment")
    huabei = debt(id="huabei", platform="花呗", repayment="minimum_payment", **behind("8300", 45, "0.1825"))
    baitiao = debt(id="baitiao", platform="京东白条", repayment="minimum_payment", **behind("3200", 15))
    late = behind("1560", 70, "0.1825")
    cmb = loan("14040", "0.1825", 0, "1560", id="cmb", platform="招商银行", repayment="minimum_payment", **late)
    return case_with(jiebei, huabei, baitiao, cmb, budget=budget)


def month(plan, m: int):
    frame = plan.schedule
    return frame[frame["month"] == m].set_index("debt_id")


# --- the worked example -------------------------------------------------------------------------
def test_the_worked_example_to_the_fen():
    plan = build_plan(four_platforms())
    offers = plan.offers
    assert offers["jiebei"].kind == "contract" and offers["jiebei"].monthly == D("1835.98")
    assert {k: offers[k].monthly for k in ("huabei", "baitiao", "cmb")} == {
        "huabei": D("325.88"),
        "baitiao": D("125.64"),
        "cmb": D("612.50"),
    }
    assert {offers[k].months for k in ("huabei", "baitiao", "cmb")} == {26}
    assert offers["huabei"].final == D("153.00")  # 8,300 − 25 × 325.88
    first = month(plan, 1)
    assert first["payment"].sum() == D("2900.00")
    assert all(first.loc[k, "payment"] == o.monthly for k, o in offers.items())
    assert set(first["bucket"]) == {"M0"}
    # No clean loan falls behind, nobody falls further: the plan has no slip at all.
    assert not [w for w in plan.warnings if w.is_slip]
    # 京东白条 has no penalty rate entered: its offer does not claim charges would cost nothing.
    assert offers["baitiao"].running_rate is None and offers["huabei"].running_extra > 0


def test_if_nobody_agrees_is_the_contract_simulation_and_names_who_falls_behind():
    plan = build_plan(four_platforms())
    contract = plan.if_nobody_agrees
    assert plan.agreed and not contract.agreed
    assert contract.budget == plan.budget and contract.strategy == plan.strategy
    assert ("falls_behind", "jiebei") in {(w.code, w.debt_id) for w in contract.warnings}
    assert contract.if_nobody_agrees is contract


def test_extra_money_goes_to_the_arrears_first_and_the_offers_stay():
    base, more = build_plan(four_platforms()), build_plan(four_platforms("3400"))
    assert more.offers["jiebei"].monthly == D("1835.98")
    # The extra 500 is shared too (it is the arrears' money), so every offer grows.
    assert all(more.offers[k].monthly > base.offers[k].monthly for k in ("huabei", "baitiao", "cmb"))
    # Once 借呗 is paid off its due goes to the arrangements, which end sooner than offered.
    assert base.months_to_debt_free < base.offers["huabei"].months


def test_a_budget_below_the_clean_dues_shares_everything_and_names_the_clean_loan():
    plan = build_plan(four_platforms("1500"))
    assert plan.call_needed == ("jiebei",)
    offer = plan.offers["jiebei"]
    assert offer.kind == "installments" and offer.call_needed and offer.monthly > 0
    codes = {(w.code, w.debt_id) for w in plan.warnings}
    assert ("call_needed_soon", "jiebei") in codes  # no due day entered: "before it falls due"
    assert month(plan, 1)["payment"].sum() == D("1500.00")
    # With its due day entered, the call names the date: the first such day on or after today.
    data = four_platforms("1500").model_dump(mode="json")
    data["debts"][0]["due_day"] = 10
    dated = build_plan(Case.model_validate(data))
    call = next(w for w in dated.warnings if w.code == "call_needed")
    assert call.debt_id == "jiebei" and call.params["date"] == "2026-11-10"
    assert "2026-11-10" in call.message("zh-CN") and "2026-11-10" in call.message("en")


def test_a_budget_for_everything_needs_no_agreement():
    case = four_platforms("40000")
    plan = build_plan(case)
    assert {o.kind for k, o in plan.offers.items() if k != "jiebei"} == {"catch_up"}
    assert plan.feasible and not plan.beyond_five_years


def test_a_plan_beyond_five_years_says_so_first_and_offers_no_comfort():
    plan = build_plan(load_demo("family_cards"))
    assert plan.beyond_five_years and plan.warnings[0].code == "beyond_five_years"
    for lang in ("zh-CN", "en"):
        text = " ".join(w.message(lang) for w in plan.warnings)
        assert "12348" in text
        assert "别灰心" not in text and "not alone" not in text


# --- the arithmetic ---------------------------------------------------------------------------
@given(st.integers(0, 10_000_000), st.lists(st.integers(1, 50_000_000), min_size=1, max_size=8))
def test_shares_add_up_to_the_money_and_none_is_zero_when_each_can_have_a_fen(money, weights):
    named = {f"d{i}": w for i, w in enumerate(weights)}
    shares = share_pro_rata(money, named)
    assert sum(shares.values()) == money
    if money >= len(named):
        assert min(shares.values()) > 0
    total = sum(weights)
    tokens = sum(1 for w in weights if money * w < total) if money >= len(named) else 0
    for key, weight in named.items():  # within a fen of the exact share, but for the token fen moved
        assert abs(shares[key] * total - money * weight) <= total * (1 + tokens) or shares[key] == 1


@given(st.integers(1, 10_000_000), st.integers(1, 1_000_000))
def test_an_offer_repays_what_is_owed_exactly(owed, monthly):
    months = offer_months(owed, monthly)
    final = owed - monthly * (months - 1)
    assert 0 < final <= monthly


def test_charges_running_cost_more_and_can_outrun_the_offer():
    ok = cost_if_charges_run(830_000, 32_588, *monthly_ratio(D("0.1825")))
    assert ok.months is not None and ok.months > 26 and ok.extra > 0
    never = cost_if_charges_run(1_000_000, 1_000, *monthly_ratio(D("0.24")))
    assert never.months is None


# --- the properties the issue asks for --------------------------------------------------------
def _clean_ids(case: Case) -> set[str]:
    return {d.id for d in case.debts if d.overdue_amount == 0 and d.total_owed > 0}


@PROPERTY
@given(cases(max_debts=5), budgets, st.sampled_from([s for s in Strategy if s != Strategy.CUSTOM]))
def test_no_clean_loan_falls_behind_in_a_month_whose_money_covers_the_clean_dues(case, budget, strategy):
    plan = build_plan(case, strategy, budget, horizon_months=120)
    clean = _clean_ids(case)
    money = max(budget, D(0))
    standing = plan.standing
    for number, rows in standing.groupby("month"):
        kept = rows[rows["debt_id"].isin(clean)]
        if kept["required"].sum() <= money:
            assert not kept["slipped"].any(), f"month {number}"


@PROPERTY
@given(cases(max_debts=5), budgets)
def test_month_one_pays_the_clean_dues_and_shares_the_rest_with_every_debt_in_arrears(case, budget):
    plan = build_plan(case, budget=budget)
    firsts = first_month(case)
    clean = _clean_ids(case)
    behind = [d for d in case.debts if d.overdue_amount > 0]
    clean_due = sum((firsts[k].due for k in clean), D(0))
    paid = month(plan, 1)["payment"]
    needed = plan.required_first_month
    # Month 1 uses min(budget, what is due) to the fen (more only as the strategy's prepayment). An
    # agreement repays what is owed today, so money is left over only once every one is repaid.
    assert paid.sum() <= plan.budget
    if plan.budget < needed:
        offered = [o for o in plan.offers.values() if o.kind == "installments"]
        assert paid.sum() == plan.budget or all(o.months == 1 for o in offered)
    else:
        assert paid.sum() >= needed
    if clean_due <= plan.budget < needed:
        for k in clean:
            # its contract due, and any extra the strategy puts on it once the arrears are repaid
            assert paid.get(k, D(0)) == firsts[k].due + plan.offers[k].prepay
        pool = to_fen(plan.budget - clean_due)
        if pool >= len(behind):
            for d in behind:
                offer = plan.offers[d.id]
                assert offer.kind == "installments" and offer.monthly > 0
                assert offer.monthly * (offer.months - 1) + (offer.final or offer.monthly) == d.total_owed


@PROPERTY
@given(cases(max_debts=5), budgets)
def test_every_offer_is_the_plans_month_one_payment_to_the_fen(case, budget):
    plan = build_plan(case, budget=budget)
    paid = month(plan, 1)["payment"]
    for debt_id, offer in plan.offers.items():
        assert offer.this_month + offer.prepay == paid.get(debt_id, D(0))
        if offer.kind == "installments":
            assert offer.monthly * offer.months >= offer.owed
    assert plan.suggested_offers == {k: o.this_month for k, o in plan.offers.items()}


@pytest.mark.parametrize("name", DEMOS)
def test_the_demos_keep_clean_loans_and_offer_every_overdue_platform_its_month_one_payment(name):
    case = load_demo(name)
    plan = build_plan(case)
    paid = month(plan, 1)["payment"]
    clean = _clean_ids(case)
    slipped = {w.debt_id for w in plan.warnings if w.code == "falls_behind"}
    assert not slipped & clean
    assert not [w for w in plan.warnings if w.is_slip]  # nothing falls behind under the plan to follow
    for d in case.debts:
        offer = plan.offers[d.id]
        assert offer.this_month + offer.prepay == paid[d.id]
        assert offer.prepay <= D("1.00") or offer.kind != "installments"  # at most a rounding reserve
        if d.overdue_amount > 0:
            assert offer.monthly > 0 and offer.kind in ("installments", "catch_up")


def test_two_clean_two_overdue_and_a_lawsuit_threat():
    """The issue's second hand case: two loans paid on time, two platforms behind, a lender said it
    would sue. The clean loans stay on contract, both overdue platforms get a month-1 share, and
    legal help comes first among the actions (in the JSON the risk command prints too)."""
    from overdue_core.risk import assess, first_steps

    unlicensed_late = {**behind("2443.32", 75, "0.36"), "lender_licensed": False}
    case = case_with(
        loan("24000", "0.108", 18, "1450.23", id="bank", platform="某银行消费贷", repayment="equal_installment"),
        loan("6000", "0.18", 8, "801.50", id="leyi", platform="乐易分期", repayment="equal_installment"),
        loan("3600", "0.15", 6, "626.52", id="suhua", platform="速花", **behind("1253.04", 40, "0.24")),
        loan("15000", "0.216", 14, "1221.66", id="kuaiyi", platform="快易贷", **unlicensed_late),
        budget="3600",
    )
    case = case.model_copy(update={"flags": case.flags.model_copy(update={"lawsuit_threatened": True})})
    plan = build_plan(case)
    first = month(plan, 1)
    assert first.loc["bank", "payment"] == D("1450.23") and first.loc["leyi", "payment"] == D("801.50")
    assert first.loc["suhua", "payment"] > 0 and first.loc["kuaiyi", "payment"] > 0
    assert first["payment"].sum() == D("3600.00")
    assert not {w.debt_id for w in plan.warnings if w.code == "falls_behind"} & {"bank", "leyi"}
    result, _stress = assess(case)
    assert result.to_dict("en")["actions"][0] == "legal"
    assert first_steps(case, result, "zh-CN", plan=plan)[0].measure.value == "legal"


def test_a_last_installment_a_few_fen_larger_does_not_leave_an_agreed_one_short():
    """two_behind: 乐易分期's last installment is 801.54, four fen above its 801.50. Those fen are
    kept out of the shares (and go to the arrears first as prepayment), so month 8 is not short."""
    plan = build_plan(load_demo("two_behind"))
    schedule = plan.schedule.set_index(["month", "debt_id"])
    assert schedule.loc[(8, "leyi"), "payment"] == D("801.54")
    assert not [w for w in plan.warnings if w.is_slip or w.code == "short_later"]
    assert sum(o.prepay for o in plan.offers.values()) == D("0.04")


@PROPERTY
@given(cases(max_debts=5), budgets)
def test_an_agreed_debt_repays_exactly_what_it_owes_today(case, budget):
    """Penalties, interest and fees asked to stop: what the plan pays a debt under its offer adds up
    to what it owes today, to the fen, once it is paid off (never more)."""
    plan = build_plan(case, budget=budget, horizon_months=600)
    schedule = plan.schedule
    for debt_id, offer in plan.offers.items():
        if offer.kind != "installments":
            continue
        rows = schedule[schedule["debt_id"] == debt_id]
        paid = sum(rows["payment"], D(0))
        assert sum(rows["interest"], D(0)) == sum(rows["penalty"], D(0)) == sum(rows["fees"], D(0)) == 0
        outcome = plan.debt(debt_id)
        assert paid <= offer.owed
        if outcome.paid_off_month is not None:
            assert paid == offer.owed


def test_the_five_year_line_is_the_cases_editable_rule():
    """The longest hardship installments (60 months, 商业银行信用卡业务监督管理办法 Art. 70) is a
    dated rule a counselor may change for a case; the verdict and the offers follow it."""
    case = load_demo("family_cards")
    assert build_plan(case).beyond_five_years
    longer = case.model_copy(
        update={"settings": case.settings.model_copy(update={"rules": {"hardship_installment_max_months": D("90")}})}
    )
    plan = build_plan(longer)
    assert not plan.beyond_five_years and not any(o.too_long for o in plan.offers.values())
    assert "beyond_five_years" not in {w.code for w in plan.warnings}


@pytest.mark.parametrize(("lang", "sep"), [("zh-CN", "、"), ("en", ", ")])
def test_several_platforms_in_one_warning_are_joined_in_the_readers_language(lang, sep):
    """The list separator is the reader's language, not the case's; each name is escaped alone."""
    from overdue_core.plan.engine import PlanWarning
    from overdue_core.user_text import md_escape

    warning = PlanWarning("offer_too_long", None, {"platforms": ("花呗", "*白条*"), "months": 70, "limit": 60})
    assert f"花呗{sep}*白条*" in warning.message(lang)
    assert f"花呗{sep}{md_escape('*白条*')}" in warning.message(lang, escape=md_escape)
