"""The Debts page: guided form, cards, warnings beside the field, drafts that survive switches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from overdue_core.case.models import new_case
from overdue_core.entry import PRESETS
from overdue_core.i18n import t
from tests.helpers import assert_no_exception

PAGE = "pages/debts.py"


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [x.value for x in at.text] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def _fill(at, **values):
    for name, value in values.items():
        widget = at.number_input(key=f"gd_{name}") if name != "platform" else at.text_input(key="gd_platform")
        widget.set_value(value)
    return at.run()


@pytest.fixture
def empty_case():
    return new_case(dt.date(2026, 11, 30), "zh-CN")


def test_guided_entry_of_a_huabei_debt(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    assert_no_exception(at)
    at.pills(key="gd_preset").set_value("huabei").run()
    assert at.pills(key="gd_kind").value == "bnpl"
    assert at.text_input(key="gd_platform").value == "花呗"
    at = _fill(at, amount=1200.0, overdue=560.0, days=35)
    at.button(key="save___new__").click().run()
    assert_no_exception(at)
    case = at.session_state["case"]
    (debt,) = case.debts
    assert debt.platform == "花呗" and debt.kind.value == "bnpl" and debt.repayment.value == "bullet"
    assert debt.balance == Decimal("1200.00") and debt.overdue_amount == Decimal("560.00") and debt.days_overdue == 35
    assert debt.penalty_rate == Decimal("0.1825")  # the preset's sourced figure
    text = _texts(at)
    assert "已保存：花呗" in text
    assert debt.id not in text  # no internal id where a person reads
    links = [link.proto.label for link in at.get("page_link")]
    assert links.count(t("guided.next_overview", "zh-CN")) == 2  # beside the confirmation, and under the totals


def test_rate_converted_and_installment_computed(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    at.segmented_control(key="gd_rate_basis").set_value("daily").run()
    at = _fill(at, amount=12000.0, rate=0.05, terms=12)
    text = _texts(at)
    assert "18.25%" in text  # 日利率 0.05 % shown as its annual figure
    assert "1,101.13" in text or "每月应还" in text
    at.button(key="save___new__").click().run()
    (debt,) = at.session_state["case"].debts
    assert debt.annual_rate == Decimal("0.1825") and debt.remaining_terms == 12
    assert debt.monthly_due > 0
    # No penalty typed: the licensed lender's rule, the loan's rate plus 50 % (银发〔2003〕251号).
    assert debt.penalty_rate == Decimal("0.27375")


def test_warning_beside_the_rate_field(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    at = _fill(at, amount=12000.0, rate=0.04, terms=12)
    warnings = [w.value for w in at.warning]
    assert any("14.60%" in w for w in warnings), warnings


def test_half_filled_form_survives_page_and_language_switch(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    at = _fill(at, amount=8000.0)
    at.switch_page("pages/finances.py").run()
    at.switch_page(PAGE).run()
    assert at.number_input(key="gd_amount").value == 8000.0
    at.session_state["lang"] = "en"
    at.run()
    assert_no_exception(at)
    assert at.number_input(key="gd_amount").value == 8000.0
    assert at.pills(key="gd_preset").value == "jiebei"


def test_a_debt_that_cannot_be_saved_stays_with_its_problem(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    at = _fill(at, amount=5000.0, overdue=300.0)  # overdue without days, no terms
    at.button(key="save___new__").click().run()
    assert at.session_state["case"].debts == []
    assert at.number_input(key="gd_amount").value == 5000.0
    assert any("还没保存" in w.value for w in at.warning)


def test_cards_edit_and_delete_with_names_not_ids(make_app):
    at = make_app(demo="young_worker", page=PAGE)
    case = at.session_state["case"]
    text = _texts(at)
    for debt in case.debts:
        assert f"({debt.id})" not in text
    first = case.debts[0]
    at.button(key=f"edit_{first.id}").click().run()
    assert at.number_input(key="gd_amount").value == float(first.balance)
    at.number_input(key="gd_days").set_value(50).run()
    at.button(key=f"save_{first.id}").click().run()
    assert at.session_state["case"].debts[0].days_overdue == 50
    at.button(key=f"delete_{first.id}").click().run()
    at.button(key=f"delete_yes_{first.id}").click().run()
    assert first.id not in {d.id for d in at.session_state["case"].debts}


def test_read_only_session_has_no_forms(make_app, monkeypatch):
    import ui.state as state

    monkeypatch.setattr(state, "is_read_only", lambda: True)
    at = make_app(demo="young_worker", page=PAGE)
    assert_no_exception(at)
    assert not [b for b in at.button if b.key and (b.key.startswith("save_") or b.key.startswith("edit_"))]
    assert not [p for p in at.pills if p.key == "gd_preset"]


def test_english_page_has_no_ids_and_no_chinese_ui_labels(make_app):
    at = make_app(lang="en", demo="young_worker", page=PAGE)
    assert_no_exception(at)
    assert at.pills(key="gd_preset").format_func("huabei") == t("preset.name.huabei", "en")


def test_rules_page_shows_every_preset_source(make_app):
    at = make_app(page="pages/rules.py")
    assert_no_exception(at)
    shown = _texts(at)
    for preset in PRESETS.values():
        for figure in preset.figures.values():
            assert t(figure.source.text_key, "zh-CN") in shown, figure.source.key
            assert figure.source.as_of.isoformat() in shown
        for reason in preset.missing.values():
            assert t(reason, "zh-CN") in shown


def test_changing_a_debt_keeps_the_fields_the_form_does_not_show(make_app):
    at = make_app(demo="young_worker", page=PAGE)
    first = at.session_state["case"].debts[0]
    assert first.account_ref
    at.button(key=f"edit_{first.id}").click().run()
    at.button(key=f"save_{first.id}").click().run()
    assert_no_exception(at)
    kept = at.session_state["case"].debt(first.id)
    assert kept.account_ref == first.account_ref and kept.notes == first.notes and kept.due_day == first.due_day
    assert kept.balance == first.balance and kept.monthly_due == first.monthly_due


def test_choosing_card_switches_to_minimum_payment_and_warns_on_a_mismatch(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    assert at.pills(key="gd_repayment").value == "equal_installment"
    at.pills(key="gd_kind").set_value("credit_card").run()
    assert at.pills(key="gd_repayment").value == "minimum_payment"  # a card defaults to the minimum
    # A stored card on equal principal (say, typed in the table) is flagged on its card.
    from overdue_core.case import load_demo

    case = load_demo("family_cards")
    odd = {**case.debts[0].model_dump(), "repayment": "equal_principal", "remaining_terms": 12}
    shown = make_app(
        case=case.model_validate({**case.model_dump(), "debts": [odd] + [d.model_dump() for d in case.debts[1:]]}),
        page=PAGE,
    )
    assert_no_exception(shown)
    assert any("一般不是" in w.value and "按最低还款额" in w.value for w in shown.warning)
    assert not any("一般不是" in w.value for w in make_app(demo="family_cards", page=PAGE).warning)


def test_a_due_that_does_not_fit_is_flagged_beside_the_due(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("jiebei").run()
    at = _fill(at, amount=12000.0, rate=18.0, terms=12, due=300.0)
    assert any("1,100.16" in w.value for w in at.warning), [w.value for w in at.warning]
    at = _fill(at, due=1100.0)
    assert not any("1,100.16" in w.value for w in at.warning)


def test_a_card_balance_that_includes_the_overdue_part_is_flagged_on_its_card(make_app):
    from overdue_core.case import load_demo

    case = load_demo("family_cards")
    card = case.debts[0]
    assert card.kind.value == "credit_card"
    doubled = case.model_validate(
        {
            **case.model_dump(),
            "debts": [{**card.model_dump(), "balance": card.overdue_amount}] + [d.model_dump() for d in case.debts[1:]],
        }
    )
    at = make_app(case=doubled, page=PAGE)
    assert_no_exception(at)
    assert any("算两遍" in w.value for w in at.warning)
    fine = make_app(demo="family_cards", page=PAGE)
    assert not any("算两遍" in w.value for w in fine.warning)


def test_demo_opened_is_confirmed_beside_its_button_with_the_way_on(make_app):
    at = make_app()
    at.button(key="demo_gig_driver").click().run()
    assert_no_exception(at)
    assert any("已打开示例" in s.value for s in at.success)
    assert t("guided.next_overview", "zh-CN") in [link.proto.label for link in at.get("page_link")]


def test_a_rate_typed_before_switching_to_pay_the_bill_is_not_used(make_app, empty_case):
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("huabei").run()
    at.pills(key="gd_repayment").set_value("equal_installment").run()
    at = _fill(at, amount=3000.0, rate=0.6, terms=6)
    at.pills(key="gd_repayment").set_value("bullet").run()  # the rate field disappears
    at.button(key="save___new__").click().run()
    (debt,) = at.session_state["case"].debts
    assert debt.annual_rate == 0 and debt.remaining_terms == 0 and debt.monthly_due == Decimal("3000.00")


def test_contract_details_ask_for_the_length_of_a_part_repaid_loan(make_app, empty_case):
    """Received 4,000, 2,700 left in 6 × 472.80: the form opens its contract details and asks for
    the whole length; with it the debt keeps due day, contract date, length and cash received."""
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("other").run()
    at.pills(key="gd_kind").set_value("installment_loan").run()
    at = _fill(at, platform="某贷", amount=2700.0, rate=0.0, terms=6, due=472.80, received=4000.0)
    assert_no_exception(at)
    asked = [w.value for w in at.warning if "合同总期数" in w.value]
    assert asked and "4,000.00" in asked[0]
    at = _fill(at, original_terms=12, due_day=15)
    at.date_input(key="gd_contract_date").set_value(dt.date(2026, 5, 15)).run()
    assert not [w.value for w in at.warning if "合同总期数" in w.value]
    at.button(key="save___new__").click().run()
    assert_no_exception(at)
    (debt,) = at.session_state["case"].debts
    assert (debt.original_terms, debt.due_day, debt.contract_date, debt.principal_received) == (
        12,
        15,
        dt.date(2026, 5, 15),
        Decimal("4000.00"),
    )
    # Changing it later shows the same details, and keeps them.
    at.button(key=f"edit_{debt.id}").click().run()
    assert at.number_input(key="gd_original_terms").value == 12
    assert at.date_input(key="gd_contract_date").value == dt.date(2026, 5, 15)


def test_a_loan_entered_as_its_contract_reads(make_app, empty_case):
    """Borrowed 20,000 at 18 %, 12 installments, 3 paid: the form shows and saves the 15,3xx left."""
    at = make_app(case=empty_case, page=PAGE)
    at.pills(key="gd_preset").set_value("other").run()
    at.pills(key="gd_kind").set_value("installment_loan").run()
    at.segmented_control(key="gd_amount_basis").set_value("borrowed").run()
    at = _fill(at, platform="某消费贷", amount=20000.0, rate=18.0, terms=12, paid_terms=3)
    assert_no_exception(at)
    shown = [c.value for c in at.caption if "还剩本金" in c.value]
    assert shown and "还有 9 期" in shown[0]
    at.button(key="save___new__").click().run()
    (debt,) = at.session_state["case"].debts
    assert debt.remaining_terms == 9 and debt.original_terms == 12 and debt.monthly_due == Decimal("1833.60")
    assert Decimal("15200") < debt.balance < Decimal("15400")
    assert f"{debt.balance:,.2f}" in shown[0]


def test_card_summary_reads_the_plans_due_never_zero_for_a_bill(make_app):
    """A 花呗 bill due now (no terms left) shows what it asks this month, not "每月应还 0.00"."""
    from overdue_core.case.models import Case

    case = Case.model_validate(
        {
            "as_of": "2026-11-30",
            "debts": [
                {
                    "id": "huabei",
                    "platform": "花呗",
                    "kind": "bnpl",
                    "balance": "860",
                    "repayment": "bullet",
                    "remaining_terms": 0,
                },
            ],
        }
    )
    at = make_app(case=case, page=PAGE)
    assert_no_exception(at)
    text = _texts(at)
    assert "本月应还 860.00" in text and "应还 0.00" not in text
