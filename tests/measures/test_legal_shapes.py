"""Legal lines right for every loan shape: the figure a loan officer would compute, through the core
and the ``legal`` command.

- a loan repaid at maturity: the rate's period is the term (interest over principal per year);
- a private loan: 4 × the one-year LPR on the contract date (2020 provisions, Art. 25), a range
  while the date is unknown, today's line for a contract made before 2020-08-20 (Art. 31);
- a part-repaid loan without its whole length: no rate at all, never a negative one.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Case, Debt
from overdue_core.cli import main
from overdue_core.measures.legal.findings import debt_checks
from overdue_core.measures.legal.true_cost import debt_true_cost
from overdue_core.plan import build_plan
from overdue_core.plan.apr import apr_from_monthly_flows, debt_true_apr, repayment_period, terms_needed
from overdue_core.rules import LPR_1Y_HISTORY, lpr_on, private_lending_line
from tests.helpers import examples
from tests.helpers.debts import behind, sane_loan

D = Decimal


def debt(**changes) -> Debt:
    """10,000 at 10 % a year in 12 level terms from a licensed lender, with whatever a test changes."""
    return sane_loan(**{"balance": "10000", "annual_rate": "0.10", **changes})


def case_of(*debts: Debt, **changes) -> Case:
    return Case.model_validate({"as_of": "2026-11-15", "debts": [d.model_dump() for d in debts], **changes})


def pct(rate: float) -> str:
    return f"{D(repr(rate)) * 100:.2f}"


# --- a loan repaid at maturity -----------------------------------------------------------------


def test_bullet_40_percent_simple_is_40_percent_not_34():
    """10,000 borrowed, 14,000 repaid at 12 months: 4,000 of interest on 10,000 for one year."""
    apr = debt_true_apr(debt(kind="private_loan", repayment="bullet", annual_rate="0.40"))
    assert pct(apr.nominal) == "40.00" and pct(apr.effective) == "40.00"
    cost = debt_true_cost(debt(kind="private_loan", repayment="bullet", annual_rate="0.40", contract_date="2026-01-05"))
    assert {line.code: line.status for line in cost.lines}["line_36"] == "above"


@pytest.mark.parametrize("months", [6, 12, 18, 24])
def test_bullet_24_5_percent_simple_is_above_24(months):
    apr = debt_true_apr(debt(repayment="bullet", annual_rate="0.245", remaining_terms=months))
    assert pct(apr.nominal) == "24.50"  # interest over principal per year of the term
    codes = {
        line.code: line.status
        for line in debt_true_cost(debt(repayment="bullet", annual_rate="0.245", remaining_terms=months)).lines
    }
    assert codes["line_24"] == "above" and codes["line_36"] == "within"


def test_bullet_effective_rate_compounds_over_the_term():
    # 24 months: 14,900 for 10,000 is 49 % over two years; compounded yearly (1.49)^(1/2) − 1 = 22.07 %.
    apr = debt_true_apr(debt(repayment="bullet", annual_rate="0.245", remaining_terms=24))
    assert pct(apr.effective) == "22.07"


def test_monthly_installments_keep_the_pboc_form():
    """The PBOC example: 99,000 in hand, 12 × 8,833.30 — 12 × monthly IRR = 12.80 %."""
    apr = apr_from_monthly_flows(D("99000"), [D("8833.30")] * 12)
    assert pct(apr.nominal) == "12.80" and pct(apr.effective) == "13.58"


@given(st.lists(st.integers(0, 3), min_size=1, max_size=40))
def test_repayment_period_divides_every_paying_month(amounts):
    period = repayment_period(amounts)
    assert all(month % period == 0 for month, amount in enumerate(amounts, start=1) if amount)


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(1, 60), st.integers(1, 9000), st.integers(100, 10_000_000))
def test_single_repayment_nominal_is_simple_interest_per_year(months, rate_bp, principal_fen):
    """Any single repayment at month T: nominal = (repaid − received) / received × 12 / T."""
    received = D(principal_fen) / 100
    repaid = (received * (1 + D(rate_bp) / 10_000 * months / 12)).quantize(D("0.01"))
    if repaid <= received:
        return
    apr = apr_from_monthly_flows(received, [D(0)] * (months - 1) + [repaid])
    expected = (repaid - received) / received * 12 / months
    assert abs(D(repr(apr.nominal)) - expected) < D("1e-9")


# --- a private loan: the LPR on the contract date ------------------------------------------------


def test_lpr_series_is_dated_and_ends_at_the_editable_rule():
    assert lpr_on(dt.date(2021, 3, 1)) == D("0.0385")
    assert lpr_on(dt.date(2019, 8, 20)) == D("0.0425")
    assert lpr_on(dt.date(2024, 10, 20)) == D("0.0335") and lpr_on(dt.date(2024, 10, 21)) == D("0.0310")
    assert lpr_on(dt.date(2026, 11, 1)) == D("0.030")
    assert lpr_on(dt.date(2026, 11, 1), {"lpr_1y": D("0.028")}) == D("0.028")  # the current value stays editable
    assert [day for day, _rate in LPR_1Y_HISTORY] == sorted(day for day, _rate in LPR_1Y_HISTORY)


def test_private_loan_of_2021_at_15_percent_is_within_its_line():
    """LPR 3.85 % in March 2021: the line is 15.40 %, so 15 % is lawful (today's 12 % is not its line)."""
    contract = {"kind": "private_loan", "repayment": "interest_only", "contract_date": "2021-03-01"}
    loan = debt(**contract, balance="50000", annual_rate="0.15", **behind("20000", 200, "0.15"))
    case = case_of(loan, settings={"plan": {"monthly_budget": "300"}})
    findings = {f.code: f for f in debt_checks(case, loan)}
    assert (
        "apr_within" in findings and "penalty_above_line" not in findings and "penalty_depends_on_date" not in findings
    )
    assert findings["private_line_contract_date"].params == {
        "line": "15.40%",
        "low": "15.40%",
        "high": "15.40%",
        "date": "2021-03-01",
        "lpr": "3.85%",
    }
    assert {line.code: line.status for line in debt_true_cost(loan).lines}["private_cap"] == "within"
    # The plan counts the penalty it would pay if nobody agrees, and calls none of it unenforceable.
    contract = build_plan(case).if_nobody_agrees
    assert contract.total_penalty > 0 and contract.unenforceable_penalty == {}
    assert not [w for w in contract.warnings if w.code == "penalty_unenforceable"]


def test_unknown_contract_date_gives_the_range_and_asks():
    line = private_lending_line(None)
    assert (line.low, line.high, line.basis) == (D("0.120"), D("0.1700"), "unknown")
    loan = debt(kind="private_loan", annual_rate="0.15")
    findings = {f.code: f for f in debt_checks(case_of(loan), loan)}
    assert findings["apr_depends_private_cap"].level == "note"
    assert findings["apr_depends_private_cap"].params["line"] == "12.00%–17.00%"
    assert "private_line_unknown" in findings
    assert {line.code: line.status for line in debt_true_cost(loan).lines}["private_cap"] == "depends"
    # Above the highest line whatever the date: above, with that line.
    dear = debt(kind="private_loan", annual_rate="0.20")
    assert debt_checks(case_of(dear), dear)[0].code == "apr_above_private_cap"
    # A penalty the date decides is not called unenforceable, and the person is told not to refuse yet.
    fined = debt(kind="private_loan", overdue_amount="1000", days_overdue=40, penalty_rate="0.15")
    codes = [f.code for f in debt_checks(case_of(fined), fined)]
    assert "penalty_depends_on_date" in codes and "penalty_above_line" not in codes


def test_contract_before_august_2020_is_held_to_the_line_at_filing():
    line = private_lending_line(dt.date(2019, 5, 1))
    assert (line.high, line.basis) == (D("0.120"), "filing")
    loan = debt(kind="private_loan", annual_rate="0.15", contract_date="2019-05-01")
    findings = {f.code: f for f in debt_checks(case_of(loan), loan)}
    assert findings["private_line_filing"].params["from"] == "2020-08-20"


def test_licensed_lenders_are_not_held_to_the_lpr_line():
    loan = debt(annual_rate="0.15", contract_date="2021-03-01")
    assert "private_cap" not in {line.code for line in debt_true_cost(loan).lines}


# --- a part-repaid loan without its whole length ---------------------------------------------------


def test_part_repaid_loan_without_its_length_shows_no_rate():
    """Received 4,000; 6 × 472.80 left: without the contract's length no rate, never −108 %."""
    loan = debt(balance="2700", annual_rate="0", remaining_terms=6, monthly_due="472.80", principal_received="4000")
    assert terms_needed(loan) and debt_true_apr(loan) is None
    findings = debt_checks(case_of(loan), loan)
    assert findings[0].code == "apr_needs_terms" and findings[0].level == "note"
    assert {line.status for line in debt_true_cost(loan).lines} == {"unknown"}
    # With its length (12 installments, 6 paid) the rate is known and plausible.
    whole = loan.model_copy(update={"original_terms": 12})
    apr = debt_true_apr(whole)
    assert not terms_needed(whole) and apr is not None and pct(apr.nominal) == "70.02"  # 4,000 against 12 × 472.80


@settings(max_examples=examples(80), deadline=None)
@given(
    st.integers(100_00, 5_000_000),
    st.integers(0, 3600),
    st.integers(1, 60),
    st.integers(0, 60),
    st.sampled_from(["equal_installment", "equal_principal", "interest_only", "bullet"]),
    st.integers(0, 200_00),
)
def test_a_rate_shown_is_never_negative(balance_fen, rate_bp, terms, paid, method, kept_fen):
    """Whatever is entered, a rate shown is at least 0: a debt that would read negative has none."""
    received = D(balance_fen + kept_fen) / 100  # possibly more than today's balance: a part-repaid loan
    loan = debt(
        balance=D(balance_fen) / 100,
        annual_rate=D(rate_bp) / 10_000,
        repayment=method,
        remaining_terms=terms,
        original_terms=terms + paid if paid else None,
        principal_received=received,
    )
    apr = debt_true_apr(loan)
    assert apr is None or apr.nominal >= -1e-9


# --- the command line gives the same figures -------------------------------------------------------


def _legal_json(tmp_path, capsys, loan: Debt) -> dict:
    path = tmp_path / "case.json"
    path.write_text(case_of(loan).model_dump_json(), encoding="utf-8")
    assert main(["legal", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["debts"][0]


def test_legal_command_bullet_and_dated_private_loan(tmp_path, capsys):
    bullet = _legal_json(
        tmp_path, capsys, debt(kind="private_loan", repayment="bullet", annual_rate="0.40", contract_date="2026-01-05")
    )
    assert bullet["apr_nominal"] == "0.4000"
    assert {line["code"]: line["status"] for line in bullet["lines"]} == {
        "private_cap": "above",
        "line_24": "above",
        "line_36": "above",
    }
    dated = _legal_json(tmp_path, capsys, debt(kind="private_loan", annual_rate="0.15", contract_date="2021-03-01"))
    assert dated["lines"][0] == {"code": "private_cap", "value": "0.1540", "low": "0.1540", "status": "within"}
    undated = _legal_json(tmp_path, capsys, debt(kind="private_loan", annual_rate="0.15"))
    assert undated["lines"][0] == {"code": "private_cap", "value": "0.1700", "low": "0.1200", "status": "depends"}
    part = _legal_json(
        tmp_path,
        capsys,
        debt(balance="2700", annual_rate="0", remaining_terms=6, monthly_due="472.80", principal_received="4000"),
    )
    assert part["apr_nominal"] is None and part["terms_needed"] is True


def test_legal_command_text_names_the_range(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(case_of(debt(kind="private_loan", annual_rate="0.15")).model_dump_json(), encoding="utf-8")
    assert main(["legal", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "12.00%–17.00%: depends on the contract date" in out


# --- one "short" figure; the as-is option's whole cost -------------------------------------------


def test_risk_json_has_one_short_figure_with_a_budget_setting(tmp_path, capsys):
    """A budget set to 2,000 with 3,015.46 needed: the score and the headline both say 1,015.46 short."""
    loan = debt(balance="30000", annual_rate="0.12", monthly_due="2665.46", overdue_amount="350", days_overdue=20)
    case = Case.model_validate(
        {
            "as_of": "2026-11-01",
            "debts": [loan.model_dump(mode="json")],
            "household": {
                "incomes": [{"name": "w", "amount": "10000", "stability": "fixed"}],
                "expenses": [{"name": "r", "category": "housing", "amount": "3000", "essential": True}],
            },
            "settings": {"plan": {"monthly_budget": "2000"}},
        }
    )
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    assert main(["risk", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["figures"]["surplus"] == "-1015.46" and out["headline"]["short_this_month"] == "1015.46"


def test_as_is_total_cost_counts_the_money_kept_at_payout():
    """gig_driver's 快借钱: 5,000 on paper, 4,000 received: keeping the contract costs the 1,000 kept too."""
    from overdue_core.case.demo import load_demo
    from overdue_core.plan.options import options_for_debt

    loan = load_demo("gig_driver").debt("kuaijie")
    as_is = options_for_debt(loan)[0]
    assert as_is.key == "as_is"
    assert as_is.total_cost == as_is.total_paid - loan.total_owed + D("1000.00")
    assert as_is.total_cost == as_is.total_paid - D("4000.00")  # a fresh loan: everything paid less the cash in hand


def test_risk_command_counts_missed_dues_from_due_dates(tmp_path, capsys):
    """31 days late on 1 November with the due on the 1st: one missed due, "31 天（M1）", not M2."""
    loan = debt(
        balance="9000", monthly_due="1046.40", remaining_terms=9, overdue_amount="1046.40", days_overdue=31, due_day=1
    )
    path = tmp_path / "case.json"
    path.write_text(
        Case.model_validate({"as_of": "2026-11-01", "debts": [loan.model_dump(mode="json")]}).model_dump_json(),
        encoding="utf-8",
    )
    assert main(["risk", str(path), "--format", "json"]) == 0
    factor = next(f for f in json.loads(capsys.readouterr().out)["factors"] if f["code"] == "overdue_depth")
    assert factor["value"] == 1 and factor["value_text"] == "漏还 1 期（M1）"
    assert main(["risk", str(path)]) == 0
    assert "31 天（M1）" in capsys.readouterr().out
