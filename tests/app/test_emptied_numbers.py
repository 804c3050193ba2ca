"""Number fields on Plan, Negotiate and Legal (AppTest): emptied, a field stays empty (Streamlit
would put the old figure back when its default is a number) and, where a figure is needed, the
page names the field in the person's language instead of working with a figure nobody typed."""

from __future__ import annotations

import pytest

from overdue_core.i18n import t
from tests.helpers import assert_no_exception


def _field(at, label: str):
    found = [n for n in at.number_input if n.label == label]
    assert len(found) == 1, [n.label for n in at.number_input]
    return found[0]


def _said(at) -> str:
    """Everything the page says in boxes and plain text."""
    return "\n".join(str(e.value) for group in (at.warning, at.info, at.error, at.text, at.caption) for e in group)


def _empty(at, label: str):
    _field(at, label).set_value(None).run()
    assert_no_exception(at)
    assert _field(at, label).value is None  # empty, not the old figure
    return at


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_plan_budget_and_what_if_month(make_app, lang):
    at = make_app(lang=lang, demo="gig_driver", page="pages/plan.py")
    budget = t("plan_page.field.monthly_budget", lang)
    _empty(at, budget)
    assert budget in _said(at)
    # A what-if's month, shown once the what-if has an amount, can be emptied too.
    at = make_app(lang=lang, demo="gig_driver", page="pages/plan.py")
    _field(at, t("plan_page.field.lump_sum", lang)).set_value(3000.0).run()
    month = t("plan_page.field.lump_sum_month", lang)
    _empty(at, month)
    assert month in _said(at)


def test_plan_emptied_what_if_is_no_what_if(make_app):
    at = make_app(lang="en", demo="gig_driver", page="pages/plan.py")
    lump = t("plan_page.field.lump_sum", "en")
    _field(at, lump).set_value(3000.0).run()
    _empty(at, lump)
    assert t("editor.not_saved", "en", count=1) not in _said(at)  # nothing to fix: no lump sum


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_negotiate_options_and_letter(make_app, lang):
    at = make_app(lang=lang, demo="young_worker", page="pages/negotiate.py")
    # The letter names its missing figures once the person has said what happened.
    next(x for x in at.text_area if x.label == t("letters.form.reason", lang)).set_value("lost my job in August").run()
    for key in ("negotiate.installments", "letters.form.offer", "letters.form.payment_day"):
        label = t(key, lang)
        _empty(at, label)
        assert label in _said(at), key
    # An emptied fee is no fee: the options are still compared.
    at = make_app(lang=lang, demo="young_worker", page="pages/negotiate.py")
    _empty(at, t("negotiate.installment_fee", lang))
    assert t("negotiate.options_unavailable", lang) not in _said(at)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_legal_court_amount_and_lawyer_fee(make_app, lang):
    at = make_app(lang=lang, demo="young_worker", page="pages/legal.py")
    amount = t("legal.court.amount", lang)
    _empty(at, amount)
    assert amount.split("（")[0].split(" (")[0] in _said(at)  # named without its unit
    at = make_app(lang=lang, demo="young_worker", page="pages/legal.py")
    _empty(at, t("legal.court.lawyer_fee", lang))
    assert not at.metric or all(m.value for m in at.metric)  # the estimate is still drawn, without a lawyer


def test_legal_incident_calls_emptied_is_named(make_app):
    at = make_app(lang="zh-CN", demo="young_worker", page="pages/legal.py")
    calls = t("legal.conduct.calls", "zh-CN")
    _field(at, calls).set_value(None)
    next(b for b in at.button if b.label == t("legal.conduct.save", "zh-CN")).click().run()
    assert_no_exception(at)
    assert calls in _said(at)
    assert not at.session_state["case"].collection_incidents or all(
        i.connected_calls_that_day is not None for i in at.session_state["case"].collection_incidents
    )


def test_prevent_paid_this_month_emptied_is_named_and_not_saved(make_app):
    at = make_app(lang="zh-CN", demo="young_worker", page="pages/prevent.py")
    field = next(n for n in at.number_input if n.key and n.key.startswith("paid_"))
    label = field.label
    field.set_value(None)
    next(b for b in at.button if b.label == t("followthrough.save", "zh-CN")).click().run()
    assert_no_exception(at)
    assert next(n for n in at.number_input if n.label == label).value is None
    assert any(label in str(w.value) for w in at.warning)
    assert not at.session_state["case"].payments  # nothing saved from a half-empty month
