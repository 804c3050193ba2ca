"""What the app sends the browser for its charts (ui.plotly_component), read from an AppTest.

Why here: the Plan and Overview charts are a custom component, not ``st.plotly_chart``, so
AppTest has no accessor for them; every test that reads a chart reads it the same way.
"""

from __future__ import annotations

import json
from typing import Any

from ui.plotly_component import COMPONENT

#: A chart's box in the page (ui/assets/plotly_chart.js); ``[data-drawn]`` once Plotly has drawn it.
DRAWN_CHART = ".overdue-chart"


def chart_elements(at) -> list[Any]:
    """The chart components on the page, in page order."""
    return [el for el in at.get("bidi_component") if el.proto.component_name == COMPONENT]


def chart_payload(element) -> dict[str, Any]:
    """The data one chart component was given (figure JSON, title, script address, note)."""
    proto = element.proto
    raw = proto.mixed.json if proto.WhichOneof("data") == "mixed" else proto.json
    return json.loads(raw)


def sent_figures(at) -> list[dict[str, Any]]:
    """Each chart's figure as the browser receives it (``data`` and ``layout``), in page order."""
    return [json.loads(chart_payload(el)["figure"]) for el in chart_elements(at)]
