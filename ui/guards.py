"""What a page shows when there is no case yet: a friendly way to start, never an error."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from overdue_core.case import Case, new_case

from ui.state import get_case, lang, open_case, tr


def require_case() -> Case:
    """The current case, or a guide to start one (and stop drawing the page)."""
    case = get_case()
    if case is not None:
        return case
    _ = tr()
    st.info(_("guard.no_case"), icon=":material/info:")
    c1, c2 = st.columns(2)
    c1.page_link("pages/start.py", label=_("guard.try_demo"), icon=":material/play_arrow:")
    if c2.button(_("guard.start_own"), icon=":material/edit_note:", key="guard_new_case"):
        open_case(new_case(dt.date.today(), lang()))
        st.rerun()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; keeps type checkers honest
