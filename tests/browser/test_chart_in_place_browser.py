"""The Plan chart in a real browser: drawn by plotly.js from the app's own server, then updated in
place — the same node after a budget step and a language switch, through ``Plotly.react`` (never a
new ``newPlot``) — and nothing is asked of another origin. If plotly.js cannot be loaded, the
chart's place says so in the page's language.
"""

from __future__ import annotations

import pytest

from overdue_core.i18n import t
from tests.helpers import assert_no_page_exception, policy_refusals, wait_idle
from tests.helpers.charts import DRAWN_CHART
from tests.helpers.origins import Recorder
from ui.charts.plotly_component import PLOTLY_FILE

pytestmark = pytest.mark.browser

#: Mark the drawn chart's node, and count Plotly's calls from now on.
_MARK = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  plot.__kept = 'kept';
  window.__calls = {react: 0, newPlot: 0};
  for (const name of ['react', 'newPlot']) {
    const own = window.Plotly[name];
    window.Plotly[name] = function () { window.__calls[name] += 1; return own.apply(this, arguments); };
  }
}"""
#: The y values on screen, as JSON: what changes when the plan changes.
_PLOTTED = (
    "() => { const el = document.querySelector('.js-plotly-plot');"
    " return el && el.data ? JSON.stringify(el.data.map(tr => Array.from(tr.y))) : null; }"
)
_STATE = (
    """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return {
    kept: plot && plot.__kept, calls: window.__calls, plots: document.querySelectorAll('.js-plotly-plot').length,
    label: document.querySelector('%s').getAttribute('aria-label'), axis: plot.layout.xaxis.title.text,
  };
}"""
    % DRAWN_CHART
)


def test_the_plan_chart_is_updated_in_place_from_the_apps_own_server(browser, app_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    recorder = Recorder(context, app_server)
    pg = context.new_page()
    refused = policy_refusals(pg)
    try:
        pg.goto(f"{app_server}/plan?demo=gig_driver&lang=en")
        wait_idle(pg)
        pg.wait_for_selector(f"{DRAWN_CHART}[data-drawn] .main-svg")
        assert_no_page_exception(pg)
        pg.evaluate(_MARK)
        before = pg.evaluate(_PLOTTED)
        # A budget step: new figures, the same node, drawn by Plotly.react.
        pg.locator('[data-testid="stMain"] [data-testid="stNumberInput"]').first.locator(
            '[data-testid="stNumberInputStepUp"]'
        ).click()
        wait_idle(pg)
        pg.wait_for_function(
            f"(before) => {{ const now = ({_PLOTTED})(); return now !== null && now !== before; }}",
            arg=before,
            polling=100,
        )
        state = pg.evaluate(_STATE)
        assert state["kept"] == "kept" and state["plots"] == 1, state
        assert state["calls"]["react"] >= 1 and state["calls"]["newPlot"] == 0, state
        assert state["label"] == t("plan_page.chart.balances_title", "en")
        # A language switch: the same node again, its words now Chinese.
        pg.locator(".st-key-lang_choice button").filter(has_text=t("enum.lang.zh-CN", "en")).click()
        wait_idle(pg)
        axis = t("plan_page.chart.month_axis", "zh-CN")
        pg.wait_for_function(
            "(axis) => { const p = document.querySelector('.js-plotly-plot');"
            " return p && p.layout.xaxis.title.text === axis; }",
            arg=axis,
        )
        state = pg.evaluate(_STATE)
        assert state["kept"] == "kept" and state["plots"] == 1, state
        assert state["calls"]["newPlot"] == 0, state
        assert state["label"] == t("plan_page.chart.balances_title", "zh-CN")
        assert_no_page_exception(pg)
        # plotly.js came from the app itself, and nothing else was asked of any other host.
        assert recorder.foreign == [], recorder.foreign
        assert any(url.endswith(f"/{PLOTLY_FILE}") for url in recorder.own), recorder.own
        assert refused == [], refused
    finally:
        context.close()


def test_a_chart_that_cannot_load_says_so(browser, app_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.route(f"**/{PLOTLY_FILE}", lambda route: route.abort())
    pg = context.new_page()
    try:
        pg.goto(f"{app_server}/?demo=young_worker")
        wait_idle(pg)
        notes = pg.locator(f"{DRAWN_CHART} .overdue-chart-note")
        notes.first.wait_for()
        assert set(notes.all_inner_texts()) == {t("chart.unavailable", "zh-CN")}
        assert_no_page_exception(pg)
    finally:
        context.close()
