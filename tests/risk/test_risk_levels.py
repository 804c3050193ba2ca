"""Levels match their written definitions in docs/risk-model.md, one test per definition; stress
scenarios that leave the score unchanged say why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_core.i18n import t
from overdue_core.case.demo import load_demo
from overdue_core.risk.score import LEVEL_ORDER, Level, inputs_from_case, level_definitions, level_for, score_case
from overdue_core.risk.stress import stress_tests
from tests.helpers import examples
from tests.helpers.risk_cases import debt, loan, make_case

D = Decimal


def late_loans(n: int, days: int, *, overdue="700", due="350") -> list[dict]:
    return [loan(i, "2000", "0.18", 6, due, overdue=overdue, days=days, penalty_rate="0.18") for i in range(n)]


def test_critical_several_platforms_120_days_late_with_income_below_essentials():
    # The case: three platforms 120 days late, income 3,000 against 3,500 of essentials.
    case = make_case(incomes=[("3000", "fixed")], expenses=[("3500", True)], debts=late_loans(3, 120))
    result = score_case(case)
    assert level_for(result.score) is not Level.CRITICAL  # the points alone said "high"
    assert result.level is Level.CRITICAL and result.level_reason == "m3_platforms_short"


def test_critical_needs_two_platforms_beyond_m3_and_a_shortfall():
    short = dict(incomes=[("3000", "fixed")], expenses=[("3500", True)])
    two_loans_one_platform = [
        loan(i, "2000", "0.18", 6, "350", overdue="700", days=120, platform="借呗") for i in range(2)
    ]
    assert "m3_platforms_short" not in dict(
        (c, l) for l, c in level_definitions(inputs_from_case(make_case(**short, debts=two_loans_one_platform)))
    )
    roomy = make_case(incomes=[("30000", "fixed")], expenses=[("3500", True)], debts=late_loans(3, 120))
    assert inputs_from_case(roomy).shortfall == 0
    assert (Level.CRITICAL, "m3_platforms_short") not in level_definitions(inputs_from_case(roomy))


def test_high_a_platform_more_than_90_days_late():
    case = make_case(incomes=[("30000", "fixed")], expenses=[("3000", True)], savings="100000", debts=late_loans(1, 91))
    result = score_case(case)
    assert result.score < 50 and result.level is Level.HIGH and result.level_reason == "m3_overdue"
    at_90 = make_case(
        incomes=[("30000", "fixed")], expenses=[("3000", True)], savings="100000", debts=late_loans(1, 90)
    )
    assert score_case(at_90).level is not Level.HIGH  # 90 days is still M3, not beyond it


def test_medium_overdue_with_a_shortfall():
    case = make_case(
        incomes=[("4000", "fixed")],
        expenses=[("3600", True)],
        savings="100000",
        debts=late_loans(1, 10, overdue="500", due="100"),
    )
    result = score_case(case)
    assert result.score < 25 and result.level is Level.MEDIUM and result.level_reason == "overdue_short"


def test_low_nothing_overdue_and_a_small_score():
    case = make_case(
        incomes=[("10000", "fixed")],
        expenses=[("3000", True)],
        savings="100000",
        debts=[debt(0, balance="2000", rate="0.1", due="200")],
    )
    result = score_case(case)
    assert result.level is Level.LOW and result.level_reason == "score"


@pytest.mark.parametrize(
    ("demo", "level"), [("young_worker", Level.MEDIUM), ("gig_driver", Level.CRITICAL), ("family_cards", Level.HIGH)]
)
def test_demo_levels_as_the_doc_says(demo, level):
    assert score_case(load_demo(demo)).level is level


@settings(max_examples=examples(80), deadline=None)
@given(
    n=st.integers(0, 4),
    days=st.integers(0, 400),
    income=st.integers(0, 20000),
    extra_days=st.integers(1, 200),
    cut=st.integers(1, 5000),
)
def test_a_worse_case_never_gets_a_lower_level(n, days, income, extra_days, cut):
    base = make_case(
        incomes=[(str(income), "fixed")],
        expenses=[("3500", True)],
        debts=late_loans(n, days) if days else late_loans(n, 0, overdue="0"),
    )
    later = make_case(
        incomes=[(str(income), "fixed")], expenses=[("3500", True)], debts=late_loans(n, days + extra_days)
    )
    poorer = make_case(
        incomes=[(str(max(income - cut, 0)), "fixed")],
        expenses=[("3500", True)],
        debts=late_loans(n, days) if days else late_loans(n, 0, overdue="0"),
    )
    level = LEVEL_ORDER.index(score_case(base).level)
    assert LEVEL_ORDER.index(score_case(later).level) >= level
    assert LEVEL_ORDER.index(score_case(poorer).level) >= level


def test_doc_defines_every_level_reason():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "risk-model.md").read_text(encoding="utf-8")
    for code in ("m3_platforms_short", "m3_overdue", "overdue_short"):
        assert f"`{code}`" in doc, code


# --- stress: different scenarios, visibly different, or the page says why not ---------------
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_an_unchanged_stress_score_is_explained(lang):
    case = make_case(incomes=[("3000", "fixed")], expenses=[("3500", True)], debts=late_loans(3, 120))
    results = stress_tests(case)
    base = score_case(case).score
    same = [r for r in results if r.score == base]
    assert same  # the monthly shortfall is already counted in full
    for item in same:
        text = item.same_score_text(lang)
        assert text and str(item.score) in text and f"{item.shortfall:,.2f}" in text
        assert item.to_dict()["unchanged_because"] == list(item.moved)
    changed = [r for r in results if r.score != base]
    assert all(r.same_score_text(lang) is None for r in changed)


def test_scenarios_that_differ_show_different_shortfalls():
    case = make_case(incomes=[("3000", "fixed")], expenses=[("3500", True)], debts=late_loans(3, 120))
    results = stress_tests(case)
    shown = [(r.score, r.shortfall) for r in results]
    assert len(set(shown)) == len(shown)  # no two scenarios read the same


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_an_unchanged_score_is_explained_once_for_every_scenario(lang):
    from overdue_core.case import load_demo
    from overdue_core.risk import same_score_summary, stress_tests

    results = stress_tests(load_demo("gig_driver"))
    same = [r for r in results if r.delta == 0]
    text = same_score_summary(results, lang)
    assert same and text is not None
    assert text.count(str(same[0].score)) == 1  # the score is said once, not per scenario
    for r in same:
        assert t(f"risk.scenario.{r.scenario}", lang) in text
    assert same_score_summary([r for r in results if r.delta != 0], lang) is None
