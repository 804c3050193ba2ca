"""Overview: how bad is it, why, and what to do first — the landing page once a case exists."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from overdue_core.case import debt_bucket, debt_labels, fmt_money, fmt_pct
from overdue_core.palette import debt_colours
from overdue_core.plan import debt_true_apr, headline
from overdue_core.risk import first_steps, same_score_summary, stress_sentence, thresholds_sentence
from overdue_core.rules import sources_text
from ui.cached import case_key, figure, plan_for, risk_for
from ui.charts import debts_figure, factors_figure, figure_spec, gauge_figure, plotly_chart, stress_figure
from ui.frame import open_page
from ui.nav import PAGES
from ui.state import lang
from ui.user_text import md_escape
from ui.widgets import row_cards

case, _ = open_page("overview.title")
# Score, stress tests, plan and figures are cached per session and keyed by the case (ui.cached).
result, stress = risk_for(case)
fig_key = (case_key(case), lang())
registered = {spec.path for spec in PAGES}


def page_for(name: str) -> str | None:
    """The page's script when it is part of the app (other steps are named in words only)."""
    path = f"pages/{name}.py"
    return path if path in registered else None


def chart(name: str, build: Callable[[], go.Figure], title: str) -> None:
    """One chart, built once per session for this case and language, kept and updated in place
    in the browser under ``name`` (ui.plotly_component); ``title`` is its text alternative."""
    plotly_chart(
        figure(name, lambda: figure_spec(build()), *fig_key), key=name, title=title, unavailable=_("chart.unavailable")
    )


def apr_text(debt) -> str:
    """A debt's all-in APR (nominal, 12 × monthly IRR) as the score reads it."""
    apr = debt_true_apr(debt)
    return fmt_pct(apr.nominal, 1) if apr is not None else "—"


# --- the score ---------------------------------------------------------------------------
dial, words = st.columns([2, 3], vertical_alignment="center")
with dial:
    chart(
        "overview_gauge",
        lambda: gauge_figure(result, _),
        _("overview.level_heading", level=result.level_text(lang()), score=result.score),
    )
with words:
    st.header(_("overview.level_heading", level=result.level_text(lang()), score=result.score))
    st.write(_(f"risk.level_note.{result.level.value}"))
    if result.level_reason != "score":
        st.caption(_(f"risk_levels.reason.{result.level_reason}"))
    st.caption(_("risk.not_credit_score"))

for name in result.missing:
    target = page_for("debts" if name == "debts" else "finances")
    with st.container(border=True):
        st.write(_(f"risk.missing.{name}"))
        if target:
            st.page_link(target, label=_(f"overview.fix_{name}"), icon=":material/edit:")

# --- what to do first --------------------------------------------------------------------
st.header(_("overview.actions_heading"))
# Each step names the person's own platforms; a step that does not apply is not shown.
steps = first_steps(case, result, lang(), plan=plan_for(case))
if not steps:
    st.success(_("overview.actions_none"), icon=":material/check_circle:")
for number, step in enumerate(steps, start=1):
    with st.container(border=True):
        st.markdown(_("overview.action_title", n=number, title=step.title))
        st.markdown(md_escape(step.text))
        st.caption(step.because)
        target = page_for(step.measure.value)
        if target:
            st.page_link(target, label=_("overview.action_go", title=step.title), icon=":material/arrow_forward:")
        else:
            st.caption(_("overview.action_soon", step=_(f"nav.page.{step.measure.value}")))

# --- key figures -------------------------------------------------------------------------
# "Needed", "short", "total owed" and "debt-free" are the plan's headline figures: the same on
# every page, in the PDF and the command lines (overdue_core.plan.headline_figures).
plan = plan_for(case) if case.debts else None
figures = headline(plan) if plan is not None else None
k1, k2, k3 = st.columns(3)
k1.metric(_("overview.kpi.total_owed"), fmt_money(figures.total_owed if figures else result.total_owed), border=True)
k2.metric(_("overview.kpi.overdue"), fmt_money(result.total_overdue), border=True)
k3.metric(
    _("overview.kpi.required"),
    fmt_money(figures.needed_this_month if figures else result.required),
    delta=_("overview.kpi.available", available=fmt_money(result.available)),
    delta_color="off",
    delta_arrow="off",
    help=_("overview.kpi.required_help"),
    border=True,
)
k4, k5, k6 = st.columns(3)
dsr = result.factor("debt_service")
k4.metric(
    _("overview.kpi.dsr"),
    dsr.value_text(lang()) if dsr.value is not None else _("overview.kpi.no_income"),
    help=_("overview.kpi.dsr_help"),
    border=True,
)
savings = result.factor("savings_buffer")
k5.metric(
    _("overview.kpi.savings"),
    savings.value_text(lang()) if savings.value is not None else "—",
    help=_("overview.kpi.savings_help"),
    border=True,
)
short = figures.short_this_month if figures else result.shortfall
k6.metric(
    _("overview.kpi.gap") if short > 0 else _("overview.kpi.spare"),
    fmt_money(short if short > 0 else (figures.spare_this_month if figures else result.surplus)),
    help=_("overview.kpi.gap_help"),
    border=True,
)

