"""The repayment plan: month by month, exact to the fen, overdue debts first.

``engine`` (the month loop, strategies, what the plan shows), ``accrual`` (interest, penalties,
fees and minimums of one debt in one month), ``events`` (what-ifs and agreed terms), ``inputs``
(the Plan page's controls, validated), ``options`` (extension and installment options compared
by true cost) and ``apr`` (annual rates from cash flows, IRR).
"""

from __future__ import annotations

from overdue_core.plan.apr import Apr, DueMismatch, contract_rate, debt_true_apr, due_mismatch, level_payment
from overdue_core.case.standing import add_months
from overdue_core.plan.engine import (
    SCHEDULE_COLUMNS,
    PlanResult,
    budget_for_debts,
    build_plan,
    compare_strategies,
    default_budget,
    suggested_offers,
)
from overdue_core.plan.events import parse_what_ifs
from overdue_core.plan.headline_figures import FirstMonth, Headline, first_month, headline, needed_this_month
from overdue_core.plan.inputs import PlanControls, parse_controls
from overdue_core.plan.offers import Offer, describe_offer, offer_amount_text, offer_cell, running_text
from overdue_core.plan.slips import Slip, plan_slips, slip_sentence
from overdue_core.plan.options import compare_options, options_for_debt, options_input_for_debt, parse_options

__all__ = [
    "SCHEDULE_COLUMNS",
    "Apr",
    "FirstMonth",
    "Headline",
    "Offer",
    "describe_offer",
    "offer_amount_text",
    "offer_cell",
    "running_text",
    "DueMismatch",
    "PlanControls",
    "PlanResult",
    "Slip",
    "add_months",
    "budget_for_debts",
    "build_plan",
    "compare_options",
    "compare_strategies",
    "contract_rate",
    "debt_true_apr",
    "default_budget",
    "due_mismatch",
    "first_month",
    "headline",
    "needed_this_month",
    "level_payment",
    "options_for_debt",
    "options_input_for_debt",
    "parse_controls",
    "parse_options",
    "parse_what_ifs",
    "plan_slips",
    "slip_sentence",
    "suggested_offers",
]
