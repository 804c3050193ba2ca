"""Contact log: validated entries, the timeline, overdue follow-ups and the CSV file Excel opens."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from overdue_core.case.demo import load_demo
from overdue_core.measures.communicate.call_script import preparation_sheet
from overdue_core.measures.communicate.contacts import (
    UTF8_BOM,
    add_contact,
    contacts_csv,
    follow_up_state,
    overdue_follow_ups,
    remove_contact,
    set_follow_up_done,
    timeline,
)

TODAY = dt.date(2026, 11, 24)


def entry(**changes):
    data = {
        "when": dt.datetime(2026, 11, 2, 9, 30),
        "debt_id": "cmb-card",
        "platform": "招商银行信用卡",
        "channel": "app_chat",
        "said": "可以分期",
    }
    data.update(changes)
    return data


def test_add_contact_validates_and_keeps_the_case_on_errors():
    case = load_demo("family_cards")
    updated, problems = add_contact(
        case, entry(account_ref="6225880012345678", follow_up=dt.date(2026, 12, 1)), "zh-CN"
    )
    assert problems == [] and len(updated.contacts) == 2
    new = updated.contacts[-1]
    assert new.id == "c2" and new.account_ref == "6225880012345678"
    bad, problems = add_contact(case, entry(platform="", channel="fax", when="yesterday"), "en")
    assert bad is None and len(case.contacts) == 1
    paths = {p.path for p in problems}
    assert {"When", "Platform", "Channel"} <= paths
    assert all("yesterday" not in p.message and "fax" not in p.message for p in problems)


def test_unknown_debt_id_is_dropped_not_trusted():
    case = load_demo("family_cards")
    updated, _ = add_contact(case, entry(debt_id="nope"), "en")
    assert updated.contacts[-1].debt_id is None


def test_timeline_and_follow_ups():
    case = load_demo("family_cards")
    case, _ = add_contact(case, entry(when=dt.datetime(2026, 11, 20, 8), follow_up=TODAY), "en")
    case, _ = add_contact(case, entry(when=dt.datetime(2026, 11, 21, 8), follow_up=dt.date(2026, 12, 5)), "en")
    assert [c.when.day for c in timeline(case)] == [21, 20, 20]
    states = [follow_up_state(c, TODAY) for c in case.contacts]
    assert states == ["overdue", "today", "upcoming"]
    assert [c.id for c in overdue_follow_ups(case, TODAY)] == ["c1"]
    done = set_follow_up_done(case, "c1")
    assert overdue_follow_ups(done, TODAY) == [] and follow_up_state(done.contacts[0], TODAY) == "done"
    assert [c.id for c in remove_contact(done, "c2").contacts] == ["c1", "c3"]


def test_csv_has_bom_translated_headers_masked_numbers_and_safe_cells():
    case = load_demo("family_cards")
    case, _ = add_contact(
        case, entry(account_ref="6225880012345678", agent='=HYPERLINK("x")', they_conceded="免除罚息 300 元"), "zh-CN"
    )
    raw = contacts_csv(case, "zh-CN")
    assert raw.startswith(UTF8_BOM.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "平台", "方式"]
    assert len(rows) == 3  # header + two entries, oldest first
    first, second = rows[1], rows[2]
    assert first[0] == "2026-10-20 10:15" and first[2] == "电话" and first[9] == "2026-10-27"
    assert second[4] == "****5678" and "6225880012345678" not in raw.decode("utf-8-sig")
    assert second[3] == '\'=HYPERLINK("x")'  # a spreadsheet shows it as text, never runs it
    assert second[8] == "免除罚息 300 元"
    english = contacts_csv(case, "en").decode("utf-8-sig")
    assert english.splitlines()[0].startswith("When,Platform,Channel")


def test_preparation_sheet_by_cause_uses_the_rule_and_real_figures():
    case = load_demo("family_cards")
    debt = case.debt("cmb-card")
    sheet = preparation_sheet(case, "cmb-card", "system_fault", "en")
    assert ("Overdue amount", f"{debt.overdue_amount:,.2f}") in sheet.facts
    assert any("within 20 days" in ask for ask in sheet.asks)
    assert not sheet.to_negotiation
    # the objection deadline is an editable rule
    stricter = case.model_copy(
        update={"settings": case.settings.model_copy(update={"rules": {"objection_reply_days": 15}})}
    )
    assert "15" in preparation_sheet(stricter, "cmb-card", "system_fault", "zh-CN").script
    hardship = preparation_sheet(case, "cmb-card", "hardship", "zh-CN")
    assert hardship.to_negotiation and "延期" in hardship.script
    goodwill = preparation_sheet(case, "cmb-card", "own_mistake", "en", name="Wang Li")
    assert goodwill.script.startswith("Hello, my name is Wang Li.") and "first time" in goodwill.script


@pytest.mark.parametrize("typed", ["＋1+2", "－3+4", "＠SUM(1)", "＝1+1", "@SUM(1)", "-2+3", "'=already"])
def test_csv_escapes_every_formula_start_full_width_included(typed):
    """Excel and WPS read ＝＋－＠ as their ASCII twins: every such cell gets the apostrophe."""
    case = load_demo("family_cards")
    case, _ = add_contact(case, entry(agent=typed, said=typed), "zh-CN")
    rows = list(csv.reader(io.StringIO(contacts_csv(case, "zh-CN").decode("utf-8-sig"))))
    assert rows[-1][3] == rows[-1][6] == "'" + typed
