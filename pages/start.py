"""Start: what the app does, the privacy promise, and opening / saving / clearing a case."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from overdue_core.case import DEMO_IDS, load_demo, new_case, parse_case
from ui import readonly
from ui.state import (
    browser_copy,
    ensure_app_entry,
    flash,
    get_case,
    is_read_only,
    keys,
    lang,
    open_case,
    rev,
    session_get,
    session_pop,
    session_set,
    tr,
    was_counselor,
)
from ui.widgets import case_download_button

ensure_app_entry()
KEEP_MODES = ["tab", "device", "off"]

_ = tr()


def _open_demo(demo_id: str) -> None:
    open_case(load_demo(demo_id))
    # Confirmed beside the button that was pressed, with the way on (not at the top of the page).
    session_set(keys.DEMO_OPENED, (demo_id, rev()))  # only while this very case is open


def _on_upload() -> None:
    """Runs before the page draws, so the sidebar and the page already show the new case."""
    upload = session_get(keys.CASE_UPLOAD)
    if upload is None:
        return
    loaded, problems = parse_case(upload.getvalue(), lang())
    if loaded is None:
        session_set(keys.UPLOAD_PROBLEMS, [str(p) for p in problems])
    else:
        session_pop(keys.UPLOAD_PROBLEMS)
        open_case(loaded)
        flash("success", _("start.upload_ok", debts=len(loaded.debts)))


def _clear() -> None:
    session_pop(keys.CONFIRM_CLEAR)
    open_case(None)
    flash("success", _("start.cleared"))


def _set(flag: str, value: bool) -> None:
    if value:
        session_set(flag, True)
    else:
        session_pop(flag)


def _on_keep_change() -> None:
    choice = session_get(keys.KEEP_MODE)
    if choice in KEEP_MODES:
        browser_copy.set_keep(choice)


def _forget() -> None:
    browser_copy.forget_on_device()
    flash("success", _("keep.forgotten"))


def keep_section() -> None:
    """What this browser keeps of the case, and the way to make it forget."""
    st.header(_("keep.heading"))
    if is_read_only() or was_counselor():
        st.caption(_("keep.counselor_note"))
        return
    st.caption(_("keep.explain"))
    session_set(keys.KEEP_MODE, browser_copy.keep())
    st.radio(
        _("keep.mode_label"),
        KEEP_MODES,
        format_func=lambda m: _(f"keep.mode.{m}"),
        key=keys.KEEP_MODE,
        on_change=_on_keep_change,
    )
    st.button(_("keep.forget_button"), icon=":material/phonelink_erase:", key="keep_forget", on_click=_forget)


st.title(_("start.title"))
st.markdown(_("start.intro"))
st.info(_("start.privacy"), icon=":material/lock:")

case = get_case()
if case is not None:
    st.header(_("start.current_heading"))
    st.write(_("start.current_summary", debts=len(case.debts), as_of=case.as_of.isoformat()))
    cols = st.columns(2)
    cols[0].page_link("pages/finances.py", label=_("nav.page.finances"), icon=":material/account_balance_wallet:")
    cols[1].page_link("pages/debts.py", label=_("nav.page.debts"), icon=":material/receipt_long:")

if is_read_only():
    # A counselor's tab: nothing here may replace or clear the shared case.
    readonly.notice()
    keep_section()
    case_download_button(_("start.download"), key="start_download")
    st.caption(_("app.not_advice"))
    st.stop()

st.header(_("start.demo_heading"))
st.caption(_("start.demo_hint"))
for demo_id in DEMO_IDS:
    with st.container(border=True):
        st.markdown(f"**{_(f'demo.{demo_id}.title')}**")
        st.write(_(f"demo.{demo_id}.story"))
        st.button(
            _("start.open_demo"),
            key=f"demo_{demo_id}",
            icon=":material/play_arrow:",
            on_click=_open_demo,
            args=(demo_id,),
        )
        if session_get(keys.DEMO_OPENED) == (demo_id, rev()) and case is not None:
            st.success(_("start.demo_loaded", title=_(f"demo.{demo_id}.title")), icon=":material/check_circle:")
            st.page_link("pages/overview.py", label=_("guided.next_overview"), icon=":material/arrow_forward:")

st.header(_("start.own_heading"))
st.write(_("start.own_hint"))
if st.button(_("start.own_button"), icon=":material/edit_note:", type="primary" if case is None else "secondary"):
    if case is not None and (case.debts or case.household.incomes):
        session_set(keys.CONFIRM_NEW, True)
    else:
        open_case(new_case(dt.date.today(), lang()))
        st.switch_page("pages/finances.py")
if session_get(keys.CONFIRM_NEW):
    st.warning(_("start.confirm_new"))
    c1, c2 = st.columns(2)
    if c1.button(_("start.confirm_yes_new"), key="confirm_new_yes"):
        session_pop(keys.CONFIRM_NEW)
        open_case(new_case(dt.date.today(), lang()))
        st.switch_page("pages/finances.py")
    c2.button(_("start.confirm_cancel"), key="confirm_new_no", on_click=_set, args=(keys.CONFIRM_NEW, False))

st.header(_("start.file_heading"))
st.write(_("start.file_hint"))
st.file_uploader(_("start.upload_label"), type=["json"], key=keys.CASE_UPLOAD, on_change=_on_upload)
if session_get(keys.UPLOAD_PROBLEMS):
    st.error(_("start.upload_bad"))
    for item in session_get(keys.UPLOAD_PROBLEMS):
        st.text(f"• {item}")
    st.caption(_("start.upload_kept") if get_case() is not None else _("start.upload_nothing"))

if case is not None:
    case_download_button(_("start.download"), key="start_download")
    st.caption(_("start.download_hint"))

    st.header(_("start.clear_heading"))
    st.button(
        _("start.clear_button"), icon=":material/delete:", key="clear", on_click=_set, args=(keys.CONFIRM_CLEAR, True)
    )
    if session_get(keys.CONFIRM_CLEAR):
        st.warning(_("start.confirm_clear"))
        c1, c2 = st.columns(2)
        c1.button(_("start.confirm_yes_clear"), key="confirm_clear_yes", type="primary", on_click=_clear)
        c2.button(_("start.confirm_cancel"), key="confirm_clear_no", on_click=_set, args=(keys.CONFIRM_CLEAR, False))

keep_section()
st.divider()
st.caption(_("app.not_advice"))
