"""The Overview's and the Plan's charts, built from plain data so a rerun stays cheap.

Why apart from the pages: a chart's labels, colours and points are tested on their own
(every figure against Plotly's full validation, every point sum to the fen).
"""

from . import overview as overview_charts
from . import plan as plan_charts
from .overview import debts_figure, factors_figure, gauge_figure, stress_figure
from .plain import plain_figure, vline
from .plotly_component import figure_spec, plotly_chart

__all__ = [
    "debts_figure",
    "factors_figure",
    "figure_spec",
    "gauge_figure",
    "overview_charts",
    "plain_figure",
    "plan_charts",
    "plotly_chart",
    "stress_figure",
    "vline",
]
