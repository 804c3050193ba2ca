"""Bills are read in the limited child: the same rows as in-process, and a message for any file that
cannot be read there (bounded by the child's time and memory limits, never a hang or a traceback)."""

from __future__ import annotations

from overdue_core.bills import read_bill, read_bill_limited, read_bills_limited
from overdue_core.i18n import t
from tests.helpers.bills import alipay_csv, wechat_xlsx


def test_the_child_gives_the_same_rows_as_reading_here():
    raw = alipay_csv()
    assert read_bill_limited(raw, "a.csv", "zh-CN").rows == read_bill(raw, "a.csv", "zh-CN").rows


def test_several_files_bad_huge_and_foreign_each_get_a_message():
    files = [
        ("alipay.csv", alipay_csv()),
        ("wechat.xlsx", wechat_xlsx()),
        ("mine.csv", "交易时间,金额,收/支\n".encode()),
        ("huge.csv", b"x" * (3 * 1024 * 1024)),
        ("broken.xlsx", b"PK\x03\x04broken"),
    ]
    readings, proposals = read_bills_limited(files, "en")
    assert [bool(r.rows) for r in readings] == [True, True, False, False, False]
    assert [[p.code for p in r.problems] for r in readings[2:]] == [["other_layout"], ["too_large"], ["bad_xlsx"]]
    assert readings[2].problems[0].path == "mine.csv"
    assert {row.file for row in readings[1].rows} == {1}
    assert proposals.borrowing_to_repay and len(proposals.debts) == 4


def test_a_child_out_of_memory_is_told_plainly():
    reading = read_bill_limited(alipay_csv(), "a.csv", "en", memory_mb=30)
    assert [p.code for p in reading.problems] == ["too_much_memory"]
    assert reading.problems[0].message.endswith(t("import_guard.too_much_memory", "en", limit_mb=30))
