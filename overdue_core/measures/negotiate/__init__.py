"""④ Negotiate an extension or installments: the negotiation record per platform, the hardship letter and the script."""

from __future__ import annotations

from overdue_core.measures.negotiate.letters import (
    ENCLOSURES,
    as_download,
    hardship_letter,
    negotiation_script,
    parse_request,
)
from overdue_core.measures.negotiate.negotiation import negotiation_for, next_payment_date, suggested_months, upsert

__all__ = [
    "ENCLOSURES",
    "as_download",
    "hardship_letter",
    "negotiation_for",
    "negotiation_script",
    "next_payment_date",
    "parse_request",
    "suggested_months",
    "upsert",
]
