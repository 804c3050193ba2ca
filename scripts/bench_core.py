"""The core at scale: 100 debts over 600 months with every strategy, and the risk score in batch.

Why: a counselor's file can hold many debts, and a service may score thousands of files at
once. Both are measured here (figures go in docs/performance.md); nothing is asserted on time.

Usage: ``python scripts/bench_core.py [--cases 10000] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from overdue_core.case.demo import DEMO_IDS, load_demo  # noqa: E402
from overdue_core.case.models import Case  # noqa: E402
from overdue_core.plan.engine import compare_strategies  # noqa: E402
from tests.helpers.plan_cases import numbered_debt  # noqa: E402

D = Decimal
METHODS = ["equal_installment", "equal_principal", "interest_only", "bullet", "minimum_payment"]


def hundred_debts(count: int = 100) -> Case:
    """``count`` debts of every repayment method, a third overdue, rates from 6 % to 36 %."""
    debts = []
    for i in range(count):
        method = METHODS[i % len(METHODS)]
        rate = D("0.06") + D("0.003") * (i % 100)
        overdue = D(300 + 40 * i) if i % 3 == 0 else D(0)
        debts.append(
            numbered_debt(
                i,
                method,
                balance=D(3000 + 450 * i),
                rate=rate,
                terms=6 + i % 48,
                overdue=overdue,
                days=10 * (i % 9 + 1) if overdue else 0,
                licensed=i % 17 != 16,
            )
        )
    return Case(as_of=dt.date(2026, 11, 1), debts=debts)


#: A budget just enough for the 100 debts: every strategy clears them, the slowest in about 26 years
#: (the horizon is 600 months; the engine stops a plan once it is repaid or hopeless).
BUDGET_100 = D("45000")


def plan_at_scale(runs: int) -> dict:
    case = hundred_debts()
    times, results = [], None
    for _ in range(runs):
        started = time.perf_counter()
        results = compare_strategies(case, BUDGET_100, agreed=False)  # the contract simulation: decades of months
        times.append((time.perf_counter() - started) * 1000)
    assert results is not None
    return {
        "debts": len(case.debts),
        "owed": str(case.total_owed),
        "budget": str(BUDGET_100),
        "months": {s.value: r.months_simulated for s, r in results.items()},
        "schedule_rows": sum(len(r.schedule) for r in results.values()),
        "min_ms": min(times),
        "median_ms": statistics.median(times),
    }


def generated_cases(count: int, seed: int = 7) -> list[str]:
    """``count`` varied cases as JSON lines: the demos with scaled debts, incomes and savings."""
    rng = random.Random(seed)
    bases = [load_demo(d).model_dump(mode="json") for d in DEMO_IDS]
    lines = []
    for n in range(count):
        data = json.loads(json.dumps(bases[n % len(bases)]))
        scale = D(rng.randint(20, 400)) / 100
        for debt in data["debts"]:
            for field in ("balance", "overdue_amount", "monthly_due"):
                if debt.get(field) is not None:
                    debt[field] = str((D(debt[field]) * scale).quantize(D("0.01")))
        for item in data["household"].get("incomes", []):
            if item.get("amount") is not None:
                item["amount"] = str((D(item["amount"]) * D(rng.randint(50, 200)) / 100).quantize(D("0.01")))
        data["title"] = f"case {n}"
        lines.append(json.dumps(data, ensure_ascii=False))
    return lines


def risk_batch(count: int, folder: Path) -> dict:
    """Score ``count`` generated cases with ``python -m overdue_core risk FILE.jsonl`` (one process)."""
    path = folder / "cases.jsonl"
    path.write_text("\n".join(generated_cases(count)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "overdue_core", "risk", str(path), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    wall = time.perf_counter() - started
    out = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    match = re.search(r"in ([\d.]+) s", summary)
    return {
        "cases": count,
        "exit": done.returncode,
        "ok": sum(1 for line in out if line.get("ok")),
        "levels": dict(
            sorted({lvl: sum(1 for x in out if x.get("level") == lvl) for lvl in {x.get("level") for x in out}}.items())
        ),
        "cli_seconds": float(match.group(1)) if match else None,
        "wall_seconds": wall,
        "per_second": count / float(match.group(1)) if match else None,
        "summary": summary,
        "input_mb": path.stat().st_size / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    plan = plan_at_scale(args.runs)
    print(f"plan engine, {plan['debts']} debts ({plan['owed']} owed) at {plan['budget']} a month, all strategies:")
    print(f"  months simulated {plan['months']}, {plan['schedule_rows']:,} schedule rows")
    print(f"  min {plan['min_ms']:.0f} ms, median {plan['median_ms']:.0f} ms over {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        risk = risk_batch(args.cases, Path(tmp))
    print(f"risk batch, {risk['cases']:,} cases ({risk['input_mb']:.1f} MB of JSON lines) in one process:")
    print(f"  exit {risk['exit']}, {risk['ok']:,} scored, levels {risk['levels']}")
    print(
        f"  {risk['cli_seconds']} s in the command ({risk['per_second']:,.0f} cases/s),"
        f" {risk['wall_seconds']:.1f} s with start-up"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
