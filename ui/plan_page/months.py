"""A plan month as the person reads it: the calendar month, counted from the case's date."""

from __future__ import annotations

import datetime as dt

from overdue_core.plan import add_months


def month_text(as_of: dt.date, month: int | None) -> str:
    """Month 1 is the case's own month; no month is a dash."""
    return add_months(as_of, month - 1).strftime("%Y-%m") if month else "—"
