"""Reminders as an iCalendar file (RFC 5545) that phone and desktop calendars import.

Why a file, not notifications: the app stores nothing and sends nothing. A calendar file puts
the reminders on the person's own phone: each debt's due day as a monthly event with an alarm a
few days before, the follow-up dates promised in the contact log, and the free credit-report
checks (``free_reports_per_year``, spread evenly over the year).

Due days 29–31 do not exist in every month; ``BYMONTHDAY=d,-1;BYSETPOS=1`` picks the earlier of
day d and the month's last day, which is when lenders collect in short months.
UIDs are stable (made from the debt or contact id), so importing a newer file updates events
instead of duplicating them in calendars that honour UIDs.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event, vRecur

from overdue_core.case.debt_names import debt_labels
from overdue_core.case.models import Case
from overdue_core.case.money import fmt_money
from overdue_core.i18n import Translator
from overdue_core.measures.communicate.contacts import follow_up_state
from overdue_core.case.standing import first_due_date
from overdue_core.plan.engine import build_plan
from overdue_core.rules import rule_value

PRODID = "-//overdue-dashboard//reminders//"
UID_DOMAIN = "overdue-dashboard.invalid"
DEFAULT_ALARM_DAYS = 3


def monthly_rule(due_day: int) -> vRecur:
    if due_day <= 28:
        return vRecur({"FREQ": "MONTHLY", "BYMONTHDAY": [due_day]})
    return vRecur({"FREQ": "MONTHLY", "BYMONTHDAY": [due_day, -1], "BYSETPOS": [1]})


def _alarm(days: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", dt.timedelta(days=-days))
    return alarm


def _all_day(uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def reminders_ics(
    case: Case,
    lang: str,
    *,
    alarm_days: int = DEFAULT_ALARM_DAYS,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    include_due: bool = True,
    include_follow_ups: bool = True,
    include_reports: bool = True,
    plan=None,
) -> bytes:
    """The calendar file for this case (UTF-8, CRLF line endings as RFC 5545 asks). Each due
    reminder names what the plan to follow pays that platform (``plan.offers``; the case's plan
    unless given), the same figure as the Plan page, Negotiate and the statement."""
    tr = Translator(lang)
    if plan is None and include_due:
        plan = build_plan(case)
    today = today or case.as_of
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    alarm_days = max(0, min(int(alarm_days), 27))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", tr("prevent.ics.calendar_name"))

    if include_due:
        labels = debt_labels(case.debts)  # two debts on one platform are told apart ("借呗 1", "借呗 2")
        for debt in case.debts:
            if not debt.due_day:
                continue
            offer = plan.offers.get(debt.id) if plan is not None else None
            if offer is not None:
                amount = offer.monthly
            else:
                amount = debt.monthly_due if debt.monthly_due > 0 else debt.overdue_amount
            # An installment offer is the plan's figure, not yet the platform's: the reminder says to call.
            offered = offer is not None and offer.kind == "installments"
            key = "prevent.ics.due_description_offer" if offered else "prevent.ics.due_description"
            name = labels[debt.id]
            event = _all_day(
                f"due-{debt.id}",  # the event's UID, which calendars never show
                first_due_date(debt.due_day, today),
                tr("prevent.ics.due_summary", platform=name),
                tr(key, platform=name, day=debt.due_day, amount=fmt_money(amount)),
                stamp,
            )
            event.add("rrule", monthly_rule(debt.due_day))
            event.add_component(_alarm(alarm_days, tr("prevent.ics.due_alarm", platform=name, days=alarm_days)))
            cal.add_component(event)

    if include_follow_ups:
        for entry in case.contacts:
            if follow_up_state(entry, today) in ("today", "upcoming", "overdue") and entry.follow_up is not None:
                day = max(entry.follow_up, today)
                event = _all_day(
                    f"follow-up-{entry.id}",
                    day,
                    tr("prevent.ics.follow_up_summary", platform=entry.platform),
                    tr(
                        "prevent.ics.follow_up_description",
                        platform=entry.platform,
                        promised=" ".join(entry.i_promised.split()) or "—",
                    ),
                    stamp,
                )
                event.add_component(_alarm(1, tr("prevent.ics.follow_up_summary", platform=entry.platform)))
                cal.add_component(event)

    if include_reports:
        per_year = int(rule_value("free_reports_per_year", case.settings.rules))
        if per_year > 0:
            interval = max(1, 12 // min(per_year, 12))
            event = _all_day(
                "credit-report",
                today + dt.timedelta(days=7),
                tr("prevent.ics.report_summary"),
                tr("prevent.ics.report_description", count=per_year),
                stamp,
            )
            event.add("rrule", vRecur({"FREQ": "MONTHLY", "INTERVAL": interval}))
            cal.add_component(event)
    return cal.to_ical()