if plan is not None:
    # The plan engine's view of the road ahead (the score itself never depends on it).
    budget = fmt_money(plan.budget)
    if plan.beyond_five_years and plan.months_to_debt_free is not None:
        # An honest verdict: not within five years, said with the next step and no comfort.
        st.warning(
            _("overview.plan_beyond", budget=budget, months=plan.months_to_debt_free), icon=":material/sync_problem:"
        )
    elif plan.months_to_debt_free is not None and plan.debt_free_date is not None:
        # A plan that rests on agreements says so: the date holds only if the platforms agree.
        key = "overview.plan_months_agreed" if plan.shortfall > 0 else "overview.plan_months"
        st.info(
            _(key, budget=budget, months=plan.months_to_debt_free, date=plan.debt_free_date.isoformat()),
            icon=":material/event_available:",
        )
    else:
        st.warning(_("overview.plan_never", budget=budget), icon=":material/sync_problem:")
    if page_for("plan"):
        st.page_link("pages/plan.py", label=_("overview.plan_link"), icon=":material/event_repeat:")

# --- why: the points behind the score ---------------------------------------------------
st.header(_("overview.reasons_heading"))
st.caption(_("overview.reasons_hint"))
chart("overview_factors", lambda: factors_figure(result, _), _("overview.chart.factors_title"))
# The chart says which reasons weigh most; each reason's detail waits behind one tap (a phone page
# read in one pass: the first steps stay near the top).
with st.expander(_("overview.reasons_detail")):
    for factor in sorted(result.factors, key=lambda f: -f.points):
        with st.container(border=factor.points > 0):
            st.markdown(
                _(
                    "overview.factor_line",
                    name=factor.name(lang()),
                    value=factor.value_text(lang()),
                    points=factor.points,
                    max=factor.max_points,
                )
            )
            st.caption(factor.explanation(lang()))
            st.caption(
                _(
                    "overview.factor_meta",
                    measure=_(f"risk.measure.{factor.measure.value}.name"),
                    thresholds=thresholds_sentence(factor, lang()),
                )
            )
    sources = sources_text(("lpr_1y", "private_lending_lpr_multiple", "reference_line_24", "reference_line_36"), lang())
    st.caption(_("overview.apr_sources", sources=sources))
if page_for("rules"):
    st.page_link("pages/rules.py", label=_("overview.rules_link"), icon=":material/gavel:")

# --- what if things get worse ------------------------------------------------------------
st.header(_("overview.stress_heading"))
st.caption(_("overview.stress_hint"))
chart("overview_stress", lambda: stress_figure(result, stress, _), _("overview.chart.stress_title"))
with st.expander(_("overview.stress_detail")):
    for item in stress:
        st.text(stress_sentence(item, lang()))
    same = same_score_summary(stress, lang())
    if same:
        st.caption(same)


def _debt_cards(owing: list) -> None:
    """Each debt owed as a card: platform, stage, owed, overdue, days, true cost."""
    row_cards(
        [
            {
                _("field.platform"): debt_labels(case.debts)[d.id],
                _("overview.col.bucket"): _(f"enum.bucket.{debt_bucket(d, case.as_of, case.settings.rules)}"),
                _("overview.col.owed"): fmt_money(d.total_owed),
                _("field.overdue_amount"): fmt_money(d.overdue_amount),
                _("overview.col.days"): d.days_overdue,
                _("overview.col.apr"): apr_text(d),
            }
            for d in owing
        ]
    )


# --- the debts at a glance ---------------------------------------------------------------
st.header(_("overview.debts_heading"))
owing = [d for d in case.debts if d.total_owed > 0]
if not owing:
    st.info(_("overview.no_debts"), icon=":material/info:")
    if page_for("debts"):
        st.page_link("pages/debts.py", label=_("nav.page.debts"), icon=":material/receipt_long:")
else:
    colours = debt_colours(d.id for d in case.debts)
    chart("overview_debts", lambda: debts_figure(case, colours, _), _("overview.chart.debts_title"))
    # The chart shows where the money is owed; each debt's figures wait behind one tap (six cards
    # were two phone screens).
    with st.expander(_("overview.debts_detail", count=len(owing))):
        _debt_cards(owing)

st.divider()
st.caption(_("app.not_advice"))
