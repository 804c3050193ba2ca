"""What the plan lets fall behind, and "if nobody agrees": who falls behind on the contracts as they stand.

Why sentences: one sentence per debt (when, how deep, how long, until when) wraps on a phone,
where five columns would scroll sideways. "If nobody agrees" is shown as the reason to make the
calls, never as the plan.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from overdue_core.case import Case, debt_labels, fmt_money
from overdue_core.plan import PlanResult, plan_slips, slip_sentence
from ui.state import tr
from ui.user_text import md_escape


def _slips_table(case: Case, rows: list) -> None:
    """One sentence per debt that falls behind, then the reasons once."""
    _ = tr()
    labels = debt_labels(case.debts)
    named = [replace(row, platform=labels.get(row.debt_id, row.platform)) for row in rows]
    st.markdown("\n".join(f"- {slip_sentence(row, _, escape=md_escape)}" for row in named))
    reasons = [_("plan_slip.why")]
    for reason_key in dict.fromkeys(row.reason_key for row in named):
        names = _("format.list_sep").join(md_escape(row.platform) for row in named if row.reason_key == reason_key)
        reasons.append(_("format.label_value", label=names, value=_(reason_key)))
    reasons.append(_("plan_slip.what_to_do"))
    st.caption("\n\n".join(reasons))


def draw_slips(case: Case, plan: PlanResult) -> None:
    """The debts this plan lets fall behind: always in view, never behind a choice."""
    if not any(w.is_slip for w in plan.warnings):
        return
    with st.container(border=True):
        st.markdown(f"**{tr()('plan_slip.heading')}**")
        _slips_table(case, plan_slips(plan))


def draw_nobody_agrees(case: Case, contract: PlanResult) -> None:
    """If nobody agrees: the same money on the contracts as they stand — who falls behind, when, and
    what it costs."""
    _ = tr()
    rows = plan_slips(contract)
    with st.container(border=True):
        st.markdown(f"**{_('plan_page.nobody.heading')}**")
        cost = fmt_money(contract.total_cost)
        if contract.debt_free_date is not None:
            st.write(_("plan_page.nobody.summary", when=f"{contract.debt_free_date:%Y-%m}", cost=cost))
        else:
            st.write(_("plan_page.nobody.summary_never", cost=cost))
        if rows:
            _slips_table(case, rows)
