"""Legal lines compared at the precision they are stated (0.01 %), in one helper for legal and risk;
unlicensed penalties above the line marked in the plan's costs; the ``legal`` command."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy_financial as npf
import pytest

from overdue_core.case.models import Case, Debt
from overdue_core.cli import main
from overdue_core.measures.legal.findings import apr_finding, line_statuses, penalty_finding
from overdue_core.plan import build_plan
from overdue_core.plan.apr import contractual_payments, debt_true_apr
from overdue_core.risk import score_case
from overdue_core.rules import above_line
from tests.helpers.debts import behind, sane_loan

D = Decimal


def debt(**kw) -> Debt:
    """9,999.99 at 24 % a year in 12 level terms: a licensed loan priced at its line."""
    return sane_loan(**{"platform": "某贷", "balance": "9999.99", "annual_rate": "0.24", **kw})


def case_of(*debts: Debt, **kw) -> Case:
    return Case.model_validate({"as_of": "2026-11-01", "debts": [d.model_dump() for d in debts], **kw})


PRICED_AT_LINES = [
    (rate, months, balance, kind)
    for rate, kind in (("0.24", "installment_loan"), ("0.36", "installment_loan"), ("0.12", "private_loan"))
    for months in (3, 6, 12, 24, 36)
    for balance in ("9999.99", "10000", "3333.33", "87654.32")
]


@pytest.mark.parametrize(("rate", "months", "balance", "kind"), PRICED_AT_LINES)
def test_a_loan_priced_exactly_at_a_line_is_within_it(rate, months, balance, kind):
    loan = debt(annual_rate=rate, remaining_terms=months, balance=balance, kind=kind)
    payments = contractual_payments(D(balance), D(rate), months, "equal_installment")
    # Independent oracle: the IRR of the level payments, rounded to the fen, is a hair off the line.
    oracle = 12 * npf.irr([float(balance)] + [-float(p) for p in payments])
    assert oracle == pytest.approx(float(rate), abs=5e-5)
    apr = debt_true_apr(loan)
    statuses = {s.code: s.status for s in line_statuses(loan, apr)}
    line_code = {"0.24": "line_24", "0.36": "line_36", "0.12": "private_cap"}[rate]
    assert statuses[line_code] == "within"
    finding = apr_finding(loan, apr)
    assert finding.code == ("apr_within" if rate != "0.36" else "apr_above_line_24")


def test_a_hair_above_the_stated_precision_is_above():
    assert above_line(D("0.24006"), D("0.24")) and not above_line(D("0.240049"), D("0.24"))
    assert above_line(0.2401, D("0.24")) and not above_line(0.2400010451542328, D("0.24"))


def test_the_score_and_the_legal_page_agree_at_the_line():
    loan = debt(remaining_terms=12)  # 24 % exactly: the rounded payment put the IRR at 24.0001 %
    assert apr_finding(loan, debt_true_apr(loan)).code == "apr_within"
    factor = score_case(case_of(loan)).factor("costliest_apr")
    assert factor.points == 2  # above 4 × LPR (12 %) only, not above 24 %


def test_a_penalty_exactly_at_the_line_is_within():
    assert penalty_finding(debt(penalty_rate="0.24")) is None
    assert penalty_finding(debt(penalty_rate="0.2401")) is not None


def test_unlicensed_penalty_above_the_line_is_marked_in_the_plans_costs():
    late = {"balance": "5000", "annual_rate": "0.12", **behind("2000", 40, "0.36")}
    loan = debt(kind="private_loan", lender_licensed=False, monthly_due="444.24", **late)
    licensed = debt(id="y", **late)
    case = case_of(loan, licensed, settings={"plan": {"monthly_budget": "300"}})
    # The plan to follow asks for penalties to stop; if nobody agrees they run, and are marked.
    assert build_plan(case).total_penalty == 0
    plan = build_plan(case).if_nobody_agrees
    assert plan.total_penalty > 0
    assert set(plan.unenforceable_penalty) == {"x"}  # the licensed lender's penalty is not marked
    penalty_x = sum(plan.schedule[plan.schedule["debt_id"] == "x"]["penalty"])
    assert plan.unenforceable_penalty["x"] == penalty_x
    warning = next(w for w in plan.warnings if w.code == "penalty_unenforceable")
    # No contract date: 36 % is above the line whatever the date, so it is named by its highest value.
    assert warning.debt_id == "x" and "17.00%" in warning.message("en")
    assert plan.to_json_dict("en", schedule=False)["unenforceable_penalty"] == {"x": f"{penalty_x:.2f}"}


# --- the legal command ----------------------------------------------------------------------
def write_case(tmp_path, *debts: Debt):
    path = tmp_path / "case.json"
    path.write_text(case_of(*debts).model_dump_json(), encoding="utf-8")
    return path


def test_legal_command_json_gives_true_apr_and_every_line(tmp_path, capsys):
    at_line = debt(id="a", platform="A贷")
    kept = debt(id="b", platform="B贷", balance="10000", annual_rate="0.18", upfront_fee="1500")
    assert main(["legal", str(write_case(tmp_path, at_line, kept)), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    a, b = data["debts"]
    assert a["apr_nominal"] == "0.2400"
    assert {line["code"]: line["status"] for line in a["lines"]} == {
        "licensed_ceiling": "within",
        "line_24": "within",
        "line_36": "within",
    }
    assert [line["value"] for line in a["lines"]] == ["0.2400", "0.2400", "0.3600"]
    expected = 12 * npf.irr(
        [8500] + [-float(p) for p in contractual_payments(D("10000"), D("0.18"), 12, "equal_installment")]
    )
    assert float(b["apr_nominal"]) == pytest.approx(expected, abs=1e-4)
    assert {line["code"]: line["status"] for line in b["lines"]}["line_36"] == "above"


def test_legal_command_text_names_each_line(tmp_path, capsys):
    assert main(["legal", str(write_case(tmp_path, debt(annual_rate="0.30"))), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "24 % line 24.00%: above" in out and "36 % line 36.00%: within" in out


def test_legal_command_shows_the_rate_a_stated_due_implies(tmp_path, capsys):
    fenqi = debt(balance="12000", annual_rate="0", monthly_due="1072")
    assert main(["legal", str(write_case(tmp_path, fenqi)), "--format", "json"]) == 0
    item = json.loads(capsys.readouterr().out)["debts"][0]
    assert item["stated_rate"] == "0.0000" and item["implied_rate"] == "0.1303"


def test_legal_command_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["legal", str(bad)]) == 2
    assert main(["legal", str(tmp_path / "missing.json")]) == 2
