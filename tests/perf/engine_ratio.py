"""The plan engine beside a bare numpy-financial amortization of the same loans, in one process.

Why a ratio: the machine is shared, so absolute times move with other people's work; both sides
measured in turns, in the thread's own CPU time, move together. Two cases: the benchmark's 20
debts (``twenty_debts``) and the same debts as loans of up to 576 months (``long_loans``), every
strategy's contract simulation at a 9,000 budget (``test_bench_plan.BUDGET``).

Usage: ``python -m tests.perf.engine_ratio [--rounds 15]``; figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from overdue_core.case.models import Case
from overdue_core.plan.engine import compare_strategies
from tests.helpers.plan_cases import long_loans, twenty_debts
from tests.perf.test_bench_plan import BUDGET, numpy_financial_amortization


def _cpu_ms(work: Callable[[], object]) -> float:
    started = time.thread_time()
    work()
    return (time.thread_time() - started) * 1000


def measure(case: Case, rounds: int) -> dict[str, float]:
    """Engine and yardstick in turns, ``rounds`` times each after one warm-up of both."""
    engine = lambda: compare_strategies(case, BUDGET, agreed=False)  # noqa: E731
    yardstick = lambda: numpy_financial_amortization(case)  # noqa: E731
    engine(), yardstick()
    times = [(_cpu_ms(engine), _cpu_ms(yardstick)) for _ in range(rounds)]
    ratios = sorted(e / n for e, n in times)
    return {
        "engine_ms": statistics.median(e for e, _ in times),
        "numpy_financial_ms": statistics.median(n for _, n in times),
        "ratio_median": statistics.median(ratios),
        "ratio_low": ratios[0],
        "ratio_high": ratios[-1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    for name, case in (("20 debts", twenty_debts()), ("20 loans up to 576 months", long_loans())):
        m = measure(case, args.rounds)
        print(
            f"{name}: engine {m['engine_ms']:.1f} ms, numpy-financial {m['numpy_financial_ms']:.1f} ms, "
            f"ratio {m['ratio_median']:.1f}x"
            f" (from {m['ratio_low']:.1f} to {m['ratio_high']:.1f} over {args.rounds} rounds)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
