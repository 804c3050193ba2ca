"""Start: what the app does, the privacy promise, and opening / saving / clearing a case."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from overdue_core.case import DEMO_IDS, load_demo, new_case, parse_case
from ui import readonly
from ui.state import browser_copy, ensure_app_entry, flash, get_case, is_read_only, lang, open_case, rev, tr, was_counselor
from ui.widgets import case_download_button

ensure_app_entry()
KEEP_MODES = ["tab", "device", "off"]

_ = tr()


DEMO_OPENED = "_demo_opened"


def _open_demo(demo_id: str) -> None:
    open_case(load_demo(demo_id))
    # Confirmed beside the button that was pressed, with the way on (not at the top of the page).
    st.session_state[DEMO_OPENED] = (demo_id, rev())  # only while this very case is open


def _on_upload() -> None:
    """Runs before the page draws, so the sidebar and the page already show the new case."""
    upload = st.session_state.get("case_upload")
    if upload is None:
        return
    loaded, problems = parse_case(upload.getvalue(), lang())
    if loaded is None:
        st.session_state["_upload_problems"] = [str(p) for p in problems]
    else:
        st.session_state.pop("_upload_problems", None)
        open_case(loaded)
        flash("success", _("start.upload_ok", debts=len(loaded.debts)))


def _clear() -> None:
    st.session_state.pop("confirm_clear", None)
    open_case(None)
    flash("success", _("start.cleared"))


def _set(flag: str, value: bool) -> None:
    if value:
        st.session_state[flag] = True
    else:
        st.session_state.pop(flag, None)


def _on_keep_change() -> None:
    choice = st.session_state.get("keep_mode")
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
    st.session_state["keep_mode"] = browser_copy.keep()
    st.radio(_("keep.mode_label"), KEEP_MODES, format_func=lambda m: _(f"keep.mode.{m}"), key="keep_mode", on_change=_on_keep_change)
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
        st.button(_("start.open_demo"), key=f"demo_{demo_id}", icon=":material/play_arrow:", on_click=_open_demo, args=(demo_id,))
        if st.session_state.get(DEMO_OPENED) == (demo_id, rev()) and case is not None:
            st.success(_("start.demo_loaded", title=_(f"demo.{demo_id}.title")), icon=":material/check_circle:")
            st.page_link("pages/overview.py", label=_("guided.next_overview"), icon=":material/arrow_forward:")

st.header(_("start.own_heading"))
st.write(_("start.own_hint"))
if st.button(_("start.own_button"), icon=":material/edit_note:", type="primary" if case is None else "secondary"):
    if case is not None and (case.debts or case.household.incomes):
        st.session_state["confirm_new"] = True
    else:
        open_case(new_case(dt.date.today(), lang()))
        st.switch_page("pages/finances.py")
if st.session_state.get("confirm_new"):
    st.warning(_("start.confirm_new"))
    c1, c2 = st.columns(2)
    if c1.button(_("start.confirm_yes_new"), key="confirm_new_yes"):
        st.session_state.pop("confirm_new", None)
        open_case(new_case(dt.date.today(), lang()))
        st.switch_page("pages/finances.py")
    c2.button(_("start.confirm_cancel"), key="confirm_new_no", on_click=_set, args=("confirm_new", False))

st.header(_("start.file_heading"))
st.write(_("start.file_hint"))
st.file_uploader(_("start.upload_label"), type=["json"], key="case_upload", on_change=_on_upload)
if st.session_state.get("_upload_problems"):
    st.error(_("start.upload_bad"))
    for item in st.session_state["_upload_problems"]:
        st.text(f"• {item}")
    st.caption(_("start.upload_kept") if get_case() is not None else _("start.upload_nothing"))

if case is not None:
    case_download_button(_("start.download"), key="start_download")
    st.caption(_("start.download_hint"))

    st.header(_("start.clear_heading"))
    st.button(_("start.clear_button"), icon=":material/delete:", key="clear", on_click=_set, args=("confirm_clear", True))
    if st.session_state.get("confirm_clear"):
        st.warning(_("start.confirm_clear"))
        c1, c2 = st.columns(2)
        c1.button(_("start.confirm_yes_clear"), key="confirm_clear_yes", type="primary", on_click=_clear)
        c2.button(_("start.confirm_cancel"), key="confirm_clear_no", on_click=_set, args=("confirm_clear", False))

keep_section()
st.divider()
st.caption(_("app.not_advice"))
