"""A Plotly figure from plain data, without Plotly checking every property one by one again.

Why: ``go.Scatter(...)``, ``add_trace`` and ``update_layout`` validate each property as it is set
(and look up every ``xaxis_title``-style path), which cost most of a chart's time: about 100 ms
for the Plan page's balances chart on the development machine, where the same figure from plain
dicts takes about 8 ms. The figures built here are written in their final form (what
``fig.to_dict()`` would give), so skipping the check changes nothing that is drawn;
``tests/app/test_plain_figures.py`` checks, for every chart built this way and every demo, that
Plotly's full validation of the figure gives back exactly the same figure.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go


def plain_figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """``go.Figure`` from trace dicts (each with its ``type``) and a layout dict, unvalidated.

    The default template is applied as for any new figure.
    """
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def vline(x: float, *, dash: str, width: float, colour: str) -> dict[str, Any]:
    """A vertical line at ``x`` across the whole plot: the shape ``fig.add_vline`` adds.

    Why not ``add_vline``: it looks the axis up through every subplot and validates the shape
    on the way, about 80 ms a line; a layout shape built here costs well under a millisecond.
    """
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": {"dash": dash, "width": width, "color": colour},
    }
