"""What-if events for the repayment plan: dated changes a person wants to try.

Why pydantic models: what-ifs come from widgets, the URL and other pages; each is validated
like the case itself, so a wrong month or a negative lump sum becomes a translated problem
(``overdue_core.case.problems``), never a traceback. Months count from 1 = the month of
``case.as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from overdue_core.case.models import AgreedTermsKind, Case, DebtId, NegotiationStatus
from overdue_core.case.money import Fraction, Money, Rate, SignedMoney
from overdue_core.case.problems import Problem, problems_from_validation

#: The longest plan we simulate (50 years); also the latest month an event may start.
MAX_MONTHS = 600

Month = Annotated[int, Field(ge=1, le=MAX_MONTHS)]


class _Event(BaseModel):
    """Every what-if starts (or, a one-off, happens) in a plan month: ``month``, 1 unless given."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", frozen=True)

    month: Month = 1


class IncomeChange(_Event):
    """Income changes by ``change`` yuan a month from ``month`` on (negative: a drop)."""

    kind: Literal["income_change"] = "income_change"
    change: SignedMoney


class IncomePercentChange(_Event):
    """Income changes by a share of today's total income from ``month`` on (-0.2: drops 20 %)."""

    kind: Literal["income_percent"] = "income_percent"
    percent: Annotated[Decimal, Field(ge=-1, le=10)]


class RateChange(_Event):
    """A debt's annual rate changes from ``month`` on (a promotion ends, a rate is cut)."""

    kind: Literal["rate_change"] = "rate_change"
    debt_id: DebtId
    annual_rate: Rate


class LumpSum(_Event):
    """A one-off amount available in ``month`` (help from family, a bonus)."""

    kind: Literal["lump_sum"] = "lump_sum"
    amount: Money


class ExtraPayment(_Event):
    """An extra amount every month from ``month`` on (a second job, spending cut)."""

    kind: Literal["extra_payment"] = "extra_payment"
    amount: Money


class RecordedPayment(_Event):
    """What was actually paid on one debt in a past month (follow-through).

    A month with any recorded payment is replayed exactly as paid: each debt gets what was
    recorded for it and a debt with no record that month gets nothing, so a missed platform
    stays missed even when the month's total matches the plan.
    """

    kind: Literal["recorded_payment"] = "recorded_payment"
    debt_id: DebtId
    amount: Money


class DebtTerms(_Event):
    """An installment or extension agreed (or imagined) on one debt from ``month`` on.

    Same meaning as ``models.AgreedTerms``; see docs/plan-engine.md for how each kind runs.
    """

    kind: Literal["terms"] = "terms"
    debt_id: DebtId
    terms_kind: AgreedTermsKind = AgreedTermsKind.INSTALLMENTS
    months: int = Field(ge=1, le=120)
    annual_rate: Rate = Decimal("0")
    monthly_fee_rate: Fraction = Decimal("0")
    penalty_waived: bool = False
    amount: Money | None = None


WhatIf = Annotated[
    IncomeChange | IncomePercentChange | RateChange | LumpSum | ExtraPayment | DebtTerms | RecordedPayment,
    Field(discriminator="kind"),
]
_WHAT_IFS = TypeAdapter(list[WhatIf])


def parse_what_ifs(data: Any, lang: str) -> tuple[list[Any], list[Problem]]:
    """Validate a list of what-if dicts; returns (events, []) or ([], problems)."""
    try:
        return _WHAT_IFS.validate_python(data), []
    except ValidationError as exc:
        return [], problems_from_validation(exc, lang, prefix=("what_ifs",))


def month_of(as_of: dt.date, day: dt.date) -> int:
    """The plan month (1 = the month of ``as_of``) a date falls in; dates before count as 1."""
    return max(1, (day.year - as_of.year) * 12 + day.month - as_of.month + 1)


def agreed_terms_events(case: Case) -> list[DebtTerms]:
    """Agreed negotiations (status "agreed" with terms) as events from their start month."""
    out: list[DebtTerms] = []
    for item in case.negotiations:
        if item.status != NegotiationStatus.AGREED or item.terms is None:
            continue
        terms = item.terms
        # The terms' own fields carry over by name; only the start (a month here) and the kind differ.
        out.append(
            DebtTerms(
                month=min(month_of(case.as_of, terms.start), MAX_MONTHS),
                debt_id=item.debt_id,
                terms_kind=terms.kind,
                **terms.model_dump(exclude={"start", "kind"}),
            )
        )
    return out


def all_events(case: Case, events: Sequence[Any]) -> list[Any]:
    """The case's agreed terms followed by the caller's what-ifs (later ones win on a tie)."""
    return agreed_terms_events(case) + list(events)
