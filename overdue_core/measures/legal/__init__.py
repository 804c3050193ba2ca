"""⑤ Seek legal help when needed: rates and fees against the legal lines, collection conduct, the
evidence pack, court costs."""

from __future__ import annotations

from overdue_core.measures.legal.findings import (
    EVIDENCE_ITEMS,
    INCIDENT_KINDS,
    apr_lines,
    conduct_flags,
    debt_checks,
    evidence_key,
    evidence_pack,
    help_line_keys,
    help_line_label,
    incident_flags,
    limitation_note_params,
)
from overdue_core.measures.legal.court_fees import Procedure, court_fee, estimate, parse_input
from overdue_core.measures.legal.true_cost import DebtTrueCost, due_warnings, true_costs

__all__ = [
    "DebtTrueCost",
    "due_warnings",
    "true_costs",
    "EVIDENCE_ITEMS",
    "INCIDENT_KINDS",
    "Procedure",
    "apr_lines",
    "conduct_flags",
    "court_fee",
    "debt_checks",
    "estimate",
    "evidence_key",
    "evidence_pack",
    "help_line_keys",
    "help_line_label",
    "incident_flags",
    "limitation_note_params",
    "parse_input",
]
