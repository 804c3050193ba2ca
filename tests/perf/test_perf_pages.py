"""Page speed, measured with pytest-benchmark (never asserted on time), and what the caches must keep.

The benchmarks rerun every page with the largest demo case beside a bare one-chart page, the way
``scripts/bench_pages.py`` does for docs/performance.md. The other tests check the caches in
``ui.cached`` never show a stale or another case's figures.
"""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.money import fmt_money
from overdue_core.i18n import t
from overdue_core.plan.engine import build_plan
from tests.helpers import assert_no_exception, load_script
from tests.helpers.charts import sent_figures
from ui.nav import PAGES

bench_pages = load_script("bench_pages")

ROUNDS = 5


@pytest.fixture(scope="module", autouse=True)
def _shared_script_cache():
    bench_pages.use_shared_script_cache()


def test_bench_bare_page_rerun(benchmark):
    with tempfile.TemporaryDirectory() as tmp:
        at = bench_pages.bare_app(Path(tmp))
        benchmark.pedantic(at.run, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    assert len(at.get("plotly_chart")) == 1


@pytest.mark.parametrize("path", [spec.path for spec in PAGES])
def test_bench_page_rerun_largest_demo(benchmark, path):
    demo = bench_pages.largest_demo()
    at = bench_pages.page_app(path, demo)
    benchmark.extra_info["demo"] = demo
    benchmark.pedantic(at.run, rounds=ROUNDS, iterations=1, warmup_rounds=1)
    assert_no_exception(at)
    # The sidebar shows the open case on every page: the rerun drew the page with the case.
    assert fmt_money(load_demo(demo).total_owed) in " ".join(c.value for c in at.sidebar.caption)


def test_bench_plan_page_new_budget(benchmark):
    """The cache-miss path: every budget is new, so the plans and figures are built again."""
    at = bench_pages.page_app("pages/plan.py", bench_pages.largest_demo())
    budgets = iter(range(10_000))
    benchmark.pedantic(
        lambda: bench_pages.time_reruns(at, 1, lambda a, i: bench_pages.change_budget(a, next(budgets))),
        rounds=ROUNDS,
        iterations=1,
    )
    assert_no_exception(at)


def test_largest_demo_is_the_one_with_most_debts():
    counts = {d: len(load_demo(d).debts) for d in ("young_worker", "gig_driver", "family_cards")}
    assert len(load_demo(bench_pages.largest_demo()).debts) == max(counts.values())


# --- the caches never show stale or foreign figures ----------------------------------------------
def _road_ahead(at) -> list[str]:
    return [e.value for e in (*at.main.info, *at.main.warning)]


def _expected_road(case) -> str:
    plan = build_plan(case)
    budget = fmt_money(plan.budget)
    if plan.months_to_debt_free is None:
        return t("overview.plan_never", "en", budget=budget)
    if plan.beyond_five_years:
        return t("overview.plan_beyond", "en", budget=budget, months=plan.months_to_debt_free)
    key = "overview.plan_months_agreed" if plan.shortfall > 0 else "overview.plan_months"
    return t(key, "en", budget=budget, months=plan.months_to_debt_free, date=plan.debt_free_date.isoformat())


def test_an_edited_case_is_a_new_cache_entry(make_app):
    """Overview, then a new budget saved into the case, then Overview again: the new plan shows."""
    at = make_app(lang="en", demo="gig_driver", page="pages/overview.py")
    case = at.session_state["case"]
    assert _expected_road(case) in _road_ahead(at)
    richer = case.model_copy(deep=True)
    richer.settings.plan.monthly_budget = (case.settings.plan.monthly_budget or Decimal("0")) + Decimal("5000")
    at.session_state["case"] = richer
    at.run()
    assert_no_exception(at)
    assert _expected_road(richer) != _expected_road(case)
    assert _expected_road(richer) in _road_ahead(at)


def test_two_sessions_each_see_their_own_case(make_app):
    """Two sessions open at once with different demos: figures and totals never cross over."""
    first = make_app(lang="en", demo="gig_driver", page="pages/overview.py")
    second = make_app(lang="en", demo="young_worker", page="pages/overview.py")
    first.run()
    for at, demo in ((first, "gig_driver"), (second, "young_worker")):
        case = load_demo(demo)
        assert _expected_road(case) in _road_ahead(at)
        owed = [m.value for m in at.main.metric if m.label == t("overview.kpi.total_owed", "en")]
        assert owed == [fmt_money(case.total_owed)]
        debts_chart = json.dumps(sent_figures(at)[-1]["data"], ensure_ascii=False)
        assert all(d.platform in debts_chart for d in case.debts if d.total_owed > 0)
