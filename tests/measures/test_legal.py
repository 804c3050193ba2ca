"""Legal checks: the true APR against the lines for each lender, up-front interest, fees, conduct, evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case, CollectionIncident, ContactEntry, Debt, PaymentRecord
from overdue_core.i18n import catalog, t
from overdue_core.measures.legal.findings import (
    EVIDENCE_ITEMS,
    INCIDENT_KINDS,
    conduct_flags,
    debt_checks,
    evidence_pack,
    help_line_keys,
    is_quiet_hours,
)
from tests.helpers.debts import sane_loan

D = Decimal


def loan(**changes) -> Debt:
    return sane_loan(**{"platform": "Test loan", **changes})


def case_with(*debts: Debt, **changes) -> Case:
    return Case.model_validate({"as_of": "2026-11-01", "debts": [d.model_dump() for d in debts], **changes})


def codes(case: Case, debt_id: str = "x") -> list[str]:
    return [f.code for f in debt_checks(case, case.debt(debt_id))]


def test_licensed_18_percent_is_within_every_line():
    case = case_with(loan())
    (finding,) = debt_checks(case, case.debts[0])
    assert finding.code == "apr_within" and finding.level == "ok"
    assert finding.params["nominal"] == "18.00%"  # equal installments at 18 %: the IRR is the stated rate
    assert "rule_source.licensed_lender_ceiling" in finding.all_source_keys()


def test_licensed_lender_above_24_and_36():
    assert codes(case_with(loan(annual_rate="0.30"))) == ["apr_above_line_24"]
    assert codes(case_with(loan(annual_rate="0.40"))) == ["apr_above_line_36"]


def test_private_lender_is_held_to_four_times_lpr():
    case = case_with(loan(annual_rate="0.18", lender_licensed=False, contract_date="2026-01-10"))
    finding = debt_checks(case, case.debts[0])[0]
    assert finding.code == "apr_above_private_cap" and finding.params["line"] == "12.00%"
    assert {"rule_source.lpr_1y", "rule_source.private_lending_lpr_multiple"} <= set(finding.all_source_keys())
    # the LPR is an editable rule: at 4 % the cap is 16 % and 15 % is within it
    raised = case.model_copy(update={"settings": case.settings.model_copy(update={"rules": {"lpr_1y": D("0.05")}})})
    assert codes(raised)[0] == "apr_within"


def test_fees_count_in_the_true_rate():
    """0.6 %/month fee on 12,000 over 12 months at 0 % interest looks like 7.2 % a year; its APR is about 13 %."""
    case = case_with(loan(annual_rate="0", monthly_fee="72"))
    found = {f.code: f for f in debt_checks(case, case.debts[0])}
    assert "fees_beyond_rate" in found
    assert found["fees_beyond_rate"].params["stated"] == "0.00%"
    nominal = float(found["fees_beyond_rate"].params["nominal"].rstrip("%"))
    assert 12.5 < nominal < 13.5


def test_interest_taken_up_front_gig_driver():
    case = load_demo("gig_driver")
    found = {f.code: f for f in debt_checks(case, case.debt("kuaijie"))}
    assert found["apr_above_line_36"].level == "alert"
    assert found["interest_upfront"].params == {"kept": "1,000.00", "received": "4,000.00", "balance": "5,000.00"}
    assert found["interest_upfront"].source_keys == ("legal.source.civil_code_670",)
    assert "fees_beyond_rate" in found
    # the penalty of a private lender is measured against 4 × the LPR on its contract date
    assert found["penalty_above_line"].params["line"] == "12.00%"
    assert found["private_line_contract_date"].params["date"] == "2026-10-20"


def test_upfront_fee_without_cash_received():
    assert "interest_upfront" in codes(case_with(loan(upfront_fee="500")))
    assert "interest_upfront" not in codes(case_with(loan()))


def test_penalty_of_a_licensed_lender_against_24():
    assert "penalty_above_line" in codes(case_with(loan(penalty_rate="0.27")))
    assert "penalty_above_line" not in codes(case_with(loan(penalty_rate="0.24")))


def test_forced_deduction_comes_from_the_incidents():
    incident = CollectionIncident(when=dt.datetime(2026, 10, 3, 10), debt_id="x", kinds=["forced_deduction"])
    case = case_with(loan(), collection_incidents=[incident.model_dump()])
    assert "forced_deduction" in codes(case)
    assert "forced_deduction" not in codes(case_with(loan()))


def test_unknown_apr_when_nothing_was_received():
    case = case_with(loan(principal_received="0"))
    assert codes(case)[0] == "apr_unknown"


def test_the_demo_codes_are_known_kinds():
    assert {"night_call", "contacted_relatives", "threat_lawsuit_false"} <= set(INCIDENT_KINDS)
    for code, kind in INCIDENT_KINDS.items():
        for lang in ("zh-CN", "en"):
            assert f"legal.kind.{code}" in catalog(lang)
            assert kind.source_key in catalog(lang)
        assert kind.channels


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [(21, 59, False), (22, 0, True), (23, 30, True), (0, 0, True), (7, 59, True), (8, 0, False), (12, 0, False)],
)
def test_quiet_hours(hour, minute, quiet):
    assert is_quiet_hours(dt.datetime(2026, 10, 1, hour, minute)) is quiet


def test_conduct_flags_gig_driver():
    case = load_demo("gig_driver")
    flags = conduct_flags(case)
    kinds = {(f.kind, f.detected) for f in flags}
    # ticked: night call and relatives; 5 connected calls > 3 is found from the count
    assert kinds == {("night_call", False), ("contacted_relatives", False), ("too_many_calls", True)}
    night = next(f for f in flags if f.kind == "night_call")
    assert night.rule_keys == ("collection_quiet_start_hour", "collection_quiet_end_hour")
    assert "12378" in night.channels


def test_night_call_found_from_the_time_and_unlicensed_adds_police():
    incident = CollectionIncident(when=dt.datetime(2026, 10, 3, 23, 15), debt_id="x", connected_calls_that_day=2)
    case = case_with(loan(lender_licensed=False), collection_incidents=[incident.model_dump()])
    (flag,) = conduct_flags(case)
    assert flag.kind == "night_call" and flag.detected and "110" in flag.channels
    # the number of calls allowed is a rule: 1 a day makes 2 too many
    stricter = case.model_copy(
        update={"settings": case.settings.model_copy(update={"rules": {"collection_max_calls_per_day": D("1")}})}
    )
    assert {f.kind for f in conduct_flags(stricter)} == {"night_call", "too_many_calls"}


def test_help_lines_are_in_both_catalogs_and_private_sites_are_not_regulators():
    keys = help_line_keys()
    assert ("110", "legal.help_line.police") in keys and ("12363", "legal.help_line.pboc") in keys
    for _number, key in keys:
        assert key in catalog("zh-CN") and key in catalog("en")
    assert "not regulators" in t("legal.private_sites", "en")


def test_evidence_pack_for_one_platform():
    case = load_demo("family_cards")
    data = case.model_dump()
    data["payments"] = [PaymentRecord(debt_id="cmb-card", month=dt.date(2026, 11, 1), amount=D("1100")).model_dump()]
    data["checklist"] = {"evidence_contract": True}
    case = Case.model_validate(data)
    pack = evidence_pack(case, "cmb-card", "en", today=dt.date(2026, 11, 24))
    debt = case.debt("cmb-card")
    assert pack.startswith("# Evidence pack: 招商银行信用卡")
    assert "Made on 2026-11-24" in pack and t("app.not_advice", "en") in pack
    assert f"| Overdue amount | {debt.overdue_amount:,.2f} |" in pack
    assert "****" + debt.account_ref[-4:] in pack and debt.account_ref not in pack
    # the checks with their sources, the conduct flags with the channels, the payments and the log
    assert "Source: " + t("rule_source.reference_line_24", "en") in pack
    assert "Threatened arrest, jail or a lawsuit falsely" in pack and "12378" in pack
    assert "| 2026-11 | 1,100.00 |" in pack and "| Total | 1,100.00 |" in pack
    assert "客服说可以申请个性化分期" in pack and "Follow-up date: 2026-10-27" in pack
    assert "- [x] The contract" in pack and "- [ ] Call recordings" in pack
    assert len([line for line in pack.splitlines() if line.startswith("- [")]) == len(EVIDENCE_ITEMS)
    zh = evidence_pack(case, "cmb-card", "zh-CN", today=dt.date(2026, 11, 24))
    assert zh.startswith("# 证据材料：招商银行信用卡") and "诉讼时效" in zh


def test_evidence_pack_keeps_user_text_on_one_line():
    entry = ContactEntry(
        id="c1", when=dt.datetime(2026, 10, 1, 9), debt_id="x", platform="Test loan", said="line one\n## not a heading"
    )
    case = case_with(loan(), contacts=[entry.model_dump()])
    pack = evidence_pack(case, "x", "en")
    assert "\n## not a heading" not in pack and "line one &#35;&#35; not a heading" in pack


HOSTILE = "![x](http://evil/a.png) <script>alert(1)</script> [link](https://evil) | *b*"


def test_evidence_pack_renders_hostile_user_text_as_text():
    """A platform name, a note or what was said typed as Markdown or HTML stays those characters."""
    import html
    from overdue_core.user_text import md_escape

    entry = ContactEntry(
        id="c1", when=dt.datetime(2026, 10, 1, 9), debt_id="x", platform=HOSTILE, said=HOSTILE, agent=HOSTILE
    )
    payment = {"debt_id": "x", "month": "2026-09-01", "amount": "100.00", "note": HOSTILE}
    case = case_with(loan(platform=HOSTILE), contacts=[entry.model_dump()], payments=[payment])
    pack = evidence_pack(case, "x", "en")
    for raw in ("![x]", "(http", "<script>", "[link]", "*b*"):
        assert raw not in pack, raw
    assert pack.count(md_escape(HOSTILE)) >= 5  # title, figures table, agent, said, payment note
    assert not set(md_escape(HOSTILE)) & set("![]()<>|*`_:/"), "no markup character left raw"
    assert html.unescape(md_escape(HOSTILE)).replace("\u2060", "") == HOSTILE  # reads the same
    # the figures table keeps its two columns: a "|" in the name does not split a row
    row = next(line for line in pack.splitlines() if line.startswith("| ") and md_escape(HOSTILE) in line)
    assert row.count(" | ") == 1
