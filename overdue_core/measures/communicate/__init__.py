"""① Communicate early, find the cause: a preparation sheet and call script per platform, and a
contact log with follow-ups."""

from __future__ import annotations

from overdue_core.measures.communicate.call_script import preparation_sheet
from overdue_core.measures.communicate.contacts import (
    add_contact,
    contacts_csv,
    contacts_for,
    follow_up_state,
    overdue_follow_ups,
    remove_contact,
    set_follow_up_done,
    timeline,
)

__all__ = [
    "add_contact",
    "contacts_csv",
    "contacts_for",
    "follow_up_state",
    "overdue_follow_ups",
    "preparation_sheet",
    "remove_contact",
    "set_follow_up_done",
    "timeline",
]
