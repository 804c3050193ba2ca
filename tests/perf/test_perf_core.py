"""The core at scale, measured (never asserted on time): 100 debts with every strategy over the
600-month horizon, and the risk score of a batch of generated cases through the command line.

The full 10,000-case batch runs in ``scripts/bench_core.py`` (figures in docs/performance.md);
here a smaller batch proves the same path works and every case is scored.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from overdue_core.case.models import Case, Strategy
from tests.helpers import load_script

bench_core = load_script("bench_core")


def test_bench_hundred_debts_all_strategies(benchmark):
    case = bench_core.hundred_debts()
    # The contract simulation (decades of months), as `make bench` times it (scripts/bench_core.py).
    results = benchmark.pedantic(
        bench_core.compare_strategies,
        args=(case, bench_core.BUDGET_100),
        kwargs={"agreed": False},
        rounds=3,
        iterations=1,
    )
    assert len(case.debts) == 100 and set(results) == set(Strategy) - {Strategy.CUSTOM}
    months = {s.value: r.months_simulated for s, r in results.items()}
    benchmark.extra_info["months_simulated"] = months
    assert max(months.values()) > 240, months  # years of simulation, not a trivial plan
    for strategy, result in results.items():
        # Every strategy clears the 100 debts, exactly: nothing left in the last month, and each
        # month's payments never exceed the budget (amounts are Decimal to the fen).
        assert result.months_to_debt_free is not None, strategy
        schedule = result.schedule
        last = schedule[schedule["month"] == schedule["month"].max()]
        assert sum(last["balance"], Decimal("0")) == Decimal("0.00")
        per_month = schedule.groupby("month")["payment"].apply(lambda col: sum(col, Decimal("0")))
        assert per_month.max() <= bench_core.BUDGET_100
        assert all(v == v.quantize(Decimal("0.01")) for v in schedule["payment"])


def test_generated_cases_are_valid_and_varied():
    lines = bench_core.generated_cases(60)
    cases = [Case.model_validate_json(line) for line in lines]
    assert len({c.total_owed for c in cases}) > 50
    assert lines == bench_core.generated_cases(60)  # seeded: the same batch every run


@pytest.mark.timeout(300)
def test_bench_risk_batch_through_the_cli(benchmark, tmp_path):
    result = benchmark.pedantic(bench_core.risk_batch, args=(600, tmp_path), rounds=1, iterations=1)
    benchmark.extra_info.update({k: result[k] for k in ("cli_seconds", "per_second")})
    assert result["exit"] == 0, result["summary"]
    assert result["ok"] == 600 and sum(result["levels"].values()) == 600
    assert "600 cases processed (0 with problems)" in result["summary"]
    lines = [json.loads(x) for x in (tmp_path / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 600
