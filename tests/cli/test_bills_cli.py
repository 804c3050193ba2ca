"""The `bills` command: proposals from bill exports as JSON, and exit 2 with the reasons when no file can be read."""

from __future__ import annotations

import json

from overdue_core.cli import main
from overdue_core.i18n import t
from tests.helpers.bills import alipay_csv, wechat_xlsx


def test_the_command_prints_proposals_as_json(tmp_path, capsys):
    (tmp_path / "a.csv").write_bytes(alipay_csv())
    (tmp_path / "w.xlsx").write_bytes(wechat_xlsx())
    assert main(["bills", str(tmp_path / "a.csv"), str(tmp_path / "w.xlsx"), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["layout"] for f in data["files"]] == ["alipay_2022", "wechat"]
    assert data["period"] == {"first": "2026-08-01", "last": "2026-10-31", "months": 3}
    assert {i["name"]: i["monthly"] for i in data["incomes"]} == {
        "Salary (from the bills)": "6000.00",
        "Transfers and red packets (from the bills)": "166.67",
    }
    assert {d["platform"]: (d["due_day"], d["usual_amount"]) for d in data["debts"]}["Huabei (Alipay)"] == (
        9,
        "1200.00",
    )
    assert data["borrowing_to_repay"] is True and data["borrowing"][0]["days"] == 3
    assert all({"file", "line", "when", "amount"} == set(r) for d in data["debts"] for r in d["rows"])


def test_the_command_refuses_what_it_cannot_read_with_exit_2(tmp_path, capsys):
    (tmp_path / "x.csv").write_bytes(b"platform,balance\n")
    assert main(["bills", str(tmp_path / "x.csv"), str(tmp_path / "missing.csv"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert t("bills.error.not_a_bill", "en", layouts="").split(".")[0] in err and "missing.csv" in err
