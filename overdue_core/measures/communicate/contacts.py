"""The contact log: every call, chat and letter with a platform, as a timeline and a CSV file.

Why: when a platform later says "you never told us", a dated note of who said what — and what
each side promised — is the person's best evidence. Follow-up dates that have passed are the
easiest promise to forget, so they are found here and highlighted on the page. Account and
order numbers are optional and always shown masked (last four characters).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pydantic import ValidationError

from overdue_core.case.models import Case, ContactEntry, mask_identifier
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.i18n import Translator
from overdue_core.user_text import escape_formula

#: Excel opens a CSV as UTF-8 (and shows Chinese) only when the file starts with this mark.
UTF8_BOM = "\ufeff"

CSV_FIELDS: tuple[str, ...] = (
    "when",
    "platform",
    "channel",
    "agent",
    "account_ref",
    "cause",
    "said",
    "i_promised",
    "they_conceded",
    "follow_up",
    "follow_up_done",
)


def timeline(case: Case) -> list[ContactEntry]:
    """Every contact, newest first (ties keep the order they were entered)."""
    return sorted(case.contacts, key=lambda c: c.when, reverse=True)


def contacts_for(case: Case, debt_id: str) -> list[ContactEntry]:
    """One debt's contacts, oldest first (the order a lawyer reads them)."""
    debt = case.debt(debt_id)
    platform = debt.platform if debt else None
    return sorted(
        (c for c in case.contacts if c.debt_id == debt_id or (c.debt_id is None and c.platform == platform)),
        key=lambda c: c.when,
    )


def follow_up_state(entry: ContactEntry, today: dt.date) -> str:
    """'none', 'done', 'overdue' (date passed), 'today' or 'upcoming'."""
    if entry.follow_up is None:
        return "none"
    if entry.follow_up_done:
        return "done"
    if entry.follow_up < today:
        return "overdue"
    if entry.follow_up == today:
        return "today"
    return "upcoming"


def overdue_follow_ups(case: Case, today: dt.date) -> list[ContactEntry]:
    """Follow-ups whose date has passed and that are not marked done, oldest first."""
    return sorted((c for c in case.contacts if follow_up_state(c, today) == "overdue"), key=lambda c: c.follow_up)


def next_contact_id(case: Case) -> str:
    taken = {c.id for c in case.contacts}
    n = len(taken) + 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


def add_contact(case: Case, data: dict[str, Any], lang: str) -> tuple[Case | None, list[Problem]]:
    """The case with one more contact, or the translated problems of the entry (case unchanged)."""
    data = {**data, "id": data.get("id") or next_contact_id(case)}
    try:
        entry = ContactEntry.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)
    if entry.debt_id is not None and case.debt(entry.debt_id) is None:
        entry = entry.model_copy(update={"debt_id": None})
    dumped = case.model_dump()
    dumped["contacts"] = dumped["contacts"] + [entry.model_dump()]
    try:
        return Case.model_validate(dumped), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)


def set_follow_up_done(case: Case, contact_id: str, done: bool = True) -> Case:
    """Mark a follow-up as done (or not) without touching anything else."""
    contacts = [c.model_copy(update={"follow_up_done": done}) if c.id == contact_id else c for c in case.contacts]
    return case.model_copy(update={"contacts": contacts})


def remove_contact(case: Case, contact_id: str) -> Case:
    return case.model_copy(update={"contacts": [c for c in case.contacts if c.id != contact_id]})


def contacts_csv(case: Case, lang: str) -> bytes:
    """The log as CSV (UTF-8 with BOM so Excel shows Chinese), oldest first, numbers masked."""
    tr = Translator(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            tr(f"field.{name}") if name != "follow_up_done" else tr("communicate.log.follow_up_done")
            for name in CSV_FIELDS
        ]
    )
    for entry in sorted(case.contacts, key=lambda c: c.when):
        writer.writerow(
            [
                entry.when.strftime("%Y-%m-%d %H:%M"),
                escape_formula(entry.platform),
                tr.enum("channel", entry.channel),
                escape_formula(entry.agent),
                mask_identifier(entry.account_ref),
                tr.enum("cause", entry.cause) if entry.cause else "",
                escape_formula(entry.said),
                escape_formula(entry.i_promised),
                escape_formula(entry.they_conceded),
                entry.follow_up.isoformat() if entry.follow_up else "",
                tr("legal.pack.yes")
                if entry.follow_up_done
                else ("" if entry.follow_up is None else tr("legal.pack.no")),
            ]
        )
    return (UTF8_BOM + buffer.getvalue()).encode("utf-8")
