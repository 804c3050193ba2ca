"""Small helpers the action pages share: the ?debt= link.

Why: the Communicate, Negotiate, Legal and Prevent pages send a person to each other "for this
platform" (a link with ``?debt=<n>``, the debt's place in the case from 1 — the same number a
downloaded file is named by). Not the id: ids come from case files, so they are the person's own
text, and a URL stays in the browser's history. A link is untrusted input, so the number is
validated and must name a debt of the case. User text inside markdown goes through :func:`ui.user_text.md_escape`
(imported here too, for pages that take it from this module).
"""

from __future__ import annotations

from typing import Annotated, Any

import streamlit as st
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from overdue_core.case import Case, debt_labels, debt_numbers
from ui.user_text import md_escape

__all__ = ["debt_from_link", "debt_index", "debt_link", "md_escape", "pick_debt"]


class _DebtParam(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    debt: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[1-9][0-9]{0,2}$")]


def debt_link(case: Case, debt_id: str) -> dict[str, str]:
    """The query parameters of a link to another page "for this debt"."""
    return {"debt": str(debt_numbers(case.debts)[debt_id])}


def debt_from_link(case: Case) -> str | None:
    """The debt named by ``?debt=`` when it is one of the case's debts, else None."""
    raw = st.query_params.get("debt")
    if raw is None:
        return None
    try:
        number = int(_DebtParam.model_validate({"debt": raw}).debt)
    except ValidationError:
        return None
    return case.debts[number - 1].id if number <= len(case.debts) else None


def debt_index(case: Case, preferred: str | None) -> int:
    """Position of ``preferred`` among the case's debts (0 when absent)."""
    ids = [d.id for d in case.debts]
    return ids.index(preferred) if preferred in ids else 0


def pick_debt(where: Any, label: str, case: Case, preferred: str | None, key: str) -> str:
    """A choice of one of the case's debts (by the name a person reads), starting on ``preferred``."""
    labels = debt_labels(case.debts)
    return where.selectbox(
        label, [d.id for d in case.debts], index=debt_index(case, preferred), format_func=lambda v: labels[v], key=key
    )
