"""The Plan page (AppTest): every demo in both languages, the budget and strategy controls,
what-ifs, the honest infeasible message with offers, and the chart and table contents."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.models import Case, Strategy
from overdue_core.i18n import Translator, t
from overdue_core.palette import PART_COLOURS, debt_colours
from overdue_core.plan.engine import SCHEDULE_COLUMNS, build_plan, compare_strategies, default_budget
from overdue_core.plan.inputs import parse_controls
from overdue_core.plan.offers import offer_cell, running_text
from overdue_core.plan.slips import plan_slips, slip_sentence
from overdue_core.report.exports import table_csv
from tests.helpers import assert_no_exception
from tests.helpers.charts import chart_elements, sent_figures
from tests.helpers.page_text import ALLOWED_IN_ENGLISH, CJK, card_rows, page_text, strip_user_data, user_strings
from ui.charts import plan_charts
from ui.nav import PAGES
from ui.user_text import md_escape

PAGE = "pages/plan.py"


def open_plan(make_app, lang="zh-CN", demo="gig_driver", case=None):
    at = make_app(lang=lang, demo=demo if case is None else None, case=case, page=PAGE)
    assert_no_exception(at)
    return at


def english_leftovers(at, demo: str) -> list[str]:
    """Chinese left on an English page once user data is removed.

    Chart specs are JSON with ``\\uXXXX`` escapes; a helper that undoes only one level of
    escaping leaves a backslash before each character, which is dropped here (a no-op when the
    shared helper already decodes the chart JSON).
    """
    text = re.sub(r"\\(?=[^\x00-\x7f])", "", page_text(at))
    text = strip_user_data(text, user_strings(load_demo(demo)))
    for allowed in ALLOWED_IN_ENGLISH:
        text = text.replace(allowed, " ")
    return sorted({line.strip()[:120] for line in text.splitlines() if CJK.search(line)})


def chart_specs(at) -> list[dict]:
    return sent_figures(at)


def cards_with(at, label: str) -> list[dict[str, str]]:
    """The cards on the page that show ``label`` (found by label, not position)."""
    return [row for row in card_rows(at, "title") if label in row]


CHARTS = ("balances", "split", "strategies", "timeline")


def pick_chart(at, name: str):
    """Pick a chart as a click would (only the chosen chart is drawn)."""
    return at.segmented_control(key="plan_chart").set_value(name).run()


DETAILS = ("debts", "strategies", "schedule")


def pick_detail(at, name: str):
    """Pick the part shown in detail as a click would (only that part is drawn)."""
    return at.segmented_control(key="plan_detail").set_value(name).run()


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("demo", DEMO_IDS)
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_demo_draws_the_plan(make_app, demo, lang):
    at = open_plan(make_app, lang, demo)
    case = load_demo(demo)
    plan = build_plan(case)
    # One chart at a time: the open tab's, each in turn.
    assert len(chart_elements(at)) == 1
    for name in CHARTS[1:]:
        pick_chart(at, name)
        assert_no_exception(at)
        assert len(chart_elements(at)) == 1
        assert any(t(plan_charts.TITLES[name], lang) in m.value for m in at.markdown)
    values = metric_values(at)
    assert values[t("plan_page.metric.budget", lang)] == f"{default_budget(case):,.2f}"
    assert values[t("plan_page.metric.cost", lang)] == f"{plan.total_cost:,.2f}"
    debt_free = values[t("plan_page.metric.debt_free", lang)]
    assert debt_free == (
        t("plan_page.not_within", lang) if plan.months_to_debt_free is None else plan.debt_free_date.strftime("%Y-%m")
    )
    # One comparison row per strategy the engine compares, once that part is picked.
    assert not cards_with(at, t("plan_page.col.overdue_months", lang))
    pick_detail(at, "strategies")
    assert_no_exception(at)
    comparison = cards_with(at, t("plan_page.col.overdue_months", lang))
    assert len(comparison) == len(compare_strategies(case))


def test_the_chosen_chart_stays_across_a_language_switch(make_app):
    """A language switch keeps the chart a person picked (tabs used to open the first again)."""
    at = open_plan(make_app, "en", "gig_driver")
    pick_chart(at, "timeline")
    at.sidebar.segmented_control(key="lang_choice").set_value("zh-CN").run()
    assert_no_exception(at)
    assert at.segmented_control(key="plan_chart").value == "timeline"
    assert any(t(plan_charts.TITLES["timeline"], "zh-CN") in m.value for m in at.markdown)
    assert len(chart_elements(at)) == 1


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_english_plan_with_what_ifs_has_no_chinese(make_app, demo):
    at = open_plan(make_app, "en", demo)
    at.slider(key="plan_drop_1").set_value(20)
    at.number_input(key="plan_lump_1").set_value(3000.0)
    at.selectbox(key="plan_strategy_1").set_value("custom").run()
    assert_no_exception(at)
    leftovers = english_leftovers(at, demo)
    # Every chart, and every part in detail (the month-by-month table last).
    for name in CHARTS:
        pick_chart(at, name)
        assert_no_exception(at)
        leftovers += english_leftovers(at, demo)
    for name in DETAILS:
        pick_detail(at, name)
        assert_no_exception(at)
        leftovers += english_leftovers(at, demo)
    assert any(len(frame.value) > 10 for frame in at.dataframe)  # the schedule is drawn
    assert not leftovers, leftovers


def test_budget_change_recomputes_and_is_saved(make_app):
    at = open_plan(make_app, "en", "young_worker")
    before = chart_specs(at)[0]
    at.number_input(key="plan_budget_1").set_value(5000.0).run()
    assert_no_exception(at)
    case: Case = at.session_state["case"]
    assert case.settings.plan.monthly_budget == Decimal("5000.00")
    assert metric_values(at)[t("plan_page.metric.budget", "en")] == "5,000.00"
    assert chart_specs(at)[0] != before  # the balances redraw from the new plan
    expected = build_plan(case)
    assert metric_values(at)[t("plan_page.metric.cost", "en")] == f"{expected.total_cost:,.2f}"


def test_default_budget_is_not_saved_until_changed(make_app):
    at = open_plan(make_app, "zh-CN", "young_worker")
    assert at.session_state["case"].settings.plan.monthly_budget is None


def test_reset_goes_back_to_income_minus_essentials(make_app):
    at = open_plan(make_app, "en", "young_worker")
    at.number_input(key="plan_budget_1").set_value(4000.0).run()
    at.button(key="plan_reset_1").click().run()
    assert_no_exception(at)
    case = at.session_state["case"]
    assert case.settings.plan.monthly_budget is None
    assert at.number_input(key="plan_budget_1").value == float(default_budget(case))


def test_strategy_choice_is_saved_and_used(make_app):
    at = open_plan(make_app, "en", "gig_driver")
    at.selectbox(key="plan_strategy_1").set_value("avalanche").run()
    assert_no_exception(at)
    case = at.session_state["case"]
    assert case.settings.plan.strategy == Strategy.AVALANCHE
    plan = build_plan(case, Strategy.AVALANCHE)
    assert metric_values(at)[t("plan_page.metric.cost", "en")] == f"{plan.total_cost:,.2f}"


def test_strategy_switches_show_each_strategys_own_plan_and_reuse_the_comparison(make_app, monkeypatch):
    """A strategy switch keeps the budget and what-ifs: the plans are not simulated again (the
    comparison is cached without the saved strategy), yet every metric is that strategy's own."""
    import ui.cached as plan_api  # the name the page's cache calls

    at = open_plan(make_app, "en", "gig_driver")
    at.number_input(key="plan_budget_1").set_value(4100.0).run()
    calls = []
    real = plan_api.compare_strategies
    monkeypatch.setattr(plan_api, "compare_strategies", lambda *a, **k: calls.append(1) or real(*a, **k))
    for strategy in ("avalanche", "snowball", "overdue_first", "avalanche"):
        at.selectbox(key="plan_strategy_1").set_value(strategy).run()
        assert_no_exception(at)
        case = at.session_state["case"]
        assert case.settings.plan.strategy == Strategy(strategy)
        expected = build_plan(case, Strategy(strategy))
        shown = metric_values(at)
        assert shown[t("plan_page.metric.cost", "en")] == f"{expected.total_cost:,.2f}"
        assert shown[t("plan_page.metric.budget", "en")] == "4,100.00"
    assert calls == []  # the page's comparison came from the cache every time


