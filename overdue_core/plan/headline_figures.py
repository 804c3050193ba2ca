"""One figure per idea: "needed this month", "short this month", "total owed", "debt-free date".

Why one module: these four figures appear on the Overview, the Plan and Negotiate pages, the
PDF and both command lines, and a person who sees two different "needed this month" stops
trusting all of them. Each comes from exactly one function here:

- :func:`first_month` — what month 1 asks of each debt (everything overdue today plus this
  month's due), computed by the plan engine's own month-1 accrual, so the plan, the score
  (``risk.score.inputs_from_case``) and the Debts page read the same amounts;
- :func:`headline` — the four figures of a plan (by default the case's own plan): needed and
  short this month, total owed today, and the debt-free date.

Month-1 timing (docs/plan-engine.md, "Month 1"): month 1 is the month of ``as_of``; the overdue
amount entered is what is owed today, so no penalty is added before the first payment, and a
card's entered minimum is what month 1 asks for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from overdue_core.case.models import Case
from overdue_core.case.money import from_fen
from overdue_core.plan.accrual import new_state
from overdue_core.rules import rule_value

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FirstMonth:
    """What month 1 asks of one debt: this month's due and everything already overdue."""

    due: Decimal
    overdue: Decimal

    @property
    def required(self) -> Decimal:
        return self.due + self.overdue


def first_month(case: Case) -> dict[str, FirstMonth]:
    """Per debt (case order), month 1's due and arrears, exactly as the plan engine asks for them."""
    min_percent = rule_value("card_min_payment_percent", case.settings.rules)
    out: dict[str, FirstMonth] = {}
    for index, debt in enumerate(case.debts):
        state = new_state(case, debt, index, min_percent)
        if state.owed <= 0:
            out[debt.id] = FirstMonth(ZERO, ZERO)
            continue
        state.accrue(0, 1)
        out[debt.id] = FirstMonth(from_fen(state.due_total()), from_fen(state.overdue))
    return out


def needed_this_month(case: Case) -> Decimal:
    """Everything month 1 asks for: all arrears plus all of this month's dues."""
    return sum((item.required for item in first_month(case).values()), ZERO)


@dataclass(frozen=True)
class Headline:
    """The four figures every page, the PDF and the command lines show for a plan."""

    needed_this_month: Decimal
    budget: Decimal
    short_this_month: Decimal
    total_owed: Decimal
    debt_free_date: dt.date | None
    months_to_debt_free: int | None

    @property
    def spare_this_month(self) -> Decimal:
        return max(self.budget - self.needed_this_month, ZERO)

    def to_dict(self) -> dict[str, Any]:
        return {
            "needed_this_month": f"{self.needed_this_month:.2f}",
            "budget": f"{self.budget:.2f}",
            "short_this_month": f"{self.short_this_month:.2f}",
            "total_owed": f"{self.total_owed:.2f}",
            "debt_free_date": self.debt_free_date.isoformat() if self.debt_free_date else None,
            "months_to_debt_free": self.months_to_debt_free,
        }


def headline(plan: Any) -> Headline:
    """The four figures of a plan (``PlanResult``); pass the case's own plan (``build_plan(case)``)."""
    return Headline(
        needed_this_month=plan.required_first_month,
        budget=plan.budget,
        short_this_month=plan.shortfall,
        total_owed=sum((d.owed_today for d in plan.debts), ZERO),
        debt_free_date=plan.debt_free_date,
        months_to_debt_free=plan.months_to_debt_free,
    )
