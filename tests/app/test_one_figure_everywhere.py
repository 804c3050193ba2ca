"""One figure per idea, everywhere: for every demo, "needed this month", "short this month",
"total owed", the debt-free date and the offers read the same on the Overview, Plan and
Negotiate pages (AppTest), in the report the PDF prints, and from both command lines."""

from __future__ import annotations

import json

import pytest

from overdue_core.case.demo import DEMO_IDS, load_demo
from overdue_core.case.money import fmt_money
from overdue_core.cli import main
from overdue_core.i18n import Translator, t
from overdue_core.plan import build_plan, headline, offer_cell
from overdue_core.report.data import Facts, Table, build_report
from tests.helpers import assert_no_exception
from tests.helpers.page_text import card_rows

LANG = "en"


def metric(at, key: str) -> str:
    label = t(key, LANG)
    return next(m.value for m in at.metric if m.label == label)


def cli_json(tmp_path, capsys, *args) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("demo", DEMO_IDS)
def test_the_same_figures_on_every_page_in_the_report_and_the_clis(demo, make_app, tmp_path, capsys):
    case = load_demo(demo)
    figures = headline(build_plan(case))
    needed, total = fmt_money(figures.needed_this_month), fmt_money(figures.total_owed)
    short_or_spare = fmt_money(figures.short_this_month if figures.short_this_month > 0 else figures.spare_this_month)

    overview = make_app(lang=LANG, demo=demo, page="pages/overview.py")
    assert_no_exception(overview)
    assert metric(overview, "overview.kpi.total_owed") == total
    assert metric(overview, "overview.kpi.required") == needed
    gap_key = "overview.kpi.gap" if figures.short_this_month > 0 else "overview.kpi.spare"
    assert metric(overview, gap_key) == short_or_spare
    if figures.debt_free_date and figures.months_to_debt_free <= 60:
        assert any(figures.debt_free_date.isoformat() in box.value for box in overview.info)
    elif figures.months_to_debt_free:  # beyond five years: said as a warning, with the months
        assert any(f"{figures.months_to_debt_free} months" in box.value for box in overview.warning)

    plan_page = make_app(lang=LANG, demo=demo, page="pages/plan.py")
    assert_no_exception(plan_page)
    assert metric(plan_page, "plan_page.metric.needed") == needed
    if figures.debt_free_date:
        assert metric(plan_page, "plan_page.metric.debt_free") == figures.debt_free_date.strftime("%Y-%m")

    plan = build_plan(case)
    negotiate = make_app(lang=LANG, demo=demo, page="pages/negotiate.py")
    assert_no_exception(negotiate)
    cards = card_rows(negotiate, t("field.platform", LANG))
    offered = {
        row[t("field.platform", LANG)]: row[t("negotiate.offer_col", LANG)]
        for row in cards
        if t("negotiate.offer_col", LANG) in row
    }
    tr = Translator(LANG)
    first = plan.schedule[plan.schedule["month"] == 1].set_index("debt_id")["payment"]
    for debt in case.debts:
        if debt.id in plan.offers:
            offer = plan.offers[debt.id]
            assert offered[debt.platform] == offer_cell(offer, tr)
            assert offer.this_month + offer.prepay == first[debt.id]  # the plan's month-1 payment
    assert sum(1 for c in negotiate.caption if fmt_money(figures.budget) in c.value) >= 1
    # The Plan page's offers table, when it shows one, is the same object.
    plan_cards = [
        row for row in card_rows(plan_page, t("field.platform", LANG)) if t("plan_page.col.offer", LANG) in row
    ]
    if plan_cards:
        assert [row[t("plan_page.col.offer", LANG)] for row in plan_cards] == [
            offer_cell(plan.offers[d.id], tr) for d in case.debts if d.id in plan.offers
        ]
    # The Overview's plan step names the plan's platforms with the plan's figures, in its order.
    step = next(
        (m.value for m in overview.markdown if "(on contract)" in m.value or "(ask for installments)" in m.value), None
    )
    if step is not None:
        named = [o for o in plan.offers.values() if o.kind != "none" and o.monthly > 0]
        positions = [step.index(fmt_money(o.monthly)) for o in named]
        assert positions == sorted(positions)

    report = build_report(case, LANG, plan=plan)
    summary = next(
        b
        for sec in report.sections
        if sec.title == t("report.section.summary", LANG)
        for b in sec.blocks
        if isinstance(b, Facts)
    )
    facts = dict(summary.items)
    assert facts[t("report.summary.total_owed", LANG)] == total
    assert facts[t("report.summary.required", LANG)] == needed
    offers_table = next(
        b
        for sec in report.sections
        if sec.title == t("report.section.offers", LANG)
        for b in sec.blocks
        if isinstance(b, Table)
    )
    assert offers_table.total[3] == needed

    risk = cli_json(tmp_path, capsys, "risk", str(_write(tmp_path, case)), "--format", "json")
    planned = cli_json(tmp_path, capsys, "plan", str(_write(tmp_path, case)))
    assert risk["headline"] == planned["headline"] == figures.to_dict()
    assert risk["offers"] == planned["offers"] == {k: o.to_json_dict() for k, o in plan.offers.items()}
    assert risk["figures"]["required"] == f"{figures.needed_this_month:.2f}"
    assert risk["figures"]["total_owed"] == f"{figures.total_owed:.2f}"


def _write(tmp_path, case):
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    return path
