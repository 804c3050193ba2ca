"""On a phone (390×844): a person imports their Alipay and WeChat Pay bills on the Finances page,
looks at what they propose, drops one debt and adds the rest; the case then holds the income,
the spending and the debts with their due days, and the borrowing-to-repay flag."""

from __future__ import annotations

import re

import pytest

from overdue_core.i18n import t
from tests.helpers import artifact, assert_no_page_exception, wait_idle
from tests.helpers.bills import alipay_csv, wechat_xlsx

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_bills_on_a_phone_and_confirm_the_proposals(phone_page, app_server):
    pg = phone_page
    _ = lambda key, **kw: t(key, "zh-CN", **kw)  # noqa: E731
    pg.goto(f"{app_server}/?lang=zh-CN")
    wait_idle(pg)
    pg.get_by_role("button", name=_("start.own_button")).click()
    wait_idle(pg)
    pg.locator(".st-key-bills_upload_0 input[type=file]").set_input_files(
        [
            {"name": "alipay.csv", "mimeType": "text/csv", "buffer": alipay_csv()},
            {"name": "wechat.xlsx", "mimeType": XLSX, "buffer": wechat_xlsx()},
        ]
    )
    summary = pg.get_by_text(_("bills.page.summary", rows=42, first="2026-08-01", last="2026-10-31", months=3))
    summary.wait_for()
    wait_idle(pg)
    summary.scroll_into_view_if_needed()
    pg.screenshot(path=str(artifact("bills-phone-1-read.png")))
    assert pg.get_by_text(
        _("bills.page.borrowing_found", date="2026-10-05", payout="借呗", amount="3,000.00", days=3, repaid="花呗")
    ).is_visible()
    # The rows behind a line open under it.
    pg.get_by_text(_("bills.page.rows_behind", count=3)).first.click()
    pg.locator('[data-testid="stDataFrame"]').first.wait_for()
    # Drop 微粒贷, keep the rest, and add.
    pg.locator('[data-testid="stCheckbox"]').filter(has_text="微粒贷").locator("label").click()
    owed = pg.locator(".st-key-bills_balance_huabei_1_0 input")
    owed.click()
    owed.press_sequentially("3000")
    owed.press("Tab")
    confirm = pg.get_by_role("button", name=_("bills.page.confirm"))
    confirm.scroll_into_view_if_needed()
    pg.screenshot(path=str(artifact("bills-phone-2-proposals.png")))
    confirm.click()
    done = pg.get_by_text(_("bills.page.done", incomes=2, expenses=3, debts=3))
    done.wait_for()
    wait_idle(pg)
    assert_no_page_exception(pg)
    # The household now reads from the bills: income 6,166.67 a month.
    assert pg.locator('[data-testid="stMetricValue"]').filter(has_text="6,166.67").count() == 1
    pg.get_by_role("link", name=_("finances.next_debts")).click()
    wait_idle(pg)
    pg.screenshot(path=str(artifact("bills-phone-3-debts.png")), full_page=True)
    # One card per debt added (the card names it in bold), and none for the one dropped.
    cards = [
        pg.locator("strong:visible").filter(has_text=re.compile(f"^{name}$")).count()
        for name in ("招商银行信用卡", "花呗", "美团月付", "微粒贷")
    ]
    assert cards == [1, 1, 1, 0]
    # 花呗 owes what was typed and asks its usual 1,200.00 a month.
    assert pg.get_by_text(_("guided.card_line", owed="3,000.00"), exact=False).count() == 1
    assert pg.locator('[class*="st-key-edit_d"]').count() == 3
    assert pg.get_by_role("checkbox", name=_("debts.flag.borrowing_to_repay")).is_checked()
    assert_no_page_exception(pg)
