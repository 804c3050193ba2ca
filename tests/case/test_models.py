"""The case model: exact amounts, cross-field rules, translated problems that never echo input."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from overdue_core.case.casefile import parse_case
from overdue_core.case.models import Case, Debt, mask_identifier
from overdue_core.case.problems import problems_from_validation
from tests.helpers import examples


def debt(**kw):
    base = {
        "id": "a",
        "platform": "花呗",
        "balance": "1000",
        "annual_rate": "0.18",
        "remaining_terms": 6,
        "monthly_due": "175.53",
    }
    base.update(kw)
    return base


def test_amounts_accept_strings_numbers_and_separators():
    d = Debt.model_validate(debt(balance="1,234.5", monthly_due=175.53, overdue_amount="￥12", days_overdue=3))
    assert d.balance == Decimal("1234.50")
    assert d.monthly_due == Decimal("175.53")
    assert d.overdue_amount == Decimal("12.00")


def test_float_input_is_read_through_its_decimal_text():
    # 0.1 + 0.2 as a float is 0.30000000000000004; the model must give exactly 0.30
    assert Debt.model_validate(debt(balance=0.1 + 0.2)).balance == Decimal("0.30")


def test_amounts_serialise_as_two_decimal_strings():
    data = json.loads(Debt.model_validate(debt(balance=5)).model_dump_json())
    assert data["balance"] == "5.00"
    assert data["annual_rate"] == "0.18"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"balance": "-1"}, "negative_amount"),
        ({"balance": "1e12"}, "amount_too_large"),
        ({"balance": "abc"}, "not_a_number"),
        ({"balance": "NaN"}, "not_a_number"),
        ({"balance": True}, "not_a_number"),
        ({"annual_rate": "10.5"}, "rate_too_high"),
        ({"annual_rate": "-0.1"}, "negative_rate"),
        ({"late_fee_rate": "5"}, "fraction_out_of_range"),
        ({"overdue_amount": "100"}, "overdue_without_days"),
        ({"days_overdue": 10}, "days_without_overdue"),
        ({"remaining_terms": 0}, "terms_required"),
        ({"kind": "casino"}, "unknown_choice"),
        ({"days_overdue": -1}, "too_small"),
        ({"platform": ""}, "required_text"),
    ],
)
def test_bad_debt_fields_give_a_named_reason(changes, code):
    with pytest.raises(ValidationError) as info:
        Debt.model_validate(debt(**changes))
    problems = problems_from_validation(info.value, "zh-CN")
    assert code in [p.code for p in problems]
    assert all(p.message and "Value error" not in p.message for p in problems)


def test_problems_never_echo_the_input_value():
    secret = "张三的身份证110101199001011234"
    with pytest.raises(ValidationError) as info:
        Debt.model_validate(debt(balance=secret))
    assert secret not in str(info.value)
    assert all(secret not in str(p) for p in problems_from_validation(info.value, "en"))


def test_problem_path_is_readable_in_both_languages():
    case, problems = parse_case(
        json.dumps({"as_of": "2026-11-01", "debts": [debt(), debt(id="b", balance="-3")]}), "zh-CN"
    )
    assert case is None
    assert str(problems[0]) == "第 2 笔欠款 › 未到期本金: 金额不能是负数"
    _, problems = parse_case(json.dumps({"as_of": "2026-11-01", "debts": [debt(), debt(id="b", balance="-3")]}), "en")
    assert str(problems[0]) == "Debt 2 › Balance not yet due: An amount cannot be negative"


def test_duplicate_debt_ids_are_refused():
    _, problems = parse_case(json.dumps({"as_of": "2026-11-01", "debts": [debt(), debt()]}), "en")
    assert [p.code for p in problems] == ["duplicate_debt_id"]


def test_html_in_text_fields_stays_plain_text():
    d = Debt.model_validate(debt(platform="<script>alert(1)</script>", notes="<b>x</b>"))
    assert d.platform == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("raw", "shown"), [("", ""), ("1234", "****"), ("6225880012345678", "****5678"), (" AB12345 ", "****2345")]
)
def test_identifiers_are_masked_to_last_four(raw, shown):
    assert mask_identifier(raw) == shown


def test_household_totals():
    case = Case.model_validate(
        {
            "as_of": "2026-11-01",
            "household": {
                "incomes": [
                    {"name": "工资", "amount": "6500"},
                    {"name": "兼职", "amount": "500.50", "stability": "irregular"},
                ],
                "expenses": [{"name": "房租", "amount": "1800"}, {"name": "娱乐", "amount": "300", "essential": False}],
            },
        }
    )
    assert case.household.total_income == Decimal("7000.50")
    assert case.household.essential_expenses == Decimal("1800.00")
    assert case.household.available_for_debts == Decimal("5200.50")


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def debts(draw, index):
    days = draw(st.integers(0, 400))
    overdue = draw(money.filter(lambda m: m > 0)) if days else Decimal("0")
    return {
        "id": f"d{index}",
        "platform": draw(st.text(min_size=1, max_size=20).filter(lambda s: s.strip())),
        "kind": draw(st.sampled_from(["credit_card", "bnpl", "installment_loan", "bullet_loan", "private_loan"])),
        "balance": draw(money),
        "annual_rate": draw(st.decimals(min_value=0, max_value=5, places=4)),
        "repayment": "minimum_payment",
        "monthly_due": draw(money),
        "overdue_amount": overdue,
        "days_overdue": days,
        "penalty_rate": draw(st.decimals(min_value=0, max_value=1, places=4)),
        "late_fee_rate": draw(st.decimals(min_value=0, max_value=1, places=3)),
        "lender_licensed": draw(st.booleans()),
        "notes": draw(st.text(max_size=50)),
    }


@st.composite
def cases(draw):
    n = draw(st.integers(0, 6))
    return Case.model_validate(
        {
            "as_of": draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))).isoformat(),
            "locale": draw(st.sampled_from(["zh-CN", "en"])),
            "title": draw(st.text(max_size=30)),
            "household": {
                "incomes": [
                    {
                        "name": "收入",
                        "amount": draw(money),
                        "stability": draw(st.sampled_from(["fixed", "variable", "irregular"])),
                    }
                ],
                "expenses": [
                    {"name": "支出", "amount": draw(money), "category": "food", "essential": draw(st.booleans())}
                ],
                "liquid_savings": draw(money),
            },
            "debts": [draw(debts(i)) for i in range(n)],
        }
    )


@settings(max_examples=examples(60), deadline=None)
@given(cases())
def test_case_file_round_trip(case):
    from overdue_core.case.casefile import dump_case

    again, problems = parse_case(dump_case(case))
    assert problems == []
    assert again == case
    assert dump_case(again) == dump_case(case)
