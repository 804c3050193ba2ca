"""One of the plan's charts at a time, picked by name.

Why one at a time: only the chart on show is built, sent and drawn. The choice is kept under
its own key, so it stays across a language switch (tabs named by their translated labels would
become a new container, draw the chart twice and open the first tab again).
"""

from __future__ import annotations

import streamlit as st

from overdue_core.case import Case, Strategy, debt_labels
from overdue_core.palette import debt_colours
from overdue_core.plan import PlanControls, PlanResult
from overdue_core.rules import RULES, rule_value
from ui.cached import case_key, figure
from ui.charts import figure_spec, plan_charts, plotly_chart
from ui.state import keys, lang, tr

CHARTS = ("balances", "split", "strategies", "timeline")


def draw_chart(case: Case, controls: PlanControls, plan: PlanResult, results: dict[Strategy, PlanResult]) -> None:
    """The chart picker and the chosen chart (built once per session for the same inputs)."""
    _ = tr()
    chosen = (
        st.segmented_control(
            _("plan_page.chart_pick"),
            CHARTS,
            format_func=lambda name: _(f"plan_page.tab.{name}"),
            default=CHARTS[0],
            key=keys.PLAN_CHART,
            required=True,
            label_visibility="collapsed",
            wrap=True,
        )
        or CHARTS[0]
    )
    colours = debt_colours(d.id for d in case.debts)
    builders = {
        "balances": lambda: plan_charts.balances_figure(plan, colours, _, debt_labels(case.debts)),
        "split": lambda: plan_charts.payment_split_figure(plan, _),
        "strategies": lambda: plan_charts.strategy_figure(results, _),
        "timeline": lambda: plan_charts.timeline_figure(plan, case.as_of, colours, _, debt_labels(case.debts)),
    }
    title = _(plan_charts.TITLES[chosen])
    st.markdown(f"**{title}**")
    # Built once per session for the same case, controls and language (ui.cached), and drawn
    # under one key whichever chart is picked: the browser keeps the chart and updates it in
    # place (ui.charts.plotly_component), on a budget step, a chart pick or a language switch alike.
    spec = figure(
        f"plan_{chosen}", lambda: figure_spec(builders[chosen]()), case_key(case), controls.model_dump_json(), lang()
    )
    plotly_chart(spec, key=keys.PLAN_CHART_DRAWN, title=title, unavailable=_("chart.unavailable"))
    if chosen == "timeline":
        years = rule_value("credit_record_years", case.settings.rules)
        st.caption(_("plan_page.record_rule", years=f"{years:g}", source=_(RULES["credit_record_years"].source_key)))