def test_custom_order_is_saved(make_app):
    at = open_plan(make_app, "en", "young_worker")
    at.selectbox(key="plan_strategy_1").set_value("custom").run()
    at.multiselect(key="plan_order_1").set_value(["baitiao", "huabei"]).run()
    assert_no_exception(at)
    settings = at.session_state["case"].settings.plan
    assert settings.strategy == Strategy.CUSTOM
    assert settings.custom_order == ["baitiao", "huabei"]


def test_infeasible_budget_says_so_with_offers_and_next_step(make_app):
    at = open_plan(make_app, "en", "gig_driver")
    case = load_demo("gig_driver")
    plan = build_plan(case)
    assert plan.shortfall > 0
    warnings = [w.value for w in at.warning]
    assert any(f"{plan.shortfall:,.2f}" in w for w in warnings), warnings
    offered = [row[t("plan_page.col.offer", "en")] for row in cards_with(at, t("plan_page.col.offer", "en"))]
    # The offers are the plan's own month-1 payments (the same object Negotiate and the PDF read),
    # each with its months and smaller last installment; every platform is offered its share.
    shown = [plan.offers[d.id] for d in plan.debts if d.id in plan.offers]
    tr = Translator("en")
    assert offered == [offer_cell(o, tr) for o in shown]
    assert all(o.monthly > 0 for o in shown) and "—" not in offered
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")["payment"]
    assert all(first[o.debt_id] == o.monthly for o in shown)
    assert sum(o.this_month for o in plan.offers.values()) == plan.budget
    # What each offer costs if the platform keeps its penalty running is said under the table.
    captions = " ".join(c.value for c in at.caption)
    assert any(running_text(o, tr, escape=md_escape) in captions for o in shown if o.kind == "installments")
    # The debts a loan paid on time would have to wait for are named: call them too.
    for debt_id in plan.call_needed:
        assert any(plan.offers[debt_id].platform in w for w in [*warnings, *(i.value for i in at.info)])
    # "If nobody agrees": the contract simulation, as the reason to call, with who falls behind.
    text = page_text(at)
    assert t("plan_page.nobody.heading", "en") in text
    contract = plan.if_nobody_agrees
    assert any(w.is_slip for w in contract.warnings)
    listed = " ".join(m.value for m in at.markdown)
    assert all(slip_sentence(row, tr, escape=md_escape) in listed for row in plan_slips(contract))
    if any(p.path == "pages/negotiate.py" for p in PAGES):
        assert at.get("page_link")
    else:
        assert any(t("plan_page.negotiate_in_words", "en") == c.value for c in at.caption)


