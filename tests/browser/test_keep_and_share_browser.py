"""In a real browser: nothing typed is lost, and a shared link neither leaks nor outlives itself.

Each test here failed before the fix it guards:
- the case file downloaded right after an edit is the case the page shows (and so is the sidebar);
- letter and contact-log drafts survive page and language switches;
- a reload (and Back from another site) brings the case back from this tab's storage;
- a counselor's session has no enabled input on Finances and Debts;
- an open counselor tab shows nothing once the owner switches the link off;
- after opening a link, Back shows no secret and no request after the first carries it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from overdue_core.case import load_demo, parse_case
from overdue_core.i18n import t
from overdue_core.share import LinkRequest, Store
from tests.helpers import BROWSER_TIMEOUT_MS, assert_no_page_exception, wait_idle

pytestmark = pytest.mark.browser

zh = lambda key, **kw: t(key, "zh-CN", **kw)  # noqa: E731
TITLE = "回家路上的账本 KeepMarker"
#: Every element a person could type into, tick, pick or press in the page's main area.
CONTROLS = (
    "input, textarea, select, button, [role=combobox], [role=checkbox], [role=switch], [role=slider], [role=radio]"
)


def sidebar(pg):
    return pg.locator('[data-testid="stSidebar"]')


def go_to(pg, label: str) -> None:
    sidebar(pg).locator('[data-testid="stSidebarNavLink"]').filter(has=pg.get_by_text(label, exact=True)).first.click()
    wait_idle(pg)


def switch_language(pg, label: str) -> None:
    sidebar(pg).get_by_text(label, exact=True).click()
    wait_idle(pg)


def wait_for_text(pg, text: str, timeout: float = BROWSER_TIMEOUT_MS / 1000) -> None:
    """Wait until ``text`` is drawn and the run that drew it has finished (no stale elements)."""
    pg.get_by_text(text).first.wait_for(timeout=timeout * 1000)
    wait_idle(pg)


def type_the_title(pg, base: str) -> None:
    """Open an example on My finances and type ``TITLE`` as the case's title, then Enter; no wait
    after it: the caller says whether the next step may overtake the run that applies it."""
    pg.goto(f"{base}/finances?demo=young_worker")
    wait_idle(pg)
    box = pg.get_by_label(zh("field.title"), exact=True)
    box.fill(TITLE)
    box.press("Enter")


def type_and_leave(pg, label: str, value: str) -> None:
    """Fill a field and leave it with Tab, as a person moving on does, and wait for that run."""
    field = pg.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
    wait_idle(pg)


def test_download_right_after_an_edit_is_what_the_page_shows(page, db_server):
    type_the_title(page, db_server["base"])  # no wait: the click may overtake the run that applies the edit
    with page.expect_download() as download:
        page.locator(".st-key-sidebar_download button").click()
    saved, problems = parse_case(Path(download.value.path()).read_bytes())
    assert problems == [] and saved.title == TITLE
    wait_idle(page)
    assert sidebar(page).get_by_text(TITLE, exact=True).count() == 1, "the sidebar shows the edit in the same run"
    assert_no_page_exception(page)


def test_drafts_survive_page_and_language_switches(page, db_server):
    page.goto(f"{db_server['base']}/negotiate?demo=young_worker")
    wait_idle(page)
    typed = {
        "letters.form.name": "王小明",
        "letters.form.reason": "今年三月公司裁员，收入没了",
        "letters.form.resume": "下个月开始新工作",
        "letters.form.best_time": "工作日晚上七点后",
    }
    for key, value in typed.items():
        type_and_leave(page, zh(key), value)
    type_and_leave(page, zh("letters.form.income_before"), "8000")
    go_to(page, zh("nav.page.communicate"))
    type_and_leave(page, zh("communicate.log.said"), "客服说可以申请停催 DraftMarker")

    go_to(page, zh("nav.page.start"))
    switch_language(page, "English")
    go_to(page, t("nav.page.negotiate", "en"))
    for key, value in typed.items():
        assert page.get_by_label(t(key, "en"), exact=True).input_value() == value, key
    assert page.get_by_label(t("letters.form.income_before", "en"), exact=True).input_value().startswith("8000")
    go_to(page, t("nav.page.communicate", "en"))
    assert (
        page.get_by_label(t("communicate.log.said", "en"), exact=True).input_value() == "客服说可以申请停催 DraftMarker"
    )
    assert_no_page_exception(page)


def test_reload_and_back_restore_the_case(page, db_server):
    type_the_title(page, db_server["base"])
    wait_idle(page)
    # The tab's copy is written by the browser once the run's answer is drawn: what a reload restores.
    page.wait_for_function("(title) => (sessionStorage.getItem('overdue.tab') || '').includes(title)", arg=TITLE)
    page.reload()
    wait_idle(page)
    wait_for_text(page, TITLE)
    assert page.get_by_label(zh("field.title"), exact=True).input_value() == TITLE
    assert TITLE in page.evaluate("sessionStorage.getItem('overdue.tab')"), "this tab keeps the copy"
    assert TITLE not in page.evaluate("JSON.stringify(localStorage)"), "nothing on the device unless asked"

    page.goto("about:blank")
    page.go_back()
    wait_idle(page)
    wait_for_text(page, TITLE)

    # Forget on this device: the copy is gone, and a reload brings nothing back.
    go_to(page, zh("nav.page.start"))
    page.get_by_role("button", name=zh("keep.forget_button")).click()
    wait_idle(page)
    assert TITLE not in page.evaluate("JSON.stringify(sessionStorage) + JSON.stringify(localStorage)")
    page.goto(f"{db_server['base']}/finances")
    wait_idle(page)
    page.wait_for_timeout(1500)
    assert page.get_by_text(TITLE).count() == 0
    assert_no_page_exception(page)


def _shared(db_server) -> tuple[Store, str, str, str]:
    """A saved demo case with a counselor link, made straight in the server's database."""
    store = Store(db_server["db"])
    made = store.create_case(load_demo("young_worker").model_copy(update={"title": TITLE}))
    link = store.create_view_link(made.edit_token, LinkRequest(label="counselor"))
    return store, made.edit_token, link.token, link.info.id


