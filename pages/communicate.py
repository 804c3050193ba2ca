"""Communicate: prepare the call (by cause), log every contact, and keep promises on time."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from overdue_core.case import ContactChannel, OverdueCause, debt_labels, debt_numbers, mask_identifier
from overdue_core.measures.communicate import (
    add_contact,
    contacts_csv,
    follow_up_state,
    overdue_follow_ups,
    preparation_sheet,
    remove_contact,
    set_follow_up_done,
    timeline,
)
from ui import readonly
from ui.frame import open_page
from ui.state import (
    clear_drafts,
    draft_widget,
    flash,
    is_read_only,
    keys,
    lang,
    rev,
    session_set,
    session_setdefault,
    update_case,
)
from ui.user_text import md_escape
from ui.widgets import (
    Download,
    debt_from_link,
    debt_index,
    debt_link,
    download_button,
    pick_debt,
    show_problems,
    text_download,
)

case, _ = open_page("communicate.title", "communicate.intro")
today = dt.date.today()
linked = debt_from_link(case)
labels = debt_labels(case.debts)  # what a person reads for each debt (never its id)

# --- promises whose date has passed -------------------------------------------------------
late = overdue_follow_ups(case, today)
if late:
    with st.container(border=True):
        st.warning(_("communicate.follow_ups_overdue", count=len(late)), icon=":material/event_busy:")
        for entry in late:
            st.text(
                _(
                    "communicate.follow_up_line",
                    date=entry.follow_up.isoformat(),
                    platform=entry.platform,
                    promised=entry.i_promised or _("communicate.nothing_promised"),
                )
            )

# --- prepare the call ---------------------------------------------------------------------
st.header(_("communicate.prep.heading"))
if not case.debts:
    st.info(_("communicate.no_debts"), icon=":material/info:")
else:
    st.caption(_("communicate.prep.hint"))
    c1, c2 = st.columns(2)
    debt_id = pick_debt(c1, _("communicate.prep.pick_debt"), case, linked, key=f"comm_debt_{rev()}")
    cause = c2.selectbox(
        _("communicate.prep.pick_cause"),
        [c.value for c in OverdueCause],
        format_func=lambda v: _(f"enum.cause.{v}"),
        key=f"comm_cause_{rev()}",
        index=None,
        placeholder=_("communicate.prep.pick_cause_placeholder"),
    )
    name = draft_widget(
        st.text_input, _("communicate.prep.name_label"), "call.name", "", max_chars=80, disabled=is_read_only()
    )
# No reason is assumed: the script a person reads out says only what they chose.
if case.debts and cause is None:
    st.info(_("communicate.prep.pick_cause_first"), icon=":material/help:")
if case.debts and cause is not None:
    sheet = preparation_sheet(case, debt_id, cause, lang(), name=name)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{_('communicate.prep.facts_heading')}**")
        # st.table renders markdown in its cells, and the facts hold the platform and the name.
        facts = [(md_escape(item), md_escape(value)) for item, value in sheet.facts]
        st.table(
            pd.DataFrame(facts, columns=[_("legal.pack.item"), _("legal.pack.value")]).set_index(_("legal.pack.item"))
        )
    with right:
        st.markdown(f"**{_('communicate.prep.asks_heading')}**")
        st.markdown("\n".join(f"- {ask}" for ask in sheet.asks))
        if sheet.to_negotiation:
            st.page_link(
                "pages/negotiate.py",
                label=_("communicate.prep.to_negotiate"),
                icon=":material/handshake:",
                query_params=debt_link(case, debt_id),
            )
    st.markdown(f"**{_('communicate.prep.script_heading')}**")
    st.code(sheet.script, language=None, wrap_lines=True)
    download_button(
        text_download(
            _("communicate.prep.script_download"),
            sheet.script,
            f"script-{debt_numbers(case.debts)[debt_id]}.txt",
            "comm_script_dl",
        )
    )

# --- log a contact ------------------------------------------------------------------------
st.header(_("communicate.log.heading"))
st.caption(_("communicate.log.hint"))
OTHER = "__other__"
CONTACT_DRAFTS = (
    "contact.platform",
    "contact.agent",
    "contact.said",
    "contact.i_promised",
    "contact.they_conceded",
    "contact.account_ref",
)
form_n = session_setdefault(keys.CONTACT_FORM_N, 0)
submitted = False
if is_read_only():
    readonly.notice()  # a counselor reads the log below; only the owner adds to it
else:
    # Plain widgets, not a form: what is typed reaches the server at once and is kept as a
    # draft across page and language switches until it is saved (ui.state.drafts).
    with st.container(border=True):
        a, b = st.columns(2)
        f_date = a.date_input(
            _("communicate.log.date"), value=today, max_value=today + dt.timedelta(days=1), key=f"contact_date_{form_n}"
        )
        f_time = b.time_input(
            _("communicate.log.time"),
            value=dt.time(dt.datetime.now().hour, 0),
            step=dt.timedelta(minutes=5),
            key=f"contact_time_{form_n}",
        )
        debt_options = [d.id for d in case.debts] + [OTHER]
        f_debt = a.selectbox(
            _("communicate.log.debt"),
            debt_options,
            index=debt_index(case, linked) if case.debts else 0,
            format_func=lambda v: _("communicate.log.debt_other") if v == OTHER else labels[v],
        )
        f_platform = draft_widget(
            b.text_input,
            _("communicate.log.platform"),
            "contact.platform",
            "",
            max_chars=80,
            help=_("communicate.log.platform_help"),
        )
        f_channel = a.selectbox(
            _("communicate.log.channel"),
            [c.value for c in ContactChannel],
            format_func=lambda v: _(f"enum.channel.{v}"),
        )
        f_agent = draft_widget(b.text_input, _("communicate.log.agent"), "contact.agent", "", max_chars=80)
        f_cause = a.selectbox(
            _("communicate.log.cause"),
            [""] + [c.value for c in OverdueCause],
            format_func=lambda v: _(f"enum.cause.{v}") if v else _("communicate.log.cause_none"),
        )
        f_follow = b.date_input(
            _("communicate.log.follow_up"), value=None, min_value=f_date if isinstance(f_date, dt.date) else today
        )
        f_said = draft_widget(st.text_area, _("communicate.log.said"), "contact.said", "", max_chars=4000, height=90)
        f_promised = draft_widget(
            st.text_area, _("communicate.log.i_promised"), "contact.i_promised", "", max_chars=4000, height=68
        )
        f_conceded = draft_widget(
            st.text_area, _("communicate.log.they_conceded"), "contact.they_conceded", "", max_chars=4000, height=68
        )
        f_ref = draft_widget(
            st.text_input,
            _("communicate.log.account_ref"),
            "contact.account_ref",
            "",
            max_chars=80,
            help=_("communicate.log.account_ref_help"),
        )
        submitted = st.button(
            _("communicate.log.save"), type="primary", icon=":material/save:", key=f"contact_save_{form_n}"
        )
if submitted:
    debt = case.debt(f_debt) if f_debt != OTHER else None
    platform = f_platform.strip() or (debt.platform if debt else "")
    data = {
        "when": dt.datetime.combine(f_date or today, f_time or dt.time(0, 0)),
        "debt_id": debt.id if debt else None,
        "platform": platform,
        "channel": f_channel,
        "agent": f_agent,
        "cause": f_cause or None,
        "said": f_said,
        "i_promised": f_promised,
        "they_conceded": f_conceded,
        "follow_up": f_follow,
        "account_ref": f_ref,
    }
    updated, problems = add_contact(case, data, lang())
    if problems:
        show_problems(problems)
    else:
        update_case(updated)
        clear_drafts(*CONTACT_DRAFTS)
        session_set(keys.CONTACT_FORM_N, form_n + 1)  # a fresh, empty form
        flash("success", _("communicate.log.saved", platform=md_escape(platform)))
        st.rerun()

# --- the timeline ---------------------------------------------------------------------------
st.header(_("communicate.timeline.heading"))
entries = timeline(case)
if not entries:
    st.caption(_("communicate.timeline.empty"))
STATE_BADGE = {
    "overdue": ("red", ":material/event_busy:"),
    "today": ("orange", ":material/today:"),
    "upcoming": ("blue", ":material/event:"),
    "done": ("green", ":material/check:"),
}
for entry in entries:
    with st.container(border=True):
        when = entry.when.strftime("%Y-%m-%d %H:%M")
        channel = _(f"enum.channel.{entry.channel.value}")
        st.markdown(f"**{when}** · {md_escape(entry.platform)} · {channel}")
        state = follow_up_state(entry, today)
        if state in STATE_BADGE:
            colour, icon = STATE_BADGE[state]
            st.badge(
                f"{_(f'communicate.timeline.state.{state}')} · {entry.follow_up.isoformat()}", color=colour, icon=icon
            )
        lines = []
        if entry.agent:
            lines.append(_("format.label_value", label=_("field.agent"), value=entry.agent))
        if entry.cause:
            lines.append(_("format.label_value", label=_("field.cause"), value=_(f"enum.cause.{entry.cause.value}")))
        for field_name in ("said", "i_promised", "they_conceded"):
            value = getattr(entry, field_name)
            if value:
                lines.append(_("format.label_value", label=_(f"field.{field_name}"), value=value))
        if entry.account_ref:
            lines.append(_("communicate.timeline.ref", ref=mask_identifier(entry.account_ref)))
        if lines:
            st.text("\n".join(lines))
        b1, b2 = st.columns(2)
        if is_read_only():
            continue  # a counselor cannot change the log
        if state in ("overdue", "today", "upcoming") and b1.button(
            _("communicate.log.mark_done"), key=f"done_{entry.id}_{rev()}", icon=":material/task_alt:"
        ):
            update_case(set_follow_up_done(case, entry.id))
            flash("success", _("communicate.log.done_ok"))
            st.rerun()
        if b2.button(
            _("communicate.log.remove"), key=f"rm_{entry.id}_{rev()}", icon=":material/delete:", type="tertiary"
        ):
            update_case(remove_contact(case, entry.id))
            flash("success", _("communicate.log.removed"))
            st.rerun()
if entries:
    csv_file = f"contacts-{today.isoformat()}.csv"
    download_button(
        Download(
            _("communicate.timeline.csv"), contacts_csv(case, lang()), csv_file, "text/csv; charset=utf-8", "comm_csv"
        )
    )
st.caption(_("app.not_advice"))
