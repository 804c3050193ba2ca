"""Plotly figures for the Plan page: balances, the payment split, strategies, and a timeline.

Why separate from the page: the figures are built from a PlanResult alone (easy to test
without a browser), every label comes from the catalogs, every debt keeps its colour from
``overdue_core.palette`` and every payment part its fixed colour; platform names go through
``ui.user_text.md_escape``, since Plotly reads a few HTML tags and ``$…$`` in labels. Figures carry no colours for
the background or text, so ``st.plotly_chart(theme="streamlit")`` follows light and dark mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import plotly.graph_objects as go

from overdue_core.case import Strategy
from overdue_core.i18n import Translator
from overdue_core.palette import PART_COLOURS
from overdue_core.plan import PlanResult, add_months
from ui.user_text import md_escape

from .chart_points import balance_points, payment_points

PARTS = ("principal", "interest", "penalty", "fees")
#: Marker shapes on the timeline: shape as well as colour tells the events apart.
_SYMBOLS = {"current": "circle", "paid": "diamond", "clears": "star"}


#: Catalog key of each chart's title. The page shows it above the chart (and as its alt text)
#: rather than inside the figure, where the toolbar would cover it on a phone.
TITLES = {
    "balances": "plan_page.chart.balances_title",
    "split": "plan_page.chart.split_title",
    "strategies": "plan_page.chart.strategies_title",
    "timeline": "plan_page.chart.timeline_title",
}


def date_axis(tr: Translator) -> dict[str, str]:
    """Dates on an axis and in its hover label in the session's language (2027年1月 / 2027-01)."""
    return {"tickformat": tr("chart.month"), "hoverformat": tr("chart.day")}


def _layout(fig: go.Figure, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        xaxis_title=x_title,
        yaxis_title=y_title,
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="x unified",
    )
    return fig


def balances_figure(result: PlanResult, colours: Mapping[str, str], tr: Translator, labels: Mapping[str, str] | None = None) -> go.Figure:
    """What is still owed on each debt after each month's payment (one line per debt).

    ``labels`` (debt id -> name, ``overdue_core.case.debt_labels``) tells two debts on one platform apart.
    """
    fig = go.Figure()
    frame = balance_points(result.schedule)  # every month for two years, then per quarter/year
    for outcome in result.debts:
        rows = frame[frame["debt_id"] == outcome.id]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=list(rows["date"]),
                y=[float(v) for v in rows["balance"]],
                name=md_escape((labels or {}).get(outcome.id, outcome.platform)),
                mode="lines+markers",
                marker={"size": 4},
                line={"color": colours.get(outcome.id), "width": 2},
                hovertemplate="%{y:,.2f}",
            )
        )
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f")
    fig.update_xaxes(**date_axis(tr))
    return _layout(fig, tr("plan_page.chart.month_axis"), tr("plan_page.chart.owed_axis"))


def payment_split_figure(result: PlanResult, tr: Translator) -> go.Figure:
    """Each month's payment split into principal, interest, penalty and fees (stacked)."""
    totals = payment_points(result.schedule)  # per month, then a quarter's/year's monthly average
    fig = go.Figure()
    for part in PARTS:
        fig.add_trace(
            go.Bar(
                x=list(totals["date"]),
                y=list(totals[part]) if not totals.empty else [],
                name=tr(f"plan_page.part.{part}"),
                marker={"color": PART_COLOURS[part]},
                hovertemplate="%{y:,.2f}",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=",.0f")
    fig.update_xaxes(**date_axis(tr))
    return _layout(fig, tr("plan_page.chart.month_axis"), tr("plan_page.chart.amount_axis"))


def strategy_figure(results: Mapping[Strategy, PlanResult], tr: Translator) -> go.Figure:
    """Total cost (interest, penalty, fees) per strategy; the months to debt-free as the bar text."""
    names = [tr.enum("strategy", s) for s in results]
    fig = go.Figure()
    parts = {"interest": "total_interest", "penalty": "total_penalty", "fees": "total_fees"}
    for i, (part, attr) in enumerate(parts.items()):
        last = i == len(parts) - 1
        fig.add_trace(
            go.Bar(
                y=names,
                x=[float(getattr(r, attr)) for r in results.values()],
                name=tr(f"plan_page.part.{part}"),
                orientation="h",
                marker={"color": PART_COLOURS[part]},
                text=[_months_text(r, tr) for r in results.values()] if last else None,
                textposition="outside" if last else None,
                cliponaxis=False,
                hovertemplate="%{x:,.2f}",
            )
        )
    fig.update_layout(barmode="stack", hovermode="y unified")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",.0f")
    return _layout(fig, tr("plan_page.chart.cost_axis"), "")


def _months_text(result: PlanResult, tr: Translator) -> str:
    if result.months_to_debt_free is None:
        return tr("plan_page.not_within")
    return tr("plan_page.months_short", months=result.months_to_debt_free)


def timeline_figure(
    result: PlanResult, as_of: dt.date, colours: Mapping[str, str], tr: Translator, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """Per debt: when it is current again, when it is paid off, when its record leaves the report.

    One row per debt: ``labels`` keeps two debts on one platform on two rows.
    """
    fig = go.Figure()
    labels = {"current": tr("plan_page.timeline.current"), "paid": tr("plan_page.timeline.paid"), "clears": tr("plan_page.timeline.clears")}
    shown: set[str] = set()
    for outcome in result.debts:
        colour = colours.get(outcome.id)
        points: list[tuple[str, dt.date]] = []
        if outcome.current_month:
            points.append(("current", add_months(as_of, outcome.current_month - 1)))
        if outcome.paid_off_month:
            points.append(("paid", add_months(as_of, outcome.paid_off_month - 1)))
        if outcome.credit_record_clears:
            points.append(("clears", outcome.credit_record_clears))
        end = max((d for _, d in points), default=as_of)
        name = md_escape((labels or {}).get(outcome.id, outcome.platform))
        fig.add_trace(
            go.Scatter(
                x=[as_of, end], y=[name, name], mode="lines",
                line={"color": colour, "width": 6}, opacity=0.35, showlegend=False, hoverinfo="skip",
            )
        )
        for kind, day in points:
            fig.add_trace(
                go.Scatter(
                    x=[day], y=[name], mode="markers", name=labels[kind], legendgroup=kind,
                    showlegend=kind not in shown, customdata=[name],
                    marker={"symbol": _SYMBOLS[kind], "size": 14, "color": colour, "line": {"width": 1, "color": "#777777"}},
                    hovertemplate="%{customdata}<br>" + tr("format.label_value", label=labels[kind], value="%{x|" + tr("chart.month") + "}") + "<extra></extra>",
                )
            )
            shown.add(kind)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(**date_axis(tr))
    fig.update_layout(hovermode="closest")
    return _layout(fig, tr("plan_page.chart.date_axis"), "")
