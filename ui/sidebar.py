"""The sidebar every page shares: language switch, the case at a glance, the not-advice note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from overdue_core.case import fmt_money
from overdue_core.i18n import LANGS

from .downloads import case_download_button
from .state import get_case, lang, set_lang, tr


def _on_lang_change() -> None:
    choice = st.session_state.get("lang_choice")
    if choice:
        set_lang(choice)


def _glance(case) -> None:
    """The case at a glance (text only: it may be drawn twice in a run, see :func:`refresh`)."""
    _ = tr()
    if case is None:
        st.caption(_("app.no_case"))
        return
    st.markdown(f"**{_('app.current_case')}**")
    if case.title:
        st.text(case.title)
    st.caption(
        _(
            "app.case_glance",
            debts=len(case.debts),
            owed=fmt_money(case.total_owed),
            overdue=fmt_money(case.total_overdue),
            as_of=case.as_of.isoformat(),
        )
    )


def draw() -> tuple[Any, Any]:
    """Draw the sidebar; returns the glance's slot and the case drawn in it (for :func:`refresh`)."""
    _ = tr()
    with st.sidebar:
        st.session_state["lang_choice"] = lang()
        st.segmented_control(
            _("app.language"),
            options=list(LANGS),
            format_func=lambda code: _(f"enum.lang.{code}"),
            key="lang_choice",
            on_change=_on_lang_change,
            required=True,
        )
        case = get_case()
        slot = st.empty()
        with slot.container():
            _glance(case)
        # The file is built at click time from the latest case, so one button is enough.
        case_download_button(_("app.download_case"), key="sidebar_download")
        st.divider()
        st.caption(_("app.not_advice"))
        st.caption(_("app.privacy_short"))
    return slot, case


def refresh(drawn: tuple[Any, Any]) -> None:
    """After the page: if it changed the case (an edited table), the glance shows the change now."""
    slot, case = drawn
    current = get_case()
    if current is not case:
        with slot.container():
            _glance(current)
