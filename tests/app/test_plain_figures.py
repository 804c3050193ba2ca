"""Figures built from plain data (``ui.charts.plain_figure``) are exactly what Plotly's full
validation makes of them: skipping the check changes nothing that is drawn."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.i18n import Translator
from overdue_core.palette import debt_colours
from overdue_core.plan import build_plan, compare_strategies, default_budget
from ui.charts import plan_charts


def _plan_figures(demo: str, lang: str, share: Decimal, coloured: bool):
    case = load_demo(demo)
    budget = (default_budget(case) * share).quantize(Decimal("0.01"))
    plan = build_plan(case, budget=budget)
    colours = debt_colours(d.id for d in case.debts) if coloured else {}
    tr = Translator(lang)
    return {
        "balances": plan_charts.balances_figure(plan, colours, tr),
        "split": plan_charts.payment_split_figure(plan, tr),
        "strategies": plan_charts.strategy_figure(compare_strategies(case, budget, []), tr),
        "timeline": plan_charts.timeline_figure(plan, case.as_of, colours, tr),
    }


@pytest.mark.parametrize("demo", DEMO_IDS)
@pytest.mark.parametrize(
    ("lang", "share", "coloured"),
    [("zh-CN", Decimal("1"), True), ("en", Decimal("0.5"), False), ("en", Decimal("0"), True)],
)
def test_plan_figures_survive_full_validation_unchanged(demo, lang, share, coloured):
    for name, fig in _plan_figures(demo, lang, share, coloured).items():
        drawn = fig.to_dict()
        assert go.Figure(drawn).to_dict() == drawn, name  # validation would add, drop or change nothing
        assert drawn["data"] and all("type" in trace for trace in drawn["data"]), name
        assert drawn["layout"]["template"] == go.Figure().to_dict()["layout"]["template"], name


def test_a_wrong_property_would_be_caught_by_the_check():
    """The check above can fail: a figure written in the wrong form is changed by validation."""
    from ui.charts.plain import plain_figure

    fig = plain_figure([{"type": "scatter", "x": [1, 2], "y": [1, 2], "line": {"color": None, "width": 2}}], {})
    assert go.Figure(fig.to_dict()).to_dict() != fig.to_dict()


@pytest.mark.parametrize(("dash", "width", "colour"), [("dot", 1.5, "#888888"), ("longdash", 1, "#D55E00")])
def test_a_vline_shape_is_the_line_add_vline_draws(dash, width, colour):
    from ui.charts.plain import vline

    expected = go.Figure(go.Bar(x=[10, 30], y=["a", "b"], orientation="h"))
    expected.add_vline(x=24.0, line_dash=dash, line_width=width, line_color=colour)
    drawn = go.Figure(go.Bar(x=[10, 30], y=["a", "b"], orientation="h"))
    drawn.update_layout(shapes=[vline(24.0, dash=dash, width=width, colour=colour)])
    assert drawn.to_dict() == expected.to_dict()


@pytest.mark.parametrize("demo", DEMO_IDS)
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_overview_figures_survive_full_validation_unchanged(demo, lang):
    from overdue_core.risk import assess
    from ui.charts import overview_charts

    case = load_demo(demo)
    result, stress = assess(case)
    tr = Translator(lang)
    figures = {
        "gauge": overview_charts.gauge_figure(result, tr),
        "factors": overview_charts.factors_figure(result, tr),
        "stress": overview_charts.stress_figure(result, stress, tr),
        "debts": overview_charts.debts_figure(case, debt_colours(d.id for d in case.debts), tr),
    }
    for name, fig in figures.items():
        drawn = fig.to_dict()
        assert go.Figure(drawn).to_dict() == drawn, name
