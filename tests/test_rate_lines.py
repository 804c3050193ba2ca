"""One choice of legal rate lines (``overdue_core.rate_lines``) for the score, Legal and the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.measures.legal import apr_lines
from overdue_core.plan.costs import unenforceable_penalty_line
from overdue_core.rate_lines import lender_lines
from overdue_core.risk.score import inputs_from_case, score_lines
from overdue_core.rules import private_lending_cap, private_lending_line, rule_value
from tests.helpers.plan_cases import case_with, debt

D = Decimal


def test_a_licensed_lender_is_held_to_its_ceiling_and_its_penalties_to_24():
    lines = lender_lines(debt(lender_licensed=True))
    assert not lines.private
    assert [line.code for line in lines.apr] == ["licensed_ceiling", "line_24", "line_36"]
    assert lines.by_code("licensed_ceiling").line.high == rule_value("licensed_lender_ceiling")
    assert lines.penalty.code == "line_24" and lines.penalty.rule_keys == ("reference_line_24",)


def test_a_private_or_unlicensed_lender_is_held_to_4_lpr_on_the_contract_date():
    made = dt.date(2021, 3, 1)
    for loan in (debt(lender_licensed=False, contract_date=made), debt(kind="private_loan", contract_date=made)):
        lines = lender_lines(loan)
        assert lines.private and lines.penalty.code == "private_cap"
        assert lines.penalty.line == private_lending_line(made) == lines.by_code("private_cap").line


def test_the_score_s_scale_is_a_private_loan_judged_today():
    overrides = {"lpr_1y": D("0.07")}  # 28 %: above the 24 % line, and still the scale's first band
    assert score_lines(overrides) == (private_lending_cap(overrides), D("0.24"), D("0.36"))
    assert inputs_from_case(case_with(debt(balance="1000", remaining_terms=3))).apr_lines == score_lines()


def test_legal_and_the_plan_read_the_same_lines():
    loan = debt(lender_licensed=False, penalty_rate="0.40", contract_date=dt.date(2024, 1, 5))
    lines = lender_lines(loan)
    assert apr_lines(loan) == sorted(lines.apr, key=lambda item: (item.line.high, item.line.low))
    assert unenforceable_penalty_line(loan) == lines.penalty.line.high
    assert unenforceable_penalty_line(debt(lender_licensed=True, penalty_rate="0.40")) is None
