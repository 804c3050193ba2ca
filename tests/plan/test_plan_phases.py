"""The plan's month in phases (``plan.month``): the quiet-month path changes no figure, rows are
named, and the offers' shortcuts give what the long way gives."""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_core.case.models import Strategy
from overdue_core.plan.apr import contractual_payments, debt_true_apr
from overdue_core.plan.arrangement import MAX_OFFER_MONTHS
from overdue_core.plan.engine import SCHEDULE_COLUMNS, compare_strategies
from overdue_core.plan.events import IncomeChange, LumpSum
from overdue_core.plan.month import PlanRun, ScheduleRow
from overdue_core.plan.offers import installment_offer, true_monthly_rate
from tests.helpers.plan_cases import budgets, case_with, cases, debt, long_loans, twenty_debts

D = Decimal
FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def _everything(results) -> list[str]:
    """Every figure of every strategy's plan: its JSON with the schedule, and its standing."""
    return [
        json.dumps(plan.to_json_dict("en"), sort_keys=True, ensure_ascii=False) + plan.standing.to_csv(index=False)
        for _strategy, plan in sorted(results.items())
    ]


@FAST
@given(case=cases(max_debts=4), budget=budgets, agreed=st.booleans())
def test_quiet_months_give_the_figures_the_strategies_passes_give(case, budget, agreed, monkeypatch):
    fast = _everything(compare_strategies(case, budget, agreed=agreed))
    with monkeypatch.context() as patched:
        patched.setattr(PlanRun, "_covered", lambda *args: False)
        slow = _everything(compare_strategies(case, budget, agreed=agreed))
    assert fast == slow


def test_long_loans_on_their_contracts_take_the_quiet_path(monkeypatch):
    """20 loans of up to 576 months, minimum payments only: most months are nothing but the contracts."""
    calls = []
    original = PlanRun._covered_month

    def counting(self, month, start, spare):
        calls.append(month)
        return original(self, month, start, spare)

    monkeypatch.setattr(PlanRun, "_covered_month", counting)
    plan = compare_strategies(long_loans(), D("9000"), agreed=False)[Strategy.MINIMUM_ONLY]
    assert plan.months_to_debt_free == 576
    assert len(calls) > 400


def test_a_month_whose_money_covers_the_arrears_takes_the_direct_path_with_the_passes_figures(monkeypatch):
    """A card asking its entered 5,000 in month 1 against a 3,000 budget falls behind; once its minimum
    by rule leaves room for the arrears too, the month is covered: paid in full directly, with every
    figure the strategies' passes give."""
    card = debt(
        balance="10000",
        annual_rate="0.18",
        repayment="minimum_payment",
        monthly_due="5000",
        penalty_rate="0.18",
        late_fee_rate="0.05",
    )
    case = case_with(card, debt(id="d2", platform="Q", balance="6000", annual_rate="0.12", remaining_terms=12))
    covered_with_arrears = []
    original = PlanRun._covered_month

    def watching(self, month, start, spare):
        covered_with_arrears.extend(month for d in self.active if d.fifo)
        return original(self, month, start, spare)

    for agreed in (False, True):
        with monkeypatch.context() as patched:
            patched.setattr(PlanRun, "_covered_month", watching)
            fast = _everything(compare_strategies(case, D("3000"), agreed=agreed))
        with monkeypatch.context() as patched:
            patched.setattr(PlanRun, "_covered", lambda *args: False)
            slow = _everything(compare_strategies(case, D("3000"), agreed=agreed))
        assert fast == slow
    assert covered_with_arrears


@FAST
@given(case=cases(max_debts=4), budget=budgets, lump=st.integers(0, 2_000_000), month=st.integers(1, 24))
def test_covered_months_around_what_ifs_give_the_passes_figures(case, budget, lump, month, monkeypatch):
    """Months after a lump sum or an income change (months with an event take the passes)."""
    events = [LumpSum(month=month, amount=D(lump) / 100), IncomeChange(month=month + 3, change=-D(lump) / 200)]
    fast = _everything(compare_strategies(case, budget, events))
    with monkeypatch.context() as patched:
        patched.setattr(PlanRun, "_covered", lambda *args: False)
        slow = _everything(compare_strategies(case, budget, events))
    assert fast == slow


def test_each_month_row_is_named_and_the_schedule_reads_it():
    plan = compare_strategies(twenty_debts(), D("9000"), agreed=False)[Strategy.OVERDUE_FIRST]
    rows = plan.rows
    assert rows and all(isinstance(row, ScheduleRow) for row in rows)
    assert [row.month for row in rows] == sorted(row.month for row in rows)
    frame = plan.schedule
    assert list(frame.columns) == SCHEDULE_COLUMNS and len(frame) == len(rows)
    first = rows[0]
    assert first.paid == first.interest + first.penalty + first.fees + first.principal
    assert frame.iloc[0]["payment"] == D(first.paid) / 100
    assert (first.overdue > 0) == (first.days_overdue > 0) == (first.missed > 0)


def _fewest_months_the_long_way(owed: Decimal, rate: Decimal, payment: Decimal) -> int:
    """What the offer did before: build every term's schedule until the first installment fits."""
    for months in range(1, MAX_OFFER_MONTHS + 1):
        stream = contractual_payments(owed, rate, months, "equal_installment")
        if stream and stream[0] <= payment:
            return months
    return MAX_OFFER_MONTHS


@settings(max_examples=150, deadline=None)
@given(
    owed=st.integers(0, 5_000_000).map(lambda fen: D(fen) / 100),
    monthly=st.integers(0, 50_000_000_000).map(
        lambda n: D(n) / 10**12
    ),  # up to 5 % a month, as true_monthly_rate gives it
    payment=st.integers(0, 2_000_000).map(lambda fen: D(fen) / 100),
)
def test_the_fewest_months_by_halving_are_the_long_way_s(owed, monthly, payment):
    offer = installment_offer(debt(balance=str(owed), remaining_terms=12), payment, monthly)
    rate = monthly * 12
    assert offer.months == _fewest_months_the_long_way(owed, rate, payment)
    stream = contractual_payments(owed, rate, offer.months, "equal_installment")
    assert offer.cap == sum(stream, D("0.00"))
    if owed > 0:
        assert offer.monthly == min(payment, (offer.cap / offer.months).quantize(D("0.01"), rounding=ROUND_DOWN))


@pytest.mark.parametrize("terms", [12, 240, 576])
def test_the_true_monthly_rate_is_the_apr_s(terms):
    loan = debt(balance="50000", annual_rate="0.18", remaining_terms=terms)
    assert true_monthly_rate(loan) == D(repr(debt_true_apr(loan).monthly_irr)).quantize(D("1E-12"))


def test_each_strategy_starts_from_a_copy_of_today_s_states():
    from overdue_core.plan.accrual import Paid
    from overdue_core.plan.month import start_states

    case = twenty_debts()
    original = next(d for d in start_states(case, D("0.10")) if d.fifo)
    twin = original.copy()
    owed, arrears, oldest = original.owed, list(original.arrears), [list(item) for item in original.fifo]
    twin.pay_required(1, Paid())  # a fen off the oldest arrears: the twin's lists change, not the original's
    assert twin.owed == owed - 1
    assert (original.owed, original.arrears, [list(item) for item in original.fifo]) == (owed, arrears, oldest)
