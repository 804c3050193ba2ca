"""The answer first: when the debts are paid, what it costs, what is needed this month, what to offer.

Why first: a person opens the Plan page to learn whether and when it ends; warnings and the
offers come right under the figures, each in plain words with what to do next.
"""

from __future__ import annotations

import streamlit as st

from overdue_core.case import Case, debt_labels, fmt_money
from overdue_core.plan import PlanControls, PlanResult, headline, offer_cell, running_text
from ui.cached import plans_for
from ui.nav import PAGES
from ui.state import lang, tr
from ui.user_text import md_escape
from ui.widgets import row_cards

from .months import month_text

#: Plan warnings drawn as warnings (a consequence or a verdict); the rest are notes.
WARNING_CODES = (
    "infeasible",
    "never_amortises",
    "stalled",
    "budget_zero",
    "beyond_five_years",
    "call_needed",
    "call_needed_soon",
    "offer_too_long",
)


def _offers_block(case: Case, plan: PlanResult) -> None:
    """What to offer each platform: the plan's month-1 payments, the share rule in one sentence,
    and what each offer costs if the platform keeps its charges running."""
    _ = tr()
    st.markdown(f"**{_('plan_page.offers_heading')}**")
    st.caption(_("plan_page.offers_explain"))
    labels = debt_labels(case.debts)
    row_cards(
        [
            # The offer's words say the months, the smaller last one, and "on contract".
            {_("field.platform"): labels[d.id], _("plan_page.col.offer"): offer_cell(plan.offers[d.id], _)}
            for d in plan.debts
            if d.id in plan.offers
        ]
    )
    running = [line for o in plan.offers.values() if (line := running_text(o, _, escape=md_escape))]
    if running:
        # Behind one tap, as on Negotiate: one note per platform was most of a phone screen.
        with st.expander(_("negotiate.running_detail", count=len(running)), icon=":material/trending_up:"):
            st.caption("\n\n".join(running))
    if any(p.path == "pages/negotiate.py" for p in PAGES):
        st.page_link("pages/negotiate.py", label=_("plan_page.go_negotiate"), icon=":material/handshake:")
    else:
        st.caption(_("plan_page.negotiate_in_words"))


def _metrics(case: Case, controls: PlanControls, plan: PlanResult) -> None:
    """Debt-free month, cost, needed this month, budget; and what the what-ifs changed."""
    _ = tr()
    m1, m2 = st.columns(2)
    if plan.months_to_debt_free is None:
        m1.metric(_("plan_page.metric.debt_free"), _("plan_page.not_within"))
    else:
        m1.metric(
            _("plan_page.metric.debt_free"),
            month_text(case.as_of, plan.months_to_debt_free),
            help=_("plan_page.metric.debt_free_help", months=plan.months_to_debt_free),
        )
    m2.metric(_("plan_page.metric.cost"), fmt_money(plan.total_cost), help=_("plan_page.metric.cost_help"))
    m3, m4 = st.columns(2)
    figures = headline(plan)  # the same four figures as the Overview, Negotiate, the PDF and the CLIs
    m3.metric(
        _("plan_page.metric.needed"), fmt_money(figures.needed_this_month), help=_("plan_page.metric.needed_help")
    )
    m4.metric(_("plan_page.metric.budget"), fmt_money(plan.budget))
    if controls.has_what_ifs:
        _base, base_plan = plans_for(case, controls, with_what_ifs=False)
        st.info(
            _(
                "plan_page.what_if_effect",
                before=month_text(case.as_of, base_plan.months_to_debt_free)
                if base_plan.months_to_debt_free
                else _("plan_page.not_within"),
                after=month_text(case.as_of, plan.months_to_debt_free)
                if plan.months_to_debt_free
                else _("plan_page.not_within"),
                cost_before=fmt_money(base_plan.total_cost),
                cost_after=fmt_money(plan.total_cost),
            ),
            icon=":material/science:",
        )


def draw_answer(case: Case, controls: PlanControls, plan: PlanResult) -> None:
    """The figures, the warnings in plain words (each with what to do next), and the offers."""
    _ = tr()
    _metrics(case, controls, plan)
    for warning in plan.warnings:
        if warning.is_slip:
            continue  # named one by one beside the schedule below
        box = st.warning if warning.code in WARNING_CODES else st.info
        box(warning.message(lang(), escape=md_escape), icon=":material/lightbulb:")
    slips = [w for w in plan.warnings if w.is_slip]
    if slips:
        st.error(_("plan_slip.summary", count=len({w.debt_id for w in slips})), icon=":material/warning:")
    if plan.shortfall > 0:
        _offers_block(case, plan)
