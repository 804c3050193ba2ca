"""docs/risk-model.md: its tables are generated from the code, so they cannot drift from it."""

from __future__ import annotations

from pathlib import Path

from overdue_core.case.demo import load_demo
from overdue_core.risk.score import LEVEL_FLOORS, SPECS, score_case
from overdue_core.risk.stress import stress_tests

DOC = Path(__file__).resolve().parents[2] / "docs" / "risk-model.md"
EXAMPLE = "gig_driver"


def weights_table() -> str:
    rows = ["| Factor | Measure | Thresholds → points | Max |", "|---|---|---|---|"]
    result = score_case(load_demo(EXAMPLE))
    for code, spec in SPECS.items():
        rows.append(
            f"| `{code}` | {spec.measure.value} | {result.factor(code).thresholds_text('en')} | {spec.max_points} |"
        )
    return "\n".join(rows)


def levels_line() -> str:
    return " · ".join(f"{level.value} ≥ {floor}" for floor, level in sorted(LEVEL_FLOORS))


def worked_example_table() -> str:
    result = score_case(load_demo(EXAMPLE))
    rows = ["| Factor | Value | Points | Explanation |", "|---|---|---|---|"]
    for f in result.factors:
        rows.append(f"| `{f.code}` | {f.value_text('en')} | +{f.points} | {f.explanation('en')} |")
    rows.append(f"| **Score** | | **{result.score}** | level **{result.level.value}** |")
    return "\n".join(rows)


def stress_table() -> str:
    rows = ["| Scenario | Score | Level | Short this month (yuan) |", "|---|---|---|---|"]
    for s in stress_tests(load_demo(EXAMPLE)):
        rows.append(f"| `{s.scenario}` | {s.score} | {s.level.value} | {s.shortfall:,.2f} |")
    return "\n".join(rows)


def actions_line() -> str:
    return " · ".join(f"{a.measure.value} +{a.points}" for a in score_case(load_demo(EXAMPLE)).top_actions())


def test_doc_tables_match_the_code():
    text = DOC.read_text(encoding="utf-8")
    for block in (weights_table(), levels_line(), worked_example_table(), stress_table(), actions_line()):
        assert block in text, f"docs/risk-model.md is out of date; regenerate:\n{block}"


def test_doc_says_it_is_not_a_credit_score_nor_advice():
    text = DOC.read_text(encoding="utf-8").lower()
    assert "not a credit score" in text and "not legal or financial advice" in text
