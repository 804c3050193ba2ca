"""From bills to proposals: income, spending by category, debts with due days, borrowing to repay.

The fixture person (tests/helpers/bills.py) over August to October 2026; the figures below are
worked out by hand from its rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.bills import add_to_case, kept_debt, kept_expense, kept_income, propose, read_bill
from overdue_core.bills.proposals import months_between
from overdue_core.bills.readers import parse_amount
from overdue_core.case import load_demo
from overdue_core.case.money import round_fen
from tests.helpers.bills import Tx, alipay_csv, alipay_web_csv, wechat_csv, wechat_xlsx

BOTH = {
    "Alipay GBK + WeChat XLSX": lambda: [
        read_bill(alipay_csv(), "a.csv", "zh-CN"),
        read_bill(wechat_xlsx(), "w.xlsx", "zh-CN", file=1),
    ],
    "Alipay UTF-8 + WeChat CSV": lambda: [
        read_bill(alipay_csv(encoding="utf-8-sig"), "a.csv", "zh-CN"),
        read_bill(wechat_csv(), "w.csv", "zh-CN", file=1),
    ],
}


@pytest.fixture(params=BOTH.values(), ids=BOTH.keys())
def proposals(request):
    return propose(request.param())


def _monthly(lines):
    return {line.key: line.monthly for line in lines}


def test_months_and_period(proposals):
    assert (proposals.first, proposals.last, proposals.months) == (dt.date(2026, 8, 1), dt.date(2026, 10, 31), 3)


def test_income_leaves_out_loans_refunds_and_own_money(proposals):
    # 3 × 6000 salary; one 500 transfer from a friend; the 借呗 payout and the WeChat refund row are not income.
    assert _monthly(proposals.incomes) == {"salary": Decimal("6000.00"), "transfers": Decimal("166.67")}
    assert [len(line.rows) for line in proposals.incomes] == [3, 1]


def test_spending_by_category_after_refunds(proposals):
    # food: 3 × 35.50 + (300 − 100 refunded) + 3 × 45 + (100 − 30 refunded) = 511.50 over 3 months;
    # the closed coat, the unpaid cup, the meal refunded in full and the failed payment count nothing.
    assert _monthly(proposals.spending) == {
        "housing": Decimal("2000.00"),
        "food": Decimal("170.50"),
        "transport": Decimal("28.00"),
    }
    food = next(line for line in proposals.spending if line.key == "food")
    assert food.total == Decimal("511.50") and len(food.rows) == 8


def test_debts_with_due_day_and_usual_amount(proposals):
    found = {d.name("zh-CN"): (d.kind.value, d.due_day, d.usual_amount, d.months) for d in proposals.debts}
    assert found == {
        "招商银行信用卡": ("credit_card", 20, Decimal("2500.00"), 3),
        "花呗": ("bnpl", 9, Decimal("1200.00"), 3),  # paid on the 9th twice, the 8th once
        "美团月付": ("bnpl", 25, Decimal("1050.00"), 3),
        "微粒贷": ("installment_loan", 15, Decimal("800.00"), 3),
    }


def test_borrowing_to_repay_is_flagged_with_its_rows(proposals):
    assert proposals.borrowing_to_repay
    [pair] = proposals.borrowing
    assert (pair.payout_key, pair.repayment_key, pair.days) == ("jiebei", "huabei", 3)
    assert pair.payout.amount == Decimal("3000.00") and pair.repayment.when.date() == dt.date(2026, 10, 8)


def test_what_was_left_out_is_counted(proposals):
    assert proposals.left_out == {"closed": 2, "pending": 1, "refunded": 1, "refund": 2, "borrowed": 1, "own_money": 4}


def test_the_website_layout_gives_the_same_alipay_figures():
    web, app = propose([read_bill(alipay_web_csv(), "a.csv", "en")]), propose([read_bill(alipay_csv(), "a.csv", "en")])
    assert (
        _monthly(web.spending)
        == _monthly(app.spending)
        == {"housing": Decimal("2000.00"), "food": Decimal("102.17"), "transport": Decimal("28.00")}
    )
    assert _monthly(web.incomes) == _monthly(app.incomes) == {"salary": Decimal("6000.00")}
    assert [(d.key, d.due_day, d.usual_amount) for d in web.debts] == [
        (d.key, d.due_day, d.usual_amount) for d in app.debts
    ]


def test_no_loan_then_no_flag():
    rows = [
        Tx("2026-08-09 20:00:00", "信用借还", "花呗", "花呗主动还款", "不计收支", "100.00"),
        Tx("2026-08-01 09:00:00", "信用借还", "借呗", "借呗放款至余额", "不计收支", "3000.00"),
        Tx("2026-08-20 20:00:00", "信用借还", "招商银行", "信用卡还款", "不计收支", "100.00"),
    ]
    # the repayments come 8 and 19 days after the payout: outside the window
    assert not propose([read_bill(alipay_csv(rows), "a.csv", "en")]).borrowing_to_repay


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        ("2026-08-01", "2026-10-31", 3),
        ("2026-01-15", "2026-04-14", 3),
        ("2026-02-10", "2026-02-13", 1),
        ("2025-11-01", "2026-10-31", 12),
    ],
)
def test_months_covered(first, last, months):
    assert months_between(dt.date.fromisoformat(first), dt.date.fromisoformat(last)) == months


def test_kept_lines_go_into_a_new_case_and_the_old_one_stays():
    proposals = propose(BOTH["Alipay GBK + WeChat XLSX"]())
    case = load_demo("young_worker")
    before = case.model_copy(deep=True)
    incomes = [kept_income(line, line.monthly, "zh-CN")[0] for line in proposals.incomes]
    food = next(line for line in proposals.spending if line.key == "food")
    expenses = [kept_expense(food, "150.00", True, "zh-CN")[0]]  # changed by the person
    debts = [
        kept_debt(d, d.name("zh-CN"), d.usual_amount, d.due_day, balance, "zh-CN")[0]
        for d, balance in zip(proposals.debts[:2], [Decimal("8000"), None])
    ]
    updated, problems = add_to_case(
        case, incomes=incomes, expenses=expenses, debts=debts, borrowing_to_repay=True, lang="zh-CN"
    )
    assert problems == [] and updated is not None and case == before
    assert updated.household.incomes[-2].name == "工资（来自账单）" and updated.household.incomes[-2].amount == Decimal(
        "6000.00"
    )
    assert updated.household.expenses[-1].amount == Decimal("150.00")
    new = updated.debts[-2:]
    assert [(d.platform, d.monthly_due, d.due_day, d.balance) for d in new] == [
        ("招商银行信用卡", Decimal("2500.00"), 20, Decimal("8000.00")),
        ("花呗", Decimal("1200.00"), 9, Decimal("0.00")),
    ]
    assert new[0].minimum_rule is not None and new[0].minimum_rule.fixed_amount == Decimal("2500.00")
    assert len({d.id for d in updated.debts}) == len(updated.debts) and updated.flags.borrowing_to_repay
    replaced, _ = add_to_case(
        case, incomes=incomes, expenses=expenses, debts=[], borrowing_to_repay=False, mode="replace", lang="zh-CN"
    )
    assert replaced is not None and replaced.household.expenses == expenses and replaced.debts == case.debts


def test_a_changed_line_that_is_not_money_names_the_line_and_the_field():
    proposals = propose(BOTH["Alipay GBK + WeChat XLSX"]())
    income, problems = kept_income(proposals.incomes[0], "-5", "en")
    assert income is None and [(p.path, p.code) for p in problems] == [
        ("Salary (from the bills) › Amount", "negative_amount")
    ]
    debt, problems = kept_debt(proposals.debts[0], "", "100", 40, None, "zh-CN")
    assert debt is None and [(p.path, p.code) for p in problems] == [
        ("招商银行信用卡 › 平台", "required_text"),
        ("招商银行信用卡 › 每月还款日", "too_large"),
    ]


# --- properties ---------------------------------------------------------------------------------
fen = st.integers(min_value=1, max_value=10**9)


@given(fen)
def test_any_amount_reads_exactly_with_yuan_sign_and_separators(value):
    text = f"¥{value // 100:,}.{value % 100:02d}"
    assert parse_amount(text) == Decimal(value) / 100


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=89), fen), min_size=1, max_size=25))
def test_spending_totals_are_exact_sums(items):
    start = dt.datetime(2026, 8, 1, 12)
    rows = [
        Tx(
            (start + dt.timedelta(days=day)).strftime("%Y-%m-%d %H:%M:%S"),
            "餐饮美食",
            "店",
            "饭",
            "支出",
            f"{amount // 100}.{amount % 100:02d}",
        )
        for day, amount in items
    ]
    proposals = propose([read_bill(alipay_csv(rows, encoding="utf-8"), "a.csv", "en")])
    total = sum((Decimal(a) / 100 for _, a in items), Decimal("0.00"))
    [food] = proposals.spending
    assert food.total == total and food.monthly == round_fen(total / proposals.months)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_rows_or_a_message_never_an_error(raw):
    reading = read_bill(raw, "x.csv", "en")
    assert reading.rows or reading.problems


def test_a_wechat_refund_row_is_never_income_whatever_its_status():
    rows = [
        Tx("2026-09-07 19:00:00", "商户消费", "某生鲜店", "水果", "支出", "¥100.00", "已退款(￥30.00)"),
        Tx("2026-09-08 19:00:00", "某生鲜店-退款", "某生鲜店", "/", "收入", "¥30.00", "已退款(￥30.00)"),
    ]
    proposals = propose([read_bill(wechat_csv(rows), "w.csv", "en")])
    assert proposals.incomes == [] and [(s.key, s.total) for s in proposals.spending] == [("food", Decimal("70.00"))]
    assert proposals.left_out == {"refund": 1}


def test_a_cash_loan_paid_out_then_a_card_repaid_is_borrowing_to_repay():
    rows = [
        Tx("2026-08-01 09:00:00", "转账", "分期乐", "分期乐借款", "收入", "¥2,000.00", "已存入零钱"),
        Tx("2026-08-02 09:00:00", "信用卡还款", "建设银行信用卡还款", "/", "/", "¥1,900.00", "支付成功"),
    ]
    proposals = propose([read_bill(wechat_csv(rows), "w.csv", "zh-CN")])
    assert proposals.incomes == [] and proposals.left_out == {"borrowed": 1}
    assert [(d.name("zh-CN"), d.due_day) for d in proposals.debts] == [("建设银行信用卡", 2)]
    assert [(p.payout_key, p.repayment_key, p.days) for p in proposals.borrowing] == [("fenqile", "credit_card:3", 1)]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=28), st.sampled_from([100_00, 1200_00, 1234_56, 99])),
        min_size=1,
        max_size=12,
    )
)
def test_due_day_and_usual_amount_are_ones_actually_paid(payments):
    rows = [
        Tx(
            f"2026-{month:02d}-{day:02d} 20:00:00",
            "信用借还",
            "花呗",
            "花呗主动还款",
            "不计收支",
            f"{fen // 100}.{fen % 100:02d}",
        )
        for month, (day, fen) in enumerate(payments, start=1)
    ]
    [debt] = propose([read_bill(alipay_csv(rows, encoding="utf-8"), "a.csv", "en")]).debts
    days = [day for day, _ in payments]
    assert debt.due_day in days and days.count(debt.due_day) == max(days.count(d) for d in days)
    assert debt.usual_amount in {Decimal(fen) / 100 for _, fen in payments}
    assert debt.months == len(payments)
