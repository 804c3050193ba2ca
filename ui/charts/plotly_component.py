"""The Plan and Overview charts, drawn in the page by plotly.js and updated in place.

Why: ``st.plotly_chart`` names its element by the whole figure, so a changed figure (a budget
step, a language switch) is a new element and the browser draws the chart from scratch with
Plotly's ``newPlot``, the largest part of what a person waited for on the Plan page
(docs/performance.md). This component (Streamlit's custom components v2: no iframe) is named by
its ``key`` alone, keeps its node between reruns and hands each new figure to ``Plotly.react``.

Where plotly.js comes from: the copy the installed Plotly package ships, served by the app's own
server through Streamlit's component asset route (``/_stcore/bidi-components/…``), so the
page's security policy (scripts from the app's origin only) holds and nothing is fetched from
another origin. Streamlit serves a component's assets only for a component declared with an
asset folder; :func:`serve_plotly_js` declares one whose folder is Plotly's ``package_data``, as
Streamlit itself does for an installed component package, on each runtime (the server has one;
every AppTest makes its own).

What is sent: the figure as Plotly reads it (``data`` and ``layout``, the same figure the chart
modules build, without Plotly's default template: the browser applies the page's font and
colours, as ``theme="streamlit"`` did), the chart's title as its text alternative, and a note for
when plotly.js cannot be loaded. The figures already carry user text escaped (``md_escape``);
the script writes nothing into the page as HTML.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import streamlit as st
from plotly.io.json import to_json_plotly

#: The chart component's name; its script is ``ui/assets/plotly_chart.js`` (a few KB, sent inline).
COMPONENT = "overdue_plotly_chart"
#: The name under which Streamlit's component route serves plotly.js (``<project>.<component>``).
PLOTLY_ASSETS = "overdue.plotly"
PLOTLY_FILE = "plotly.min.js"
#: Plotly's own folder of browser files, relative to the installed package.
PLOTLY_DIR = "package_data"

_JS = (Path(__file__).parents[1] / "assets" / "plotly_chart.js").read_text(encoding="utf-8")
# Not style-isolated: Plotly puts its hover and legend styles in the document's head, which a
# shadow root would not see.
_component = st.components.v2.component(COMPONENT, js=_JS, isolate_styles=False)


def serve_plotly_js() -> None:
    """Let Streamlit's component route serve the installed Plotly's ``plotly.min.js`` (once per runtime)."""
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    manager = Runtime.instance().bidi_component_registry
    if manager.get(PLOTLY_ASSETS) is not None and manager.get_component_asset_root(PLOTLY_ASSETS) is not None:
        return
    project, name = PLOTLY_ASSETS.split(".")
    manifest = ComponentManifest(
        name=project, version="1", components=[ComponentConfig(name=name, asset_dir=PLOTLY_DIR)]
    )
    manager.register_from_manifest(manifest, Path(plotly.__file__).parent)


def plotly_js_url() -> str:
    """Where the page loads plotly.js from: this server, under its base path if it has one."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{'/' + base if base else ''}/_stcore/bidi-components/{PLOTLY_ASSETS}/{PLOTLY_FILE}"


def figure_spec(fig: go.Figure) -> str:
    """The figure as plotly.js reads it (JSON of ``data`` and ``layout``), without the default template."""
    spec = fig.to_dict()
    spec["layout"].pop("template", None)
    return to_json_plotly({"data": spec["data"], "layout": spec["layout"]})


def chart_data(spec: str, title: str, unavailable: str) -> dict[str, Any]:
    """What the browser is given for one chart (also what the tests read)."""
    return {"figure": spec, "title": title, "src": plotly_js_url(), "unavailable": unavailable}


def plotly_chart(spec: str, *, key: str, title: str, unavailable: str) -> None:
    """Draw ``spec`` (from :func:`figure_spec`) under ``key``: the same key keeps the same chart,
    updated in place. ``title`` is the chart's text alternative; ``unavailable`` is shown instead
    of the chart if plotly.js cannot be loaded."""
    serve_plotly_js()
    _component(key=key, data=chart_data(spec, title, unavailable))


def sent_figure(data: dict[str, Any]) -> dict[str, Any]:
    """The figure inside :func:`chart_data`'s dict, parsed (for tests and benchmarks)."""
    return json.loads(data["figure"])
