"""Start, My finances and Debts pages: load, edit, validate, switch pages and languages, lose nothing."""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case.casefile import dump_case
from overdue_core.case.demo import load_demo
from tests.helpers import assert_no_exception
from tests.helpers.editor import editor_key, typed_loan_row


def test_start_page_loads_a_demo_case(make_app):
    at = make_app()
    assert at.session_state["case"] is None
    at.button(key="demo_family_cards").click().run()
    assert_no_exception(at)
    case = at.session_state["case"]
    assert case.title.startswith("王女士")
    assert any("已打开示例" in s.value for s in at.success)


def test_bad_upload_shows_problems_and_keeps_the_case(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/start.py")
    before = at.session_state["case"]
    at.file_uploader(key="case_upload").set_value(
        ("case.json", b'{"as_of": "2026-11-01", "debts": [{"id": "a"', "application/json")
    ).run()
    assert_no_exception(at)
    assert at.session_state["case"] == before
    assert any("could not be opened" in e.value for e in at.error)
    assert any("near line 1" in t.value for t in at.text)
    assert any("unchanged" in c.value for c in at.caption)


def test_good_upload_replaces_the_case(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/start.py")
    at.file_uploader(key="case_upload").set_value(
        ("case.json", dump_case(load_demo("gig_driver")), "application/json")
    ).run()
    assert_no_exception(at)
    assert len(at.session_state["case"].debts) == 6


def test_clear_asks_for_confirmation(make_app):
    at = make_app(demo="young_worker", page="pages/start.py")
    at.button(key="clear").click().run()
    assert at.session_state["case"] is not None, "nothing is cleared on the first click"
    at.button(key="confirm_clear_no").click().run()
    assert at.session_state["case"] is not None
    at.button(key="clear").click().run()
    at.button(key="confirm_clear_yes").click().run()
    assert at.session_state["case"] is None


def test_start_own_case_goes_to_finances(make_app):
    at = make_app()
    at.button[[b.label for b in at.button].index("开始填写")].click().run()
    assert_no_exception(at)
    assert at.session_state["case"] is not None and at.session_state["case"].debts == []
    assert at.title[0].value == "收入和支出"


def test_finances_live_totals_follow_edits(make_app):
    at = make_app(demo="young_worker", page="pages/finances.py")
    assert [m.value for m in at.metric] == ["6,500.00", "3,850.00", "2,650.00"]
    key = editor_key(at, "incomes")
    at.session_state[key] = {
        "edited_rows": {0: {"amount": 7000.5}},
        "added_rows": [{"name": "兼职", "amount": 800, "stability": "irregular"}],
        "deleted_rows": [],
    }
    at.run()
    assert_no_exception(at)
    assert [m.value for m in at.metric] == ["7,800.50", "3,850.00", "3,950.50"]
    case = at.session_state["case"]
    assert case.household.incomes[0].amount == Decimal("7000.50")
    assert case.household.incomes[1].stability == "irregular"


def test_finances_bad_row_is_reported_and_not_saved(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/finances.py")
    key = editor_key(at, "expenses")
    at.session_state[key] = {"edited_rows": {0: {"amount": -5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_no_exception(at)
    assert any("not saved" in w.value for w in at.warning)
    assert any("Row 1 › Amount: An amount cannot be negative" in t.value for t in at.text)
    assert at.session_state["case"].household.expenses[0].amount == Decimal("1800.00")


def test_debts_table_edit_add_and_validate(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/debts.py")
    key = editor_key(at, "debts")
    at.session_state[key] = {
        "edited_rows": {0: {"overdue_amount": 1200.1}},
        "added_rows": [typed_loan_row("微粒贷")],
        "deleted_rows": [],
    }
    at.run()
    assert_no_exception(at)
    case = at.session_state["case"]
    assert case.debts[0].overdue_amount == Decimal("1200.10")
    assert case.debts[0].account_ref == "HB20260315008812", "fields not shown in the table are kept"
    added = case.debts[-1]
    assert added.platform == "微粒贷" and added.annual_rate == Decimal("0.18") and added.id == "d4"


def test_debts_table_cross_field_problem(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/debts.py")
    key = editor_key(at, "debts")
    at.session_state[key] = {"edited_rows": {1: {"days_overdue": 0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("Row 2" in t.value and "how many days" in t.value for t in at.text)
    assert at.session_state["case"].debts[1].days_overdue == 45


def test_debt_form_explains_and_saves(make_app):
    at = make_app(demo="gig_driver", page="pages/debts.py")
    at.button(key="edit_weilidai").click().run()
    overdue = at.number_input(key="gd_overdue")
    assert overdue.help
    overdue.set_value(500.0)
    at.number_input(key="gd_days").set_value(12)
    at.button(key="save_weilidai").click().run()
    assert_no_exception(at)
    debt = at.session_state["case"].debt("weilidai")
    assert debt.overdue_amount == Decimal("500.00") and debt.days_overdue == 12


def test_debt_form_rejects_inconsistent_input(make_app):
    at = make_app(lang="en", demo="gig_driver", page="pages/debts.py")
    at.pills(key="gd_preset").set_value("other").run()
    at.pills(key="gd_kind").set_value("bnpl").run()
    at.text_input(key="gd_platform").set_value("新平台")
    at.number_input(key="gd_overdue").set_value(500.0)
    at.button(key="save___new__").click().run()
    assert_no_exception(at)
    assert any("how many days" in t.value for t in at.text)
    assert len(at.session_state["case"].debts) == 6
    assert at.number_input(key="gd_overdue").value == 500.0, "what was typed is kept"


def test_case_survives_page_and_language_switches(make_app):
    at = make_app(demo="gig_driver", page="pages/debts.py")
    key = editor_key(at, "debts")
    at.session_state[key] = {"edited_rows": {0: {"balance": 15000}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("pages/finances.py").run()
    at.button_group(key="lang_choice").set_value("en").run()
    at.switch_page("pages/debts.py").run()
    assert_no_exception(at)
    assert at.session_state["lang"] == "en"
    assert at.session_state["case"].debt("jiebei").balance == Decimal("15000.00")
    assert at.title[0].value == "Debts"


def test_no_case_guides_to_start(make_app):
    at = make_app(page="pages/debts.py")
    assert_no_exception(at)
    assert any("示例" in i.value for i in at.info)


def test_url_parameters_are_validated(make_app):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["demo"] = "../../etc/passwd"
    at.run()
    assert_no_exception(at)
    assert at.session_state["lang"] == "en" and at.session_state["case"] is None
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["demo"] = "gig_driver"
    at.run()
    assert len(at.session_state["case"].debts) == 6
