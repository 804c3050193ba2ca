"""Follow-through: what was actually paid, against the plan, and what to do before a payment is missed.

Why: a plan only helps if the person sticks to it, and life gets in the way. Each month they
record what they really paid per debt (``case.payments``). We compare it with the plan, re-plan
from the actual figures, and — the counselor's first rule — when the plan cannot cover a due
this month, say so *before* the due date, so the platform hears it from the person first.

Re-planning uses the plan engine itself (no second engine), per debt and month: every month
from the first one with a record up to the month followed is replayed as actually paid
(``RecordedPayment`` events): each debt gets what was recorded for it, and a debt with no record
in such a month got nothing. So a platform that was skipped stays missed — with its arrears,
penalty and bucket — even when the month's total matches the plan. Months before the first
record are taken as planned (nothing was written down yet). Amounts are Decimals to the fen.

Statuses compare what was paid with two figures: the plan's payment and what the platform
asks this month to stay current (arrears + due, ``PlanResult.standing``). "Paid" means both are
covered; a token payment (0.01) is never "paid" while something is due.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from overdue_core.case.debt_names import debt_labels
from overdue_core.case.models import Case, PaymentRecord, Strategy
from overdue_core.case.standing import add_months, first_due_date
from overdue_core.plan.engine import PlanResult, build_plan
from overdue_core.plan.events import RecordedPayment, month_of

ZERO = Decimal("0.00")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def due_date_in(month: dt.date, due_day: int | None) -> dt.date | None:
    """The due date in the month of ``month``; None when the due day is not entered — never an
    invented date to call before (the page asks for the due day instead)."""
    if due_day is None:
        return None
    return first_due_date(due_day, month_start(month))


def paid_by_month(case: Case) -> dict[tuple[int, str], Decimal]:
    """(plan month, debt id) -> amount paid, for records from the plan's first month on."""
    first = month_start(case.as_of)
    out: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for record in case.payments:
        if month_start(record.month) >= first:
            out[(month_of(case.as_of, record.month), record.debt_id)] += record.amount
    return dict(out)


def planned_by_month(plan: PlanResult) -> dict[tuple[int, str], Decimal]:
    """(plan month, debt id) -> payment the plan makes."""
    frame = plan.schedule
    return {(int(m), str(d)): Decimal(p) for m, d, p in zip(frame["month"], frame["debt_id"], frame["payment"])}


def replan_events(case: Case, before_month: int) -> list[RecordedPayment]:
    """Every month from the first recorded one to ``before_month`` (excluded), per debt, as paid."""
    paid = paid_by_month(case)
    months = [m for m, _d in paid if m < before_month]
    if not months:
        return []
    return [
        RecordedPayment(month=month, debt_id=debt.id, amount=paid.get((month, debt.id), ZERO))
        for month in range(min(months), before_month)
        for debt in case.debts
    ]


def missed_months(plan: PlanResult, months: range) -> list[tuple[int, str]]:
    """(month, debt id) where the platform asked for something and got less: a missed payment."""
    frame, standing = plan.schedule, plan.standing
    paid = {(int(m), str(d)): Decimal(p) for m, d, p in zip(frame["month"], frame["debt_id"], frame["payment"])}
    return [
        (int(m), str(d))
        for m, d, r in zip(standing["month"], standing["debt_id"], standing["required"])
        if int(m) in months and r > 0 and paid.get((int(m), str(d)), ZERO) < r
    ]


@dataclass(frozen=True)
class DebtMonth:
    """One debt in the month being followed: the plan's payment, what was paid, and what to do."""

    debt_id: str
    platform: str
    #: This month's due date; None while the debt's due day is not entered.
    due_date: dt.date | None
    planned: Decimal
    paid: Decimal
    overdue_after_plan: Decimal
    #: "nothing_due"; "paid" (the plan's payment and the platform's due both covered); "paid_short"
    #: (the plan's payment made, but the platform asks for more); "paid_due" (the platform's due
    #: covered, the plan's extra not yet); "upcoming"; "will_miss" (the plan cannot cover the due:
    #: tell them first); "missed"
    status: str
    before_due: bool
    #: Cumulative over the earlier recorded months: paid minus planned (negative: behind).
    earlier_gap: Decimal = ZERO
    #: What the platform asks this month to be current: arrears carried in plus this month's due.
    required: Decimal = ZERO
    #: Earlier months (plan month numbers) in which this debt was paid less than it asked.
    missed_earlier: tuple[int, ...] = ()


