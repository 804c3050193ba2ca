"""The action pages in use (AppTest): log a contact, write a letter, record an incident and a payment,
tick the checklist — in both languages, with the case updated and bad input named, never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest

from overdue_core.case.demo import load_demo
from tests.helpers import assert_no_exception

ACTION_PAGES = ["pages/communicate.py", "pages/negotiate.py", "pages/legal.py", "pages/prevent.py"]


def by_label(widgets, label):
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def all_text(at) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "text", "warning", "info", "success", "code")
        for e in at.get(kind)
        if hasattr(e, "value")
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("path", ACTION_PAGES)
def test_page_with_an_empty_case(make_app, path, lang):
    from overdue_core.case.models import new_case

    at = make_app(lang=lang, case=new_case(dt.date(2026, 11, 1), lang), page=path)
    assert_no_exception(at)
    assert at.title[0].value


@pytest.mark.parametrize(
    ("lang", "save", "said"),
    [("zh-CN", "保存这条记录", "客服同意免除罚息"), ("en", "Save this contact", "Agent agreed to waive the penalty")],
)
def test_log_a_contact(make_app, lang, save, said):
    at = make_app(lang=lang, demo="family_cards", page="pages/communicate.py")
    before = len(at.session_state["case"].contacts)
    label = "对方说了什么" if lang == "zh-CN" else "What they said"
    by_label(at.text_area, label).input(said)
    by_label(
        at.text_input, "账号或订单号（可不填）" if lang == "zh-CN" else "Account or order number (optional)"
    ).input("LN-2026-00991234")
    by_label(at.button, save).click().run()
    assert_no_exception(at)
    contacts = at.session_state["case"].contacts
    assert len(contacts) == before + 1 and contacts[-1].said == said and contacts[-1].platform == "招商银行信用卡"
    text = all_text(at)
    assert said in text and "****1234" in text and "LN-2026-00991234" not in text


def test_mark_a_follow_up_done(make_app):
    at = make_app(lang="en", demo="family_cards", page="pages/communicate.py")
    assert "1 follow-up date has passed" in all_text(at)
    by_label(at.button, "Mark the follow-up as done").click().run()
    assert at.session_state["case"].contacts[0].follow_up_done
    assert "follow-up date has passed" not in all_text(at)


def test_script_follows_the_cause_and_the_link(make_app):
    at = make_app(lang="en", demo="gig_driver")
    # a link names a debt by its place in the case, never by its id (the person's own text)
    at.query_params["debt"] = str([d.id for d in at.session_state["case"].debts].index("kuaijie") + 1)
    at.switch_page("pages/communicate.py").run()
    assert by_label(at.selectbox, "Platform").value == "kuaijie"
    by_label(at.selectbox, "Why was the payment missed?").set_value("own_mistake").run()
    script = at.code[0].value
    assert "某网贷 App（快借钱）" in script and "first time" in script


@pytest.mark.parametrize("raw", ["<script>", "kuaijie", "0", "-1", "99", "1.5", "", " "])
def test_bad_link_is_ignored(make_app, raw):
    at = make_app(lang="en", demo="gig_driver")
    at.query_params["debt"] = raw
    at.switch_page("pages/communicate.py").run()
    assert_no_exception(at)
    assert by_label(at.selectbox, "Platform").value == "jiebei"


def test_letter_with_the_figures_and_agreed_terms(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/negotiate.py")
    assert "Write in a sentence or two" in all_text(at)
    by_label(at.selectbox, "Platform").set_value("jiebei").run()
    by_label(at.text_area, "What happened").input("I was out of work for two months").run()
    assert_no_exception(at)
    debt = at.session_state["case"].debt("jiebei")
    letter = at.code[0].value
    assert (
        f"{debt.total_owed:,.2f}" in letter
        and f"{debt.overdue_amount:,.2f}" in letter
        and "I was out of work for two months" in letter
    )
    # the letter language is independent of the page language
    at.segmented_control(key="letter_lang_jiebei_1").set_value("zh-CN").run()
    assert "我的请求" in at.code[0].value
    # agree terms once: stored for the plan
    by_label(at.selectbox, "Status with 借呗").set_value("agreed").run()
    by_label(at.number_input, "Months").set_value(12)
    by_label(at.button, "Save").click().run()
    assert_no_exception(at)
    (negotiation,) = at.session_state["case"].negotiations
    assert negotiation.status.value == "agreed" and negotiation.terms.months == 12
    assert "Agreed: Installments, 12 months" in all_text(at)


def test_record_an_incident_and_estimate_court_costs(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/legal.py")
    by_label(at.time_input, "Time").set_value(dt.time(23, 10))
    by_label(at.multiselect, "What happened").set_value(["insult"])
    by_label(at.number_input, "Connected calls that day").set_value(6)
    by_label(at.button, "Save this contact").click().run()
    assert_no_exception(at)
    (incident,) = at.session_state["case"].collection_incidents
    assert incident.kinds == ["insult"] and incident.connected_calls_that_day == 6
    warnings = [w.value for w in at.warning]
    assert "Insulted or humiliated me" in warnings
    assert any(w.startswith("Called between 22:00 and 08:00 (worked out") for w in warnings)
    by_label(at.number_input, "Amount claimed (yuan)").set_value(50000).run()
    assert [m.value for m in at.metric][0] == "1,050.00"
    by_label(at.selectbox, "Procedure").set_value("simple").run()
    assert [m.value for m in at.metric][0] == "525.00"


def test_evidence_ticks_are_saved(make_app):
    at = make_app(lang="zh-CN", demo="gig_driver", page="pages/legal.py")
    by_label(at.checkbox, "通话录音").check().run()
    assert at.session_state["case"].checklist["evidence_recordings"] is True


def test_checklist_and_payments_on_prevent(make_app):
    at = make_app(lang="en", demo="young_worker", page="pages/prevent.py")
    by_label(at.checkbox, "I read the rules and fees of 花呗").check().run()
    assert at.session_state["case"].checklist["rules_read:huabei"] is True
    assert "1 of 10 done" in at.get("progress")[0].proto.text
    by_label(at.number_input, "Paid to 借呗 (yuan)").set_value(800)
    by_label(at.button, "Save this month's payments").click().run()
    assert_no_exception(at)
    (payment,) = at.session_state["case"].payments
    assert payment.debt_id == "jiebei" and str(payment.amount) == "800.00"


def test_prevent_warns_and_links_to_communicate(make_app):
    """Due on the last day of this month and the budget is short: say so before the date, link to Communicate."""
    case = load_demo("family_cards").model_copy(update={"as_of": dt.date.today().replace(day=1)})
    case = case.model_copy(update={"debts": [d.model_copy(update={"due_day": 31}) for d in case.debts]})
    at = make_app(lang="en", case=case, page="pages/prevent.py")
    assert_no_exception(at)
    assert any(
        "Tell them before that day" in w.value or "Tell each platform before its date" in w.value for w in at.warning
    )
    links = {p.proto.label: p.proto for p in at.get("page_link")}
    link = links["Prepare the call to 招商银行信用卡"]
    number = [d.platform for d in case.debts].index("招商银行信用卡") + 1
    assert link.query_string == f"debt={number}"
    # following the link opens the call sheet on that debt
    at.query_params["debt"] = str(number)
    at.switch_page("pages/communicate.py").run()
    assert by_label(at.selectbox, "Platform").value == case.debts[number - 1].id


def test_hardship_call_links_to_negotiate_for_the_same_debt(make_app):
    at = make_app(lang="en", demo="gig_driver", page="pages/communicate.py")
    case = at.session_state["case"]
    by_label(at.selectbox, "Platform").set_value(case.debts[1].id).run()
    by_label(at.selectbox, "Why was the payment missed?").set_value("hardship").run()
    link = next(p.proto for p in at.get("page_link") if p.proto.page.endswith("negotiate"))
    assert link.query_string == "debt=2"
    at.query_params["debt"] = "2"
    at.switch_page("pages/negotiate.py").run()
    assert_no_exception(at)
    assert by_label(at.selectbox, "Platform").value == case.debts[1].id
