"""Rules page: every value bounded by its unit, a bad stored value never breaks the page, and undo.

A card minimum of 200 %, ``1e999999999`` or a negative value used to be accepted here and then
crash the Overview and Plan pages, and a huge stored value crashed this page itself, so the
person could not undo it.
"""

from __future__ import annotations

from decimal import Decimal

from overdue_core.case import Case, load_demo
from overdue_core.rules import RULES
from tests.helpers import assert_no_exception

PAGE = "pages/rules.py"


def _with_rules(rules: dict[str, Decimal]) -> Case:
    """A case carrying these overrides unchecked: what a session held before the bounds existed."""
    case = load_demo("gig_driver")
    return case.model_copy(update={"settings": case.settings.model_copy(update={"rules": rules})})


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


def _overview_and_plan_still_draw(at) -> None:
    """The pages that read the rules draw without error after the change."""
    for page in ("pages/overview.py", "pages/plan.py"):
        at.switch_page(page).run()
        assert_no_exception(at)


def test_bad_stored_values_are_named_and_can_be_undone(make_app):
    rules = {
        "lpr_1y": Decimal("1e999999999"),
        "card_min_payment_percent": Decimal("2"),
        "card_grace_days": Decimal("5"),
    }
    at = make_app(lang="en", case=_with_rules(rules), page=PAGE)
    assert_no_exception(at)
    bad = [e for e in _errors(at) if e.startswith("The saved value cannot be used")]
    assert len(bad) == 2 and "between 0 and 10" in bad[0] and "between 0 and 1" in bad[1]
    assert at.text_input(key="rule_lpr_1y_1").value == "0.03"  # the default is what the pages use
    assert at.text_input(key="rule_card_grace_days_1").value == "5"
    at.button(key="rule_reset_lpr_1y_1").click().run()
    assert_no_exception(at)
    # The reset drops the value asked for and any other that cannot be used; good ones stay.
    assert at.session_state["case"].settings.rules == {"card_grace_days": Decimal("5")}
    assert not _errors(at)
    _overview_and_plan_still_draw(at)


def test_values_outside_the_unit_are_refused_and_not_stored(make_app):
    at = make_app(lang="en", demo="gig_driver", page=PAGE)
    for key, typed, message in [
        ("card_min_payment_percent", "2", "between 0 and 1"),
        ("lpr_1y", "1e999999999", "between 0 and 10"),
        ("card_grace_days", "-3", "between 0 and 3650"),
        ("collection_quiet_start_hour", "21.5", "whole number"),
        ("collection_quiet_end_hour", "24", "between 0 and 23"),
        ("lpr_1y", "NaN", "Please enter a number"),
    ]:
        at.text_input(key=f"rule_{key}_1").set_value(typed).run()
        assert_no_exception(at)
        assert any(message in e for e in _errors(at)), (key, typed, _errors(at))
        assert key not in at.session_state["case"].settings.rules
        at.text_input(key=f"rule_{key}_1").set_value(f"{RULES[key].value.normalize():f}").run()
    assert not _errors(at)
    _overview_and_plan_still_draw(at)


def test_a_good_override_is_kept_and_the_default_comes_back(make_app):
    at = make_app(lang="zh-CN", demo="gig_driver", page=PAGE)
    at.text_input(key="rule_lpr_1y_1").set_value("0.0305").run()
    assert at.session_state["case"].settings.rules == {"lpr_1y": Decimal("0.0305")}
    at.button(key="rule_reset_lpr_1y_1").click().run()
    assert_no_exception(at)
    assert at.session_state["case"].settings.rules == {}
    assert at.text_input(key="rule_lpr_1y_2").value == "0.03"


def test_lpr_series_and_its_source_are_shown(make_app):
    from overdue_core.case.demo import load_demo
    from overdue_core.i18n import t

    at = make_app(case=load_demo("gig_driver"), page="pages/rules.py")
    assert not at.exception
    table = at.table[0].value
    assert list(table.iloc[:, 0])[:2] == ["2019-08-20", "2019-09-20"]
    assert "3.85%" in list(table.iloc[:, 1]) and "15.40%" in list(table.iloc[:, 2])
    captions = " ".join(c.value for c in at.caption)
    assert t("legal.source.lpr_history", "zh-CN") in captions
