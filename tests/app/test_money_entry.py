"""Income and spending one item at a time on the Finances page (the tables stay, and agree)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from overdue_core.case import ExpenseCategory, new_case
from tests.helpers import assert_no_exception

PAGE = "pages/finances.py"


def _table(at, name: str):
    return at.session_state[f"_base_{name}_{at.session_state['case_rev']}"]


def _empty(make_app, lang="zh-CN"):
    at = make_app(lang=lang, case=new_case(dt.date(2026, 11, 30)), page=PAGE)
    assert_no_exception(at)
    return at


def test_an_income_is_added_with_its_usual_stability_and_shows_in_the_table(make_app):
    at = _empty(make_app)
    at.selectbox(key="me_income_cat_1").set_value("part_time").run()
    assert at.segmented_control(key="me_income_stability_1").value == "irregular"
    at.number_input(key="me_income_amount_1").set_value(800.0)
    at.button(key="me_income_add_1").click().run()
    assert_no_exception(at)
    incomes = at.session_state["case"].household.incomes
    assert [(i.name, i.amount, i.stability.value) for i in incomes] == [("兼职或副业", Decimal("800.00"), "irregular")]
    assert list(_table(at, "incomes")["name"]) == ["兼职或副业"], "the table is drawn afresh with the new item"
    assert at.number_input(key="me_income_amount_1").value is None, "the form is ready for the next item"
    assert any("兼职或副业" in s.value and "800.00" in s.value for s in at.success)
    assert [m.value for m in at.metric][:1] == ["800.00"]
    # Other edits on the page keep the added item.
    at.number_input(key="ready_salary_1").set_value(6000.0).run()
    assert [i.name for i in at.session_state["case"].household.incomes] == ["兼职或副业", "工资或主要收入"]


def test_confirmation_is_next_to_the_add_button(make_app):
    at = _empty(make_app, lang="en")
    at.number_input(key="me_expense_amount_1").set_value(300.0)
    at.button(key="me_expense_add_1").click().run()
    leaves = _innermost_block_with(at.main, "me_expense_add_1")
    kinds = [(type(n).__name__, getattr(n, "key", None)) for n in leaves]
    button_at = kinds.index(("Button", "me_expense_add_1"))
    success_at = next(i for i, n in enumerate(leaves) if type(n).__name__ == "Success" and "300.00" in n.value)
    assert success_at == button_at + 1, "the confirmation comes right after the button, in the same box"


def _leaves(node):
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [leaf for child in children.values() for leaf in _leaves(child)]


def _innermost_block_with(node, key):
    """The leaves of the smallest block holding the widget ``key``."""
    for child in (getattr(node, "children", None) or {}).values():
        if getattr(child, "children", None) and any(getattr(n, "key", None) == key for n in _leaves(child)):
            return _innermost_block_with(child, key)
    return _leaves(node)


def test_spending_offers_kinds_not_already_ready_rows_and_a_typed_name(make_app):
    at = _empty(make_app)
    options = at.selectbox(key="me_expense_cat_1").options
    assert "房租/房贷" not in options and "娱乐" in options and "孩子" in options
    at.selectbox(key="me_expense_cat_1").set_value(ExpenseCategory.LEISURE.value).run()
    assert at.checkbox(key="me_expense_essential_1").value is False, "leisure can be cut first"
    at.selectbox(key="me_expense_cat_1").set_value(ExpenseCategory.CHILDCARE.value).run()
    assert at.checkbox(key="me_expense_essential_1").value is True
    at.text_input(key="me_expense_name_1").set_value("幼儿园")
    at.number_input(key="me_expense_amount_1").set_value(1500.0)
    at.button(key="me_expense_add_1").click().run()
    expenses = at.session_state["case"].household.expenses
    assert [(e.name, e.category.value, e.amount, e.essential) for e in expenses] == [
        ("幼儿园", "childcare", Decimal("1500.00"), True)
    ]


def test_no_amount_is_not_saved_and_says_why(make_app):
    at = _empty(make_app, lang="en")
    at.button(key="me_income_add_1").click().run()
    assert_no_exception(at)
    assert at.session_state["case"].household.incomes == []
    assert any("how much a month" in t.value for t in at.text)


def test_an_added_item_can_be_removed(make_app):
    at = _empty(make_app)
    at.number_input(key="me_income_amount_1").set_value(500.0)
    at.button(key="me_income_add_1").click().run()
    at.number_input(key="me_income_amount_1").set_value(200.0)
    at.button(key="me_income_add_1").click().run()
    assert len(at.session_state["case"].household.incomes) == 2
    at.button(key="me_income_rm_0_1").click().run()
    assert_no_exception(at)
    assert [i.amount for i in at.session_state["case"].household.incomes] == [Decimal("200.00")]
    assert list(_table(at, "incomes")["amount"]) == [200.0]


def test_added_item_joins_table_rows_that_cannot_be_saved_yet(make_app):
    """Nothing typed is lost: a bad table row stays, the new item waits with it, both saved once fixed."""
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    before = at.session_state["case"].household.incomes
    key = f"editor_incomes_{at.session_state['case_rev']}"
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"name": "", "amount": 100, "stability": "fixed"}],
        "deleted_rows": [],
    }
    at.run()
    assert any("not saved" in w.value for w in at.warning)
    at.number_input(key="me_income_amount_1").set_value(700.0)
    at.button(key="me_income_add_1").click().run()
    assert_no_exception(at)
    assert at.session_state["case"].household.incomes == before
    table = _table(at, "incomes")
    assert 700.0 in list(table["amount"]) and 100.0 in list(table["amount"]), (
        "both the bad row and the new item are kept"
    )


def test_a_name_with_markdown_stays_text(make_app):
    at = _empty(make_app, lang="en")
    at.text_input(key="me_income_name_1").set_value("**big** [x](http://e.test)")
    at.number_input(key="me_income_amount_1").set_value(10.0)
    at.button(key="me_income_add_1").click().run()
    assert at.session_state["case"].household.incomes[0].name == "**big** [x](http://e.test)"
    assert all("**big**" not in s.value for s in at.success)