def test_enough_budget_shows_no_offers(make_app):
    case = load_demo("young_worker")
    case.settings.plan.monthly_budget = Decimal("20000.00")
    at = open_plan(make_app, "en", case=case)
    texts = [m.value for m in at.markdown]
    assert not any(t("plan_page.offers_heading", "en") in x for x in texts)
    assert not at.warning


def test_what_if_lump_sum_shows_its_effect_and_leaves_the_case(make_app):
    at = open_plan(make_app, "en", "young_worker")
    at.number_input(key="plan_lump_1").set_value(8000.0).run()
    assert_no_exception(at)
    case = at.session_state["case"]
    base = build_plan(case)
    assert case == load_demo("young_worker")  # a what-if is never saved into the case
    info = [i.value for i in at.info]
    assert any(f"{base.total_cost:,.2f}" in x for x in info), info
    assert metric_values(at)[t("plan_page.metric.cost", "en")] != f"{base.total_cost:,.2f}"


def test_case_without_debts_points_to_the_debts_page(make_app):
    case = load_demo("young_worker").model_copy(update={"debts": []})
    at = open_plan(make_app, "en", case=case)
    assert not chart_elements(at)
    assert any(t("plan_page.no_debts", "en") in i.value for i in at.info)


def test_schedule_table_and_csv_match_the_plan_to_the_fen():
    case = load_demo("family_cards")
    plan = build_plan(case)
    lang = "zh-CN"
    headers = [t(f"plan_page.col.{c}", lang) for c in SCHEDULE_COLUMNS]
    data = table_csv(headers, [list(r) for r in plan.schedule.itertuples(index=False)], lang)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens Chinese correctly
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == headers
    paid = sum(Decimal(line.split(",")[SCHEDULE_COLUMNS.index("payment")]) for line in lines[1:])
    assert paid == plan.total_paid


