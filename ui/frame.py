"""The opening every case page shares: through ``app.py``, a title, a line on what the page is for, the case.

Why one function: ten pages opened the same way, each with its own copy of the entry guard, the
title, the caption and the "no case yet" guide; a page that forgot one of them ran outside
``app.py`` or broke on an empty session. Without a case, a page shows a friendly way to start,
never an error.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from overdue_core.case import Case, new_case
from overdue_core.i18n import Translator
from ui.state import ensure_app_entry, get_case, lang, open_case, tr


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


def open_page(title: str, intro: str | None = None, *, not_advice: bool = False) -> tuple[Case, Translator]:
    """Open a case page: entry through ``app.py``, title and intro (catalog keys), then the case.

    ``not_advice`` adds the "not legal advice" note above everything the page says. Returns the
    case and the translator the page draws with; without a case the page stops at the guide.
    """
    ensure_app_entry()
    _ = tr()
    st.title(_(title))
    if intro is not None:
        st.caption(_(intro))
    if not_advice:
        st.warning(_("app.not_advice"), icon=":material/info:")
    return require_case(), _
