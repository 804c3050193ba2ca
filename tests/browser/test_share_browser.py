"""Sharing in a real browser: one person saves and makes a counselor link, a second browser
opens it read-only and leaves a note, the first sees the note; afterwards the server log holds
no name, amount, label or note."""

from __future__ import annotations

import re
import time

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.i18n import t
from tests.helpers import (
    BROWSER_TIMEOUT_MS,
    artifact,
    assert_no_page_exception,
    running_app,
    save_on_share_page,
    stop_server,
    wait_idle,
)

pytestmark = pytest.mark.browser

LABEL = "法援中心李老师 LabelMarker"
NOTE = "建议先给借呗打电话申请分期 NoteMarker"
AUTHOR = "李老师"
LINK = re.compile(r"https?://\S+/share#share=[A-Za-z0-9_-]{43}")


@pytest.fixture(scope="module")
def share_server(tmp_path_factory):
    """The app with its own database and a captured log (stdout and stderr)."""
    root = tmp_path_factory.mktemp("share-server")
    log_path = root / "server.log"
    with running_app(
        env={"OVERDUE_DATABASE_URL": f"sqlite:///{root / 'data' / 'cases.sqlite3'}"}, log_path=log_path
    ) as (base, proc):
        yield {"base": base, "log": log_path, "proc": proc, "root": root}


def links_on(pg, besides: str | None = None, timeout: float = 120.0) -> list[str]:
    """The share links shown on the page, waiting (bounded) until one other than ``besides`` is drawn."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            m.group(0) for text in pg.locator('[data-testid="stCode"]').all_inner_texts() for m in LINK.finditer(text)
        ]
        if any(link != besides for link in found) or time.monotonic() > deadline:
            return found
        pg.wait_for_timeout(250)


def test_save_share_note_round_trip_and_quiet_log(share_server, page, phone_page, browser):
    base = share_server["base"]
    zh = lambda key, **kw: t(key, "zh-CN", **kw)  # noqa: E731

    # 1. The owner opens an example and saves it on the share page.
    owner = page
    save_on_share_page(owner, f"{base}/share?demo=young_worker", zh)
    if not links_on(owner, timeout=15):  # the expander with the edit link opens by itself at first
        owner.get_by_text(zh("share.edit_link_heading")).click()
        wait_idle(owner)
    edit_links = links_on(owner)
    assert len(edit_links) == 1
    edit_link = edit_links[0]

    # 2. ... and makes a view-only link for a counselor.
    owner.get_by_label(zh("share.link_label"), exact=True).fill(LABEL)
    owner.get_by_role("button", name=zh("share.link_create")).click()
    wait_idle(owner)
    owner.get_by_text(zh("share.link_never_opened")).wait_for()
    view_links = [link for link in links_on(owner, besides=edit_link) if link != edit_link]
    assert len(view_links) == 1
    view_link = view_links[0]
    owner.screenshot(path=str(artifact("share-owner-desktop.png")), full_page=True)

    # 3. The counselor, on a phone, opens it read-only and leaves a note.
    counselor = phone_page
    counselor.goto(view_link)
    wait_idle(counselor)
    assert_no_page_exception(counselor)
    counselor.get_by_text(zh("share.view.banner", expires="").split("，")[0]).first.wait_for()
    assert "share=" not in counselor.evaluate("location.href"), "the token leaves the address bar"
    assert counselor.get_by_role("button", name=zh("share.save_changes")).count() == 0
    assert counselor.get_by_role("button", name=zh("share.delete_button")).count() == 0
    assert counselor.get_by_text(load_demo("young_worker").title).count() >= 1  # the case is there (sidebar)
    counselor.screenshot(path=str(artifact("share-counselor-phone-top.png")))
    counselor.get_by_label(zh("share.note_author"), exact=True).fill(AUTHOR)
    counselor.get_by_label(zh("share.note_text"), exact=True).fill(NOTE)
    counselor.get_by_role("button", name=zh("share.note_submit")).click()
    wait_idle(counselor)
    counselor.get_by_text(zh("share.note_saved")).wait_for()
    counselor.get_by_text(NOTE).wait_for()
    counselor.screenshot(path=str(artifact("share-counselor-phone.png")), full_page=True)

    # 4. The owner sees the note and that the link was opened.
    owner.get_by_role("button", name=zh("share.notes_refresh")).click()
    wait_idle(owner)
    owner.get_by_text(NOTE).wait_for()
    assert owner.get_by_text(zh("share.link_never_opened")).count() == 0
    owner.screenshot(path=str(artifact("share-owner-with-note-desktop.png")), full_page=True)

    # 5. The edit link reopens the case in a fresh browser (another device), on a phone, in English.
    other = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US"
    )
    try:
        device = other.new_page()
        device.set_default_timeout(BROWSER_TIMEOUT_MS)
        device.goto(edit_link)
        wait_idle(device)
        assert_no_page_exception(device)
        device.get_by_text(t("share.status_saved", "en", version=1)).wait_for()
        device.get_by_text(NOTE).wait_for()
        device.screenshot(path=str(artifact("share-owner-phone-en.png")), full_page=True)

        # 6. A tampered link, opened in a new tab, shows a clear message and nothing of the case.
        tampered = view_link[:-3] + ("AAA" if not view_link.endswith("AAA") else "BBB")
        fresh = other.new_page()
        fresh.set_default_timeout(30_000)
        fresh.goto(tampered)
        wait_idle(fresh)
        fresh.get_by_text(t("share.error.unknown", "en")).wait_for()
        assert fresh.get_by_text(NOTE).count() == 0
        # Pasted into the tab that holds the owner's case, it says so and leaves that case alone.
        device.goto(tampered)
        device.get_by_text(t("share.error.unknown", "en")).wait_for()
        assert "share=" not in device.evaluate("location.href")
    finally:
        other.close()

    # 7. The server log after the whole session holds no name, amount, label or note.
    stop_server(share_server["proc"])
    log = share_server["log"].read_bytes()
    assert b"Streamlit" in log, "the log was captured"
    case = load_demo("young_worker")
    secrets = [
        LABEL,
        NOTE,
        AUTHOR,
        case.title,
        *(i.name for i in case.household.incomes),
        *(d.platform for d in case.debts),
    ]
    amounts = [f"{i.amount:.2f}" for i in case.household.incomes] + [f"{d.balance:.2f}" for d in case.debts]
    for secret in secrets + amounts + [f"{case.total_owed:,.2f}"]:
        assert secret.encode() not in log, secret
    token_part = view_link.rsplit("=", 1)[1]
    assert token_part.encode() not in log
