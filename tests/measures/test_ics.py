"""Reminder calendar: valid iCalendar that parses back with the events, rules and alarms we meant."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from overdue_core.case.demo import load_demo
from overdue_core.case.models import Case
from overdue_core.measures.communicate.contacts import add_contact
from overdue_core.measures.prevent.reminders import reminders_ics
from overdue_core.case.standing import first_due_date

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)


def events(raw: bytes) -> list:
    cal = Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    return list(cal.walk("VEVENT"))


def test_round_trip_due_days_follow_ups_and_reports():
    case = load_demo("family_cards")
    case, _ = add_contact(
        case,
        {
            "when": dt.datetime(2026, 11, 20, 9),
            "platform": "招联消费金融",
            "debt_id": "zhaolian",
            "follow_up": dt.date(2026, 12, 2),
            "i_promised": "寄收入证明",
        },
        "zh-CN",
    )
    raw = reminders_ics(case, "zh-CN", alarm_days=3, today=TODAY, now=NOW)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.rstrip().endswith(b"END:VCALENDAR")
    found = {str(e["UID"]): e for e in events(raw)}
    due = [e for uid, e in found.items() if uid.startswith("due-")]
    assert len(due) == len(case.debts)
    cmb = found["due-cmb-card@overdue-dashboard.invalid"]
    assert cmb["SUMMARY"] == "还款日：招商银行信用卡"
    assert cmb.decoded("DTSTART") == dt.date(2026, 12, 18)  # the 18th of next month: this month's has passed
    rule = cmb["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYMONTHDAY"] == [18]
    (alarm,) = list(cmb.walk("VALARM"))
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == -dt.timedelta(days=3)
    # the old follow-up (2026-10-27, not done) shows today; the new one on its date
    follow = sorted(e.decoded("DTSTART") for uid, e in found.items() if uid.startswith("follow-up-"))
    assert follow == [TODAY, dt.date(2026, 12, 2)]
    assert "寄收入证明" in str(found["follow-up-c2@overdue-dashboard.invalid"]["DESCRIPTION"])
    report = found["credit-report@overdue-dashboard.invalid"]
    assert report["RRULE"]["INTERVAL"] == [6]  # two free reports a year


def test_options_and_english():
    case = load_demo("young_worker")
    only_due = events(reminders_ics(case, "en", today=TODAY, now=NOW, include_follow_ups=False, include_reports=False))
    assert {str(e["SUMMARY"]) for e in only_due} == {f"Repayment due: {d.platform}" for d in case.debts}
    assert [str(e["UID"]).split("@")[0] for e in events(reminders_ics(case, "en", now=NOW, include_due=False))] == [
        "credit-report"
    ]


def test_same_case_same_file():
    case = load_demo("gig_driver")
    assert reminders_ics(case, "en", today=TODAY, now=NOW) == reminders_ics(case, "en", today=TODAY, now=NOW)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(31, [31, 28, 31, 30]), (30, [30, 28, 30, 30]), (29, [29, 28, 29, 29]), (15, [15, 15, 15, 15])],
)
def test_short_months_fall_on_the_last_day(day, expected):
    data = load_demo("young_worker").model_dump()
    data["debts"] = [dict(data["debts"][0], due_day=day)]
    case = Case.model_validate(data)
    (event,) = events(
        reminders_ics(case, "en", today=dt.date(2027, 1, 1), now=NOW, include_follow_ups=False, include_reports=False)
    )
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
    assert [d.day for d in rule[:4]] == expected
    assert first_due_date(day, dt.date(2027, 2, 1)).day == min(day, 28)


def test_benchmark_ics(benchmark):
    case = load_demo("gig_driver")
    assert benchmark(reminders_ics, case, "zh-CN", today=TODAY, now=NOW)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_each_due_reminder_names_the_plans_own_figure(lang):
    """The amount in a due reminder is the plan's month-1 payment (its offer), and an installment
    the platform has not agreed to yet says to call before the date."""
    from overdue_core.case.money import fmt_money
    from overdue_core.i18n import t
    from overdue_core.plan import build_plan

    case = load_demo("two_behind")
    plan = build_plan(case)
    found = {str(e["UID"]): e for e in events(reminders_ics(case, lang, today=TODAY, now=NOW))}
    for debt in case.debts:
        if not debt.due_day:
            continue
        offer = plan.offers[debt.id]
        text = str(found[f"due-{debt.id}@overdue-dashboard.invalid"]["DESCRIPTION"])
        assert fmt_money(offer.monthly) in text
        key = "prevent.ics.due_description_offer" if offer.kind == "installments" else "prevent.ics.due_description"
        assert text == t(key, lang, platform=debt.platform, day=debt.due_day, amount=fmt_money(offer.monthly))
    assert {o.kind for o in plan.offers.values()} == {"contract", "installments"}
