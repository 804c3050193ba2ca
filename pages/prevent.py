"""Prevent a repeat: the checklist, calendar reminders, and following the plan month by month."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from overdue_core.case import debt_labels, fmt_money, problems_from_validation
from overdue_core.entry import exact
from overdue_core.measures.prevent import (
    DEFAULT_ALARM_DAYS,
    items_for,
    progress,
    record_month,
    reminders_ics,
    with_ticks,
)
from overdue_core.rules import rule_value
from ui.cached import follow_through_for, plan_for
from ui.frame import open_page
from ui.state import apply_update, flash, is_read_only, lang, rev, update_case
from ui.user_text import md_escape
from ui.widgets import Download, clearable, debt_link, download_button, money_field, row_cards, show_problems

case, _ = open_page("prevent.title", "prevent.intro")
today = dt.date.today()

# --- follow through: this month -------------------------------------------------------------
st.header(_("followthrough.heading"))
st.caption(_("followthrough.intro"))
if not case.debts:
    st.info(_("followthrough.no_plan"), icon=":material/info:")
else:
    follow = follow_through_for(case, max(today, case.as_of))  # cached per session, keyed by the case
    if len(follow.warn_first) == 1:
        row = follow.warn_first[0]
        if row.due_date is not None:
            st.warning(
                _("followthrough.warn_first", platform=md_escape(row.platform), date=row.due_date.isoformat()),
                icon=":material/phone_in_talk:",
            )
        else:
            st.warning(
                _("followthrough.warn_first_no_date", platform=md_escape(row.platform)), icon=":material/phone_in_talk:"
            )
    elif follow.warn_first:
        # One box for every platform to call first (three identical boxes read as one message repeated).
        named = [
            _(
                "format.aside",
                text=md_escape(row.platform),
                note=row.due_date.isoformat() if row.due_date else _("followthrough.no_due_day"),
            )
            for row in follow.warn_first
        ]
        st.warning(
            _("followthrough.warn_first_many", platforms=_("format.list_sep").join(named)),
            icon=":material/phone_in_talk:",
        )
    for row in follow.warn_first:
        st.page_link(
            "pages/communicate.py",
            label=_("followthrough.go_communicate", platform=md_escape(row.platform)),
            icon=":material/call:",
            query_params=debt_link(case, row.debt_id),
        )
    row_cards(
        [
            {
                _("field.platform"): row.platform,
                _("followthrough.status_col"): _(f"followthrough.status.{row.status}"),
                _("followthrough.planned_col"): fmt_money(row.planned),
                _("followthrough.paid_col"): fmt_money(row.paid),
                _("followthrough.due_col"): row.due_date.isoformat() if row.due_date else _("followthrough.no_due_day"),
            }
            for row in follow.debts
        ]
    )
    behind = follow.paid_short_earlier
    if behind > 0:
        st.info(_("followthrough.behind_replanned", amount=fmt_money(behind)), icon=":material/update:")
    elif follow.month > 1 and any(p for p in case.payments):
        st.success(_("followthrough.all_on_track"), icon=":material/check_circle:")

    month_label = follow.month_date.strftime("%Y-%m")
    with st.form(key=f"payments_form_{rev()}_{month_label}"):
        st.markdown(f"**{_('format.label_value', label=_('followthrough.month'), value=month_label)}**")
        cols = st.columns(2)
        amounts: dict[str, float | None] = {}
        labels: dict[str, str] = {}
        for i, row in enumerate(follow.debts):
            # Emptied, a field is empty (named when saving), not the figure it showed.
            labels[row.debt_id] = _("followthrough.paid_label", platform=md_escape(row.platform))
            amounts[row.debt_id] = clearable.number(
                cols[i % 2],
                labels[row.debt_id],
                float(row.paid),
                **money_field(100.0),
                key=f"paid_{row.debt_id}_{month_label}_{rev()}",
                disabled=is_read_only(),
            )
        save = st.form_submit_button(
            _("followthrough.save"), type="primary", icon=":material/save:", disabled=is_read_only()
        )
    empty = clearable.emptied({labels[k]: v for k, v in amounts.items()}) if save else []
    for line in empty:
        st.warning(line, icon=":material/edit_off:")
    if save and not empty:
        try:
            payments = record_month(case, follow.month_date, {k: exact(v) for k, v in amounts.items()})
        except ValidationError as exc:
            show_problems(problems_from_validation(exc, lang()))
        else:
            updated, error = apply_update(case, payments=payments)
            if error is not None:
                show_problems(problems_from_validation(error, lang()))
            else:
                update_case(updated)
                flash("success", _("followthrough.saved", month=month_label))
                st.rerun()

# --- the checklist ---------------------------------------------------------------------------
st.header(_("prevent.checklist_heading"))
done, total = progress(case)
st.progress(done / total if total else 0.0, text=_("prevent.progress", done=done, total=total))
ticks: dict[str, bool] = {}
for item in items_for(case):
    label = _(item.label_key, platform=md_escape(item.platform)) if item.platform else _(item.label_key)
    ticks[item.key] = st.checkbox(
        label,
        value=bool(case.checklist.get(item.key)),
        help=_(item.help_key),
        key=f"chk_{item.key}_{rev()}",
        disabled=is_read_only(),
    )
if any(bool(case.checklist.get(k)) != v for k, v in ticks.items()):
    update_case(with_ticks(case, ticks))
    st.rerun()
free_reports = int(rule_value("free_reports_per_year", case.settings.rules))
report_source = _("format.label_value", label=_("legal.source_label"), value=_("rule_source.free_reports_per_year"))
st.caption(f"{_('prevent.report_source', count=free_reports)} · {report_source}")

# --- reminders ---------------------------------------------------------------------------------
st.header(_("prevent.reminders_heading"))
st.caption(_("prevent.reminders_hint"))
alarm_days = st.slider(
    _("prevent.alarm_days"),
    min_value=0,
    max_value=10,
    value=DEFAULT_ALARM_DAYS,
    key="ics_alarm_days",
    disabled=is_read_only(),
)
c1, c2, c3 = st.columns(3)
include_due = c1.checkbox(_("prevent.include_due"), value=True, key="ics_due", disabled=is_read_only())
include_follow = c2.checkbox(_("prevent.include_follow_ups"), value=True, key="ics_follow", disabled=is_read_only())
include_reports = c3.checkbox(_("prevent.include_reports"), value=True, key="ics_reports", disabled=is_read_only())
missing = [name for d_id, name in debt_labels(case.debts).items() if not case.debt(d_id).due_day]
if missing:
    st.caption(_("prevent.no_due_days", platforms=_("format.list_sep").join(md_escape(m) for m in missing)))
plan = plan_for(case)  # read while the page runs: the download builds the file later, off this thread
download_button(
    Download(
        _("prevent.ics_download"),
        # Built when clicked, not on every rerun.
        lambda current=lang(): reminders_ics(
            case,
            current,
            alarm_days=alarm_days,
            today=max(today, case.as_of),
            include_due=include_due,
            include_follow_ups=include_follow,
            include_reports=include_reports,
            plan=plan,
        ),
        "reminders.ics",
        "text/calendar",
        "ics_download",
        ":material/event:",
        primary=True,
    )
)
st.caption(_("app.not_advice"))
