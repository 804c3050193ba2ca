"""Speed of the plan engine, measured (never asserted on time): all strategies for a 20-debt case
over a 600-month horizon, beside a plain numpy-financial amortization of the same debts.

Figures go into docs/performance.md ("Engine ratio"). ``benchmark.pedantic`` with few rounds
keeps the normal test run quick.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import numpy_financial as npf

from overdue_core.case.models import Case, Strategy
from overdue_core.plan.engine import compare_strategies
from tests.helpers.plan_cases import long_loans, twenty_debts

D = Decimal
#: Budget for the 20 debts: enough to cure the arrears slowly, so the plan runs about eight years.
BUDGET = D("9000")


def numpy_financial_amortization(case: Case) -> float:
    """Each debt's level schedule (payment, interest, principal, balance per month) by numpy-financial.

    The yardstick: what a spreadsheet-style amortization of the same debts costs, with none of
    the plan's arrears, penalties, strategies or exact fen.
    """
    total = 0.0
    for debt in case.debts:
        n = debt.remaining_terms or 1
        r = float(debt.annual_rate) / 12
        pv = float(debt.total_owed)
        periods = np.arange(1, n + 1)
        payment = -npf.pmt(r, n, pv)
        interest = -npf.ipmt(r, periods, n, pv)
        principal = -npf.ppmt(r, periods, n, pv)
        balance = pv - np.cumsum(principal)
        assert np.allclose(interest + principal, payment) and abs(balance[-1]) < 1e-6
        total += float(payment) * n
    return total


def test_bench_all_strategies_twenty_debts(benchmark):
    case = twenty_debts()
    # The engine on long loans: the contract simulation, every debt on its contract for decades (the
    # plan to follow freezes debts in arrears, which is shorter work; see the benchmark below).
    results = benchmark.pedantic(
        compare_strategies, args=(case, BUDGET), kwargs={"agreed": False}, rounds=5, iterations=1, warmup_rounds=1
    )
    assert set(results) == set(Strategy) - {Strategy.CUSTOM}
    months = {s: r.months_simulated for s, r in results.items()}
    assert max(months.values()) > 60, months  # a long plan, not a trivial one
    benchmark.extra_info["months_simulated"] = months


def test_bench_all_strategies_long_loans(benchmark):
    """The engine on long loans: the same 20 debts as loans of up to 576 months (most months are
    nothing but the contracts). ``python -m tests.perf.engine_ratio`` sets it beside numpy-financial."""
    case = long_loans()
    results = benchmark.pedantic(
        compare_strategies, args=(case, BUDGET), kwargs={"agreed": False}, rounds=5, iterations=1, warmup_rounds=1
    )
    assert results[Strategy.MINIMUM_ONLY].months_to_debt_free == 576
    benchmark.extra_info["months_simulated"] = {s.value: r.months_simulated for s, r in results.items()}


def test_bench_numpy_financial_amortization(benchmark):
    case = twenty_debts()
    total = benchmark.pedantic(numpy_financial_amortization, args=(case,), rounds=5, iterations=1, warmup_rounds=1)
    assert total > float(sum(d.total_owed for d in case.debts))


def test_bench_plan_to_follow_twenty_debts(benchmark):
    """The plan to follow on the same case: the shares, the frozen arrangements and the months after."""
    case = twenty_debts()
    results = benchmark.pedantic(compare_strategies, args=(case, BUDGET), rounds=5, iterations=1, warmup_rounds=1)
    assert all(r.agreed for r in results.values())
    benchmark.extra_info["months_simulated"] = {s.value: r.months_simulated for s, r in results.items()}
