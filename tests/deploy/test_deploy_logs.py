"""Health and quiet logs: /_stcore/health answers, and after a full session the server log holds
no case data.

The session: a demo opened, a debt edited (a new platform name and amount), the plan's budget
changed, a hardship letter with the person's name, the report page and its PDF. Then the log
(stdout and stderr together) is searched for that name, the amounts and the platform in every
form they could be written. The share flow's log is checked in tests/test_share_browser.py.
"""

from __future__ import annotations

import urllib.request

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.i18n import t
from tests.helpers import assert_no_page_exception, running_app, wait_idle

pytestmark = pytest.mark.browser

NAME = "Lin Quietlog 林静默"
PLATFORM = "Quietlend 静默贷"
OVERDUE = "8765.43"
BUDGET = "7654.32"
en = lambda key, **kw: t(key, "en", **kw)  # noqa: E731


@pytest.fixture(scope="module")
def logged_server(tmp_path_factory):
    """One server for this module, its stdout and stderr in one file (the health check writes no case data)."""
    root = tmp_path_factory.mktemp("logged")
    log_path = root / "server.log"
    with running_app(env={"OVERDUE_DATA_DIR": str(root / "data")}, log_path=log_path) as (base, _proc):
        yield base, log_path


def test_health_endpoint_answers_ok(logged_server):
    base, _log = logged_server
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
        assert response.status == 200 and response.read().decode().strip() == "ok"


def _go(pg, page_key: str) -> None:
    pg.locator('[data-testid="stSidebarNavLink"]').filter(
        has=pg.get_by_text(en(f"nav.page.{page_key}"), exact=True)
    ).first.click()
    wait_idle(pg)
    assert_no_page_exception(pg)


def test_a_full_session_leaves_no_case_data_in_the_log(logged_server, page):
    base, log_path = logged_server
    pg = page
    # Demo.
    pg.goto(f"{base}/?lang=en")
    wait_idle(pg)
    pg.locator(".st-key-demo_gig_driver button").click()
    wait_idle(pg)
    # Edit a debt: a new platform name and overdue amount, saved.
    _go(pg, "debts")
    first = load_demo("gig_driver").debts[0]
    pg.locator(f".st-key-edit_{first.id} button").click()
    wait_idle(pg)
    for label, value in (
        (en("guided.platform_name"), PLATFORM),
        (en("guided.overdue"), OVERDUE),
        (en("guided.days"), "40"),
    ):
        box = pg.get_by_label(label, exact=True)
        box.fill(value)
        box.press("Tab")
        wait_idle(pg)
    pg.locator(f".st-key-save_{first.id} button").click()
    wait_idle(pg)
    pg.get_by_text(en("guided.updated", name=PLATFORM)).first.wait_for()
    # The plan at a new budget.
    _go(pg, "plan")
    box = pg.get_by_label(en("plan_page.field.monthly_budget"), exact=True)
    box.fill(BUDGET)
    box.press("Enter")
    wait_idle(pg)
    pg.locator('[data-testid="stMetric"]').filter(has_text="7,654.32").first.wait_for()
    # A hardship letter with the person's name.
    _go(pg, "negotiate")
    name_box = pg.get_by_label(en("letters.form.name"), exact=True)
    name_box.fill(NAME)
    name_box.press("Enter")
    wait_idle(pg)
    assert_no_page_exception(pg)
    # The report and its PDF.
    _go(pg, "report")
    with pg.expect_download() as download:
        pg.get_by_role("button", name=en("report.page.pdf_button")).click()
    assert download.value.path().stat().st_size > 1000
    wait_idle(pg)

    log = log_path.read_bytes()
    assert b"streamlit" in log.lower(), "the log was captured"
    secrets = [NAME, "Quietlog", "林静默", PLATFORM, "Quietlend", "静默贷", OVERDUE, "8,765.43", BUDGET, "7,654.32"]
    for secret in secrets:
        assert secret.encode() not in log, secret
