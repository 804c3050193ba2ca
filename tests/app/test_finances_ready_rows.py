"""Income and spending: common items offered as ready rows; a row that cannot be saved yet is never lost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case import new_case
from tests.helpers import assert_no_exception
from tests.helpers.editor import editor_key

PAGE = "pages/finances.py"


def editor_frame(at, name):
    return at.session_state[f"_base_{name}_{at.session_state['case_rev']}"]


def test_ready_rows_are_offered_and_only_filled_ones_are_saved(make_app):
    at = make_app(case=new_case(dt.date(2026, 11, 30)), page=PAGE)
    assert_no_exception(at)
    ready = [n.key for n in at.number_input if n.key.startswith("ready_")]
    assert ready == [
        f"ready_{k}_1" for k in ("salary", "housing", "food", "transport", "utilities", "phone_internet", "medical")
    ]
    assert at.session_state["case"].household.incomes == []
    at.number_input(key="ready_salary_1").set_value(6000.0)
    at.number_input(key="ready_housing_1").set_value(1800.0)
    at.segmented_control(key="ready_salary_stability_1").set_value("variable")
    at.run()
    assert_no_exception(at)
    household = at.session_state["case"].household
    assert [(i.name, i.amount, i.stability.value) for i in household.incomes] == [
        ("工资或主要收入", Decimal("6000.00"), "variable")
    ]
    assert [(e.name, e.category.value, e.amount) for e in household.expenses] == [
        ("房租或房贷", "housing", Decimal("1800.00"))
    ]
    assert [m.value for m in at.metric][:1] == ["6,000.00"]
    # In English the same item is shown under its English label and keeps its amount.
    at.button_group(key="lang_choice").set_value("en").run()
    assert at.number_input(key="ready_housing_1").value == 1800.0
    assert len(at.session_state["case"].household.expenses) == 1


def test_spending_entered_another_way_is_not_offered_again_and_visiting_changes_nothing(make_app):
    from overdue_core.case import load_demo

    at = make_app(demo="young_worker", page=PAGE)
    assert at.session_state["case"] == load_demo("young_worker"), "opening the page leaves the case as it was"
    expenses = at.session_state["case"].household.expenses
    offered = {
        n.key.removeprefix("ready_").removesuffix("_1"): n.value for n in at.number_input if n.key.startswith("ready_")
    }
    for expense in expenses:
        if expense.category.value in offered:  # offered only as the same item, with its amount
            assert offered[expense.category.value] == float(expense.amount)
    entered_otherwise = {
        e.category.value
        for e in expenses
        if e.name not in {"吃饭", "水电燃气", "交通", "房租或房贷", "话费和网费", "看病买药"}
    }
    assert not entered_otherwise & set(offered)


def test_a_row_with_a_problem_survives_page_and_language_switches(make_app):
    at = make_app(demo="young_worker", page=PAGE)
    at.session_state[editor_key(at, "expenses")] = {
        "edited_rows": {},
        "added_rows": [{"name": "学费", "category": "education"}],
        "deleted_rows": [],
    }
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


def test_a_counselors_view_cannot_change_finances(make_app, monkeypatch):
    import ui.state as state

    monkeypatch.setattr(state, "is_read_only", lambda: True)
    at = make_app(demo="young_worker", page=PAGE)
    assert_no_exception(at)
    # The page is drawn read-only (app.py shows the figures as tables): nothing can be typed.
    assert all(n.disabled for n in at.number_input)
    assert all(x.disabled for x in at.text_input)
    assert not at.session_state["case"].household.incomes or at.table or at.dataframe
