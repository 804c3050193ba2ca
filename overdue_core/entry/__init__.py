"""Entering a situation quickly: platform presets, rate and installment arithmetic, plausibility checks."""

from overdue_core.entry.arithmetic import RateBasis, annual_percent_text, annual_rate_from, fee_installment, installment
from overdue_core.entry.plausibility import FITTING_REPAYMENT, USUAL_REPAYMENT, Check, check_date, check_debt, expected_due
from overdue_core.entry.guided import GuidedDebt, card_minimum
from overdue_core.entry.debt_ids import debt_labels, debt_numbers, next_debt_id
from overdue_core.entry.presets import OTHER, PRESETS, SOURCES, Preset, is_estimate, preset_values, sources_in_use

__all__ = [
    "FITTING_REPAYMENT", "GuidedDebt", "card_minimum", "OTHER", "PRESETS", "SOURCES", "USUAL_REPAYMENT", "Check", "Preset", "RateBasis", "annual_percent_text",
    "annual_rate_from", "check_date", "check_debt", "debt_labels", "debt_numbers", "expected_due", "fee_installment",
    "installment", "is_estimate", "next_debt_id", "preset_values", "sources_in_use",
]
