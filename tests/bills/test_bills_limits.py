"""Bills are read in the limited child: the same rows as in-process, and a message for any file that
cannot be read there (bounded by the child's time and memory limits, never a hang or a traceback)."""

from __future__ import annotations

import json

from overdue_core.bills import read_bill, read_bill_limited, read_bills_limited
from overdue_core.cli import main
from overdue_core.i18n import t
from tests.helpers.bills import alipay_csv, wechat_xlsx


def test_the_child_gives_the_same_rows_as_reading_here():
    raw = alipay_csv()
    assert read_bill_limited(raw, "a.csv", "zh-CN").rows == read_bill(raw, "a.csv", "zh-CN").rows


def test_several_files_bad_huge_and_foreign_each_get_a_message():
    files = [("alipay.csv", alipay_csv()), ("wechat.xlsx", wechat_xlsx()), ("mine.csv", "交易时间,金额,收/支\n".encode()),
             ("huge.csv", b"x" * (3 * 1024 * 1024)), ("broken.xlsx", b"PK\x03\x04broken")]
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


def test_the_command_prints_proposals_as_json(tmp_path, capsys):
    (tmp_path / "a.csv").write_bytes(alipay_csv())
    (tmp_path / "w.xlsx").write_bytes(wechat_xlsx())
    assert main(["bills", str(tmp_path / "a.csv"), str(tmp_path / "w.xlsx"), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["layout"] for f in data["files"]] == ["alipay_2022", "wechat"]
    assert data["period"] == {"first": "2026-08-01", "last": "2026-10-31", "months": 3}
    assert {i["name"]: i["monthly"] for i in data["incomes"]} == {"Salary (from the bills)": "6000.00", "Transfers and red packets (from the bills)": "166.67"}
    assert {d["platform"]: (d["due_day"], d["usual_amount"]) for d in data["debts"]}["Huabei (Alipay)"] == (9, "1200.00")
    assert data["borrowing_to_repay"] is True and data["borrowing"][0]["days"] == 3
    assert all({"file", "line", "when", "amount"} == set(r) for d in data["debts"] for r in d["rows"])


def test_the_command_refuses_what_it_cannot_read_with_exit_2(tmp_path, capsys):
    (tmp_path / "x.csv").write_bytes(b"platform,balance\n")
    assert main(["bills", str(tmp_path / "x.csv"), str(tmp_path / "missing.csv"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert t("bills.error.not_a_bill", "en", layouts="").split(".")[0] in err and "missing.csv" in err
