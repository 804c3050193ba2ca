"""The risk score: levels a counselor would agree with, exact thresholds, and the properties the
model promises (monotonic per factor, points add up, deterministic, missing inputs named)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Case, Stability
from overdue_core.plan.apr import due_mismatch
from overdue_core.risk.score import (
    LEVEL_ORDER,
    MAX_SCORE,
    SPECS,
    Level,
    Measure,
    inputs_from_case,
    level_for,
    level_of,
    score_case,
)
from tests.helpers import examples
from tests.helpers.risk_cases import debt, loan, make_case

D = Decimal


# --- demo cases land where a counselor would put them ------------------------------------
def test_young_worker_is_medium_or_high():
    # Three small BNPL/loan debts 45 days late (M2), fixed salary, debt only ~3 months of income,
    # but a big shortfall this month and almost no savings: serious, not yet desperate.
    result = score_case(load_demo("young_worker"))
    assert result.level in (Level.MEDIUM, Level.HIGH)
    # 45 days late with the dues on the 10th: 10 September and 10 October missed, M2.
    assert result.factor("overdue_depth").points == SPECS["overdue_depth"].points_for(D(2)) == 11
    assert result.factor("borrowing_to_repay").points == 0


def test_gig_driver_is_critical():
    # Six lenders at once, borrowing from one to repay another, a shortfall every month, 75 days
    # late on one debt and an unlicensed loan whose fees push its APR far above 36 %: critical.
    result = score_case(load_demo("gig_driver"))
    assert result.level is Level.CRITICAL
    for code in ("lender_count", "borrowing_to_repay", "monthly_surplus", "costliest_apr"):
        assert result.factor(code).points == result.factor(code).max_points, code
    assert result.factor("costliest_apr").measure is Measure.LEGAL


def test_family_cards_is_high():
    # Steady salaries, but one card over 90 days late (M3+) and essential spending that leaves
    # little for the dues: high. No borrowing to repay and few lenders keep it below critical.
    result = score_case(load_demo("family_cards"))
    assert result.level is Level.HIGH
    assert result.factor("overdue_depth").points == SPECS["overdue_depth"].max_points
    assert result.factor("income_stability").points == 0


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_cases_have_three_actions_in_the_order_to_take_them(demo_id):
    result = score_case(load_demo(demo_id))
    actions = result.top_actions()
    assert len(actions) == 3 + bool(result.legal_urgent)
    order = list(Measure)
    # Legal help first when a lawsuit is threatened or collection broke the rules; then in order.
    rest = actions[1:] if result.legal_urgent else actions
    assert (actions[0].measure is Measure.LEGAL) == bool(result.legal_urgent)
    assert [order.index(a.measure) for a in rest] == sorted(order.index(a.measure) for a in rest)
    assert rest[0].measure is Measure.COMMUNICATE  # every demo has an overdue debt: talk first


# --- the model itself -------------------------------------------------------------------
def test_weights_add_up_to_100():
    assert MAX_SCORE == 100 == sum(s.max_points for s in SPECS.values())


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "low"),
        (24, "low"),
        (25, "medium"),
        (49, "medium"),
        (50, "high"),
        (74, "high"),
        (75, "critical"),
        (100, "critical"),
    ],
)
def test_level_boundaries(score, level):
    assert level_for(score) == level


@pytest.mark.parametrize(
    ("dues", "points"),
    [("1999.99", 0), ("2000.00", 4), ("3499.99", 4), ("3500.00", 8), ("5000.00", 12), ("7000.00", 15)],
)
def test_debt_service_thresholds_are_inclusive(dues, points):
    case = make_case(incomes=[("10000", "fixed")], expenses=[("1", True)], debts=[debt(1, balance="100000", due=dues)])
    assert case.debts[0].monthly_due == D(dues)
    assert score_case(case).factor("debt_service").points == points


@pytest.mark.parametrize(
    ("days", "due_day", "points"),
    # as_of 1 November: 31 days late with the due on the 1st is one missed due (1 October), M1;
    # with no due day, one due a month from the first missed one.
    [
        (0, None, 0),
        (1, None, 6),
        (30, None, 6),
        (31, 1, 6),
        (32, None, 11),
        (60, None, 11),
        (62, None, 16),
        (92, None, 16),
        (93, None, 20),
    ],
)
def test_overdue_depth_follows_the_missed_due_dates(days, due_day, points):
    loan = debt(1, balance="1000", overdue="100" if days else "0", days=days)
    case = make_case(incomes=[("10000", "fixed")], debts=[loan])
    if due_day:
        case = with_debt(case, 0, due_day=due_day)
    factor = score_case(case).factor("overdue_depth")
    assert factor.points == points


def test_a_card_inside_its_grace_days_is_not_scored_overdue():
    card = debt(1, balance="5000", overdue="500", days=2)
    case = with_debt(
        make_case(incomes=[("10000", "fixed")], debts=[card]),
        0,
        kind="credit_card",
        repayment="minimum_payment",
        remaining_terms=0,
    )
    result = score_case(case)
    assert result.factor("overdue_depth").points == 0 and result.factor("overdue_platforms").points == 0
    late = with_debt(case, 0, days_overdue=4)
    assert score_case(late).factor("overdue_depth").points == 6


def test_lenders_are_counted_by_platform_not_by_debt():
    debts = [
        debt(1, platform="借呗", balance="100"),
        debt(2, platform=" 借呗 ", balance="100"),
        debt(3, platform="花呗", balance="100"),
    ]
    result = score_case(make_case(incomes=[("10000", "fixed")], debts=debts))
    assert result.factor("lender_count").value == 2


def test_apr_lines_come_from_the_case_rules():
    one = [debt(1, balance="10000", rate="0.15")]
    default = score_case(make_case(incomes=[("10000", "fixed")], debts=one)).factor("costliest_apr")
    assert default.points == 2 and default.thresholds[0].at == D("0.12")  # 4 × 3.0 % LPR
    raised = score_case(make_case(incomes=[("10000", "fixed")], debts=one, rules={"lpr_1y": "0.04"})).factor(
        "costliest_apr"
    )
    assert raised.points == 0 and raised.thresholds[0].at == D("0.16")


def test_an_apr_exactly_on_the_24_line_is_not_above_it():
    # 24 % in equal installments: payments rounded to the fen must not push it "above 24 %".
    case = make_case(
        incomes=[("10000", "fixed")],
        debts=[loan(1, "12000", "0.24", 12, "1134.71")],
    )
    factor = score_case(case).factor("costliest_apr")
    assert factor.value == D("0.2400") and factor.points == 2 and factor.measure is Measure.NEGOTIATE


def test_fees_that_eat_the_loan_count_as_above_every_line():
    case = make_case(
        incomes=[("10000", "fixed")],
        debts=[loan(1, "1000", "0.1", 6, "170", principal_received="0", upfront_fee="1000")],
    )
    factor = score_case(case).factor("costliest_apr")
    assert factor.value is None and factor.points == 8 and factor.state == "unknown" and factor.measure is Measure.LEGAL


def test_the_worst_case_scores_exactly_100():
    debts = [debt(i, balance="50000", rate="0.5", due="5000", overdue="1000", days=120) for i in range(6)]
    case = make_case(
        incomes=[("1000", "irregular")], expenses=[("900", True)], savings="0", debts=debts, borrowing=True
    )
    result = score_case(case)
    assert result.score == 100 and result.level is Level.CRITICAL


def test_surplus_and_figures_are_exact_to_the_fen():
    case = make_case(
        incomes=[("3333.33", "fixed"), ("0.01", "variable")],
        expenses=[("1000.10", True), ("99.99", False)],
        debts=[debt(1, balance="500", due="123.45", overdue="10.01", days=3), debt(2, balance="1", due="0.02")],
    )
    result = score_case(case)
    assert result.available == D("2333.24")
    assert result.required == D("133.48")
    assert result.surplus == D("2199.76") and result.shortfall == D("0.00")


# --- missing inputs are named, never guessed silently -----------------------------------
def test_empty_case_names_everything_missing_and_scores_zero():
    result = score_case(make_case())
    assert result.missing == ("income", "expenses", "debts")
    assert result.score == 0 and result.level is Level.LOW
    assert result.factor("savings_buffer").state == "unknown"


def test_debts_without_income_count_as_no_income_and_say_so():
    result = score_case(make_case(expenses=[("2000", True)], debts=[debt(1, balance="5000", due="500")]))
    assert "income" in result.missing and "expenses" not in result.missing
    for code in ("debt_service", "debt_to_income", "monthly_surplus"):
        factor = result.factor(code)
        assert factor.value is None and factor.state == "unknown" and factor.points == factor.max_points, code


def test_no_expenses_gives_no_savings_points_and_is_named():
    result = score_case(make_case(incomes=[("5000", "fixed")], savings="0", debts=[debt(1, balance="100")]))
    assert result.missing == ("expenses",)
    assert result.factor("savings_buffer").points == 0 and result.factor("savings_buffer").state == "unknown"
    # Only non-essential spending entered: still no essential spending to measure against.
    only_leisure = score_case(
        make_case(incomes=[("5000", "fixed")], expenses=[("300", False)], debts=[debt(1, balance="100")])
    )
    assert only_leisure.missing == ("expenses",)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_explanation_is_filled_in(lang):
    for demo_id in DEMO_IDS:
        for factor in score_case(load_demo(demo_id)).factors:
            text = factor.explanation(lang)
            assert text and "{" not in text and not text.startswith("risk."), (factor.code, factor.state)
    for factor in score_case(make_case(debts=[debt(1, balance="1", due="1")])).factors:
        assert "{" not in factor.explanation(lang), factor.code


# --- properties -------------------------------------------------------------------------
money = st.decimals(min_value=D("0"), max_value=D("200000"), places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=D("50000"), places=2, allow_nan=False, allow_infinity=False)
stability = st.sampled_from([s.value for s in Stability])


@st.composite
def debts_strategy(draw, n_max=6):
    out = []
    for i in range(draw(st.integers(0, n_max))):
        overdue = draw(st.one_of(st.just(D("0")), positive))
        days = draw(st.integers(1, 400)) if overdue > 0 else 0
        kind = draw(st.sampled_from(["minimum_payment", "equal_installment"]))
        balance = draw(money)
        out.append(
            debt(
                i,
                platform=draw(st.sampled_from(["借呗", "花呗", "白条", "微粒贷", "招行", "安逸花", "快借"])),
                balance=balance,
                rate=draw(st.decimals(min_value=D("0"), max_value=D("0.6"), places=3)),
                due=draw(money),
                overdue=overdue,
                days=days,
                repayment=kind,
                terms=draw(st.integers(1, 36)) if kind == "equal_installment" else 0,
            )
        )
    return out


@st.composite
def cases(draw):
    return make_case(
        incomes=draw(st.lists(st.tuples(money, stability), max_size=3)),
        expenses=draw(st.lists(st.tuples(money, st.booleans()), max_size=4)),
        savings=draw(money),
        debts=draw(debts_strategy()),
        borrowing=draw(st.booleans()),
    )


def rebuild(case: Case, **changes) -> Case:
    data = case.model_dump(mode="json")
    data.update(changes)
    return Case.model_validate(data)


def with_debt(case: Case, index: int, **changes) -> Case:
    debts = case.model_dump(mode="json")["debts"]
    debts[index].update(changes)
    return rebuild(case, debts=debts)


PROPERTY = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(cases())
def test_points_add_up_and_stay_in_bounds(case):
    result = score_case(case)
    assert result.score == sum(f.points for f in result.factors)
    assert 0 <= result.score <= 100 and result.level == level_of(result.score, inputs_from_case(case))[0]
    assert LEVEL_ORDER.index(result.level) >= LEVEL_ORDER.index(level_for(result.score))  # definitions only raise
    assert all(0 <= f.points <= f.max_points for f in result.factors)
    assert {f.code for f in result.factors} == set(SPECS)


@PROPERTY
@given(cases())
def test_same_case_same_score(case):
    again = Case.model_validate_json(case.model_dump_json())
    first, second = score_case(case), score_case(again)
    assert first == second
    assert first.to_dict("en") == second.to_dict("en")


@PROPERTY
@given(cases())
def test_missing_inputs_are_named(case):
    result = score_case(case)
    assert ("income" in result.missing) == (case.household.total_income == 0)
    assert ("expenses" in result.missing) == (case.household.essential_expenses == 0)
    assert ("debts" in result.missing) == (not case.debts)


def _worse_or_equal(before: Case, after: Case) -> None:
    assert score_case(after).score >= score_case(before).score


@PROPERTY
@given(cases(), st.data())
def test_later_overdue_never_lowers_the_score(case, data):
    overdue = [i for i, d in enumerate(case.debts) if d.overdue_amount > 0]
    if overdue:
        i = data.draw(st.sampled_from(overdue))
        _worse_or_equal(
            case, with_debt(case, i, days_overdue=case.debts[i].days_overdue + data.draw(st.integers(1, 200)))
        )


@PROPERTY
@given(cases(), st.data())
def test_more_overdue_never_lowers_the_score(case, data):
    if case.debts:
        i = data.draw(st.integers(0, len(case.debts) - 1))
        extra = data.draw(positive)
        days = case.debts[i].days_overdue or data.draw(st.integers(1, 400))
        _worse_or_equal(
            case, with_debt(case, i, overdue_amount=str(case.debts[i].overdue_amount + extra), days_overdue=days)
        )


@PROPERTY
@given(cases(), st.data())
def test_higher_dues_never_lower_the_score(case, data):
    if case.debts:
        i = data.draw(st.integers(0, len(case.debts) - 1))
        d = case.debts[i]
        # A due of 0 means "not entered" (the engine computes it from balance, rate and terms, or a
        # card's rule), so entering a small one is not a higher due than that: compare entered dues.
        if d.monthly_due == 0:
            return
        after = with_debt(case, i, monthly_due=str(d.monthly_due + data.draw(positive)))
        # A due no rate below 1,000 % a month can give (0.70 a month on 0.07 owed, then 371.90) is
        # not trusted as a rate: the contract's rate is used and the due asked is what is owed. A
        # step from a trusted due to such a one is a step between two readings, not a higher due.
        mismatches = [due_mismatch(x.debts[i]) for x in (case, after)]
        if any(m is not None and m.implied_rate is None for m in mismatches):
            return
        _worse_or_equal(case, after)


@PROPERTY
@given(cases(), st.data())
def test_a_larger_revolving_balance_never_lowers_the_score(case, data):
    # Revolving debts' APR is their stated rate, so only the amount owed changes. (For a loan
    # with a fixed up-front fee a larger balance really is cheaper per yuan; see docs.)
    revolving = [i for i, d in enumerate(case.debts) if d.repayment.value == "minimum_payment"]
    if revolving:
        i = data.draw(st.sampled_from(revolving))
        _worse_or_equal(case, with_debt(case, i, balance=str(case.debts[i].balance + data.draw(positive))))


@PROPERTY
@given(cases(), st.data())
def test_costlier_debt_never_lowers_the_score(case, data):
    if case.debts:
        i = data.draw(st.integers(0, len(case.debts) - 1))
        change = data.draw(st.sampled_from(["annual_rate", "monthly_fee", "upfront_fee"]))
        d = case.debts[i]
        if change == "annual_rate":
            after = with_debt(
                case,
                i,
                annual_rate=str(
                    d.annual_rate + data.draw(st.decimals(min_value=D("0.001"), max_value=D("1"), places=3))
                ),
            )
        elif change == "monthly_fee":
            after = with_debt(case, i, monthly_fee=str(d.monthly_fee + data.draw(positive)))
        else:
            after = with_debt(case, i, upfront_fee=str(d.upfront_fee + data.draw(positive)))
        _worse_or_equal(case, after)


@PROPERTY
@given(cases(), st.data())
def test_less_income_never_lowers_the_score(case, data):
    incomes = case.model_dump(mode="json")["household"]["incomes"]
    if incomes:
        i = data.draw(st.integers(0, len(incomes) - 1))
        cut = data.draw(st.decimals(min_value=D("0"), max_value=D("1"), places=2))
        incomes[i]["amount"] = str((D(incomes[i]["amount"]) * (1 - cut)).quantize(D("0.01")))
        household = {**case.model_dump(mode="json")["household"], "incomes": incomes}
        _worse_or_equal(case, rebuild(case, household=household))


@PROPERTY
@given(cases(), st.data())
def test_less_stable_income_never_lowers_the_score(case, data):
    order = [s.value for s in Stability]
    incomes = case.model_dump(mode="json")["household"]["incomes"]
    if incomes:
        i = data.draw(st.integers(0, len(incomes) - 1))
        now = order.index(incomes[i]["stability"])
        incomes[i]["stability"] = order[data.draw(st.integers(now, len(order) - 1))]
        household = {**case.model_dump(mode="json")["household"], "incomes": incomes}
        _worse_or_equal(case, rebuild(case, household=household))


@PROPERTY
@given(cases(), positive, st.booleans())
def test_more_essential_spending_or_less_savings_never_lowers_the_score(case, amount, spend):
    household = case.model_dump(mode="json")["household"]
    if spend:
        household["expenses"].append({"name": "new", "amount": str(amount), "essential": True})
    else:
        household["liquid_savings"] = str(max(D("0"), D(household["liquid_savings"]) - amount))
    _worse_or_equal(case, rebuild(case, household=household))


@PROPERTY
@given(cases(), debts_strategy(n_max=1))
def test_another_debt_or_borrowing_to_repay_never_lowers_the_score(case, new):
    debts = case.model_dump(mode="json")["debts"]
    for extra in new:
        extra["id"] = "extra"
        _worse_or_equal(case, rebuild(case, debts=debts + [extra]))
    _worse_or_equal(case, rebuild(case, flags={"borrowing_to_repay": True}))
