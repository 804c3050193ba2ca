"""True cost on the pages: the Debts page warns about a stated due that contradicts balance, rate
and terms (a warning, not an error), and Negotiate's "as is" APR is the Legal page's."""

from __future__ import annotations

from overdue_core.case.models import Case
from overdue_core.i18n import t
from tests.helpers import assert_no_exception
from tests.helpers.page_text import card_rows
from tests.helpers.risk_cases import loan
from ui.user_text import md_escape


def salary_and_rent(salary: str, rent: str, debts: list[dict]) -> Case:
    """A case of one salary, one rent and ``debts``."""
    household = {"incomes": [{"name": "工资", "amount": salary}], "expenses": [{"name": "房租", "amount": rent}]}
    return Case.model_validate({"as_of": "2026-11-01", "household": household, "debts": debts})


FENQI = salary_and_rent(
    "6000",
    "2000",
    [
        loan(1, "12000", "0", 12, "1072", id="fq", platform="某分期*App*"),  # 72 a month of fees at "0 %"
        loan(2, "10000", "0.24", 12, "945.60", id="ok", platform="借呗"),
    ],
)


def test_debts_page_warns_about_a_due_that_contradicts_the_terms(make_app):
    at = make_app(lang="en", page="pages/debts.py", case=FENQI)
    assert_no_exception(at)
    warnings = [w.value for w in at.warning]
    hits = [w for w in warnings if "1,072.00" in w]
    assert len(hits) == 1  # one warning, for the contradicting due only; no error
    assert "13.03%" in hits[0] and "1,000.00" in hits[0]
    assert md_escape("某分期*App*") in hits[0]  # the platform name stays text (markdown escaped)
    assert not at.error
    assert at.session_state["case"].debt("fq").monthly_due == 1072  # nothing typed is lost


def test_negotiate_as_is_shows_the_true_apr_of_the_legal_page(make_app):
    from overdue_core.case.money import fmt_pct
    from overdue_core.plan.apr import debt_true_apr

    at = make_app(lang="en", page="pages/negotiate.py", case=FENQI)
    assert_no_exception(at)
    apr = debt_true_apr(FENQI.debt("fq"))
    options = [
        row for row in card_rows(at, "option") if t("negotiate.apr_col", "en") in row
    ]  # the first debt's options
    as_is = options[0]
    assert as_is["option"] == t("options.option.as_is", "en")
    assert as_is[t("negotiate.apr_col", "en")] == f"{fmt_pct(apr.nominal)} / {fmt_pct(apr.effective)}"


def test_overview_says_why_the_level_and_why_a_stress_score_did_not_move(make_app):
    from overdue_core.risk import same_score_summary, score_case, stress_tests

    late = {"overdue": "700", "days": 120, "penalty_rate": "0.18"}
    debts = [loan(i, "2000", "0.18", 6, "351.05", platform=f"平台{i}", **late) for i in range(3)]
    behind = salary_and_rent("3000", "3500", debts)
    at = make_app(lang="en", page="pages/overview.py", case=behind)
    assert_no_exception(at)
    captions = [c.value for c in at.caption]
    assert score_case(behind).level_reason == "m3_platforms_short"
    assert t("risk_levels.reason.m3_platforms_short", "en") in captions
    unchanged = [s for s in stress_tests(behind) if s.delta == 0]
    assert unchanged and same_score_summary(stress_tests(behind), "en") in captions  # said once, for all of them


def test_the_letter_starts_from_the_plans_own_offer(make_app):
    from overdue_core.case.demo import load_demo
    from overdue_core.plan import build_plan

    case = load_demo("young_worker")
    offer = build_plan(case).offers[case.debts[0].id]
    at = make_app(lang="en", demo="young_worker", page="pages/negotiate.py")
    assert_no_exception(at)
    inputs = {n.label: n.value for n in at.number_input}
    assert inputs[t("letters.form.offer", "en")] == float(offer.monthly)
    assert inputs[t("letters.form.months", "en")] == offer.months
    # The plan's offer repays exactly what is owed (the last installment smaller), and the letter says so.
    assert offer.monthly * (offer.months - 1) + offer.final == offer.total == case.debts[0].total_owed
    next(a for a in at.text_area if a.label == t("letters.form.reason", "en")).input(
        "I was out of work for two months"
    ).run()
    assert_no_exception(at)
    letter = at.code[0].value
    assert (
        f"{offer.monthly:,.2f} yuan a month for {offer.months} months, the last one {offer.final:,.2f} yuan" in letter
    )
