"""What "overdue first" promises, stated once and checked (docs/plan-engine.md, *Strategies*).

Each month it first *keeps* every debt it can from slipping into a worse bucket (current ->
M1, M1 -> M2, M2 -> M3, M3 -> M3+), in consequence order — licensed lenders, then the debt
furthest behind, then the costliest penalty, then the highest rate — then cures what it can,
then lessens the costliest arrears. So the debts it keeps are the first set, in that order,
that the money can keep; and every debt it lets slip is named in a warning with its month.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Strategy
from overdue_core.plan.apr import level_payment
from overdue_core.case.standing import LAST_BUCKET, missed_installments
from tests.helpers import examples
from tests.helpers.plan_cases import (
    arrears,
    bank_and_unlicensed_app,
    behind,
    budgets,
    case_with,
    cases,
    contract_plan,
    debt,
    loan,
)

PROPERTY = settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
OTHERS = (Strategy.AVALANCHE, Strategy.SNOWBALL)


def month_rows(plan, month=1):
    frame = plan.schedule
    return frame[frame["month"] == month].set_index("debt_id")


def slips(plan):
    return [
        (w.code, w.debt_id, w.params["month"]) for w in plan.warnings if w.code in ("falls_behind", "falls_further")
    ]


# --- the two small cases the issue describes ----------------------------------------------------
def _jiebei_current_huabei_overdue():
    jiebei = loan("12000", "0", 12, "1000", id="jiebei", platform="借呗", penalty_rate="0.18")
    huabei = arrears("huabei", "3000", 40, "0.18", platform="花呗")
    return jiebei, huabei


def test_cures_the_arrears_without_pushing_the_current_loan_behind_when_the_budget_can_do_both():
    plan = contract_plan(case_with(*_jiebei_current_huabei_overdue()), Strategy.OVERDUE_FIRST, D(3100))
    frame = plan.schedule
    jiebei = frame[frame["debt_id"] == "jiebei"]
    assert (jiebei["overdue"] == 0).all() and (jiebei["payment"].iloc[:11] >= D(1000)).all()
    assert plan.debt("jiebei").current_month == 0
    assert plan.debt("huabei").current_month == 2  # cured the month after, by what is left each month
    assert slips(plan) == []


def test_when_it_cannot_keep_both_it_says_who_falls_behind_from_when_and_why():
    plan = contract_plan(case_with(*_jiebei_current_huabei_overdue()), Strategy.OVERDUE_FIRST, D(2000))
    month1 = month_rows(plan)
    # 花呗 is two installments behind (M2): its oldest (1,500) is kept first, so it does not go to M3;
    # 借呗's 1,000 due no longer fits: it falls behind in month 1, and the plan says so.
    assert month1.loc["huabei", "bucket"] == "M2" and month1.loc["jiebei", "bucket"] == "M1"
    assert slips(plan)[0] == ("falls_behind", "jiebei", 1)
    warning = next(w for w in plan.warnings if w.code == "falls_behind")
    assert warning.params["date"] == "2026-11-01"
    for lang, words in (("en", "licensed lenders"), ("zh-CN", "持牌机构")):
        text = warning.message(lang)
        assert "借呗" in text and "2026-11-01" in text and words in text and "{" not in text


def test_an_unlicensed_lender_is_the_one_that_falls_behind_and_the_reason_says_so():
    licensed, private = bank_and_unlicensed_app()
    plan = contract_plan(case_with(licensed, private), Strategy.OVERDUE_FIRST, D(1500))
    assert month_rows(plan).loc["bank", "overdue"] == 0
    assert slips(plan)[0] == ("falls_behind", "app", 1) and {d for _c, d, _m in slips(plan)} == {"app"}
    assert "not one" in next(w for w in plan.warnings if w.code == "falls_behind").message("en")
    # Avalanche pays the 36 % lender first and lets the bank loan fall behind — and says that too.
    avalanche = contract_plan(case_with(licensed, private), Strategy.AVALANCHE, D(1500))
    assert ("falls_behind", "bank", 1) in slips(avalanche)


def test_what_it_does_not_promise_fewest_overdue_debt_months():
    """A licensed loan due 1,000 and three small arrears with an unlicensed lender, 1,000 to spend:
    snowball cures the three small ones by letting the loan fall behind; overdue first keeps the
    licensed loan current. Fewer debts overdue this month under snowball — and a new overdue
    record with a licensed lender, which overdue first does not accept while it can avoid it."""
    loan = debt(id="loan", balance="10000", annual_rate="0", remaining_terms=10, monthly_due="1000")
    small = [
        debt(id=f"s{i}", balance="0", repayment="bullet", overdue_amount="10", days_overdue=20, lender_licensed=False)
        for i in range(3)
    ]
    case = case_with(loan, *small)
    ours, snowball = (month_rows(contract_plan(case, s, D(1000))) for s in (Strategy.OVERDUE_FIRST, Strategy.SNOWBALL))
    assert (ours["overdue"] > 0).sum() == 3 and (snowball["overdue"] > 0).sum() == 1
    assert ours.loc["loan", "bucket"] == "M0" and snowball.loc["loan", "bucket"] == "M1"


def test_what_it_does_not_promise_the_shallowest_worst_bucket():
    """Licensed before deep: an unlicensed loan two installments behind (M2) and a licensed loan
    current, money for one of them: overdue first keeps the licensed loan and the unlicensed one
    reaches M3; avalanche (the unlicensed loan's rate is higher) keeps it at M2 and pushes the
    licensed loan to M1. The warning says which and why."""
    # Dues as the contracts give them (a stated 1,000 on 6,000 at 30 % over 6 would be trusted as 0 %).
    bank = loan("6000", "0.1", 6, id="bank")
    app = loan("6000", "0.3", 6, id="app", **behind("2000", 40), lender_licensed=False)
    case = case_with(bank, app)
    budget = level_payment(D("6000"), D("0.1"), 6)  # exactly the bank's due: money for one of them
    ours, avalanche = (
        contract_plan(case, s, budget, horizon_months=1) for s in (Strategy.OVERDUE_FIRST, Strategy.AVALANCHE)
    )
    assert dict(month_rows(ours)["bucket"]) == {"bank": "M0", "app": "M3"}
    assert dict(month_rows(avalanche)["bucket"]) == {"bank": "M1", "app": "M2"}
    assert slips(ours) == [("falls_further", "app", 1)] and slips(avalanche) == [("falls_behind", "bank", 1)]


# --- properties over generated cases --------------------------------------------------------------
def _missed_at_start(d, as_of) -> int:
    """Installments missed by the case's arrears: one per due date missed (at most one a fen)."""
    return min(missed_installments(d, as_of), int(d.overdue_amount * 100)) if d.overdue_amount > 0 else 0


def _consequence_order(case) -> list[str]:
    """The documented order, rebuilt from the case: licensed first, deeper arrears, penalty, rate."""
    ranked = sorted(
        enumerate(case.debts),
        key=lambda item: (
            not item[1].lender_licensed,
            -_missed_at_start(item[1], case.as_of) if _missed_at_start(item[1], case.as_of) else 1,
            -item[1].penalty_rate,
            -item[1].annual_rate,
            item[0],
        ),
    )
    return [d.id for _i, d in ranked]


def _slipped_in_month_1(plan) -> set[str]:
    standing = plan.standing
    return set(standing[(standing["month"] == 1) & standing["slipped"]]["debt_id"])


@PROPERTY
@given(case=cases(max_debts=5), budget=budgets)
def test_month_one_keeps_the_first_debts_in_consequence_order_that_any_split_could_keep(case, budget):
    """No strategy keeps a debt that overdue first lets slip without letting slip one before it."""
    results = {s: contract_plan(case, s, budget, horizon_months=1) for s in (Strategy.OVERDUE_FIRST, *OTHERS)}
    order = [i for i in _consequence_order(case) if i in set(results[Strategy.OVERDUE_FIRST].schedule["debt_id"])]
    ours = _slipped_in_month_1(results[Strategy.OVERDUE_FIRST])
    for strategy in OTHERS:
        theirs = _slipped_in_month_1(results[strategy])
        differing = [i for i in order if (i in ours) != (i in theirs)]
        if differing:
            assert differing[0] in theirs, (strategy, differing, ours, theirs)
        if ours:  # it lets a debt slip only when no split of the money keeps them all
            assert theirs


@PROPERTY
@given(
    case=cases(max_debts=5),
    budget=budgets,
    strategy=st.sampled_from([Strategy.OVERDUE_FIRST, Strategy.AVALANCHE, Strategy.SNOWBALL, Strategy.MINIMUM_ONLY]),
)
def test_every_slip_is_named_once_per_debt_with_its_first_month(case, budget, strategy):
    plan = contract_plan(case, strategy, budget, horizon_months=36)
    standing = plan.standing
    slipped = standing[standing["slipped"]]
    warned = slips(plan)
    assert {d for _c, d, _m in warned} == set(slipped["debt_id"])
    for debt_id, rows in slipped.groupby("debt_id"):
        assert min(m for _c, d, m in warned if d == debt_id) == rows["month"].min()
    assert len(warned) == len({(c, d) for c, d, _m in warned})
    # Slipping means a worse bucket: never from M3+ (there is no worse one).
    previous = {d.id: _missed_at_start(d, case.as_of) for d in case.debts}
    for row in standing.itertuples(index=False):
        if row.slipped:
            assert previous[row.debt_id] < LAST_BUCKET and row.missed > previous[row.debt_id]
        previous[row.debt_id] = row.missed


@PROPERTY
@given(case=cases(max_debts=4), budget=budgets)
def test_when_the_money_covers_every_due_no_debt_falls_behind(case, budget):
    """A month whose money covers all arrears and dues leaves nobody behind (every strategy)."""
    plan = contract_plan(case, Strategy.OVERDUE_FIRST, budget, horizon_months=36)
    standing = plan.standing
    for month, rows in standing.groupby("month"):
        if rows["required"].sum() <= budget:
            assert not rows["slipped"].any()
            assert (plan.schedule[plan.schedule["month"] == month]["overdue"] == 0).all()


@PROPERTY
@given(case=cases(max_debts=5), budget=budgets, extra=st.integers(0, 300_000))
def test_in_every_month_a_debt_slips_only_when_the_money_cannot_keep_them_all(case, budget, extra):
    """Over the whole plan, not only month 1: a month with a slip had less money than the debts'
    keep amounts together — and a month whose money covers them lets nobody slip."""
    plan = contract_plan(case, Strategy.OVERDUE_FIRST, budget + D(extra) / 100, horizon_months=36)
    for _month, rows in plan.standing.groupby("month"):
        if rows["slipped"].any():
            assert rows["keep"].sum() > plan.budget
        if rows["keep"].sum() <= plan.budget:
            assert not rows["slipped"].any()


def test_plan_slips_gives_one_row_per_debt_with_both_months():
    """A debt that falls behind and later slips deeper is one row holding both months (the Plan
    page's table and the statement read these rows)."""
    from overdue_core.case import load_demo
    from overdue_core.plan import plan_slips

    plan = contract_plan(load_demo("gig_driver"))
    rows = plan_slips(plan)
    slips = [w for w in plan.warnings if w.is_slip]
    assert [r.debt_id for r in rows] == list(dict.fromkeys(w.debt_id for w in slips))
    for row in rows:
        mine = {w.code: w for w in slips if w.debt_id == row.debt_id}
        behind, further = mine.get("falls_behind"), mine.get("falls_further")
        assert (row.falls_behind.isoformat() if row.falls_behind else None) == (
            behind.params["date"] if behind else None
        )
        assert (row.falls_further.isoformat() if row.falls_further else None) == (
            further.params["date"] if further else None
        )
        assert row.months_behind == next(iter(mine.values())).params["months"]
    assert any(r.falls_behind and r.falls_further for r in rows)  # weilidai: behind in month 3, deeper in month 4
