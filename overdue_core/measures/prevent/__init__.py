"""③ Prevent a repeat: the checklist, reminders as a calendar file, and follow-through on what was actually paid."""

from __future__ import annotations

from overdue_core.measures.prevent.checklist import items_for, progress, with_ticks
from overdue_core.measures.prevent.followthrough import FollowThrough, follow_through, record_month
from overdue_core.measures.prevent.reminders import DEFAULT_ALARM_DAYS, reminders_ics

__all__ = [
    "DEFAULT_ALARM_DAYS",
    "FollowThrough",
    "follow_through",
    "items_for",
    "progress",
    "record_month",
    "reminders_ics",
    "with_ticks",
]
