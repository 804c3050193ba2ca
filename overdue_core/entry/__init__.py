"""Entering a situation quickly: platform presets, rate and installment arithmetic, plausibility
checks, and the form edge (what widgets give into exact case values, and back)."""

from overdue_core.entry.arithmetic import (
    RateBasis,
    annual_percent_text,
    annual_rate_from,
    fee_installment,
    installment,
    rate_in_basis,
)
from overdue_core.entry.debt_ids import debt_labels, debt_numbers, next_debt_id
from overdue_core.entry.form_values import (
    ExpenseForm,
    IncomeForm,
    WidgetMoney,
    amount_for_widget,
    debt_form_values,
    exact,
    percent_for_widget,
    preset_form_values,
    rate_from_percent,
)
from overdue_core.entry.guided import GuidedDebt, card_minimum
from overdue_core.entry.plausibility import (
    FITTING_REPAYMENT,
    USUAL_REPAYMENT,
    Check,
    check_date,
    check_debt,
    expected_due,
)
from overdue_core.entry.presets import OTHER, PRESETS, SOURCES, Preset, is_estimate, preset_values, sources_in_use

__all__ = [
    "FITTING_REPAYMENT",
    "GuidedDebt",
    "card_minimum",
    "OTHER",
    "PRESETS",
    "SOURCES",
    "USUAL_REPAYMENT",
    "Check",
    "Preset",
    "RateBasis",
    "annual_percent_text",
    "annual_rate_from",
    "check_date",
    "check_debt",
    "debt_labels",
    "debt_numbers",
    "expected_due",
    "fee_installment",
    "installment",
    "is_estimate",
    "next_debt_id",
    "preset_values",
    "sources_in_use",
    "ExpenseForm",
    "IncomeForm",
    "WidgetMoney",
    "amount_for_widget",
    "debt_form_values",
    "exact",
    "percent_for_widget",
    "preset_form_values",
    "rate_from_percent",
    "rate_in_basis",
]
