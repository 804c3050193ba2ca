"""How far behind a debt is, from its due dates: missed installments, buckets, the grace period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Debt
from overdue_core.case.standing import (
    add_months,
    bucket_label,
    debt_bucket,
    in_grace,
    missed_due_dates,
    missed_installments,
)
from tests.helpers import examples


def debt(days: int, due_day: int | None = None, kind: str = "installment_loan", **changes) -> Debt:
    data = dict(
        id="x",
        platform="P",
        kind=kind,
        balance="1000",
        annual_rate="0.1",
        repayment="equal_installment",
        remaining_terms=10,
        overdue_amount="100" if days else "0",
        days_overdue=days,
        due_day=due_day,
    )
    if kind == "credit_card":
        data.update(repayment="minimum_payment", remaining_terms=0)
    data.update(changes)
    return Debt.model_validate(data)


NOV_1 = dt.date(2026, 11, 1)


def test_31_days_late_with_the_due_on_the_1st_is_one_missed_due():
    """Missed on 1 October; the due of 1 November is today, not missed yet: M1, not M2."""
    late = debt(31, due_day=1)
    assert missed_due_dates(late, NOV_1) == [dt.date(2026, 10, 1)]
    assert debt_bucket(late, NOV_1) == "M1"
    # One day later that due is missed too.
    assert missed_installments(debt(32, due_day=1), dt.date(2026, 11, 2)) == 2


def test_buckets_follow_due_dates_not_thirty_day_blocks():
    # February: 29 days late on 1 March with the due on the 1st is still one missed due...
    assert missed_installments(debt(28, due_day=1), dt.date(2027, 3, 1)) == 1
    # ...and 59 days late on 30 March with the due on the 30th: 30 Jan, (28) Feb missed.
    assert missed_due_dates(debt(59, due_day=30), dt.date(2027, 3, 30)) == [dt.date(2027, 1, 30), dt.date(2027, 2, 28)]
    # 45 days late with the due on the 10th: the 10 September and 10 October dues (M2).
    assert missed_due_dates(debt(45, due_day=10), NOV_1) == [dt.date(2026, 9, 10), dt.date(2026, 10, 10)]
    # Without a due day the dues fall on the same day of each month as the first missed one.
    assert missed_installments(debt(45), NOV_1) == 2 and missed_installments(debt(30), NOV_1) == 1


@pytest.mark.parametrize(("missed", "bucket"), [(0, "M0"), (1, "M1"), (2, "M2"), (3, "M3"), (4, "M3+"), (9, "M3+")])
def test_bucket_labels(missed, bucket):
    assert bucket_label(missed) == bucket


def test_a_card_inside_its_grace_days_has_missed_nothing():
    card = debt(2, kind="credit_card", due_day=13)
    assert in_grace(card) and missed_installments(card, NOV_1) == 0 and debt_bucket(card, NOV_1) == "M0"
    assert not in_grace(debt(4, kind="credit_card"))  # past the 3 days
    assert not in_grace(debt(2))  # a loan has no grace days here
    assert missed_installments(card, NOV_1, {"card_grace_days": 1}) == 1  # the rule is editable


@settings(max_examples=examples(150), deadline=None)
@given(
    st.integers(1, 1500), st.one_of(st.none(), st.integers(1, 31)), st.dates(dt.date(2001, 1, 1), dt.date(2099, 1, 1))
)
def test_missed_dates_are_monthly_and_before_today(days, due_day, as_of):
    dates = missed_due_dates(debt(days, due_day=due_day), as_of)
    assert abs((dates[0] - (as_of - dt.timedelta(days=days))).days) <= 16  # moved to the nearest due day at most
    assert all((b - a).days >= 28 and b < as_of for a, b in zip(dates, dates[1:])) and dates[-1] < as_of
    # one due a month: never more than the months spanned, plus the first
    months = (as_of.year - dates[0].year) * 12 + as_of.month - dates[0].month
    assert len(dates) <= months + 1
    assert add_months(dates[0], len(dates)) >= as_of - dt.timedelta(days=31)