def test_controls_are_validated_with_translated_field_names():
    controls, problems = parse_controls(
        {"monthly_budget": "-1", "lump_sum_month": 0, "income_drop_percent": 120}, "zh-CN"
    )
    assert controls is None
    paths = {p.path for p in problems}
    assert paths == {
        t("plan_page.field.monthly_budget", "zh-CN"),
        t("plan_page.field.lump_sum_month", "zh-CN"),
        t("plan_page.field.income_drop_percent", "zh-CN"),
    }
    assert all(not CJK.search(p.message) for p in parse_controls({"monthly_budget": "x"}, "en")[1])
    ok, none = parse_controls({"monthly_budget": "1,500.5", "income_drop_percent": 20, "extra_monthly": "300"}, "en")
    assert not none and ok.monthly_budget == Decimal("1500.50")
    assert [e.kind for e in ok.events()] == ["income_percent", "extra_payment"]


# --- the figures -----------------------------------------------------------------------------
def test_balances_chart_gives_each_debt_its_colour():
    case = load_demo("gig_driver")
    plan = build_plan(case)
    colours = debt_colours(d.id for d in case.debts)
    fig = plan_charts.balances_figure(plan, colours, Translator("zh-CN"))
    assert [tr.name for tr in fig.data] == [d.platform for d in case.debts]
    assert [tr.line.color for tr in fig.data] == [colours[d.id] for d in case.debts]
    last = {tr.name: tr.y[-1] for tr in fig.data}
    assert all(last[d.platform] == 0 for d in plan.debts if d.paid_off_month)


def test_payment_split_chart_adds_up_to_each_month():
    plan = build_plan(load_demo("young_worker"))
    fig = plan_charts.payment_split_figure(plan, Translator("en"))
    assert [tr.marker.color for tr in fig.data] == [PART_COLOURS[p] for p in plan_charts.PARTS]
    per_month = [round(sum(values), 2) for values in zip(*(tr.y for tr in fig.data))]
    assert per_month == [round(float(v), 2) for v in plan.monthly_totals()["payment"]]


def test_strategy_chart_has_one_bar_per_strategy():
    case = load_demo("gig_driver")
    results = compare_strategies(case)
    fig = plan_charts.strategy_figure(results, Translator("en"))
    assert len(fig.data[0].y) == len(results)
    costs = [sum(tr.x[i] for tr in fig.data) for i in range(len(results))]
    assert costs == pytest.approx([float(r.total_cost) for r in results.values()])


def test_timeline_and_labels_escape_user_text():
    case = load_demo("young_worker")
    data = case.model_dump()
    data["debts"][0]["platform"] = "<b>花呗</b>"
    case = Case.model_validate(data)
    plan = build_plan(case)
    fig = plan_charts.timeline_figure(plan, case.as_of, debt_colours(d.id for d in case.debts), Translator("en"))
    names = {y for tr in fig.data for y in tr.y}
    assert "<b>花呗</b>" not in names and "<b>花呗</b>" in {html.unescape(n) for n in names}
    kinds = {tr.name for tr in fig.data if tr.mode == "markers"}
    assert kinds == {
        t("plan_page.timeline.current", "en"),
        t("plan_page.timeline.paid", "en"),
        t("plan_page.timeline.clears", "en"),
    }