@dataclass(frozen=True)
class FollowThrough:
    month: int  # plan month followed (1 = the month of case.as_of)
    month_date: dt.date
    plan: PlanResult  # the original plan
    replanned: PlanResult  # re-planned from the actual payments
    debts: list[DebtMonth]

    @property
    def behind(self) -> list[DebtMonth]:
        return [d for d in self.debts if d.earlier_gap < 0 or d.status == "missed" or d.missed_earlier]

    @property
    def paid_short_earlier(self) -> Decimal:
        """Money paid short of the plan in earlier months, over every debt (what the replan absorbs)."""
        return sum((-d.earlier_gap for d in self.debts if d.earlier_gap < 0), ZERO)

    @property
    def warn_first(self) -> list[DebtMonth]:
        """Debts whose due this month the plan cannot cover, while there is still time to call."""
        return [d for d in self.debts if d.before_due and d.status in ("will_miss", "paid_short")]


def follow_through(case: Case, today: dt.date, strategy: Strategy | None = None) -> FollowThrough:
    """The month of ``today`` (at least the plan's first month) followed debt by debt."""
    month = max(1, month_of(case.as_of, today))
    plan = build_plan(case, strategy=strategy)
    events = replan_events(case, month)
    replanned = build_plan(case, strategy=strategy, events=events) if events else plan
    paid = paid_by_month(case)
    original = planned_by_month(plan)
    frame, standing = replanned.schedule, replanned.standing
    this_month = frame[frame["month"] == month]
    planned_now = {str(d): Decimal(p) for d, p in zip(this_month["debt_id"], this_month["payment"])}
    overdue_now = {str(d): Decimal(o) for d, o in zip(this_month["debt_id"], this_month["overdue"])}
    needs = standing[standing["month"] == month]
    required_now = {str(d): Decimal(r) for d, r in zip(needs["debt_id"], needs["required"])}
    missed = missed_months(replanned, range(events[0].month, month)) if events else []
    month_date = add_months(month_start(case.as_of), month - 1)
    rows: list[DebtMonth] = []
    labels = debt_labels(case.debts)  # "platform" is the name a person reads (numbered when two are alike)
    for debt in case.debts:
        planned = planned_now.get(debt.id, ZERO)
        required = required_now.get(debt.id, ZERO)
        paid_now = paid.get((month, debt.id), ZERO)
        overdue_after = overdue_now.get(debt.id, ZERO)
        due = due_date_in(month_date, debt.due_day)
        status = _status(planned, required, paid_now, overdue_after, due is not None and today > due)
        gap = sum((paid.get((m, debt.id), ZERO) - original.get((m, debt.id), ZERO) for m in range(1, month)), ZERO)
        earlier = tuple(m for m, d in missed if d == debt.id)
        rows.append(
            DebtMonth(
                debt.id,
                labels[debt.id],
                due,
                planned,
                paid_now,
                overdue_after,
                status,
                due is None or today <= due,
                gap,
                required,
                earlier,
            )
        )
    return FollowThrough(month, month_date, plan, replanned, rows)


def _status(planned: Decimal, required: Decimal, paid: Decimal, overdue_after: Decimal, past_due: bool) -> str:
    """One debt's status this month (see ``DebtMonth.status``)."""
    if planned == 0 and required == 0:
        return "nothing_due"
    if paid >= planned and paid >= required:
        return "paid"
    if paid >= required:
        return "paid_due"
    if paid > 0 and paid >= planned:
        return "paid_short"
    if past_due:
        return "missed"
    # Less than the platform asks is a missed payment until it agrees (the plan to follow pays each
    # debt in arrears its offer, which the platform has not accepted yet): call before the date.
    return "will_miss" if overdue_after > 0 or planned < required else "upcoming"


def record_month(case: Case, month: dt.date, amounts: dict[str, Decimal]) -> list[dict]:
    """``case.payments`` with this month's amounts replaced (0 removes the record), as dicts to validate."""
    start = month_start(month)
    kept = [p.model_dump() for p in case.payments if not (month_start(p.month) == start and p.debt_id in amounts)]
    added = [PaymentRecord(debt_id=d, month=start, amount=a).model_dump() for d, a in amounts.items() if a > 0]
    return kept + added
