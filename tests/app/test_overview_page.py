"""Overview page under AppTest: both languages, with and without a case, charts built from the score."""

from __future__ import annotations

import html
import json
import re

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Case
from overdue_core.i18n import t
from overdue_core.risk import first_steps
from overdue_core.risk.score import score_case
from overdue_core.risk.stress import stress_tests
from tests.helpers import assert_no_exception
from tests.helpers.charts import chart_elements, sent_figures
from tests.helpers.demo_pages import open_demo
from tests.helpers.page_text import strip_user_data, user_strings

PAGE = "pages/overview.py"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def charts(at) -> list[dict]:
    return sent_figures(at)


def own_texts(at) -> list[str]:
    """Every string the page itself writes in the main area (user data there is only in charts and the table)."""
    main = at.main
    out = [
        e.value
        for e in (*main.title, *main.header, *main.markdown, *main.caption, *main.text, *main.info, *main.success)
    ]
    out += [m.label for m in main.metric] + [str(m.value) for m in main.metric]
    out += [p.proto.label for p in main.get("page_link")]
    return out


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_gig_driver_overview(make_app, lang):
    at, case = open_demo(make_app, "gig_driver", PAGE, lang=lang)
    result = score_case(case)
    assert at.title[0].value == t("overview.title", lang)
    assert at.header[0].value == t(
        "overview.level_heading", lang, level=t("risk.level.critical", lang), score=result.score
    )
    # Every reason's explanation is on the page as plain text, not only in a chart.
    captions = [c.value for c in at.caption]
    for factor in result.factors:
        assert factor.explanation(lang) in captions, factor.code
    # The three steps, in order, with links to the pages that exist.
    expected = first_steps(load_demo("gig_driver"), result, lang)
    steps = [m.value for m in at.markdown if m.value.startswith("**")][: len(expected)]
    assert expected[0].measure.value == "legal"  # a recorded collection call broke the rules
    assert steps == [t("overview.action_title", lang, n=i, title=s.title) for i, s in enumerate(expected, 1)]
    # each step names the person's own overdue platforms, in words a person reads aloud
    texts = [m.value for m in at.markdown]
    assert any("借呗" in text for text in texts)
    links = [p.proto.page for p in at.get("page_link")]
    assert "communicate" in links and "rules" in links
    assert len(at.metric) == 6
    assert at.metric[0].value == "66,610.00" and at.metric[1].value == "9,610.00"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_four_charts_built_from_the_score(make_app, lang):
    at, case = open_demo(make_app, "family_cards", PAGE, lang=lang)
    result = score_case(case)
    gauge, factors, stress, debts = charts(at)
    assert gauge["data"][0]["value"] == result.score
    assert sum(sum(trace["x"]) for trace in factors["data"]) == result.score
    assert stress["data"][0]["x"] == [result.score] + [s.score for s in stress_tests(case)]
    assert [trace["name"] for trace in debts["data"]] == [d.platform for d in case.debts]
    assert [trace["marker"]["color"] for trace in debts["data"]] == ["#E69F00", "#56B4E9", "#009E73"]


def test_english_page_has_no_chinese_except_user_data(make_app):
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    assert_no_exception(at)
    texts = own_texts(at)
    assert len(texts) > 40  # titles, steps, every reason, stress lines, metrics, links
    mine = user_strings(load_demo("young_worker"))  # the steps name the person's own platforms
    for text in texts:
        assert not CJK.search(strip_user_data(text, mine)), text
    for figure in charts(at)[:3]:  # the debts chart's trace names are the user's platform names
        assert not CJK.search(json.dumps(figure["layout"], ensure_ascii=False))
        for trace in figure["data"]:
            assert not CJK.search(
                json.dumps(
                    {k: v for k, v in trace.items() if k in ("name", "text", "x", "y", "hovertemplate", "title")},
                    ensure_ascii=False,
                )
            )


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_demo_renders_its_level(make_app, demo_id):
    at, case = open_demo(make_app, demo_id, PAGE)
    result = score_case(case)
    assert f"（{result.score} 分）" in at.header[0].value
    assert len(charts(at)) == 4


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_without_a_case_it_guides_to_start(make_app, lang):
    at = make_app(lang=lang, page=PAGE)
    assert_no_exception(at)
    assert at.info[0].value == t("guard.no_case", lang)
    assert not chart_elements(at) and not at.metric


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_empty_case_names_what_is_missing(make_app, lang):
    at = make_app(lang=lang, case=Case(as_of="2026-11-01"), page=PAGE)
    assert_no_exception(at)
    texts = [m.value for m in at.markdown]
    for name in ("income", "expenses", "debts"):
        assert t(f"risk.missing.{name}", lang) in texts
    assert t("overview.no_debts", lang) in [i.value for i in at.info]
    assert len(charts(at)) == 3  # no debts chart without debts


