"""The Overview in a real browser: a demo case opens on it, with the score, the reasons and the charts."""

from __future__ import annotations

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.i18n import t
from overdue_core.risk.score import score_case
from tests.helpers import BROWSER_TIMEOUT_MS, artifact, assert_no_page_exception, full_screenshot, wait_idle
from tests.helpers.charts import DRAWN_CHART

pytestmark = pytest.mark.browser

PLOTLY = DRAWN_CHART


def _full_screenshot(pg, name: str, width: int) -> None:
    full_screenshot(pg, artifact(name), width)


def _wait_for_charts(pg, count: int) -> None:
    pg.wait_for_function(
        f"() => document.querySelectorAll('{PLOTLY} .main-svg').length >= {count}", timeout=BROWSER_TIMEOUT_MS
    )


def _open(pg, url: str) -> None:
    """Open the app by a link and wait until its run has finished, without an exception."""
    pg.goto(url)
    wait_idle(pg)
    assert_no_page_exception(pg)


def _wait_for_level(pg, demo: str, lang: str, level: str):
    """Wait for the heading with the demo's score (as the core scores it) at ``level``; that score."""
    result = score_case(load_demo(demo))
    pg.get_by_text(t("overview.level_heading", lang, level=level, score=result.score)).wait_for()
    return result


def test_demo_link_lands_on_overview_with_score_reasons_and_charts(page, app_server):
    _open(page, f"{app_server}/?demo=gig_driver")
    result = _wait_for_level(page, "gig_driver", "zh-CN", "危急")
    for factor in result.factors:
        assert page.get_by_text(factor.explanation("zh-CN"), exact=True).count() == 1, factor.code
    _wait_for_charts(page, 4)
    assert page.locator(PLOTLY).count() == 4
    _full_screenshot(page, "overview-desktop.png", 1280)


def test_start_page_demo_button_then_overview_in_the_sidebar(page, app_server):
    page.goto(app_server)
    wait_idle(page)
    page.locator(".st-key-demo_gig_driver button").click()
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("总览", exact=True).click()
    wait_idle(page)
    assert_no_page_exception(page)
    page.get_by_text("风险等级：危急", exact=False).wait_for()
    _wait_for_charts(page, 4)


def test_phone_overview(phone_page, app_server):
    pg = phone_page
    _open(pg, f"{app_server}/?demo=gig_driver")
    pg.get_by_text("先做这几件事（按顺序）").wait_for()
    _wait_for_charts(pg, 4)
    assert pg.locator(PLOTLY).count() == 4
    width = pg.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390 + 1, width  # nothing forces sideways scrolling on a phone
    _full_screenshot(pg, "overview-phone.png", 390)


def test_english_overview(page, app_server):
    _open(page, f"{app_server}/?demo=family_cards&lang=en")
    _wait_for_level(page, "family_cards", "en", "High")
    _wait_for_charts(page, 4)
    page.get_by_text("Do these first (in this order)").wait_for()
