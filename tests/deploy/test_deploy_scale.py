"""Beyond one instance: two app servers on different ports share one PostgreSQL database.

As behind a load balancer (docs/deploy.md): a case saved in a browser through server A opens,
by its edit link, through server B — and an edit saved through B is what A opens next. Both
servers start at the same moment on an empty database, so both race to create the schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.money import fmt_money
from overdue_core.i18n import t
from overdue_core.share.store import Store
from tests.helpers import (
    assert_no_page_exception,
    free_port,
    save_on_share_page,
    start_server,
    stop_server,
    wait_healthy,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

LINK = re.compile(r"https?://\S+/share#share=([A-Za-z0-9_-]{43})")
en = lambda key, **kw: t(key, "en", **kw)  # noqa: E731


@pytest.fixture
def two_servers(pg_cluster, tmp_path):
    url = pg_cluster.create_database(f"two_servers_{free_port()}")
    procs, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        procs.append(start_server(port, env={"OVERDUE_DATABASE_URL": url}, log_path=tmp_path / f"server-{name}.log"))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(wait_healthy, bases))
        yield {"url": url, "a": bases[0], "b": bases[1]}
    finally:
        for proc in procs:
            stop_server(proc)


@contextmanager
def _in_a_new_browser(browser) -> Iterator[object]:
    """A page in a browser of its own (no cookies or storage shared with the others), closed after."""
    context = browser.new_context(locale="en-US")
    try:
        yield context.new_page()
    finally:
        context.close()


def _save_and_edit_link(pg, base: str, demo: str) -> str:
    save_on_share_page(pg, f"{base}/share?demo={demo}&lang=en", en)
    pg.get_by_text(en("share.edit_link_heading")).click()
    wait_idle(pg)
    # Wait for the link itself to be in the page: on a busy machine it may not be drawn yet.
    pg.locator('[data-testid="stCode"]').filter(has_text=re.compile(LINK.pattern)).first.wait_for(state="attached")
    # Its text, drawn or not yet shown (inner text is empty while the section is still closed).
    links = [
        m.group(1) for text in pg.locator('[data-testid="stCode"]').all_text_contents() for m in LINK.finditer(text)
    ]
    assert len(links) == 1, links
    return links[0]


def test_saved_through_one_server_opens_through_the_other(two_servers, browser):
    case = load_demo("gig_driver")
    owed = fmt_money(case.total_owed)

    # 1. Saved in a browser through server A.
    with _in_a_new_browser(browser) as pg:
        token = _save_and_edit_link(pg, two_servers["a"], "gig_driver")

    # 2. Opened in another browser, with the same link, through server B.
    with _in_a_new_browser(browser) as pg:
        pg.goto(f"{two_servers['b']}/share?share={token}&lang=en")
        wait_idle(pg)
        assert_no_page_exception(pg)
        sidebar = pg.locator('[data-testid="stSidebar"]').inner_text()
        assert case.title in sidebar and owed in sidebar
        pg.get_by_text(en("share.status_saved", version=1)).first.wait_for()  # opened as the saved version

    # 3. The database both use holds exactly that case, and a save through it reaches server A.
    store = Store(two_servers["url"])
    try:
        opened = store.open(token)
        assert opened.case.total_owed == case.total_owed and opened.version == 1
        renamed = opened.case.model_copy(update={"title": "Second server edit"})
        assert store.save(token, renamed, expected_version=1) == 2
    finally:
        store.dispose()
    with _in_a_new_browser(browser) as pg:
        pg.goto(f"{two_servers['a']}/share?share={token}&lang=en")
        # An older ?share= link is first moved into the fragment form, then the app loads the case:
        # wait for the title rather than reading the sidebar at the first quiet moment.
        pg.locator('[data-testid="stSidebar"]').get_by_text("Second server edit").first.wait_for()
        wait_idle(pg)
        pg.get_by_text(en("share.status_saved", version=2)).first.wait_for()
