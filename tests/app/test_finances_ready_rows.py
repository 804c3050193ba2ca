"""Income and spending: common items offered as ready rows; a row that cannot be saved yet is never lost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case import new_case
from tests.helpers import assert_no_exception

PAGE = "pages/finances.py"


def editor_key(at, name):
    return f"editor_{name}_{at.session_state['case_rev']}"


def editor_frame(at, name):
    return at.session_state[f"_base_{name}_{at.session_state['case_rev']}"]


def test_ready_rows_are_offered_and_only_filled_ones_are_saved(make_app):
    at = make_app(case=new_case(dt.date(2026, 11, 30)), page=PAGE)
    assert_no_exception(at)
    expenses = editor_frame(at, "expenses")
    assert list(expenses["category"]) == ["housing", "food", "transport", "utilities", "phone_internet", "medical"]
    assert list(expenses["name"])[:2] == ["房租或房贷", "吃饭"]
    assert list(editor_frame(at, "incomes")["name"]) == ["工资或主要收入"]
    assert not any("没保存" in w.value for w in at.warning), "untouched ready rows are not problems"
    at.session_state[editor_key(at, "incomes")] = {"edited_rows": {0: {"amount": 6000}}, "added_rows": [], "deleted_rows": []}
    at.session_state[editor_key(at, "expenses")] = {"edited_rows": {0: {"amount": 1800}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_no_exception(at)
    household = at.session_state["case"].household
    assert [(i.name, i.amount) for i in household.incomes] == [("工资或主要收入", Decimal("6000.00"))]
    assert [(e.name, e.category.value, e.amount) for e in household.expenses] == [("房租或房贷", "housing", Decimal("1800.00"))]


def test_a_row_with_a_problem_survives_page_and_language_switches(make_app):
    at = make_app(demo="young_worker", page=PAGE)
    at.session_state[editor_key(at, "expenses")] = {"edited_rows": {}, "added_rows": [{"name": "学费", "category": "education"}], "deleted_rows": []}
    at.run()
    assert any("Row" in t.value or "第" in t.value for t in at.text), "the row's problem is shown"
    at.switch_page("pages/debts.py").run()
    at.button_group(key="lang_choice").set_value("en").run()
    at.switch_page(PAGE).run()
    assert_no_exception(at)
    assert "学费" in list(editor_frame(at, "expenses")["name"]), "the half-filled row is still in the table"
    assert any("not saved" in w.value for w in at.warning)


def test_a_data_date_in_the_future_is_flagged_beside_the_field(make_app):
    at = make_app(demo="young_worker", page=PAGE)
    assert not any("之后" in w.value for w in at.warning)
    at.date_input(key=f"fin_asof_{at.session_state['case_rev']}").set_value(dt.date(2099, 1, 1)).run()
    assert_no_exception(at)
    assert any("2099-01-01" in w.value and "之后" in w.value for w in at.warning)
