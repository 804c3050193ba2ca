"""Small helpers the action pages share: the ?debt= link.

Why: the Communicate, Negotiate, Legal and Prevent pages send a person to each other "for this
platform" (a link with ``?debt=<id>``). A link is untrusted input, so the id is validated and
must name a debt of the case. User text inside markdown goes through :func:`ui.user_text.md_escape`
(imported here too, for pages that take it from this module).
"""

from __future__ import annotations

from typing import Annotated

import streamlit as st
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from overdue_core.case import Case
from ui.user_text import md_escape

__all__ = ["debt_from_link", "debt_index", "md_escape"]


class _DebtParam(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    debt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


def debt_from_link(case: Case) -> str | None:
    """The debt named by ``?debt=`` when it is one of the case's debts, else None."""
    raw = st.query_params.get("debt")
    if raw is None:
        return None
    try:
        debt_id = _DebtParam.model_validate({"debt": raw}).debt
    except ValidationError:
        return None
    return debt_id if case.debt(debt_id) is not None else None


def debt_index(case: Case, preferred: str | None) -> int:
    """Position of ``preferred`` among the case's debts (0 when absent)."""
    ids = [d.id for d in case.debts]
    return ids.index(preferred) if preferred in ids else 0
