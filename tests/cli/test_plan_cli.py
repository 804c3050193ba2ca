"""The `plan` command: JSON and CSV output, strategies, and clear errors with exit 2."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from overdue_core.case.demo import demo_bytes
from overdue_core.cli import main


@pytest.fixture
def case_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(demo_bytes("young_worker"))
    return str(path)


def test_json_for_the_case_strategy(case_file, capsys):
    assert main(["plan", case_file, "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["strategy"] == "overdue_first"
    assert data["total_paid"].count(".") == 1 and len(data["total_paid"].split(".")[1]) == 2
    assert {"id", "current_month", "paid_off_month", "credit_record_clears"} <= set(data["debts"][0])
    assert data["warnings"][0]["code"] == "infeasible" and "short" in data["warnings"][0]["message"]
    row = data["schedule"][0]
    assert (
        ",".join(row)
        == "month,date,debt_id,platform,payment,interest,penalty,fees,principal,balance,overdue,days_overdue,bucket"
    )


def test_all_strategies_and_budget(case_file, capsys):
    assert main(["plan", case_file, "--strategy", "all", "--budget", "9000"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["strategy"] for d in data] == ["overdue_first", "avalanche", "snowball", "minimum_only"]
    assert all(d["feasible"] and d["budget"] == "9000.00" for d in data)


def test_csv_schedule(case_file, capsys):
    assert main(["plan", case_file, "--strategy", "snowball", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["strategy"] for r in rows} == {"snowball"}
    assert all(r["payment"].count(".") == 1 for r in rows)


@pytest.mark.parametrize("budget", ["abc", "-5", "1e99"])
def test_bad_budget_is_a_clear_error(case_file, capsys, budget):
    assert main(["plan", case_file, "--budget", budget, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Monthly budget" in err and "Traceback" not in err


def test_bad_strategy_and_bad_file(tmp_path, capsys):
    assert main(["plan", "missing.json", "--strategy", "fastest", "--lang", "en"]) == 2
    assert "Strategy" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"as_of": "2026-13-01"}', encoding="utf-8")
    assert main(["plan", str(bad)]) == 2
    assert capsys.readouterr().err.strip()


def test_json_names_each_debt_that_falls_behind_with_its_first_month(tmp_path, capsys):
    from tests.helpers.plan_cases import bank_and_unlicensed_app, case_with

    path = tmp_path / "case.json"
    path.write_text(case_with(*bank_and_unlicensed_app(), budget="1500").model_dump_json())
    assert main(["plan", str(path), "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    # The plan to follow lets nobody slip silently: both loans are current and the budget is below
    # their dues, so both share it and both need a call, each with the amount to ask for.
    assert data["scenario"] == "agreed" and data["call_needed"] == ["bank", "app"]
    assert {w["debt_id"] for w in data["warnings"] if w["code"] in ("call_needed", "call_needed_soon")} == {
        "bank",
        "app",
    }
    assert sum(Decimal(o["monthly"]) for o in data["offers"].values()) == Decimal("1500.00")
    # If nobody agrees, the contract simulation names who falls behind, from when.
    slips = [w for w in data["if_nobody_agrees"]["warnings"] if w["code"] == "falls_behind"]
    assert [(w["debt_id"], w["month"]) for w in slips] == [("app", 1)] and "App falls behind from 2026-11-01" in slips[
        0
    ]["message"]


def test_csv_schedule_never_lets_a_platform_name_run_as_a_formula(tmp_path, capsys):
    from tests.helpers.plan_cases import case_with, debt

    path = tmp_path / "case.json"
    path.write_text(
        case_with(
            debt(platform='=HYPERLINK("http://x")', balance="1000", remaining_terms=2, monthly_due="500"), budget="600"
        ).model_dump_json()
    )
    assert main(["plan", str(path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    platform = rows[0].index("platform")
    assert {row[platform] for row in rows[1:]} == {'\'=HYPERLINK("http://x")'}
    assert all(not row[rows[0].index("payment")].startswith("'") for row in rows[1:])
