"""The guided form's numbers become the case debt the bill describes."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from overdue_core.case.models import Debt
from overdue_core.entry import GuidedDebt, debt_labels, next_debt_id
from tests.helpers.guided import USUAL_CARD, card_bill, fee_plan, loan_contract

D = Decimal


def make(**data) -> Debt:
    return Debt.model_validate(GuidedDebt.model_validate(data).to_debt_data("d"))


def test_card_total_includes_the_overdue_part_which_is_taken_out():
    debt = make(
        **card_bill("28000", platform="招商银行信用卡", **USUAL_CARD, due="1940", overdue="8600", days_overdue=40)
    )
    assert debt.balance == D("19400.00") and debt.overdue_amount == D("8600.00")
    assert debt.annual_rate == D("0.1825") and debt.monthly_due == D("1940.00")
    assert debt.minimum_rule is not None and debt.minimum_rule.percent == D("0.1")


def test_card_minimum_is_estimated_when_left_empty():
    debt = make(**card_bill("12000", **USUAL_CARD))
    assert debt.monthly_due == D("1382.50")  # 12,000 × 18.25 % / 12 + 10 % of 12,000


def test_card_overdue_above_total_is_refused():
    with pytest.raises(ValidationError):
        GuidedDebt.model_validate(card_bill("100", overdue="200", days_overdue=3))


def test_loan_due_is_computed_and_can_be_overridden():
    base = loan_contract("12000", 12, platform="借呗", rate_percent="0.05", rate_basis="daily")
    assert make(**base).monthly_due == installment_12000()
    assert make(**base, due="1200").monthly_due == D("1200.00")


def installment_12000() -> Decimal:
    from overdue_core.entry import installment

    return installment(D("12000"), D("0.1825"), 12, "equal_installment")


def test_fee_installment_keeps_the_bill_figure_and_the_true_annual_rate():
    debt = make(**fee_plan(terms=6))
    assert debt.monthly_due == D("518.00")
    assert D("0.12") < debt.annual_rate < D("0.13")


def test_a_fee_without_terms_is_a_problem():
    with pytest.raises(ValidationError):
        GuidedDebt.model_validate(fee_plan())


def test_bnpl_bill_is_due_whole():
    bill = {"platform": "美团月付", "kind": "bnpl", "repayment": "bullet", "amount": "860"}
    debt = make(**bill, overdue="300", days_overdue=12, penalty_percent="18.25")
    assert debt.monthly_due == D("860.00") and debt.penalty_rate == D("0.1825")


def test_labels_number_platforms_that_appear_twice_and_never_show_ids():
    debts = [make(platform=p, kind="bnpl", repayment="bullet", amount="1") for p in ("花呗", "借呗", "花呗")]
    debts = [d.model_copy(update={"id": f"d{i}"}) for i, d in enumerate(debts)]
    assert debt_labels(debts) == {"d0": "花呗 1", "d1": "借呗", "d2": "花呗 2"}
    assert next_debt_id(set()) == "d1"
    assert next_debt_id({"d1", "huabei"}) == "d3"  # after the debts already there
    assert next_debt_id({"d2", "d3"}) == "d4"


from hypothesis import given
from hypothesis import strategies as st

fen = st.integers(min_value=0, max_value=100_000_000).map(lambda f: D(f) / 100)


@given(total=fen, overdue=fen, days=st.integers(min_value=1, max_value=3650))
def test_a_card_total_is_split_exactly_never_counted_twice(total, overdue, days):
    data = card_bill(str(total), overdue=str(overdue), days_overdue=days if overdue else 0, **USUAL_CARD)
    if overdue > total:
        with pytest.raises(ValidationError):
            GuidedDebt.model_validate(data)
        return
    debt = make(**data)
    assert debt.balance + debt.overdue_amount == total  # exact to the fen
    assert debt.total_owed == total
    assert debt.monthly_due == debt.monthly_due.quantize(D("0.01"))


# --- a loan entered as its contract reads ---------------------------------------------------


def test_borrowed_12_installments_3_paid_gives_the_principal_left():
    """20,000 at 18 % in 12 level installments, 3 paid: about 15,300 left (typing 20,000 overstates it by ~4,700)."""
    from overdue_core.entry.arithmetic import principal_left

    guided = GuidedDebt(
        **loan_contract(Decimal("20000"), 12, rate_percent=Decimal("18"), amount_basis="borrowed", paid_terms=3)
    )
    r = Decimal("0.015")
    closed = Decimal("20000") * ((1 + r) ** 12 - (1 + r) ** 3) / ((1 + r) ** 12 - 1)  # the annuity's balance after 3
    assert abs(guided.balance - closed) < Decimal("0.05")
    assert guided.balance == principal_left(Decimal("20000"), Decimal("0.18"), 12, 3, "equal_installment")
    assert Decimal("4600") < Decimal("20000") - guided.balance < Decimal("4800")
    assert guided.computed_due() == Decimal("1833.60")  # the contract's level payment, unchanged
    data = guided.to_debt_data("d1")
    assert (data["remaining_terms"], data["original_terms"], data["balance"]) == (9, 12, guided.balance)


def test_fee_per_term_by_contract_keeps_the_fee_on_the_amount_borrowed():
    """12,000 in 12 at 0.6 % a term, 4 paid: 8,000 left and still 1,072.00 a term (1,000 + 72)."""
    fee = {"rate_percent": Decimal("0.6"), "rate_basis": "per_term_fee"}
    guided = GuidedDebt(
        **loan_contract(Decimal("12000"), 12, platform="分期", **fee, amount_basis="borrowed", paid_terms=4)
    )
    assert guided.balance == Decimal("8000.00") and guided.terms_left == 8
    assert guided.computed_due() == Decimal("1072.00")


def test_paid_terms_must_be_fewer_than_all():
    with pytest.raises(ValidationError):
        GuidedDebt(**loan_contract(Decimal("1000"), 6, amount_basis="borrowed", paid_terms=6))