def open_by_link(pg, db_server, token: str) -> None:
    """Open the shared case by its link (the token in the fragment) and wait until its title shows."""
    pg.goto(f"{db_server['base']}/share#share={token}")
    wait_idle(pg)
    wait_for_text(pg, TITLE)


def enabled_controls(pg) -> list[str]:
    main = pg.locator('[data-testid="stMain"]')
    found = []
    for element in main.locator(CONTROLS).all():
        if element.is_disabled() or element.get_attribute("aria-disabled") == "true":
            continue
        if element.locator("xpath=ancestor::*[@data-testid='stElementToolbar']").count():
            continue  # a table's own toolbar (search, full screen): it changes nothing
        found.append(element.evaluate("e => e.outerHTML.slice(0, 120)"))
    return found


def test_counselor_has_no_enabled_input_on_finances_and_debts(page, db_server):
    store, _edit, view, _link_id = _shared(db_server)
    try:
        open_by_link(page, db_server, view)
        for label in ("nav.page.finances", "nav.page.debts"):
            go_to(page, zh(label))
            wait_for_text(page, zh("keep.read_only.notice"))
            assert enabled_controls(page) == [], label
            assert_no_page_exception(page)
    finally:
        store.dispose()


def test_open_counselor_tab_shows_nothing_after_revoke(page, db_server):
    store, edit, view, link_id = _shared(db_server)
    try:
        open_by_link(page, db_server, view)
        go_to(page, zh("nav.page.overview"))
        store.revoke_link(edit, link_id)
        # The tab looks again on its own within seconds; no click needed.
        wait_for_text(page, zh("keep.ended.counselor_revoked"))
        wait_idle(page)
        assert page.get_by_text(TITLE).count() == 0
        go_to(page, zh("nav.page.debts"))
        assert page.get_by_text(TITLE).count() == 0
        # The tab keeps only its language (ui/chrome.py), which is no part of the case.
        kept = page.evaluate("Object.keys(sessionStorage)")
        assert kept in ([], ["overdue.lang"]), f"nothing of the case is kept in the tab: {kept}"
        go_to(page, zh("nav.page.share"))
        assert page.get_by_role("button", name=zh("share.save_button")).count() == 0
    finally:
        store.dispose()


def test_back_shows_no_secret_and_no_later_request_carries_it(page, db_server):
    store, _edit, view, _link_id = _shared(db_server)
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.url, r.headers.get("referer", ""))))
    try:
        open_by_link(page, db_server, view)
        assert view not in page.evaluate("location.href")
        go_to(page, zh("nav.page.overview"))
        go_to(page, zh("nav.page.plan"))
        page.go_back()
        wait_idle(page)
        page.go_back()
        wait_idle(page)
        assert view not in page.evaluate("location.href"), "Back shows no secret"
        assert requests, "requests were recorded"
        carrying = [(url, ref) for url, ref in requests[1:] if view in url or view in ref]
        assert carrying == []
        assert view not in requests[0][0], "a fragment never reaches the server at all"
    finally:
        store.dispose()
