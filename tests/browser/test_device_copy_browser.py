"""The copy kept "on this device" (localStorage), in a real browser with two tabs.

Each test here failed before the fix it guards:
- the device copy held a saved case's edit link, so the next person at that browser could change
  or delete the saved case, and the option did not say what it keeps;
- after "Forget on this device" in one tab, another open tab wrote the case back on its next edit.
"""

from __future__ import annotations

import pytest

from overdue_core.case import load_demo
from overdue_core.i18n import t
from overdue_core.share import Store
from tests.helpers import assert_no_page_exception, wait_idle

pytestmark = pytest.mark.browser

zh = lambda key, **kw: t(key, "zh-CN", **kw)  # noqa: E731
TITLE = "设备副本 DeviceMarker"
LATER = "另一个标签页改的 LaterMarker"


def go_to(pg, label: str) -> None:
    pg.locator('[data-testid="stSidebar"] [data-testid="stSidebarNavLink"]').filter(
        has=pg.get_by_text(label, exact=True)
    ).first.click()
    wait_idle(pg)


def keep_on_device(pg) -> None:
    go_to(pg, zh("nav.page.start"))
    pg.get_by_text(zh("keep.mode.device"), exact=True).click()
    wait_idle(pg)


def set_title(pg, title: str) -> None:
    box = pg.get_by_label(zh("field.title"), exact=True)
    box.fill(title)
    box.press("Enter")
    wait_idle(pg)


def device_storage(pg) -> str:
    return pg.evaluate("JSON.stringify(localStorage)")


def test_the_device_copy_never_holds_the_edit_link(page, db_server):
    store = Store(db_server["db"])
    try:
        made = store.create_case(load_demo("young_worker").model_copy(update={"title": TITLE}))
        page.goto(f"{db_server['base']}/share#share={made.edit_token}")
        wait_idle(page)
        page.get_by_text(TITLE).first.wait_for()
        keep_on_device(page)
        go_to(page, zh("nav.page.finances"))
        set_title(page, TITLE + " 2")
        kept = device_storage(page)
        assert TITLE + " 2" in kept, "the case itself is kept on the device, as chosen"
        assert made.edit_token not in kept, "the edit link never is"
        # The option says so where it is chosen.
        go_to(page, zh("nav.page.start"))
        assert "编辑链接" in page.get_by_text(zh("keep.mode.device"), exact=True).inner_text()
        assert_no_page_exception(page)
    finally:
        store.dispose()


def test_forget_in_one_tab_wins_over_another_open_tab(page, db_server):
    first = page
    first.goto(f"{db_server['base']}/finances?demo=young_worker")
    wait_idle(first)
    set_title(first, TITLE)
    keep_on_device(first)
    assert TITLE in device_storage(first)

    # A second tab of the same browser opens the case from the device copy.
    second = first.context.new_page()
    second.goto(f"{db_server['base']}/finances")
    wait_idle(second)
    second.get_by_text(TITLE).first.wait_for()

    go_to(first, zh("nav.page.start"))
    first.get_by_role("button", name=zh("keep.forget_button")).click()
    wait_idle(first)
    assert TITLE not in device_storage(first)

    # The other tab's next edit must not bring the copy back.
    set_title(second, LATER)
    wait_idle(first)
    kept = device_storage(second)
    assert LATER not in kept and TITLE not in kept, "Forget on this device holds for every open tab"
    assert LATER not in second.evaluate("JSON.stringify(sessionStorage)"), "that tab keeps nothing either"
    go_to(second, zh("nav.page.start"))
    assert second.get_by_role("radio", name=zh("keep.mode.off")).is_checked(), "that tab shows it keeps nothing now"
    assert second.locator('[data-testid="stSidebar"]').get_by_text(LATER).count() > 0, (
        "what was typed stays on the page"
    )
    assert_no_page_exception(second)
