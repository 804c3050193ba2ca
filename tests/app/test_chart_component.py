"""The Plan and Overview charts as the browser receives them (ui.charts.plotly_component, AppTest).

- The figure sent is the figure the chart modules build from the core's results: the same
  traces, x and y values, names and labels, compared value for value (JSON on both sides, as the
  browser reads it), in both languages; only Plotly's default template is left out.
- Each chart is one component under a fixed key, so its identity (the element id the browser
  keys it by) stays the same across a budget change, a chart pick and a language switch: the
  browser keeps the node and updates it in place.
- plotly.js is the installed Plotly package's own copy, served by the app's server under its
  component route (a path on the app's origin, never another host).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import plotly
import pytest

from overdue_core.case import debt_labels
from overdue_core.i18n import Translator, t
from overdue_core.palette import debt_colours
from overdue_core.plan.engine import build_plan, compare_strategies
from overdue_core.risk.score import score_case
from overdue_core.risk.stress import stress_tests
from tests.helpers import assert_no_exception
from tests.helpers.charts import chart_elements, chart_payload, sent_figures
from tests.helpers.demo_pages import open_demo
from ui.charts import overview_charts, plan_charts, plotly_component

PLAN = "pages/plan.py"
OVERVIEW = "pages/overview.py"
ASSET = Path(__file__).resolve().parents[2] / "ui" / "assets" / "plotly_chart.js"


def as_browser_reads(fig) -> dict:
    """A figure as JSON gives it to plotly.js (dates as text), without the default template."""
    spec = fig.to_dict()
    spec["layout"].pop("template", None)
    return json.loads(json.dumps(spec, default=str))


def normalised(sent: dict) -> dict:
    return json.loads(json.dumps(sent, default=str))


def pick_chart(at, name: str):
    return at.segmented_control(key="plan_chart").set_value(name).run()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("demo", ["gig_driver", "family_cards"])
def test_plan_charts_send_the_figures_the_core_gives(make_app, lang, demo):
    at, case = open_demo(make_app, demo, PLAN, lang=lang)
    plan = build_plan(case)
    tr = Translator(lang)
    colours = debt_colours(d.id for d in case.debts)
    names = debt_labels(case.debts)
    expected = {
        "balances": plan_charts.balances_figure(plan, colours, tr, names),
        "split": plan_charts.payment_split_figure(plan, tr),
        "strategies": plan_charts.strategy_figure(compare_strategies(case), tr),
        "timeline": plan_charts.timeline_figure(plan, case.as_of, colours, tr, names),
    }
    for name, fig in expected.items():
        if name != "balances":
            pick_chart(at, name)
            assert_no_exception(at)
        (element,) = chart_elements(at)
        payload = chart_payload(element)
        sent = json.loads(payload["figure"])
        assert sent == as_browser_reads(fig), name
        assert payload["title"] == t(plan_charts.TITLES[name], lang)
        assert payload["unavailable"] == t("chart.unavailable", lang)
    # Read against the core itself: one balance line per debt, its values the schedule's to the fen.
    pick_chart(at, "balances")
    (balances,) = sent_figures(at)
    schedule = plan.schedule
    assert [trace["name"] for trace in balances["data"]] == [
        names[d.id] for d in plan.debts if d.id in set(schedule["debt_id"])
    ]
    for trace, outcome in zip(
        balances["data"], [d for d in plan.debts if d.id in set(schedule["debt_id"])], strict=True
    ):
        own = schedule[schedule["debt_id"] == outcome.id]
        last = own["balance"].tolist()[-1]
        assert Decimal(str(trace["y"][-1])) == last
        assert len(trace["x"]) == len(trace["y"]) <= len(own)
    assert balances["layout"]["xaxis"]["title"]["text"] == t("plan_page.chart.month_axis", lang)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_overview_charts_send_the_figures_the_core_gives(make_app, lang):
    at, case = open_demo(make_app, "gig_driver", OVERVIEW, lang=lang)
    result = score_case(case)
    tr = Translator(lang)
    expected = [
        overview_charts.gauge_figure(result, tr),
        overview_charts.factors_figure(result, tr),
        overview_charts.stress_figure(result, stress_tests(case), tr),
        overview_charts.debts_figure(case, debt_colours(d.id for d in case.debts), tr),
    ]
    sent = sent_figures(at)
    assert [normalised(s) for s in sent] == [as_browser_reads(f) for f in expected]
    titles = [chart_payload(el)["title"] for el in chart_elements(at)]
    assert titles[1:] == [
        t("overview.chart.factors_title", lang),
        t("overview.chart.stress_title", lang),
        t("overview.chart.debts_title", lang),
    ]
    assert str(result.score) in titles[0]
    assert sent[0]["data"][0]["value"] == result.score
    assert [trace["x"] for trace in sent[3]["data"]] == [[float(d.total_owed)] for d in case.debts if d.total_owed > 0]


def test_the_plan_chart_keeps_its_identity_across_changes(make_app):
    """Same element id after a budget step, another chart and a language switch: the browser
    keeps the chart's node and updates it (Plotly.react) instead of drawing a new one."""
    at = make_app(lang="en", demo="gig_driver", page=PLAN)
    (first,) = chart_elements(at)
    figure_before = chart_payload(first)["figure"]
    at.number_input(key="plan_budget_1").increment().run()
    assert_no_exception(at)
    (after_budget,) = chart_elements(at)
    assert after_budget.proto.id == first.proto.id
    assert chart_payload(after_budget)["figure"] != figure_before
    pick_chart(at, "timeline")
    at.sidebar.segmented_control(key="lang_choice").set_value("zh-CN").run()
    assert_no_exception(at)
    (after_switch,) = chart_elements(at)
    assert after_switch.proto.id == first.proto.id
    assert chart_payload(after_switch)["title"] == t(plan_charts.TITLES["timeline"], "zh-CN")


def test_overview_charts_keep_their_identity_across_a_language_switch(make_app):
    at = make_app(lang="zh-CN", demo="young_worker", page=OVERVIEW)
    ids = [el.proto.id for el in chart_elements(at)]
    assert len(ids) == 4 == len(set(ids))
    at.sidebar.segmented_control(key="lang_choice").set_value("en").run()
    assert_no_exception(at)
    assert [el.proto.id for el in chart_elements(at)] == ids


def test_plotly_js_comes_from_the_installed_package_on_the_apps_origin(make_app):
    at = make_app(lang="en", demo="young_worker", page=PLAN)
    (element,) = chart_elements(at)
    src = chart_payload(element)["src"]
    assert src == f"/_stcore/bidi-components/{plotly_component.PLOTLY_ASSETS}/{plotly_component.PLOTLY_FILE}"
    assert "//" not in src and ":" not in src  # a path on the app's own origin, never another host
    # What that path serves is the file Plotly ships (Streamlit's component route, asset folder as declared).
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

    manager = BidiComponentManager()
    project, name = plotly_component.PLOTLY_ASSETS.split(".")
    manager.register_from_manifest(
        ComponentManifest(
            name=project, version="1", components=[ComponentConfig(name=name, asset_dir=plotly_component.PLOTLY_DIR)]
        ),
        Path(plotly.__file__).parent,
    )
    served = Path(manager.get_component_path(plotly_component.PLOTLY_ASSETS)) / plotly_component.PLOTLY_FILE
    assert served.is_file() and served.stat().st_size > 1_000_000
    assert element.proto.isolate_styles is False  # Plotly's hover styles live in the document's head


def test_the_chart_script_draws_with_react_and_writes_no_html():
    script = ASSET.read_text(encoding="utf-8")
    assert "Plotly.react(" in script and "newPlot" not in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
