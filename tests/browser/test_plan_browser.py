"""The Plan page in a real browser: changing the budget redraws the charts; the page works on a phone."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from overdue_core.case import parse_case
from overdue_core.i18n import t
from tests.helpers import artifact, assert_no_page_exception, wait_idle, wait_sidebar

pytestmark = pytest.mark.browser


#: The y values of every trace in the first chart on screen (the balances chart), as JSON.
_PLOTTED = (
    "() => { const el = document.querySelector('.js-plotly-plot');"
    " return el && el.data ? JSON.stringify(Array.from(el.data, t => Array.from(t.y))) : null; }"
)


def plotted_balances(pg) -> list[list[float]]:
    """The y values of every trace in the first chart on screen (the balances chart)."""
    return json.loads(pg.evaluate(_PLOTTED))


def wait_for_new_chart(pg, before: str) -> None:
    """Wait until the chart on screen plots other values than ``before`` (its JSON, read with
    ``_PLOTTED``): the run can be over while the browser is still drawing the new chart."""
    pg.wait_for_function(
        f"(before) => {{ const now = ({_PLOTTED})(); return now !== null && now !== before; }}", arg=before, polling=100
    )


def metric(pg, label: str) -> str:
    box = pg.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def open_plan(pg, base: str, lang: str, demo: str) -> None:
    """Open a demo from the start link, then pick the Plan page in the navigation, as a person would."""
    pg.goto(f"{base}/?demo={demo}&lang={lang}")
    wait_idle(pg)
    if pg.viewport_size["width"] < 600:  # on a phone the sidebar starts folded away
        pg.locator('[data-testid="stExpandSidebarButton"]').click()
        wait_sidebar(pg, expanded=True)
    pg.locator('[data-testid="stSidebarNavLink"]').filter(has_text=t("nav.page.plan", lang)).first.click()
    wait_idle(pg)
    pg.wait_for_selector(".js-plotly-plot")
    assert_no_page_exception(pg)


def test_changing_the_budget_redraws_the_charts(page, app_server):
    open_plan(page, app_server, "en", "young_worker")
    drawn_before = page.evaluate(_PLOTTED)
    before = json.loads(drawn_before)
    debt_free_before = metric(page, t("plan_page.metric.debt_free", "en"))
    budget = page.get_by_role("spinbutton", name=t("plan_page.field.monthly_budget", "en"))
    budget.fill("6000")
    budget.press("Enter")
    page.wait_for_function(
        "(label) => Array.from(document.querySelectorAll('[data-testid=\"stMetric\"]'))"
        ".some(m => m.innerText.includes(label) && m.innerText.includes('6,000.00'))",
        arg=t("plan_page.metric.budget", "en"),
    )
    wait_idle(page)
    wait_for_new_chart(page, drawn_before)
    assert_no_page_exception(page)
    after = plotted_balances(page)
    assert after != before
    # More money each month: the last debt is paid off sooner, and the chart ends sooner.
    assert sum(len(y) for y in after) < sum(len(y) for y in before)
    assert metric(page, t("plan_page.metric.debt_free", "en")) < debt_free_before
    page.screenshot(path=str(artifact("plan-desktop-en.png")), full_page=True)


def test_budget_changed_in_the_plan_part_is_in_the_downloaded_case(page, app_server):
    """The budget reruns only the plan part of the page (a fragment); the sidebar's case file,
    drawn before, must still hold the new budget (nothing typed is lost on download)."""
    open_plan(page, app_server, "en", "young_worker")
    budget = page.get_by_role("spinbutton", name=t("plan_page.field.monthly_budget", "en"))
    budget.fill("4321.5")
    budget.press("Enter")
    page.locator('[data-testid="stMetric"]').filter(has_text=t("plan_page.metric.budget", "en")).filter(
        has_text="4,321.50"
    ).wait_for()
    wait_idle(page)
    with page.expect_download() as download:
        page.locator(".st-key-sidebar_download button").click()
    saved, problems = parse_case(Path(download.value.path()).read_bytes())
    assert problems == [] and saved.settings.plan.monthly_budget == Decimal("4321.50")


def test_chart_and_detail_pickers_draw_what_is_picked(page, app_server):
    """Only the chosen chart and the chosen part in detail are drawn (the month-by-month table
    once picked); the chosen chart stays chosen across a language switch."""
    open_plan(page, app_server, "en", "family_cards")
    assert page.locator(".js-plotly-plot").count() == 1
    page.locator(".st-key-plan_chart button").filter(has_text=t("plan_page.tab.timeline", "en")).click()
    page.get_by_text(t("plan_page.chart.timeline_title", "en")).wait_for()
    wait_idle(page)
    assert page.locator(".js-plotly-plot").count() == 1
    # A language switch keeps the chosen chart.
    page.locator(".st-key-lang_choice button").filter(has_text=t("enum.lang.zh-CN", "en")).click()
    page.get_by_text(t("plan_page.chart.timeline_title", "zh-CN")).wait_for()
    wait_idle(page)
    assert page.locator(".js-plotly-plot").count() == 1
    # The schedule (hundreds of rows) is the page's one grid, drawn only once picked, in place of
    # the debt-by-debt cards.
    tables = page.locator('[data-testid="stDataFrame"]')
    assert tables.count() == 0 and page.get_by_text(t("plan_page.clear_in_explain", "zh-CN")).count() == 1
    page.locator(".st-key-plan_detail button").filter(has_text=t("plan_page.schedule_heading", "zh-CN")).click()
    page.get_by_text(t("plan_page.schedule_intro", "zh-CN")).wait_for()
    wait_idle(page)
    assert tables.count() == 1
    assert page.get_by_text(t("plan_page.clear_in_explain", "zh-CN")).count() == 0
    assert_no_page_exception(page)


def test_plan_page_on_a_phone(phone_page, app_server):
    open_plan(phone_page, app_server, "zh-CN", "gig_driver")
    assert phone_page.get_by_text(t("plan_page.offers_heading", "zh-CN")).is_visible()
    assert phone_page.locator(".js-plotly-plot").first.is_visible()
    width = phone_page.evaluate("() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollWidth")
    assert width <= 390
    phone_page.screenshot(path=str(artifact("plan-phone-zh.png")), full_page=True)
