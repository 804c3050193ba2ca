"""Everything on a Chinese page is Chinese where the app can set it, and chosen values follow a
language switch (document chips, the negotiation status, the letter language).

Why: after switching 中文 → English, chosen chips stayed "收入变化证明" and the status stayed
"还没联系": the browser keeps a chosen option as the text it showed.
"""

from __future__ import annotations

import pytest

from overdue_core.i18n import Translator, t
from tests.helpers import assert_no_exception
from ui.charts.plan import balances_figure, date_axis, payment_split_figure


def _switch_language(at, code: str):
    at.sidebar.segmented_control(key="lang_choice").set_value(code).run()
    return at


def test_chosen_chips_and_status_follow_a_language_switch(make_app):
    at = make_app(lang="zh-CN", demo="gig_driver", page="pages/negotiate.py")
    assert_no_exception(at)
    chips = next(m for m in at.multiselect if m.label == t("letters.form.enclosures", "zh-CN"))
    status = next(s for s in at.selectbox if s.value == "not_started")
    status.set_value("asked").run()
    _switch_language(at, "en")
    assert_no_exception(at)
    chips = next(m for m in at.multiselect if m.label == t("letters.form.enclosures", "en"))
    # the chosen values are kept, and drawn with the English labels
    assert chips.value == ["income_change", "repayment_record"]
    assert chips.proto.set_value and list(chips.proto.raw_values) == [
        t(f"letters.enclosure.{v}", "en") for v in chips.value
    ]
    status = next(s for s in at.selectbox if s.value == "asked")
    assert status.value == "asked"
    assert status.proto.raw_value == t("enum.negotiation_status.asked", "en")
    assert chips.proto.placeholder == t("format.choose", "en")


@pytest.mark.parametrize("lang, month", [("zh-CN", "%Y年%-m月"), ("en", "%Y-%m")])
def test_chart_dates_follow_the_language(lang, month):
    from overdue_core.case.demo import load_demo
    from overdue_core.palette import debt_colours
    from overdue_core.plan import build_plan

    case = load_demo("young_worker")
    plan = build_plan(case)
    tr = Translator(lang)
    assert date_axis(tr)["tickformat"] == month
    for fig in (balances_figure(plan, debt_colours(d.id for d in case.debts), tr), payment_split_figure(plan, tr)):
        assert fig.layout.xaxis.tickformat == month
        assert fig.layout.xaxis.hoverformat == t("chart.day", lang)


def test_editable_tables_show_no_framework_none(make_app):
    at = make_app(lang="zh-CN", demo="gig_driver", page="pages/debts.py")
    from tests.helpers.page_text import leaves

    editors = [n for n in leaves(at._tree) if type(n).__name__ == "Dataframe" and n.proto.editing_mode]
    assert editors, "the debts page has an editable table"
    for editor in editors:
        assert editor.proto.HasField("placeholder") and editor.proto.placeholder == ""