def test_user_text_in_charts_stays_text(make_app):
    case = load_demo("young_worker")
    data = case.model_dump(mode="json")
    data["debts"][0]["platform"] = "<img src=x onerror=alert(1)>花呗"
    at = make_app(case=Case.model_validate(data), page=PAGE)
    assert_no_exception(at)
    debts = charts(at)[3]
    name = debts["data"][0]["name"]
    assert "<" not in name and html.unescape(name) == "<img src=x onerror=alert(1)>花呗"


def test_overview_is_the_landing_page_once_a_case_exists(make_app):
    assert make_app(lang="en").title[0].value == t("start.title", "en")
    at = make_app(lang="en", demo="gig_driver")
    assert_no_exception(at)
    assert at.title[0].value == t("overview.title", "en")


def _short_income(case):
    """family_cards with one income gone: nothing is left after essential spending, so no plan clears it."""
    data = case.model_dump(mode="json")
    data["household"]["incomes"][1]["amount"] = "0.00"
    return type(case).model_validate(data)


@pytest.mark.parametrize(
    ("demo_id", "shrink", "key"),
    [
        ("gig_driver", False, "overview.plan_months_agreed"),
        ("family_cards", False, "overview.plan_beyond"),
        ("family_cards", True, "overview.plan_never"),
    ],
)
def test_the_road_ahead_comes_from_the_plan_engine(make_app, demo_id, shrink, key):
    """Within five years if the platforms agree; beyond five years said plainly with the next step;
    never repaid said plainly; none of them with comfort beside it."""
    from overdue_core.case.money import fmt_money
    from overdue_core.plan.engine import build_plan

    case = _short_income(load_demo(demo_id)) if shrink else load_demo(demo_id)
    at = make_app(lang="en", case=case, page=PAGE)
    assert_no_exception(at)
    plan = build_plan(case)
    assert (plan.months_to_debt_free is None) == (key == "overview.plan_never")
    assert plan.beyond_five_years == (key != "overview.plan_months_agreed")
    params = {"budget": fmt_money(plan.budget)}
    if plan.months_to_debt_free is not None:
        params |= {"months": plan.months_to_debt_free, "date": plan.debt_free_date.isoformat()}
    shown = [e.value for e in (*at.main.info, *at.main.warning)]
    assert t(key, "en", **params) in shown
    assert not any("common" in text or "Take heart" in text for text in shown)


def test_clearing_the_case_takes_the_root_back_to_start(make_app):
    """Cleared on Start, the case is gone: the root shows Start again, without a reload."""
    from ui.state.keys import LANDING as LANDING_KEY

    at = make_app(lang="en", demo="gig_driver")
    assert at.title[0].value == t("overview.title", "en")
    at.switch_page("pages/start.py").run()
    at.button(key="clear").click().run()
    at.button(key="confirm_clear_yes").click().run()
    assert_no_exception(at)
    assert at.session_state["case"] is None
    assert at.session_state[LANDING_KEY] == "start"
    # The next run of the root (the same session, no reload) draws Start, not an empty Overview.
    root = make_app(lang="en")
    root.session_state[LANDING_KEY] = "overview"
    root.run()
    assert root.title[0].value == t("start.title", "en")
