"""The stress chart's level lines: drawn as plain layout shapes, the lines add_vline would draw."""

from __future__ import annotations

import plotly.graph_objects as go

from overdue_core.case import load_demo
from overdue_core.i18n import Translator
from overdue_core.risk import assess
from ui.charts.overview import LEVEL_COLOURS, LEVEL_FLOORS, stress_figure


def test_stress_chart_marks_each_level_floor_as_add_vline_would():
    result, stress = assess(load_demo("gig_driver"))
    fig = stress_figure(result, stress, Translator("en"))
    expected = go.Figure(go.Bar(x=[1], y=["a"]))
    for floor, level in LEVEL_FLOORS:
        if floor:
            expected.add_vline(x=floor, line={"dash": "dot", "width": 1, "color": LEVEL_COLOURS[level]})
    assert [s.to_plotly_json() for s in fig.layout.shapes] == [s.to_plotly_json() for s in expected.layout.shapes]
    assert len(fig.layout.shapes) == sum(1 for floor, _level in LEVEL_FLOORS if floor) > 0
