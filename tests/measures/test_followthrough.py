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
    plan = follow_through(case, dt.date(2026, 11, 2)).plan
    planned_total = sum(v for (m, _d), v in planned_by_month(plan).items() if m == 1)
    paid = with_payments(case, dt.date(2026, 11, 1), {"jiebei": D("1000")})
    events = replan_events(paid, plan, before_month=2)
    assert [(e.month, e.change) for e in events] == [(1, D("1000") - planned_total), (2, planned_total - D("1000"))]
    result = follow_through(paid, dt.date(2026, 12, 2))
    replanned_month_1 = sum(v for (m, _d), v in planned_by_month(result.replanned).items() if m == 1)
    assert replanned_month_1 == D("1000.00")
    anyihua = next(d for d in result.debts if d.debt_id == "anyihua")
    jiebei = next(d for d in result.debts if d.debt_id == "jiebei")
    # the plan put month 1 on 安逸花; paying 借呗 instead leaves 安逸花 behind and 借呗 ahead
    assert anyihua.earlier_gap < 0 < jiebei.earlier_gap
    assert result.behind and anyihua in result.behind


def test_warns_before_the_due_date_and_not_after():
    case = load_demo("family_cards")
    early = follow_through(case, dt.date(2026, 11, 2))
    cmb = next(d for d in early.debts if d.debt_id == "cmb-card")
    assert cmb.due_date == dt.date(2026, 11, 18) and cmb.overdue_after_plan > 0
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
