"""Speed of the score, measured (never asserted on time): one case, its stress tests, a batch."""

from __future__ import annotations

from overdue_core.case.casefile import parse_case
from overdue_core.case.demo import DEMO_IDS, demo_bytes, load_demo
from overdue_core.risk import assessment_dict as report
from overdue_core.risk.score import score_case
from overdue_core.risk.stress import SCENARIOS, stress_tests


def test_bench_score_case(benchmark):
    case = load_demo("gig_driver")
    result = benchmark(score_case, case)
    assert result.score == sum(f.points for f in result.factors)


def test_bench_stress_tests(benchmark):
    case = load_demo("gig_driver")
    results = benchmark(stress_tests, case)
    assert [r.scenario for r in results] == list(SCENARIOS)


def test_bench_batch_of_30_case_files(benchmark):
    # What `risk FOLDER` does per case: parse the file, score, stress-test, build the JSON line.
    raw = [demo_bytes(d) for d in DEMO_IDS[:3]] * 10

    def batch():
        return [report(parse_case(item)[0], "zh-CN") for item in raw]

    lines = benchmark(batch)
    assert len(lines) == 30 and {line["level"] for line in lines} == {"medium", "critical", "high"}
