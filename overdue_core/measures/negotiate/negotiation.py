"""Negotiation records per platform: one entry per debt, and the request a letter starts from.

Why here: the Negotiate page, the plan (which applies agreed terms from their start date via
``plan.events.agreed_terms_events``) and the report all read ``case.negotiations``; keeping one
entry per debt and validating it as a whole means the plan never sees half-entered terms.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import Any

from pydantic import ValidationError

from overdue_core.case.models import Case, Negotiation, NegotiationStatus
from overdue_core.case.problems import Problem, problems_from_validation
from overdue_core.case.standing import add_months

#: The longest arrangement we suggest by default (card hardship plans go up to 60 months).
MAX_SUGGESTED_MONTHS = 60


def negotiation_for(case: Case, debt_id: str) -> Negotiation:
    """The stored negotiation for a debt, or a fresh 'not started' one."""
    return next((n for n in case.negotiations if n.debt_id == debt_id), Negotiation(debt_id=debt_id))


def upsert(case: Case, data: dict[str, Any], lang: str) -> tuple[Case | None, list[Problem]]:
    """The case with this debt's negotiation replaced; terms kept only once agreed."""
    try:
        item = Negotiation.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang, prefix=("negotiations",))
    if item.status != NegotiationStatus.AGREED:
        item = item.model_copy(update={"terms": None})
    others = [n.model_dump() for n in case.negotiations if n.debt_id != item.debt_id]
    dumped = case.model_dump()
    dumped["negotiations"] = others + [item.model_dump()]
    try:
        return Case.model_validate(dumped), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, lang)


def suggested_months(owed: Decimal, offer: Decimal) -> int:
    """Months the offer needs to cover what is owed (before any interest), 1 to 60."""
    if offer <= 0:
        return 12
    months = int((owed / offer).to_integral_value(rounding=ROUND_CEILING))
    return max(1, min(months, MAX_SUGGESTED_MONTHS))


def next_payment_date(as_of: dt.date, payment_day: int) -> dt.date:
    """The first payment day in the month after ``as_of`` (clamped to the month's length)."""
    first_next = add_months(as_of.replace(day=1), 1)
    last_day = (add_months(first_next, 1) - dt.timedelta(days=1)).day
    return first_next.replace(day=min(payment_day, last_day))
