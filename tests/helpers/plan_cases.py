"""Small case builders and hypothesis strategies shared by the plan tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from overdue_core.case.models import Case, Debt, MinimumPaymentRule, MinimumRuleKind, Repayment
from tests.helpers.debts import behind

AS_OF = dt.date(2026, 11, 1)
D = Decimal


def debt(**fields) -> Debt:
    data = {"id": "d1", "platform": "P", "balance": "0", "remaining_terms": 0}
    data.update(fields)
    return Debt.model_validate(data)


def case_with(*debts: Debt, budget: str | None = None, **settings) -> Case:
    plan = {"monthly_budget": budget, **settings}
    return Case.model_validate({"as_of": AS_OF, "debts": [d.model_dump() for d in debts], "settings": {"plan": plan}})


def _money(low: int, high: int):
    return st.integers(low, high).map(lambda fen: Decimal(fen) / 100)


def _rate(high: str):
    return st.integers(0, int(Decimal(high) * 10000)).map(lambda bp: Decimal(bp) / 10000)


@st.composite
def debts(draw, index: int) -> Debt:
    """A random valid debt of any repayment method, possibly overdue."""
    method = draw(st.sampled_from(list(Repayment)))
    balance = draw(_money(0, 5_000_000))
    terms = (
        draw(st.integers(1, 60))
        if method in (Repayment.EQUAL_INSTALLMENT, Repayment.EQUAL_PRINCIPAL)
        else draw(st.integers(0, 36))
    )
    overdue = draw(st.one_of(st.just(Decimal("0")), _money(1, 1_000_000)))
    if balance == 0 and overdue == 0:
        overdue = Decimal("100.00")
    days = draw(st.integers(1, 400)) if overdue > 0 else 0
    rule = None
    if method == Repayment.MINIMUM_PAYMENT:
        kind = draw(st.sampled_from(list(MinimumRuleKind)))
        rule = MinimumPaymentRule(
            kind=kind, percent=draw(_rate("0.3")), floor=draw(_money(0, 20_000)), fixed_amount=draw(_money(0, 200_000))
        )
    return Debt(
        id=f"d{index}",
        platform=f"P{index}",
        balance=balance,
        annual_rate=draw(_rate("0.36")),
        repayment=method,
        remaining_terms=terms,
        monthly_due=Decimal("0"),
        overdue_amount=overdue,
        days_overdue=days,
        penalty_rate=draw(_rate("0.5")),
        late_fee_rate=draw(_rate("0.1")),
        monthly_fee=draw(st.one_of(st.just(Decimal("0")), _money(0, 5_000))),
        lender_licensed=draw(st.booleans()),
        minimum_rule=rule,
    )


@st.composite
def cases(draw, max_debts: int = 5) -> Case:
    n = draw(st.integers(1, max_debts))
    items = [draw(debts(i)) for i in range(n)]
    return Case(as_of=AS_OF, debts=items)


budgets = _money(0, 3_000_000)


def numbered_debt(
    i: int, method: str, *, balance: Decimal, rate: Decimal, terms: int, overdue: Decimal, days: int, licensed: bool
) -> Debt:
    """Debt ``d<i>`` on "平台<i>" of many made for a test or a benchmark: the penalty rate 1.5 × the
    rate; a minimum-payment card has a 5 % late fee and the usual minimum (5 %, at least 100)."""
    card = method == "minimum_payment"
    return Debt(
        id=f"d{i}",
        platform=f"平台{i}",
        balance=balance,
        annual_rate=rate,
        repayment=method,
        remaining_terms=terms,
        overdue_amount=overdue,
        days_overdue=days,
        penalty_rate=rate * D("1.5"),
        late_fee_rate=D("0.05") if card else D("0"),
        lender_licensed=licensed,
        minimum_rule=MinimumPaymentRule(percent=D("0.05"), floor=D("100")) if card else None,
    )


def twenty_debts() -> Case:
    """20 debts of every repayment method, a third of them overdue; about 290,000 owed."""
    debts: list[Debt] = []
    methods = (
        ["equal_installment"] * 9
        + ["equal_principal"] * 3
        + ["interest_only"] * 2
        + ["bullet"] * 2
        + ["minimum_payment"] * 4
    )
    for i, method in enumerate(methods):
        overdue = D(500 + 150 * i) if i % 3 == 0 else D(0)
        debts.append(
            numbered_debt(
                i,
                method,
                balance=D(6000 + 1300 * i),
                rate=D("0.08") + D("0.012") * i,
                terms=12 + 3 * i,
                overdue=overdue,
                days=15 * (i % 7 + 1) if overdue else 0,
                licensed=i != 19,
            )
        )
    return Case(as_of=dt.date(2026, 11, 1), debts=debts)


def long_loans() -> Case:
    """:func:`twenty_debts` with loans of 576 months down to 120 (24 fewer each): the engine on long
    loans, where most months are nothing but the contracts (the benchmark's second case)."""
    base = twenty_debts()
    debts = [d.model_copy(update={"remaining_terms": 576 - 24 * i}) for i, d in enumerate(base.debts)]
    return Case(as_of=base.as_of, debts=debts)


def contract_plan(case: Case, *args, **kwargs):
    """The contract simulation ("if nobody agrees"): every debt on its contract as it stands.

    The engine's mechanics (accrual, buckets, slips, strategies when money is short) are tested on
    it; the plan to follow (``build_plan``'s default) is tested in ``test_plan_to_follow``."""
    from overdue_core.plan import build_plan

    return build_plan(case, *args, agreed=False, **kwargs)


def contract_strategies(case: Case, *args, **kwargs):
    """Every strategy's contract simulation on the same case (see :func:`contract_plan`)."""
    from overdue_core.plan import compare_strategies

    return compare_strategies(case, *args, agreed=False, **kwargs)


def loan(balance: str, rate: str, terms: int, due: str = "0", **fields) -> Debt:
    """A loan as its contract reads: the principal left, the yearly rate, the terms left and the due each
    month (level instalments unless ``repayment`` says otherwise)."""
    return debt(balance=balance, annual_rate=rate, remaining_terms=terms, monthly_due=due, **fields)


def arrears(id: str, amount: str, days: int, penalty: str, **fields) -> Debt:
    """A debt that is nothing but arrears (a bullet past its maturity): no principal left to fall due."""
    return debt(id=id, balance="0", repayment="bullet", **behind(amount, days, penalty), **fields)


def bank_and_unlicensed_app(app_platform: str = "App") -> tuple[Debt, Debt]:
    """A licensed bank loan at 0 % (1,000 a month) and an unlicensed app at 36 % (1,100 a month), 6,000
    left on each: on 1,500 a month one of them must fall behind, and it should be the app."""
    bank = loan("6000", "0", 6, "1000", id="bank", platform="Bank")
    app = loan("6000", "0.36", 6, "1100", id="app", platform=app_platform, lender_licensed=False)
    return bank, app
