"""A 20-year loan (162 terms left): every page draws and both command lines answer (the IRR's far
bracket used to divide by an underflowed zero, and Negotiate asked for more months than it allows)."""

from __future__ import annotations

import datetime as dt

import pytest

from overdue_core.case.models import Case
from overdue_core.cli import main
from tests.helpers import assert_no_exception
from ui.nav import PAGES


def long_loan_case() -> Case:
    return Case.model_validate(
        {
            "as_of": "2026-12-01",
            "household": {
                "incomes": [{"name": "工资", "amount": "9000"}],
                "expenses": [{"name": "房租", "category": "housing", "amount": "3000", "essential": True}],
            },
            "debts": [
                {
                    "id": "m",
                    "platform": "房贷",
                    "kind": "installment_loan",
                    "balance": "300000",
                    "annual_rate": "0.049",
                    "repayment": "equal_installment",
                    "remaining_terms": 162,
                }
            ],
        }
    )


@pytest.mark.parametrize("path", [spec.path for spec in PAGES])
def test_every_page_draws_a_twenty_year_loan(make_app, path):
    assert_no_exception(make_app(lang="zh-CN", case=long_loan_case(), page=path))


@pytest.mark.parametrize("command", ["risk", "legal", "plan"])
def test_the_command_lines_answer_for_a_twenty_year_loan(command, tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(long_loan_case().model_dump_json(), encoding="utf-8")
    assert main([command, str(path), "--format", "json"]) == 0
    assert capsys.readouterr().out.strip().startswith(("{", "["))


@pytest.mark.parametrize("path", ["pages/negotiate.py", "pages/communicate.py", "pages/legal.py", "pages/prevent.py"])
def test_a_case_dated_long_ago_draws(make_app, path):
    """A case dated in 2005 (inside the allowed 2000–2100): no date box may have its lower bound
    above its upper one (Streamlit's default lower bound is ten years before today)."""
    case = long_loan_case().model_copy(update={"as_of": dt.date(2005, 6, 1)})
    assert_no_exception(make_app(lang="en", case=case, page=path))
