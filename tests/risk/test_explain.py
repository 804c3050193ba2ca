"""The score in plain words: threshold sentences, stress sentences, and first steps that name
the person's own platforms and leave out what does not apply."""

from __future__ import annotations

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.i18n import t
from overdue_core.risk import assess, first_steps, stress_sentence, thresholds_sentence


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("demo", DEMO_IDS)
def test_every_threshold_is_a_sentence_with_its_points(demo, lang):
    result, _stress = assess(load_demo(demo))
    for factor in result.factors:
        sentence = thresholds_sentence(factor, lang)
        assert t(f"explain.what.{factor.code}", lang) in sentence, factor.code
        for band in factor.thresholds:
            assert str(band.points) in sentence
        assert not any(sym in sentence for sym in ("<", "≥", ": +")), sentence  # words, not symbols


def test_the_surplus_thresholds_say_what_the_percentage_is():
    result, _stress = assess(load_demo("gig_driver"))
    sentence = thresholds_sentence(result.factor("monthly_surplus"), "zh-CN")
    assert (
        "剩下的不到收入的 10% 加 3 分" in sentence
        and "不够还加 6 分" in sentence
        and "缺口超过收入的 25% 加 9 分" in sentence
    )


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_stress_sentences_read_as_if_then_short(lang):
    _result, stress = assess(load_demo("young_worker"))
    by_name = {s.scenario: s for s in stress}
    minus20, minus30 = (
        stress_sentence(by_name["income_minus_20"], lang),
        stress_sentence(by_name["income_minus_30"], lang),
    )
    assert minus20.startswith(t("explain.scenario.income_minus_20", lang))
    assert by_name["income_minus_30"].shortfall > by_name["income_minus_20"].shortfall > 0
    assert minus20 != minus30  # the same score, but a different (larger) gap is said
    assert f"{by_name['income_minus_20'].shortfall:,.2f}" in minus20


def test_first_steps_name_the_overdue_platforms():
    case = load_demo("family_cards")
    result, _stress = assess(case)
    steps = first_steps(case, result, "zh-CN")
    overdue = [d.platform for d in case.debts if d.overdue_amount > 0]
    communicate = next(s for s in steps if s.measure.value == "communicate")
    assert all(name in communicate.text for name in overdue)
    assert not any(d.platform in communicate.text for d in case.debts if d.overdue_amount == 0)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_lawsuit_threat_puts_legal_help_first_and_says_why(lang):
    case = load_demo("family_cards")
    assert case.flags.lawsuit_threatened
    result, _stress = assess(case)
    steps = first_steps(case, result, lang)
    assert steps[0].measure.value == "legal" and "12348" in steps[0].text
    assert t("risk.urgent.lawsuit_threatened", lang) in steps[0].because
    calm = case.model_copy(
        update={"flags": case.flags.model_copy(update={"lawsuit_threatened": False}), "collection_incidents": []}
    )
    result, _stress = assess(calm)
    assert first_steps(calm, result, lang)[0].measure.value != "legal"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_plan_step_names_the_plans_platforms_in_its_order_with_its_figures(lang):
    from overdue_core.case.money import fmt_money
    from overdue_core.plan import build_plan

    case = load_demo("two_behind")
    result, _stress = assess(case)
    plan = build_plan(case)
    step = next(s for s in first_steps(case, result, lang, n=5, plan=plan) if s.measure.value == "plan")
    positions = [step.text.index(f"{o.platform} {fmt_money(o.monthly)}") for o in plan.offers.values()]
    assert positions == sorted(positions)


def test_a_step_that_does_not_apply_is_left_out():
    case = load_demo("young_worker")
    assert not case.flags.borrowing_to_repay
    result, _stress = assess(case)
    texts = " ".join(s.text for s in first_steps(case, result, "zh-CN"))
    assert "借新还旧" not in texts
    flagged = case.model_copy(update={"flags": case.flags.model_copy(update={"borrowing_to_repay": True})})
    result, _stress = assess(flagged)
    assert any("借新还旧" in s.text for s in first_steps(flagged, result, "zh-CN") if s.measure.value == "prevent")


@pytest.mark.parametrize(("lang", "expected"), [("zh-CN", "A、B、C和另外 2 个平台"), ("en", "A, B, C and 2 more")])
def test_more_than_three_names_read_plainly(lang, expected):
    from overdue_core.risk.explain import _names

    assert _names(["A", "B", "C", "D", "E"], lang) == expected
    assert _names(["A", "B"], lang) == ("A、B" if lang == "zh-CN" else "A, B")
