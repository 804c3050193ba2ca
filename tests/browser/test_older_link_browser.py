"""A link of the older form (``/share?share=<token>``) is moved into the fragment form before
anything of the app is loaded, over HTTP and in a real browser.

Each test here failed before the fix: the older form was answered with the app's own page,
whose scripts, styles and fonts were then fetched while the secret was in the address.
"""

from __future__ import annotations

import urllib.request

import pytest

from overdue_core.case import load_demo
from overdue_core.share import Store
from tests.helpers import wait_idle, warm

pytestmark = pytest.mark.browser

TITLE = "旧链接 OlderLinkMarker"


@pytest.fixture()
def saved(db_server):
    store = Store(db_server["db"])
    try:
        yield store.create_case(load_demo("young_worker").model_copy(update={"title": TITLE})).edit_token
    finally:
        store.dispose()


def test_the_older_form_is_answered_by_a_page_that_loads_nothing(browser, db_server, saved):
    warm(browser, db_server["base"])
    with urllib.request.urlopen(f"{db_server['base']}/share?lang=en&share={saved}", timeout=30) as response:
        body = response.read().decode()
        headers = {name.lower(): value for name, value in response.headers.items()}
    assert saved not in body, "the page never repeats the secret"
    for loads in ("src=", "href=", "<link", "<img", "@import", "url("):
        assert loads not in body, loads
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-security-policy"].startswith("default-src 'none'")


def test_an_older_link_opens_through_the_fragment_and_nothing_else_carries_it(browser, db_server, saved):
    warm(browser, db_server["base"])
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        requests: list[tuple[str, str]] = []
        pg.on("request", lambda r: requests.append((r.url, r.headers.get("referer", ""))))
        pg.goto(f"{db_server['base']}/share?share={saved}")
        wait_idle(pg)
        pg.get_by_text(TITLE).first.wait_for()
        assert saved not in pg.evaluate("location.href")
        assert saved in requests[0][0], "the older form's one request"
        second = requests[1][0]
        assert second == f"{db_server['base']}/share", (
            f"the next request is the app's page, the secret in its fragment: {second}"
        )
        carrying = [(url, ref) for url, ref in requests[1:] if saved in url or saved in ref]
        assert carrying == []
        pg.go_back()
        assert saved not in pg.evaluate("location.href"), "Back shows no secret"
    finally:
        context.close()
