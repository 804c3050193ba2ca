"""The bills import on the Finances and Debts pages: proposals shown with their rows, changed,
dropped and added to the case; files that cannot be read get a message; nothing in English on a
Chinese page; file text never rendered as markup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from overdue_core.case import new_case
from overdue_core.i18n import t
from tests.helpers import assert_no_exception
from ui.user_text import md_escape
from tests.helpers.bills import Tx, alipay_csv, alipay_rows, wechat_xlsx

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = [("alipay.csv", alipay_csv(), CSV), ("wechat.xlsx", wechat_xlsx(), XLSX)]


def _upload(at, files):
    uploader = next(u for u in at.get("file_uploader") if u.proto.id and "bills_upload" in u.proto.id)
    uploader.set_value(files).run()
    assert_no_exception(at)
    return at


def _submit(at, label_key, lang):
    next(b for b in at.button if b.label == t(label_key, lang)).click().run()
    assert_no_exception(at)


@pytest.mark.parametrize("page", ["pages/finances.py", "pages/debts.py"])
def test_both_pages_offer_the_import(make_app, page):
    at = make_app(case=new_case(dt.date(2026, 11, 30)), page=page)
    assert t("bills.page.heading", "zh-CN") in [s.value for s in at.header]
    assert any(u.label == t("bills.page.upload_label", "zh-CN") for u in at.get("file_uploader"))


def test_proposals_are_changed_dropped_and_added(make_app):
    at = make_app(case=new_case(dt.date(2026, 11, 30)), page="pages/finances.py")
    _upload(at, FILES)
    summary = t("bills.page.summary", "zh-CN", rows=42, first="2026-08-01", last="2026-10-31", months=3)
    assert summary in [s.value for s in at.success]
    keeps = {c.label: c for c in at.checkbox if c.key.startswith("bills_keep_")}
    assert set(keeps) >= {"工资（来自账单）", "吃饭（来自账单）", "花呗", "招商银行信用卡", "微粒贷"}
    assert any(
        t(
            "bills.page.borrowing_found",
            "zh-CN",
            date="2026-10-05",
            payout="借呗",
            amount="3,000.00",
            days=3,
            repaid="花呗",
        )
        == w.value
        for w in at.warning
    )
    # change the food line, drop the transfers and 微粒贷, keep everything else
    food_key = keeps["吃饭（来自账单）"].key.replace("bills_keep_", "bills_amount_")
    at.number_input(key=food_key).set_value(150.0)
    keeps["转账和红包（来自账单）"].uncheck()
    keeps["微粒贷"].uncheck()
    at.number_input(key=keeps["花呗"].key.replace("bills_keep_", "bills_balance_")).set_value(3000.0)
    _submit(at, "bills.page.confirm", "zh-CN")
    case = at.session_state["case"]
    assert [(i.name, i.amount) for i in case.household.incomes] == [("工资（来自账单）", Decimal("6000.00"))]
    assert {e.name: e.amount for e in case.household.expenses} == {
        "房租/房贷（来自账单）": Decimal("2000.00"),
        "吃饭（来自账单）": Decimal("150.00"),
        "交通（来自账单）": Decimal("28.00"),
    }
    assert [(d.platform, d.monthly_due, d.due_day, d.balance) for d in case.debts] == [
        ("招商银行信用卡", Decimal("2500.00"), 20, 0),
        ("花呗", Decimal("1200.00"), 9, Decimal("3000.00")),
        ("美团月付", Decimal("1050.00"), 25, 0),
    ]
    assert case.flags.borrowing_to_repay
    assert t("bills.page.done", "zh-CN", incomes=1, expenses=3, debts=3) in [s.value for s in at.success]
    assert "bills_import" not in at.session_state  # nothing of the files is kept once added


def test_a_line_that_cannot_be_added_names_it_and_the_case_stays(make_app):
    at = make_app(lang="en", case=new_case(dt.date(2026, 11, 30), "en"), page="pages/debts.py")
    _upload(at, FILES[:1])
    platform = next(t_ for t_ in at.text_input if t_.key.startswith("bills_platform_huabei"))
    platform.set_value("   ")
    _submit(at, "bills.page.confirm", "en")
    assert at.session_state["case"].debts == []
    assert any(x.value.startswith("• Huabei (Alipay) › ") for x in at.text)


def test_cancel_adds_nothing(make_app):
    at = make_app(demo="young_worker", page="pages/debts.py")
    before = at.session_state["case"]
    _upload(at, FILES[:1])
    _submit(at, "bills.page.cancel", "zh-CN")
    assert at.session_state["case"] == before
    assert t("bills.page.cancelled", "zh-CN") in [i.value for i in at.info]


def test_other_files_get_their_message_and_the_name_is_escaped(make_app):
    at = make_app(lang="en", case=new_case(dt.date(2026, 11, 30), "en"), page="pages/finances.py")
    name = "**bold** <b>x</b>.csv"
    _upload(at, [(name, "交易时间,金额,收/支\n".encode(), CSV)])
    [error] = [e.value for e in at.error]
    assert md_escape(name) in error and "<b>" not in error
    assert any(t("bills.error.other_layout", "en", layouts="").rstrip() in x.value for x in at.text)


def test_the_english_page_shows_no_chinese_from_the_catalog(make_app):
    import re

    at = make_app(lang="en", case=new_case(dt.date(2026, 11, 30), "en"), page="pages/debts.py")
    rows = [r for r in alipay_rows() if "花呗" in r.item or "借呗" in r.item or r.other == "招商银行"]
    _upload(at, [("a.csv", alipay_csv(rows), CSV)])
    shown = [
        *(c.label for c in at.checkbox),
        *(s.value for s in at.subheader),
        *(c.value for c in at.caption),
        *(w.value for w in at.warning),
    ]
    assert [s for s in shown if re.search(r"[\u3400-\u9fff]", s)] == []
    assert "China Merchants Bank credit card" in [c.label for c in at.checkbox]


def test_file_text_is_shown_as_text_in_the_rows_table(make_app):
    rows = [Tx("2026-08-03 12:30:00", "餐饮美食", "<img src=x onerror=alert(1)>", "[link](http://x)", "支出", "10.00")]
    at = make_app(case=new_case(dt.date(2026, 11, 30)), page="pages/finances.py")
    _upload(at, [("a.csv", alipay_csv(rows), CSV)])
    frames = [d.value for d in at.dataframe]
    assert any("<img src=x onerror=alert(1)>" in frame.to_string() for frame in frames)
    assert all("onerror" not in m.value for m in at.markdown)
