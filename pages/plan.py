"""② Repayment plan: how much to pay where, month by month, and what changes if things change.

Thin on purpose: the controls are validated by ``overdue_core.plan.inputs``, the plans come
from ``overdue_core.plan`` (cached per session in ``ui.cached``), each part a person sees is drawn
by ``ui.plan_page`` and the files come from ``overdue_core.report``. Budget and strategy are
saved into the case.
"""

from __future__ import annotations

import streamlit as st

from ui.cached import contract_plan_for, plans_for
from ui.frame import open_page
from ui.plan_page import draw_answer, draw_chart, draw_controls, draw_details, draw_nobody_agrees, draw_slips
from ui.state import get_case

case, _ = open_page("nav.page.plan", "plan_page.intro")

if not case.debts:
    st.info(_("plan_page.no_debts"), icon=":material/info:")
    st.page_link("pages/debts.py", label=_("nav.page.debts"), icon=":material/receipt_long:")
    st.stop()


@st.fragment
def _plan_section() -> None:
    """Everything the controls change. A control reruns this part only: not ``app.py``, the
    navigation, the sidebar or the page's title (a budget step used to run all of them)."""
    current = get_case()
    if current is None:
        return
    drawn = draw_controls(current)
    if drawn is None:
        return
    current, controls, answer_col = drawn
    results, plan = plans_for(current, controls, with_what_ifs=True)
    with answer_col:
        draw_answer(current, controls, plan)
        draw_chart(current, controls, plan, results)
    draw_slips(current, plan)
    if plan.shortfall > 0:
        draw_nobody_agrees(current, contract_plan_for(current, controls))
    draw_details(current, plan, results)


_plan_section()
# Outside the part the controls rerun: these never change with them.
st.divider()
st.caption(_("plan_page.how_it_counts"))
st.caption(_("app.not_advice"))
