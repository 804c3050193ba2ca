"""Follow-through: actual payments against the plan, re-planned by the engine, warnings before the due date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case
from overdue_core.measures.prevent.followthrough import (
    follow_through,
    paid_by_month,
    planned_by_month,
    record_month,
    replan_events,
)
from tests.helpers.plan_cases import case_with, debt

D = Decimal


def with_payments(case: Case, month: dt.date, amounts: dict[str, Decimal]) -> Case:
    data = case.model_dump()
    data["payments"] = record_month(case, month, amounts)
    return Case.model_validate(data)


def test_record_month_replaces_that_month_only():
    case = load_demo("gig_driver")
    case = with_payments(case, dt.date(2026, 11, 5), {"jiebei": D("100"), "yuefu": D("50")})
    case = with_payments(case, dt.date(2026, 12, 5), {"jiebei": D("70")})
    case = with_payments(case, dt.date(2026, 11, 30), {"jiebei": D("120"), "yuefu": D("0")})
    assert paid_by_month(case) == {(1, "jiebei"): D("120"), (2, "jiebei"): D("70")}


def test_replanned_month_spends_what_was_actually_paid():
    case = load_demo("gig_driver")
    paid = with_payments(case, dt.date(2026, 11, 1), {"jiebei": D("1000")})
    events = replan_events(paid, before_month=2)
    assert {(e.month, e.debt_id, e.amount) for e in events} == {
        (1, d.id, D("1000") if d.id == "jiebei" else D("0")) for d in case.debts
    }
    result = follow_through(paid, dt.date(2026, 12, 2))
    month_1 = {d: v for (m, d), v in planned_by_month(result.replanned).items() if m == 1}
    assert month_1["jiebei"] == D("1000.00") and sum(month_1.values()) == D("1000.00")
    anyihua = next(d for d in result.debts if d.debt_id == "anyihua")
    jiebei = next(d for d in result.debts if d.debt_id == "jiebei")
    # the plan put month 1 on 安逸花; paying 借呗 instead leaves 安逸花 behind and 借呗 ahead
    assert anyihua.earlier_gap < 0 < jiebei.earlier_gap
    assert result.behind and anyihua in result.behind
    # what was paid short counts only the debts behind, not 借呗's money ahead
    short = [d for d in result.debts if d.earlier_gap < 0]
    assert result.paid_short_earlier == -sum(d.earlier_gap for d in short) >= -anyihua.earlier_gap > 0


# --- per debt, per month ------------------------------------------------------------------
def _two_loans():
    a = debt(id="a", platform="A", balance="6000", remaining_terms=12, monthly_due="500", due_day=20)
    b = debt(
        id="b", platform="B", balance="6000", remaining_terms=12, monthly_due="500", due_day=10, late_fee_rate="0.05"
    )
    return case_with(a, b, budget="1000")


def test_a_skipped_platform_stays_missed_when_the_month_total_matches_the_plan():
    """Month 1: the plan pays 500 + 500; the person paid 1,000 to A and nothing to B."""
    case = with_payments(_two_loans(), dt.date(2026, 11, 1), {"a": D("1000")})
    result = follow_through(case, dt.date(2026, 12, 2))
    frame = result.replanned.schedule
    b_month_1 = frame[(frame["month"] == 1) & (frame["debt_id"] == "b")].iloc[0]
    assert b_month_1.payment == 0 and b_month_1.overdue == D("525.00") and b_month_1.bucket == "M1"
    b = next(d for d in result.debts if d.debt_id == "b")
    assert b.missed_earlier == (1,) and b in result.behind
    assert b.required == D("1025.00")  # the missed 500 and its 5 % late fee, plus December's 500
    assert b.status == "will_miss"  # 1,000 a month cannot cure it and keep A current: say so before the 10th
    late = follow_through(case, dt.date(2026, 12, 11))
    assert next(d for d in late.debts if d.debt_id == "b").status == "missed"
    a = next(d for d in result.debts if d.debt_id == "a")
    assert a.missed_earlier == () and a.earlier_gap == D("500.00")


def test_a_token_payment_is_not_paid():
    """Minimum only: 0.01 on a loan whose due is 500 is not "paid"; nor on a bullet loan not yet due."""
    loan = debt(id="loan", platform="L", balance="6000", remaining_terms=12, monthly_due="500", due_day=20)
    bullet = debt(
        id="bullet", platform="B", balance="5000", annual_rate="0.1", repayment="bullet", remaining_terms=6, due_day=20
    )
    case = case_with(loan, bullet, budget="0", strategy="minimum_only")
    case = with_payments(case, dt.date(2026, 11, 1), {"loan": D("0.01"), "bullet": D("0.01")})
    rows = {d.debt_id: d for d in follow_through(case, dt.date(2026, 11, 2)).debts}
    assert rows["loan"].required == D("500.00") and rows["loan"].status == "paid_short"
    assert rows["bullet"].status == "nothing_due"
    full = with_payments(case, dt.date(2026, 11, 1), {"loan": D("500")})
    assert next(d for d in follow_through(full, dt.date(2026, 11, 2)).debts if d.debt_id == "loan").status == "paid"


def test_warns_before_the_due_date_and_not_after():
    case = load_demo("family_cards")
    early = follow_through(case, dt.date(2026, 11, 2))
    cmb = next(d for d in early.debts if d.debt_id == "cmb-card")
    # The plan pays the card its offer, less than the card asks until it agrees: call before the 18th.
    assert cmb.due_date == dt.date(2026, 11, 18) and cmb.planned < cmb.required
    assert cmb.status == "will_miss" and cmb in early.warn_first
    late = follow_through(case, dt.date(2026, 11, 20))
    cmb_late = next(d for d in late.debts if d.debt_id == "cmb-card")
    assert cmb_late.status == "missed" and cmb_late not in late.warn_first


def test_paid_as_planned():
    case = load_demo("young_worker")
    first = follow_through(case, dt.date(2026, 11, 2))
    planned = {d.debt_id: d.planned for d in first.debts}
    paid = with_payments(case, dt.date(2026, 11, 1), {k: v for k, v in planned.items() if v > 0})
    after = follow_through(paid, dt.date(2026, 11, 2))
    for row in after.debts:
        if row.planned > 0:
            assert row.paid == row.planned and row.status in ("paid", "paid_short")


def test_benchmark_follow_through(benchmark):
    case = with_payments(load_demo("gig_driver"), dt.date(2026, 11, 1), {"jiebei": D("1000")})
    result = benchmark(follow_through, case, dt.date(2026, 12, 2))
    assert result.month == 2


def test_a_month_left_blank_after_recording_began_counts_as_nothing_paid():
    """Recording began in month 1; month 2 has no record: by month 3 both loans show month 2 missed."""
    case = with_payments(_two_loans(), dt.date(2026, 11, 1), {"a": D("500"), "b": D("500")})
    result = follow_through(case, dt.date(2027, 1, 2))
    assert {d.debt_id: d.missed_earlier for d in result.debts} == {"a": (2,), "b": (2,)}
    frame = result.replanned.schedule
    assert (frame[frame["month"] == 2]["payment"] == 0).all()
    # Before anything is recorded the plan stands as made.
    untouched = follow_through(_two_loans(), dt.date(2027, 1, 2))
    assert untouched.replanned is untouched.plan and all(d.missed_earlier == () for d in untouched.debts)
