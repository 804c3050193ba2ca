"""The form edge: a widget's float is the Decimal the person typed, a percent the fraction the case keeps,
and a debt or a preset comes back into the form as the same figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from overdue_core.case import DEMO_IDS, Debt, DebtKind, Income, Stability, load_demo
from overdue_core.entry import (
    PRESETS,
    ExpenseForm,
    GuidedDebt,
    IncomeForm,
    RateBasis,
    amount_for_widget,
    annual_rate_from,
    debt_form_values,
    exact,
    percent_for_widget,
    preset_form_values,
    preset_values,
    rate_from_percent,
    rate_in_basis,
)

#: Amounts a person types: up to the widgets' 1e9, in fen.
amounts = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("999999999.99"), places=2, allow_nan=False, allow_infinity=False
)
#: Rates the case keeps (fractions, four places: 0.01 %).
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("10"), places=4, allow_nan=False, allow_infinity=False)


def test_a_widget_float_is_the_decimal_typed():
    assert exact(1234.5) == Decimal("1234.5")
    assert exact(0.1) == Decimal("0.1")
    assert exact(None) is None
    assert exact(3) == Decimal(3)
    with pytest.raises(ValueError):
        exact(True)


@given(amounts)
def test_an_amount_survives_the_widget_both_ways(amount):
    assert exact(amount_for_widget(amount)) == amount


@given(rates)
def test_a_rate_survives_the_percent_widget_both_ways(rate):
    assert rate_from_percent(percent_for_widget(rate)).quantize(Decimal("0.0001")) == rate


@given(rates, st.sampled_from([RateBasis.DAILY, RateBasis.MONTHLY, RateBasis.ANNUAL]))
def test_a_rate_in_any_bill_form_is_the_same_annual_rate(rate, basis):
    assert annual_rate_from(rate_in_basis(rate, basis), basis) == pytest.approx(rate, abs=Decimal("1e-20"))


def test_a_per_term_fee_has_no_inverse():
    with pytest.raises(ValueError):
        rate_in_basis(Decimal("0.1"), RateBasis.PER_TERM_FEE)


@given(amounts.filter(lambda a: a > 0))
def test_income_from_a_widget_is_exact_money(amount):
    income = IncomeForm(name="工资", amount=float(amount), stability="variable").to_case()
    assert income == Income(name="工资", amount=amount, stability=Stability.VARIABLE)


def test_a_bad_amount_names_the_field():
    with pytest.raises(ValidationError) as caught:
        ExpenseForm(name="房租", amount=-1.0)
    assert caught.value.errors()[0]["loc"] == ("amount",)
    assert "-1" not in str(caught.value)  # the typed value is never echoed (it may reach a log)


def test_a_card_preset_states_its_daily_rate_and_means_the_same_annual_rate():
    values = preset_form_values("bank_card")
    assert values["rate_basis"] == RateBasis.DAILY.value
    assert values["rate"] == 0.05  # 万分之五 a day, as the bill says
    annual = annual_rate_from(rate_from_percent(values["rate"]), values["rate_basis"])
    assert annual == preset_values("bank_card")["annual_rate"]


def test_every_preset_fills_a_form_the_core_accepts():
    for key in PRESETS:
        values = preset_form_values(key)
        data = {
            "platform": key,
            "kind": values["kind"],
            "repayment": values["repayment"],
            "amount": Decimal("1000"),
            "rate_basis": values["rate_basis"],
            "rate_percent": exact(values["rate"]) or Decimal(0),
            "terms": 12,
            "penalty_percent": exact(values["penalty"]) or Decimal(0),
            "late_fee_percent": exact(values["late_fee"]) or Decimal(0),
            "minimum_percent": exact(values["minimum"]),
            "lender_licensed": values["licensed"],
        }
        assert GuidedDebt.model_validate(data).kind is DebtKind(values["kind"])
    assert preset_form_values("no_such_preset") == {}


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_a_debt_comes_back_into_the_form_with_its_own_figures(demo):
    case = load_demo(demo)
    for debt in case.debts:
        values = debt_form_values(debt)
        assert rate_from_percent(values["rate"]).quantize(Decimal("0.0001")) == debt.annual_rate.quantize(
            Decimal("0.0001")
        )
        assert exact(values["due"]) == debt.monthly_due
        owed = debt.balance + debt.overdue_amount if debt.kind is DebtKind.CREDIT_CARD else debt.balance
        assert exact(values["amount"]) == owed
        assert values["rate_basis"] == RateBasis.ANNUAL.value


def test_a_debt_without_received_cash_leaves_it_empty():
    debt = Debt(
        id="d1",
        platform="借呗",
        kind=DebtKind.INSTALLMENT_LOAN,
        balance=Decimal("5000"),
        annual_rate=Decimal("0.18"),
        remaining_terms=10,
        monthly_due=Decimal("550"),
    )
    values = debt_form_values(debt)
    assert values["received"] is None and values["contract_date"] is None
    assert values["overdue"] is None  # nothing overdue shows an empty box, not 0.00
