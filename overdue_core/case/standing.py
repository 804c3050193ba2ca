"""How far behind a debt is, counted from its due dates: missed installments, the grace period.

Why from dates, not days ÷ 30: a debt 31 days late with its due on the 1st has missed one due on
1 November (the next one, today, is not missed yet) — M1, not M2 — and a card two days late
inside its grace period has missed none, as the bank reports it. The plan engine, the score and
every page read the same count from here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case.models import Debt, DebtKind
from overdue_core.rules import rule_value

#: Missed installments from which a debt is in the last bucket, M3+ (over 90 days).
LAST_BUCKET = 4


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def first_due_date(due_day: int, after: dt.date) -> dt.date:
    """The first date on or after ``after`` that is the due day (or the last day of a short month)."""
    year, month = after.year, after.month
    for _ in range(3):
        last = (dt.date(year + (month // 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        candidate = dt.date(year, month, min(due_day, last))
        if candidate >= after:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("unreachable")  # a due day always occurs within two months


def bucket_label(missed: int) -> str:
    """The bucket of a debt that has missed ``missed`` installments: M0 current, M1, M2, M3, M3+.

    Why count installments, not days: one missed due is M1 whether the month had 28 or 31 days.
    """
    if missed <= 0:
        return "M0"
    return f"M{missed}" if missed < LAST_BUCKET else "M3+"


def in_grace(debt: Debt, overrides: dict[str, Decimal] | None = None) -> bool:
    """A card paid late but within its grace days (``card_grace_days``): not yet reported late."""
    return debt.kind is DebtKind.CREDIT_CARD and 0 < debt.days_overdue <= rule_value("card_grace_days", overrides)


def missed_due_dates(debt: Debt, as_of: dt.date, overrides: dict[str, Decimal] | None = None) -> list[dt.date]:
    """The due dates a debt has missed as of ``as_of``, oldest first.

    The oldest is ``days_overdue`` days back — moved to the nearest due day when one is entered
    (days late are often counted loosely: 45 days with the due on the 10th is 10 September) — and
    the later ones are each month's due day after it (the same day of the month when no due day
    is entered), strictly before ``as_of``: a due that falls today is not missed yet. None inside
    a card's grace period.
    """
    if debt.overdue_amount <= 0 or debt.days_overdue <= 0 or in_grace(debt, overrides):
        return []
    first = as_of - dt.timedelta(days=debt.days_overdue)
    if debt.due_day is not None:
        nearest = min(
            (
                first_due_date(debt.due_day, dt.date(day.year, day.month, 1))
                for day in (add_months(first, -1), first, add_months(first, 1))
            ),
            key=lambda day: (abs((day - first).days), day),
        )
        first = nearest if nearest < as_of else first
    dates = [first]
    months = 1
    while True:
        if debt.due_day is not None:
            following = first_due_date(debt.due_day, dates[-1] + dt.timedelta(days=1))
        else:
            following = add_months(first, months)
            months += 1
        if following >= as_of:
            return dates
        dates.append(following)


def missed_due_days(debt: Debt, as_of: dt.date, overrides: dict[str, Decimal] | None = None) -> tuple[int, ...]:
    """Each missed due date as its day relative to ``as_of`` (negative), oldest first: the plan's
    form. The oldest keeps the days late entered, so the plan counts on from the person's figure."""
    days = [(day - as_of).days for day in missed_due_dates(debt, as_of, overrides)]
    return tuple([-debt.days_overdue] + days[1:]) if days else ()


def missed_installments(debt: Debt, as_of: dt.date, overrides: dict[str, Decimal] | None = None) -> int:
    return len(missed_due_dates(debt, as_of, overrides))


def debt_bucket(debt: Debt, as_of: dt.date, overrides: dict[str, Decimal] | None = None) -> str:
    """M0–M3+ from the due dates missed (``missed_due_dates``)."""
    return bucket_label(missed_installments(debt, as_of, overrides))
