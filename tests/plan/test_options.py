"""Options calculator for one debt: published figures, numpy-financial IRR, and each option's cost."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from pydantic import ValidationError

from overdue_core.case.demo import load_demo
from overdue_core.plan.options import compare_options, options_input_for_debt, parse_options

D = Decimal


def test_level_payment_published_figure():
    as_is = compare_options({"amount": "100000", "annual_rate": "0.0435", "months": 12})[0]
    assert as_is.key == "as_is" and as_is.monthly_payment == D("8530.99")
    assert sum(as_is.payments) - sum(as_is.payments[:-1]) == as_is.payments[-1]
    assert as_is.total_paid - as_is.total_cost == D("100000")
    assert as_is.apr.nominal == pytest.approx(0.0435, abs=1e-4)


def test_pboc_example_apr_in_both_labelled_forms():
    as_is = compare_options({"amount": "100000", "months": 12, "monthly_payment": "8833.30", "received": "99000"})[0]
    assert round(as_is.apr.nominal * 100, 2) == 12.80
    assert round(as_is.apr.effective * 100, 2) == 13.58
    assert as_is.apr.monthly_irr == pytest.approx(npf.irr([99000] + [-8833.30] * 12), rel=1e-9)


def test_installment_fee_looks_cheap_but_its_apr_is_about_13_percent():
    result = {
        o.key: o
        for o in compare_options({"amount": "12000", "months": 12, "installments": 12, "installment_fee_rate": "0.006"})
    }
    installments = result["installments"]
    assert installments.monthly_payment == D("1072.00")  # 1,000 principal + 72 fee
    assert installments.total_cost == D("864.00")  # 7.2 % "a year" on paper
    assert round(installments.apr.nominal * 100, 1) == 13.0  # rules-cn.md: about 13.0 %
    assert installments.apr.monthly_irr == pytest.approx(npf.irr([12000] + [-1072] * 12), rel=1e-9)


def test_installments_by_annual_rate_equal_principal():
    option = compare_options(
        {"amount": "12000", "installments": 12, "installment_rate": "0.12", "installment_method": "equal_principal"}
    )[1]
    assert option.payments[0] == D("1120.00") and option.payments[-1] == D("1010.00")
    assert option.apr.nominal == pytest.approx(0.12, abs=1e-6)


def test_extension_costs_more_in_total_at_the_same_rate():
    options = {
        o.key: o
        for o in compare_options({"amount": "10000", "annual_rate": "0.18", "months": 6, "extension_months": 6})
    }
    assert options["extension"].monthly_payment == D("150.00") and options["extension"].months == 12
    assert options["extension"].total_cost > options["as_is"].total_cost
    assert options["extension"].apr.nominal == pytest.approx(0.18, abs=1e-4)


def test_options_for_a_case_debt_use_cash_received():
    kuaijie = load_demo("gig_driver").debt("kuaijie")
    item = options_input_for_debt(kuaijie, installments=12, installment_fee_rate=D("0.01"))
    as_is = compare_options(item)[0]
    assert as_is.apr.nominal > 0.36 + 0.2  # 1,000 taken up front and a monthly fee: far above the stated 36 %


def test_bad_input_gives_translated_problems():
    with pytest.raises(ValidationError):
        compare_options({"amount": "-1"})
    _, problems = parse_options({"amount": "abc", "months": 0}, "zh-CN")
    assert len(problems) == 2 and all(p.message for p in problems)
