"""Reading bill exports: every supported layout and encoding gives the same rows; any other file a message."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from overdue_core.bills import MAX_BILL_ROWS, read_bill
from overdue_core.bills.readers import parse_amount
from overdue_core.i18n import t
from tests.helpers.bills import (
    ALIPAY_HEADER,
    WECHAT_HEADER,
    Tx,
    alipay_csv,
    alipay_rows,
    alipay_web_csv,
    wechat_csv,
    wechat_rows,
    wechat_xlsx,
)

ALIPAY_FILES = {
    "app, GBK": lambda: alipay_csv(),
    "app, GB18030": lambda: alipay_csv(encoding="gb18030"),
    "app, UTF-8 with BOM": lambda: alipay_csv(encoding="utf-8-sig"),
    "website, GBK": lambda: alipay_web_csv(),
}
WECHAT_FILES = {
    "CSV, UTF-8 with BOM": lambda: (wechat_csv(), "bill.csv"),
    "CSV, UTF-8": lambda: (wechat_csv(encoding="utf-8"), "bill.csv"),
    "CSV, GB18030 (saved again in Excel)": lambda: (wechat_csv(encoding="gb18030"), "bill.csv"),
    "XLSX": lambda: (wechat_xlsx(), "bill.xlsx"),
}


@pytest.mark.parametrize("make", ALIPAY_FILES.values(), ids=ALIPAY_FILES.keys())
def test_alipay_layouts_and_encodings_give_every_row(make):
    reading = read_bill(make(), "alipay.csv", "zh-CN")
    assert reading.problems == []
    assert reading.layout in {"alipay_2022", "alipay_web"}
    assert reading.period == (dt.date(2026, 8, 1), dt.date(2026, 10, 31))
    assert len(reading.rows) == len(alipay_rows())
    first = reading.rows[0]
    assert (first.provider, first.when, first.counterparty, first.amount, first.direction) == (
        "alipay",
        dt.datetime(2026, 8, 10, 9),
        "某某科技有限公司",
        Decimal("6000.00"),
        "in",
    )
    states = {row.item: row.state for row in reading.rows}
    assert states["外套"] == "closed" and states["杯子"] == "pending" and states["退款-外套"] == "refund"


def test_the_website_layout_reads_its_own_refund_column():
    rows = {row.item: row for row in read_bill(alipay_web_csv(), "a.csv", "en").rows}
    assert rows["日用品"].refunded == Decimal("100.00") and rows["日用品"].net == Decimal("200.00")


@pytest.mark.parametrize("make", WECHAT_FILES.values(), ids=WECHAT_FILES.keys())
def test_wechat_layouts_and_encodings_give_every_row(make):
    raw, name = make()
    reading = read_bill(raw, name, "zh-CN")
    assert reading.problems == []
    assert reading.layout == "wechat"
    assert len(reading.rows) == len(wechat_rows())
    rows = {(row.counterparty, row.item): row for row in reading.rows}
    assert rows[("美团", "美团月付还款")].amount == Decimal("1050.00")  # "¥1,050.00"
    fruit = rows[("某生鲜店", "水果")]
    assert (fruit.state, fruit.refunded, fruit.net) == ("done", Decimal("30.00"), Decimal("70.00"))
    assert rows[("某餐厅", "晚饭")].state == "refunded"
    assert rows[("某商店", "/")].state == "closed"


@pytest.mark.parametrize(
    ("text", "value"), [("¥1,234.56", "1234.56"), (" 49.74\t", "49.74"), ("￥28", "28"), ("0.07", "0.07")]
)
def test_amounts_are_exact(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "-5.00", "1.234", "abc", "1e3", "NaN"])
def test_amounts_that_are_not_money_are_refused(text):
    assert parse_amount(text) is None


def test_a_bad_row_is_reported_by_its_line_and_the_rest_are_read():
    rows = alipay_rows()
    rows[2] = Tx("not a time", "餐饮美食", "x", "y", "支出", "1.00")
    rows[3] = Tx("2026-08-04 08:10:00", "交通出行", "x", "y", "支出", "twelve")
    reading = read_bill(alipay_csv(rows), "a.csv", "en")
    assert [p.code for p in reading.problems] == ["bad_time", "bad_amount"]
    assert reading.problems[0].path == t("item.row", "en", n=16)
    assert len(reading.rows) == len(rows) - 2


def test_another_layout_is_named_never_guessed():
    text = "交易时间,交易对方,金额,收/支,分类\n2026-08-01 10:00:00,x,1.00,支出,吃饭\n"
    reading = read_bill(text.encode(), "mine.csv", "zh-CN")
    assert reading.rows == []
    assert [p.code for p in reading.problems] == ["other_layout"]
    assert t("bills.layout.wechat", "zh-CN") in reading.problems[0].message


def test_a_debts_table_is_not_a_bill():
    reading = read_bill("platform,balance\n花呗,100\n".encode(), "debts.csv", "en")
    assert [p.code for p in reading.problems] == ["not_a_bill"]


def test_a_header_missing_one_column_is_another_layout():
    header = ",".join(ALIPAY_HEADER[:-1])
    reading = read_bill(f"{header}\n".encode("gbk"), "a.csv", "en")
    assert [p.code for p in reading.problems] == ["other_layout"]


@pytest.mark.parametrize(
    ("raw", "name", "code"),
    [
        (b"", "a.csv", "empty"),
        (b"\xd0\xcf\x11\xe0rest", "a.xls", "old_xls"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "bad_xlsx"),
        (b"hello\x00world", "a.csv", "not_text"),
        (b"x" * (2 * 1024 * 1024 + 1), "a.csv", "too_large"),
        (b'"' + b"x" * 200_000, "a.csv", "bad_csv"),
    ],
    ids=["empty", "xls", "broken zip", "binary", "too large", "a quote that never ends"],
)
def test_files_that_cannot_be_read_get_one_translated_message(raw, name, code):
    reading = read_bill(raw, name, "en")
    assert reading.rows == [] and [p.code for p in reading.problems] == [code]
    assert reading.problems[0].message == t(f"bills.error.{code}", "en", limit_mb=2)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    reading = read_bill(out.getvalue(), "bomb.xlsx", "en")
    assert [p.code for p in reading.problems] == ["unsafe_xlsx"]


def test_too_many_rows_are_refused():
    row = "2026-08-03 12:30:00,x,x,x,支出,1.00,x,x,1,1,/\n"
    raw = (",".join(WECHAT_HEADER) + "\n" + row * (MAX_BILL_ROWS + 1)).encode()
    assert len(raw) < 2 * 1024 * 1024
    reading = read_bill(raw, "w.csv", "en")
    assert reading.rows == [] and [p.code for p in reading.problems] == ["too_many_rows"]


def test_formula_text_stays_text():
    rows = [Tx("2026-08-03 12:30:00", "餐饮美食", '=HYPERLINK("http://x")', "@SUM(A1)", "支出", "1.00")]
    row = read_bill(alipay_csv(rows), "a.csv", "en").rows[0]
    assert (
        row.counterparty.startswith("=HYPERLINK") and row.item == "@SUM(A1)"
    )  # kept as text; never a name in the case
