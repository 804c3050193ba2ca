"""Plotly figures for the Overview page: the score gauge, the points per reason, the stress
tests and the debts by overdue bucket.

Why separate from the page: each figure is built from core results alone (testable without a
browser), every label comes from the catalogs, each debt keeps its colour from
``overdue_core.palette`` and user text (platform names) goes through ``ui.user_text.md_escape``, since Plotly reads
a few HTML tags in labels. Figures set no background or text colours: the
page's own theme is applied where they are drawn (``ui.plotly_component``). Amounts in hover text are
formatted from the exact Decimals, never from the float the bar is drawn with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from overdue_core.case import Case, debt_bucket, debt_labels, fmt_money
from overdue_core.i18n import Translator
from overdue_core.risk import LEVEL_FLOORS, Level, Measure, RiskResult, StressResult
from ui.user_text import md_escape

from .plain import plain_figure, vline

#: Okabe–Ito colours for the levels (green, yellow-orange, orange, vermillion) and the measures.
LEVEL_COLOURS: dict[Level, str] = {
    Level.LOW: "#009E73",
    Level.MEDIUM: "#F0E442",
    Level.HIGH: "#E69F00",
    Level.CRITICAL: "#D55E00",
}
MEASURE_COLOURS: dict[Measure, str] = {
    Measure.COMMUNICATE: "#0072B2",
    Measure.PLAN: "#009E73",
    Measure.PREVENT: "#CC79A7",
    Measure.NEGOTIATE: "#E69F00",
    Measure.LEGAL: "#D55E00",
}
BUCKETS: tuple[str, ...] = ("M0", "M1", "M2", "M3", "M3+")
_MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def _level_ranges() -> list[tuple[int, int, Level]]:
    floors = sorted(LEVEL_FLOORS)
    return [(floor, floors[i + 1][0] if i + 1 < len(floors) else 100, level) for i, (floor, level) in enumerate(floors)]


def gauge_figure(result: RiskResult, tr: Translator) -> go.Figure:
    """The score on a 0–100 dial whose bands are the levels."""
    indicator = {
        "type": "indicator",
        "mode": "gauge+number",
        "value": result.score,
        "number": {"suffix": " / 100", "font": {"size": 36}},
        "title": {"text": f"{tr('risk.score_label')} · {result.level_text(tr.lang)}"},
        "gauge": {
            "axis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100]},
            "bar": {"color": "rgba(0,0,0,0)", "thickness": 0},
            "threshold": {"line": {"color": "#444444", "width": 5}, "thickness": 0.9, "value": result.score},
            "steps": [{"range": [low, high], "color": LEVEL_COLOURS[level]} for low, high, level in _level_ranges()],
        },
    }
    return plain_figure([indicator], {"height": 240, "margin": {"l": 25, "r": 25, "t": 50, "b": 5}})


def factors_figure(result: RiskResult, tr: Translator) -> go.Figure:
    """Points each reason adds (largest first), coloured by the measure that addresses it."""
    factors = sorted(result.factors, key=lambda f: (f.points, -result.factors.index(f)))
    data = []
    for measure in Measure:
        mine = [f for f in factors if f.measure is measure]
        if not mine:
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [f.name(tr.lang) for f in mine],
                "x": [f.points for f in mine],
                "name": tr(f"risk.measure.{measure.value}.name"),
                "marker": {"color": MEASURE_COLOURS[measure]},
                "text": [f"+{f.points}" for f in mine],
                "textposition": "outside",
                "customdata": [[f.explanation(tr.lang), f.max_points] for f in mine],
                "hovertemplate": "%{y}: +%{x} / %{customdata[1]}<br>%{customdata[0]}<extra></extra>",
            }
        )
    layout = {
        "title": {"text": tr("overview.chart.factors_title")},
        "barmode": "stack",
        "xaxis": {
            "title": {"text": tr("overview.chart.points")},
            "range": [0, max(f.max_points for f in result.factors) + 3],
        },
        "yaxis": {"categoryorder": "array", "categoryarray": [f.name(tr.lang) for f in factors]},
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.25,
            "xanchor": "left",
            "x": 0,
            "title": {"text": tr("overview.chart.measure")},
        },
        "height": 420,
        "margin": _MARGIN,
        "hoverlabel": {"align": "left"},
    }
    return plain_figure(data, layout)


def stress_figure(result: RiskResult, stress: Sequence[StressResult], tr: Translator) -> go.Figure:
    """The score today and under each scenario, coloured by level, with the shortfall on hover."""
    names = [tr("risk.scenario.now")] + [tr(f"risk.scenario.{s.scenario}") for s in stress]
    scores = [result.score] + [s.score for s in stress]
    levels = [result.level] + [s.level for s in stress]
    shortfalls = [result.shortfall] + [s.shortfall for s in stress]
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": scores,
        "marker": {"color": [LEVEL_COLOURS[level] for level in levels], "line": {"color": "#444444", "width": 1}},
        "text": [f"{score} · {tr(f'risk.level.{level.value}')}" for score, level in zip(scores, levels)],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[fmt_money(v)] for v in shortfalls],
        "hovertemplate": "%{y}: %{x} / 100<br>" + tr("overview.chart.shortfall_hover") + "<extra></extra>",
    }
    layout = {
        # The level floors as layout shapes: the same lines add_vline draws, built ten times faster
        # (add_vline cost about 150 ms a line on a busy machine, most of the Overview's first run).
        "shapes": [
            vline(floor, dash="dot", width=1, colour=LEVEL_COLOURS[level]) for floor, level in LEVEL_FLOORS if floor
        ],
        "title": {"text": tr("overview.chart.stress_title")},
        "xaxis": {"title": {"text": tr("risk.score_label")}, "range": [0, 118], "tickvals": [0, 25, 50, 75, 100]},
        "yaxis": {"autorange": "reversed"},
        "height": 340,
        "margin": {**_MARGIN, "r": 30},
        "showlegend": False,
    }
    return plain_figure([bar], layout)


def debts_figure(case: Case, colours: Mapping[str, str], tr: Translator) -> go.Figure:
    """What is owed in each overdue bucket, one stacked segment (and colour) per debt."""
    labels = [tr(f"enum.bucket.{b}") for b in BUCKETS]
    names = debt_labels(case.debts)  # two debts on one platform get two legend entries
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [labels[BUCKETS.index(debt_bucket(debt, case.as_of, case.settings.rules))]],
            "x": [float(debt.total_owed)],
            "name": md_escape(names[debt.id]),
            "marker": {"color": colours[debt.id]},
            "customdata": [[fmt_money(debt.total_owed), fmt_money(debt.overdue_amount), debt.days_overdue]],
            "hovertemplate": "%{fullData.name}<br>" + tr("overview.chart.debt_hover") + "<extra></extra>",
        }
        for debt in case.debts
        if debt.total_owed > 0
    ]
    layout = {
        "title": {"text": tr("overview.chart.debts_title")},
        "barmode": "stack",
        "yaxis": {"categoryorder": "array", "categoryarray": labels, "autorange": "reversed"},
        "xaxis": {"title": {"text": tr("overview.chart.yuan")}, "tickformat": ",.0f"},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.25, "xanchor": "left", "x": 0},
        "height": 420,
        "margin": _MARGIN,
    }
    return plain_figure(data, layout)