def test_short_this_month_says_so_without_comfort(make_app):
    """A month that falls short gets the plain facts and the next step, never "take heart" beside it."""
    case = load_demo("young_worker")
    plan = build_plan(case)
    assert plan.shortfall > 0
    for lang in ("zh-CN", "en"):
        at = make_app(lang=lang, demo="young_worker", page="pages/plan.py")
        assert [s.value for s in at.success] == []
        assert "别灰心" not in page_text(at) and "Take heart" not in page_text(at)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_each_debt_the_plan_lets_fall_behind_is_named_in_red_whatever_part_is_shown(make_app, lang):
    """A licensed loan current, an unlicensed app loan current, money for one due only. The plan to
    follow shares the money and names both as needing a call; if nobody agrees, the app loan falls
    behind in month 1, and the page says so in a table, in the page's language, whatever part is shown."""
    from tests.helpers.plan_cases import bank_and_unlicensed_app, case_with

    case = case_with(*bank_and_unlicensed_app("*快借*"), budget="1500")
    plan = build_plan(case)
    assert plan.call_needed == ("bank", "app") and not any(w.is_slip for w in plan.warnings)
    contract = plan.if_nobody_agrees
    slip = next(w for w in contract.warnings if w.code == "falls_behind")
    assert slip.debt_id == "app" and slip.params["month"] == 1
    at = open_plan(make_app, lang=lang, case=case)
    boxes = [b.value for b in (*at.warning, *at.info)]
    calls = [w for w in plan.warnings if w.code in ("call_needed", "call_needed_soon")]
    assert {w.debt_id for w in calls} == {"bank", "app"}
    for warning in calls:
        assert warning.message(lang, escape=md_escape) in boxes
    assert t("plan_page.nobody.heading", lang) in page_text(at)
    # One sentence per debt: the month it falls behind, how long, until when; the reasons once, below.
    (row,) = plan_slips(contract)
    sentence = slip_sentence(row, Translator(lang), escape=md_escape)
    assert "2026-11" in sentence and str(slip.params["months"]) in sentence
    assert any(sentence in m.value for m in at.markdown)
    captions = [c.value for c in at.caption]
    reason = t("format.label_value", lang, label=md_escape("*快借*"), value=t("plan_slip.reason.unlicensed", lang))
    # The reasons, once each, and what to do, in one note under the table (the name escaped where markdown renders).
    note = next(c for c in captions if t("plan_slip.why", lang) in c)
    assert note.split("\n\n") == [t("plan_slip.why", lang), reason, t("plan_slip.what_to_do", lang)]
    # Never behind a choice: whatever part is shown in detail, the debts falling behind stay named.
    for name in DETAILS:
        pick_detail(at, name)
        assert t("plan_page.nobody.heading", lang) in page_text(at)
        assert any(sentence in m.value for m in at.markdown)


def test_what_if_months_are_asked_once_the_what_if_has_an_amount(make_app):
    """A month box appears with its what-if's amount, and a month typed survives the box being
    hidden (the amount set to zero and back)."""
    at = open_plan(make_app, "en", "gig_driver")
    months = ("plan_drop_month_1", "plan_lump_month_1", "plan_extra_month_1")
    assert not [k for k in months if any(n.key == k for n in at.number_input)]
    at.number_input(key="plan_lump_1").set_value(3000.0).run()
    at.number_input(key="plan_lump_month_1").set_value(4).run()
    assert_no_exception(at)
    with_lump = metric_values(at)[t("plan_page.metric.cost", "en")]
    at.number_input(key="plan_lump_1").set_value(0.0).run()
    assert not any(n.key == "plan_lump_month_1" for n in at.number_input)
    at.number_input(key="plan_lump_1").set_value(3000.0).run()
    assert at.number_input(key="plan_lump_month_1").value == 4
    assert metric_values(at)[t("plan_page.metric.cost", "en")] == with_lump
    case = at.session_state["case"]

    def cost(month: int) -> Decimal:
        controls = parse_controls(
            {"monthly_budget": str(default_budget(case)), "lump_sum": "3000", "lump_sum_month": month}, "en"
        )[0]
        return build_plan(case, events=controls.events()).total_cost

    assert cost(4) == Decimal(with_lump.replace(",", "")) != cost(1)  # month 4 was kept, not reset to 1
