"""One test per plausibility warning: it fires on the absurd figure and stays quiet on a sane one."""

import datetime as dt
from decimal import Decimal

from overdue_core.case.models import Debt
from overdue_core.entry import check_date, check_debt
from overdue_core.i18n import t
from tests.helpers.debts import CARD, behind, sane_loan

D = Decimal
TODAY = dt.date(2026, 11, 30)


def loan(**changes) -> Debt:
    """A sane loan with its level due: no warning until a test changes it."""
    return sane_loan(**{"platform": "借呗", "monthly_due": "1100.16", **changes})


def codes(debt: Debt) -> list[str]:
    return [c.code for c in check_debt(debt, TODAY)]


def test_a_sane_loan_has_no_warning():
    assert codes(loan()) == []


def test_annual_rate_under_one_percent_looks_daily_or_monthly():
    checks = check_debt(loan(annual_rate="0.0004", monthly_due="1000.26"), TODAY)
    rate = [c for c in checks if c.code == "rate_looks_daily_or_monthly"]
    assert len(rate) == 1 and rate[0].field == "annual_rate"
    assert rate[0].params == {"rate": "0.04%", "if_daily": "14.60%", "if_monthly": "0.48%"}
    assert "14.60%" in t(rate[0].message_key, "zh-CN", **rate[0].params)
    assert codes(loan(annual_rate="0.01", monthly_due="1005.45")) == []  # 1 % exactly: no warning
    assert codes(loan(annual_rate="0", monthly_due="1000")) == []  # interest-free is real


def test_card_balance_that_includes_the_overdue_part():
    card = {**CARD, **behind("8600", 30)}
    assert codes(loan(balance="8600", monthly_due="860", **card)) == ["balance_includes_overdue"]
    assert codes(loan(balance="9460", monthly_due="860", **card)) == ["balance_includes_overdue"]  # overdue + minimum
    assert codes(loan(balance="19400", monthly_due="1940", **card)) == []


def test_due_that_does_not_fit_balance_rate_and_terms():
    assert codes(loan(monthly_due="0")) == ["due_missing"]
    checks = check_debt(loan(monthly_due="500"), TODAY)
    assert [c.code for c in checks] == ["due_does_not_fit"]
    assert checks[0].params["expected"] == "1,100.16"
    assert codes(loan(monthly_due="1150")) == []  # within 10 %: rounding, fees


def test_date_in_the_future():
    assert [c.code for c in check_date(dt.date(2099, 1, 1), TODAY, "as_of")] == ["date_in_future"]
    assert check_date(TODAY, TODAY, "as_of") == []
    assert codes(loan(contract_date="2099-01-01")) == ["date_in_future"]


def test_kind_and_repayment_that_do_not_go_together():
    checks = check_debt(loan(kind="credit_card", repayment="equal_principal", monthly_due="1180"), TODAY)
    mismatch = [c for c in checks if c.code == "repayment_does_not_fit_kind"]
    assert mismatch and mismatch[0].params["usual"] == "minimum_payment"
    assert codes(loan(kind="installment_loan", repayment="minimum_payment", remaining_terms=0, monthly_due="0")) == [
        "repayment_does_not_fit_kind"
    ]
    assert codes(loan(kind="credit_card", repayment="minimum_payment", remaining_terms=0, monthly_due="1200")) == []


def test_card_minimum_that_already_contains_the_overdue_part():
    """1,560 overdue and a 1,560 minimum would be asked as 3,120: the minimum is flagged."""
    card = {**CARD, "balance": "14000", **behind("1560", 20)}
    checks = check_debt(loan(monthly_due="1560", **card), TODAY)
    assert [c.code for c in checks] == ["minimum_includes_overdue"] and checks[0].field == "monthly_due"
    assert checks[0].params["rest"] == "0.00"
    assert "minimum_includes_overdue" not in codes(
        loan(monthly_due="1400", **card)
    )  # a minimum below the arrears is its own
