"""Plotly figures for the Plan page: balances, the payment split, strategies, and a timeline.

Why separate from the page: the figures are built from a PlanResult alone (easy to test
without a browser), every label comes from the catalogs, every debt keeps its colour from
``overdue_core.palette`` and every payment part its fixed colour; platform names go through
``ui.user_text.md_escape``, since Plotly reads a few HTML tags and ``$…$`` in labels. Figures carry no colours for
the background or text: the page's own theme is applied where they are drawn (``ui.plotly_component``).
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

from .points import balance_lines, payment_points
from .plain import plain_figure

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


def _layout(x_title: str, y_title: str, **extra) -> dict:
    """The layout every plan chart shares; ``extra`` adds to it (axes merged, not replaced)."""
    layout = {
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "hovermode": "x unified",
    }
    for name, value in extra.items():
        layout[name] = {**layout[name], **value} if isinstance(value, dict) and name in layout else value
    return layout


def _line(colour: str | None, width: int) -> dict:
    """A trace's line; a debt without a colour gets Plotly's own (the key left out, as Plotly does)."""
    return {"width": width} if colour is None else {"color": colour, "width": width}


def balances_figure(
    result: PlanResult, colours: Mapping[str, str], tr: Translator, names: Mapping[str, str] | None = None
) -> go.Figure:
    """What is still owed on each debt after each month's payment (one line per debt).

    ``names`` (debt id -> name, ``overdue_core.case.debt_labels``) tells two debts on one platform apart.
    """
    lines = balance_lines(result.schedule)  # every month for two years, then per quarter/year
    data = []
    for outcome in result.debts:
        if outcome.id not in lines:
            continue
        dates, balances = lines[outcome.id]
        data.append(
            {
                "type": "scatter",
                "x": dates,
                "y": [float(v) for v in balances],
                "name": md_escape((names or {}).get(outcome.id, outcome.platform)),
                "mode": "lines+markers",
                "marker": {"size": 4},
                "line": _line(colours.get(outcome.id), 2),
                "hovertemplate": "%{y:,.2f}",
            }
        )
    return plain_figure(
        data,
        _layout(
            tr("plan_page.chart.month_axis"),
            tr("plan_page.chart.owed_axis"),
            xaxis=date_axis(tr),
            yaxis={"rangemode": "tozero", "tickformat": ",.0f"},
        ),
    )


def payment_split_figure(result: PlanResult, tr: Translator) -> go.Figure:
    """Each month's payment split into principal, interest, penalty and fees (stacked)."""
    totals = payment_points(result.schedule)  # per month, then a quarter's/year's monthly average
    dates = list(totals["date"])
    data = [
        {
            "type": "bar",
            "x": dates,
            "y": list(totals[part]) if not totals.empty else [],
            "name": tr(f"plan_page.part.{part}"),
            "marker": {"color": PART_COLOURS[part]},
            "hovertemplate": "%{y:,.2f}",
        }
        for part in PARTS
    ]
    return plain_figure(
        data,
        _layout(
            tr("plan_page.chart.month_axis"),
            tr("plan_page.chart.amount_axis"),
            barmode="stack",
            xaxis=date_axis(tr),
            yaxis={"tickformat": ",.0f"},
        ),
    )


def strategy_figure(results: Mapping[Strategy, PlanResult], tr: Translator) -> go.Figure:
    """Total cost (interest, penalty, fees) per strategy; the months to debt-free as the bar text."""
    names = [tr.enum("strategy", s) for s in results]
    data = []
    parts = {"interest": "total_interest", "penalty": "total_penalty", "fees": "total_fees"}
    for i, (part, attr) in enumerate(parts.items()):
        trace = {
            "type": "bar",
            "y": names,
            "x": [float(getattr(r, attr)) for r in results.values()],
            "name": tr(f"plan_page.part.{part}"),
            "orientation": "h",
            "marker": {"color": PART_COLOURS[part]},
            "cliponaxis": False,
            "hovertemplate": "%{x:,.2f}",
        }
        if i == len(parts) - 1:  # the months to debt-free as text, outside the last part
            trace |= {"text": [_months_text(r, tr) for r in results.values()], "textposition": "outside"}
        data.append(trace)
    # The shared layout's "x unified" hover wins over "y unified", as it always has here.
    return plain_figure(
        data,
        _layout(
            tr("plan_page.chart.cost_axis"),
            "",
            barmode="stack",
            yaxis={"autorange": "reversed"},
            xaxis={"tickformat": ",.0f"},
        ),
    )


def _months_text(result: PlanResult, tr: Translator) -> str:
    if result.months_to_debt_free is None:
        return tr("plan_page.not_within")
    return tr("plan_page.months_short", months=result.months_to_debt_free)


def timeline_figure(
    result: PlanResult,
    as_of: dt.date,
    colours: Mapping[str, str],
    tr: Translator,
    names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Per debt: when it is current again, when it is paid off, when its record leaves the report.

    One row per debt: ``names`` (debt id -> name) keeps two debts on one platform on two rows.
    """
    data = []
    labels = {
        "current": tr("plan_page.timeline.current"),
        "paid": tr("plan_page.timeline.paid"),
        "clears": tr("plan_page.timeline.clears"),
    }
    hover = {
        kind: "%{customdata}<br>"
        + tr("format.label_value", label=label, value="%{x|" + tr("chart.month") + "}")
        + "<extra></extra>"
        for kind, label in labels.items()
    }
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
        name = md_escape((names or {}).get(outcome.id, outcome.platform))
        data.append(
            {
                "type": "scatter",
                "x": [as_of, end],
                "y": [name, name],
                "mode": "lines",
                "line": _line(colour, 6),
                "opacity": 0.35,
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        for kind, day in points:
            marker = {"symbol": _SYMBOLS[kind], "size": 14, "line": {"width": 1, "color": "#777777"}}
            if colour is not None:
                marker["color"] = colour
            data.append(
                {
                    "type": "scatter",
                    "x": [day],
                    "y": [name],
                    "mode": "markers",
                    "name": labels[kind],
                    "legendgroup": kind,
                    "showlegend": kind not in shown,
                    "customdata": [name],
                    "marker": marker,
                    "hovertemplate": hover[kind],
                }
            )
            shown.add(kind)
    # The shared layout's "x unified" hover wins over "closest", as it always has here.
    return plain_figure(
        data, _layout(tr("plan_page.chart.date_axis"), "", yaxis={"autorange": "reversed"}, xaxis=date_axis(tr))
    )
